// SPDX-License-Identifier: GPL-2.0
/*
 * HVC and SMC from the guest (SMC Calling Convention).
 *
 * PSCI 1.1 is the kernel's: VERSION, FEATURES, CPU_ON (the target starts,
 * and the VMM sees AXVCPU_EXIT_CPU_UP), CPU_OFF, CPU_SUSPEND (as standby),
 * AFFINITY_INFO, MIGRATE_INFO_TYPE, SYSTEM_OFF, SYSTEM_RESET and
 * SYSTEM_RESET2.  Every other call goes to userspace as AXVCPU_EXIT_HYPERCALL
 * with x0 preset to SMCCC NOT_SUPPORTED.
 *
 * The pc: HVC is taken with ELR_EL2 past the instruction, a trapped SMC
 * with ELR_EL2 on it, so only SMC is stepped over (and only HVC is stepped
 * back for a call that does not return).
 */
#include <linux/arm-smccc.h>
#include <uapi/linux/psci.h>
#include <asm/cputype.h>

#include "arm64.h"

#define AXV_PSCI_VERSION	PSCI_VERSION(1, 1)

/* PSCI owns function numbers 0x00-0x1f of the standard service calls. */
static bool axv_is_psci(u32 fn)
{
	return (fn & ~(PSCI_0_2_64BIT | 0x1fU)) == PSCI_0_2_FN_BASE;
}

static int axv_smccc_forward(struct axvcpu_vcpu *vcpu, bool smc)
{
	u64 *x = vcpu->arch.ctx.x;
	struct axvcpu_run *run = vcpu->run;

	run->exit_reason = AXVCPU_EXIT_HYPERCALL;
	/*
	 * Every field is written, none twice: this is the exit a VMM's own
	 * hypercalls take, and a memset() of the union first cost about 40
	 * instructions of a round trip.
	 */
	run->hypercall.nr = x[0];
	run->hypercall.function = 0;
	run->hypercall.args[0] = x[1];
	run->hypercall.args[1] = x[2];
	run->hypercall.args[2] = x[3];
	run->hypercall.args[3] = x[4];
	run->hypercall.args[4] = x[5];
	run->hypercall.args[5] = x[6];
	run->hypercall.ret[0] = (u64)SMCCC_RET_NOT_SUPPORTED;
	run->hypercall.ret[1] = 0;
	run->hypercall.ret[2] = 0;
	run->hypercall.ret[3] = 0;
	run->hypercall.flags = smc ? AXVCPU_HYPERCALL_SMC : 0;
	run->hypercall.pad = 0;
	vcpu->completion = AXVCPU_COMPLETE_HYPERCALL;
	vcpu->insn_len = smc ? AXV_INSN_LEN : 0;
	return AXVCPU_RUN_EXIT;
}

/* The vCPUs whose MPIDR affinity matches @target above @level. */
static u64 axv_affinity_mask(unsigned int level)
{
	return MPIDR_HWID_BITMASK & ~(BIT_ULL(MPIDR_LEVEL_SHIFT(level)) - 1);
}

static struct axvcpu_vcpu *axv_vcpu_by_mpidr(struct axvcpu_vm *vm, u64 target)
{
	struct axvcpu_vcpu *t;
	unsigned int id;

	for (id = 0; id < AXVCPU_MAX_VCPUS; id++) {
		t = axvcpu_get_vcpu(vm, id);
		if (t && !((READ_ONCE(t->arch.sys.mpidr) ^ target) &
			   MPIDR_HWID_BITMASK))
			return t;
	}
	return NULL;
}

static bool axv_start_pending(struct axvcpu_vcpu *t)
{
	return test_bit(AXVCPU_REQ_START, &t->requests);
}

static long axv_affinity_info(struct axvcpu_vcpu *vcpu, u64 target,
			      u64 level)
{
	long ret = PSCI_RET_INVALID_PARAMS;
	struct axvcpu_vcpu *t;
	unsigned int id;
	u64 mask;

	if (level > 3 || (target & ~MPIDR_HWID_BITMASK))
		return PSCI_RET_INVALID_PARAMS;
	mask = axv_affinity_mask(level);
	for (id = 0; id < AXVCPU_MAX_VCPUS; id++) {
		t = axvcpu_get_vcpu(vcpu->vm, id);
		if (!t || ((READ_ONCE(t->arch.sys.mpidr) ^ target) & mask))
			continue;
		if (READ_ONCE(t->mp_state) == AXVCPU_MP_STATE_STOPPED) {
			if (ret == PSCI_RET_INVALID_PARAMS)
				ret = PSCI_0_2_AFFINITY_LEVEL_OFF;
		} else if (axv_start_pending(t)) {
			ret = PSCI_0_2_AFFINITY_LEVEL_ON_PENDING;
		} else {
			return PSCI_0_2_AFFINITY_LEVEL_ON;
		}
	}
	return ret;
}

static long axv_psci_features(u32 fn)
{
	switch (fn) {
	case PSCI_0_2_FN_PSCI_VERSION:
	case PSCI_0_2_FN_CPU_SUSPEND:
	case PSCI_0_2_FN64_CPU_SUSPEND:
	case PSCI_0_2_FN_CPU_OFF:
	case PSCI_0_2_FN_CPU_ON:
	case PSCI_0_2_FN64_CPU_ON:
	case PSCI_0_2_FN_AFFINITY_INFO:
	case PSCI_0_2_FN64_AFFINITY_INFO:
	case PSCI_0_2_FN_MIGRATE_INFO_TYPE:
	case PSCI_0_2_FN_SYSTEM_OFF:
	case PSCI_0_2_FN_SYSTEM_RESET:
	case PSCI_1_0_FN_PSCI_FEATURES:
	case PSCI_1_1_FN_SYSTEM_RESET2:
	case PSCI_1_1_FN64_SYSTEM_RESET2:
		/* For CPU_SUSPEND: original power_state format, no OSI mode. */
		return PSCI_RET_SUCCESS;
	default:
		return PSCI_RET_NOT_SUPPORTED;
	}
}

/* CPU_ON: start the target, then tell the VMM with AXVCPU_EXIT_CPU_UP. */
static int axv_psci_cpu_on(struct axvcpu_vcpu *vcpu, u64 target, u64 entry,
			   u64 arg, unsigned int insn_len)
{
	struct axvcpu_run *run = vcpu->run;
	u64 *x = vcpu->arch.ctx.x;
	struct axvcpu_vcpu *t;
	long err;

	t = (target & ~MPIDR_HWID_BITMASK) ? NULL :
	    axv_vcpu_by_mpidr(vcpu->vm, target);
	if (!t) {
		err = PSCI_RET_INVALID_PARAMS;
		goto fail;
	}
	spin_lock(&t->arch.start_lock);
	if (READ_ONCE(t->mp_state) != AXVCPU_MP_STATE_STOPPED) {
		spin_unlock(&t->arch.start_lock);
		err = axv_start_pending(t) ? PSCI_RET_ON_PENDING :
					     PSCI_RET_ALREADY_ON;
		goto fail;
	}
	t->arch.start_pc = entry;
	t->arch.start_arg = arg;
	axvcpu_vcpu_start(t);
	spin_unlock(&t->arch.start_lock);

	/* Started; tell the VMM, which may want a thread for it. */
	run->exit_reason = AXVCPU_EXIT_CPU_UP;
	memset(&run->cpu_up, 0, sizeof(run->cpu_up));
	run->cpu_up.target = target;
	run->cpu_up.entry = entry;
	run->cpu_up.arg = arg;
	x[0] = PSCI_RET_SUCCESS;
	vcpu->completion = AXVCPU_COMPLETE_SKIP;
	vcpu->insn_len = insn_len;
	return AXVCPU_RUN_EXIT;

fail:
	x[0] = (u64)err;
	vcpu->arch.ctx.pc += insn_len;
	return 0;
}

static int axv_system_down(struct axvcpu_vcpu *vcpu, u32 type, bool smc)
{
	struct axvcpu_run *run = vcpu->run;

	/* The pc goes back on the call, which does not return. */
	if (!smc)
		vcpu->arch.ctx.pc -= AXV_INSN_LEN;
	run->exit_reason = AXVCPU_EXIT_SYSTEM_DOWN;
	memset(&run->system_down, 0, sizeof(run->system_down));
	run->system_down.type = type;
	return AXVCPU_RUN_EXIT;
}

/* Out of line: the forwarded calls need none of the frame it needs. */
static noinline int axv_psci_call(struct axvcpu_vcpu *vcpu, u32 fn, bool smc)
{
	unsigned int insn_len = smc ? AXV_INSN_LEN : 0;
	u64 *x = vcpu->arch.ctx.x;
	u64 a1 = x[1], a2 = x[2], a3 = x[3];
	struct axvcpu_run *run = vcpu->run;
	long ret;

	/* SMC32/HVC32 calls take their arguments in W registers. */
	if (!(fn & PSCI_0_2_64BIT)) {
		a1 = (u32)a1;
		a2 = (u32)a2;
		a3 = (u32)a3;
	}

	switch (fn) {
	case PSCI_0_2_FN_PSCI_VERSION:
		ret = AXV_PSCI_VERSION;
		break;
	case PSCI_1_0_FN_PSCI_FEATURES:
		ret = axv_psci_features(a1);
		break;
	case PSCI_0_2_FN_CPU_ON:
	case PSCI_0_2_FN64_CPU_ON:
		return axv_psci_cpu_on(vcpu, a1, a2, a3, insn_len);
	case PSCI_0_2_FN_CPU_OFF:
		axvcpu_vcpu_stop(vcpu);
		/* Never returns to the guest: a later CPU_ON resets the CPU. */
		run->exit_reason = AXVCPU_EXIT_CPU_DOWN;
		memset(&run->cpu_down, 0, sizeof(run->cpu_down));
		return AXVCPU_RUN_EXIT;
	case PSCI_0_2_FN_CPU_SUSPEND:
	case PSCI_0_2_FN64_CPU_SUSPEND:
		/*
		 * Every power state is entered as standby, as PSCI allows:
		 * a WFI, then success in x0.
		 */
		x[0] = PSCI_RET_SUCCESS;
		vcpu->arch.ctx.pc += insn_len;
		return axvcpu_arm64_wfi(vcpu);
	case PSCI_0_2_FN_AFFINITY_INFO:
	case PSCI_0_2_FN64_AFFINITY_INFO:
		ret = axv_affinity_info(vcpu, a1, a2);
		break;
	case PSCI_0_2_FN_MIGRATE_INFO_TYPE:
		ret = PSCI_0_2_TOS_MP;	/* no Trusted OS to migrate */
		break;
	case PSCI_0_2_FN_SYSTEM_OFF:
		return axv_system_down(vcpu, AXVCPU_SYSTEM_SHUTDOWN, smc);
	case PSCI_0_2_FN_SYSTEM_RESET:
		return axv_system_down(vcpu, AXVCPU_SYSTEM_RESET_COLD, smc);
	case PSCI_1_1_FN_SYSTEM_RESET2:
	case PSCI_1_1_FN64_SYSTEM_RESET2:
		if ((u32)a1 == PSCI_1_1_RESET_TYPE_SYSTEM_WARM_RESET)
			return axv_system_down(vcpu, AXVCPU_SYSTEM_RESET_WARM,
					       smc);
		ret = PSCI_RET_INVALID_PARAMS;	/* no vendor reset types */
		break;
	default:
		ret = PSCI_RET_NOT_SUPPORTED;
		break;
	}
	x[0] = (u64)ret;
	vcpu->arch.ctx.pc += insn_len;
	return 0;
}

int axvcpu_arm64_smccc_call(struct axvcpu_vcpu *vcpu, bool smc)
{
	/* The function identifier is W0. */
	u32 fn = vcpu->arch.ctx.x[0];

	if (axv_is_psci(fn))
		return axv_psci_call(vcpu, fn, smc);
	return axv_smccc_forward(vcpu, smc);
}
