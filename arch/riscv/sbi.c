// SPDX-License-Identifier: GPL-2.0
/*
 * SBI calls from the guest (ecall from VS mode).
 *
 * BASE, TIME, IPI, RFENCE, HSM and SRST are the kernel's; every other call
 * is forwarded to userspace as AXVCPU_EXIT_HYPERCALL with its result preset
 * to SBI_ERR_NOT_SUPPORTED, and a BASE probe of an extension the kernel does
 * not know is forwarded too (preset: not available), so that a VMM can
 * offer extensions of its own (a console, say) that guests discover.
 */
#include <asm/csr.h>
#include <asm/sbi.h>

#include "riscv.h"

#define AXV_SBI_SPEC_VERSION	0x01000000UL	/* v1.0: major << 24 | minor */
/* Not a registered SBI implementation ID: the ASCII of "AXV". */
#define AXV_SBI_IMPL_ID		0x415856UL
#define AXV_SBI_IMPL_VERSION	1UL

/* Legacy (v0.1) extensions the kernel handles. */
#define AXV_SBI_LEGACY_SET_TIMER	0x00
#define AXV_SBI_LEGACY_CLEAR_IPI	0x03
#define AXV_SBI_LEGACY_SHUTDOWN		0x08

struct axv_sbiret {
	long error;
	unsigned long value;
};

static bool axv_sbi_kernel_ext(unsigned long eid)
{
	switch (eid) {
	case AXV_SBI_LEGACY_SET_TIMER:
	case AXV_SBI_LEGACY_CLEAR_IPI:
	case AXV_SBI_LEGACY_SHUTDOWN:
	case SBI_EXT_BASE:
	case SBI_EXT_TIME:
	case SBI_EXT_IPI:
	case SBI_EXT_RFENCE:
	case SBI_EXT_HSM:
	case SBI_EXT_SRST:
		return true;
	default:
		return false;
	}
}

static int axv_sbi_forward(struct axvcpu_vcpu *vcpu, long ret0)
{
	unsigned long *gpr = vcpu->arch.ctx.gpr;
	struct axvcpu_run *run = vcpu->run;

	run->exit_reason = AXVCPU_EXIT_HYPERCALL;
	/*
	 * Every field is written, none twice: this is the exit a VMM's own
	 * SBI extensions take, and a memset() of the union first cost about
	 * 50 instructions of a round trip.
	 */
	run->hypercall.nr = gpr[17];
	run->hypercall.function = gpr[16];
	run->hypercall.args[0] = gpr[10];
	run->hypercall.args[1] = gpr[11];
	run->hypercall.args[2] = gpr[12];
	run->hypercall.args[3] = gpr[13];
	run->hypercall.args[4] = gpr[14];
	run->hypercall.args[5] = gpr[15];
	run->hypercall.ret[0] = ret0;
	run->hypercall.ret[1] = 0;
	run->hypercall.ret[2] = 0;
	run->hypercall.ret[3] = 0;
	run->hypercall.flags = 0;
	run->hypercall.pad = 0;
	vcpu->completion = AXVCPU_COMPLETE_HYPERCALL;
	vcpu->insn_len = 4;
	return AXVCPU_RUN_EXIT;
}

/* What axv_harts_apply() does to each target. */
#define AXV_HART_IPI	(-1)	/* else an AXVCPU_REQ_* request */

static void axv_hart_action(struct axvcpu_vcpu *t, int action)
{
	if (action == AXV_HART_IPI)
		axvcpu_riscv_set_irq(t, AXV_VSSIP, true);
	else
		axvcpu_make_request(t, action);
}

/*
 * Apply @action to each hart in (@mask, @base), as SBI encodes sets of
 * harts; base -1 means every hart.  Returns SBI_ERR_INVALID_PARAM if a hart
 * does not exist, before acting on any.
 */
static long axv_harts_apply(struct axvcpu_vcpu *vcpu, unsigned long mask,
			    unsigned long base, int action)
{
	struct axvcpu_vm *vm = vcpu->vm;
	unsigned long id, bit;
	struct axvcpu_vcpu *t;

	if (base == -1UL) {
		for (id = 0; id < AXVCPU_MAX_VCPUS; id++) {
			t = axvcpu_get_vcpu(vm, id);
			if (t)
				axv_hart_action(t, action);
		}
		return SBI_SUCCESS;
	}
	for_each_set_bit(bit, &mask, BITS_PER_LONG)
		if (base + bit < base || !axvcpu_get_vcpu(vm, base + bit))
			return SBI_ERR_INVALID_PARAM;
	for_each_set_bit(bit, &mask, BITS_PER_LONG)
		axv_hart_action(axvcpu_get_vcpu(vm, base + bit), action);
	return SBI_SUCCESS;
}

static bool axv_sbi_base(struct axvcpu_vcpu *vcpu, unsigned long fid,
			 struct axv_sbiret *ret)
{
	unsigned long *gpr = vcpu->arch.ctx.gpr;

	switch (fid) {
	case SBI_EXT_BASE_GET_SPEC_VERSION:
		ret->value = AXV_SBI_SPEC_VERSION;
		break;
	case SBI_EXT_BASE_GET_IMP_ID:
		ret->value = AXV_SBI_IMPL_ID;
		break;
	case SBI_EXT_BASE_GET_IMP_VERSION:
		ret->value = AXV_SBI_IMPL_VERSION;
		break;
	case SBI_EXT_BASE_PROBE_EXT:
		if (!axv_sbi_kernel_ext(gpr[10]))
			return false;
		ret->value = 1;
		break;
	case SBI_EXT_BASE_GET_MVENDORID:
	case SBI_EXT_BASE_GET_MARCHID:
	case SBI_EXT_BASE_GET_MIMPID:
		ret->value = 0;
		break;
	default:
		ret->error = SBI_ERR_NOT_SUPPORTED;
	}
	return true;
}

static int axv_sbi_hsm(struct axvcpu_vcpu *vcpu, unsigned long fid,
		       struct axv_sbiret *ret)
{
	unsigned long *gpr = vcpu->arch.ctx.gpr;
	struct axvcpu_run *run = vcpu->run;
	struct axvcpu_vcpu *t;

	switch (fid) {
	case SBI_EXT_HSM_HART_START:
		t = axvcpu_get_vcpu(vcpu->vm, gpr[10]);
		if (!t) {
			ret->error = SBI_ERR_INVALID_PARAM;
			return 0;
		}
		spin_lock(&t->arch.start_lock);
		if (READ_ONCE(t->mp_state) != AXVCPU_MP_STATE_STOPPED) {
			spin_unlock(&t->arch.start_lock);
			ret->error = SBI_ERR_ALREADY_AVAILABLE;
			return 0;
		}
		t->arch.start_pc = gpr[11];
		t->arch.start_arg = gpr[12];
		axvcpu_vcpu_start(t);
		spin_unlock(&t->arch.start_lock);

		/* Started; tell the VMM, which may want a thread for it. */
		run->exit_reason = AXVCPU_EXIT_CPU_UP;
		memset(&run->cpu_up, 0, sizeof(run->cpu_up));
		run->cpu_up.target = gpr[10];
		run->cpu_up.entry = gpr[11];
		run->cpu_up.arg = gpr[12];
		gpr[10] = SBI_SUCCESS;
		gpr[11] = 0;
		vcpu->completion = AXVCPU_COMPLETE_SKIP;
		vcpu->insn_len = 4;
		return AXVCPU_RUN_EXIT;
	case SBI_EXT_HSM_HART_STOP:
		axvcpu_vcpu_stop(vcpu);
		/* Never returns to the guest: a later start resets the hart. */
		run->exit_reason = AXVCPU_EXIT_CPU_DOWN;
		memset(&run->cpu_down, 0, sizeof(run->cpu_down));
		return AXVCPU_RUN_EXIT;
	case SBI_EXT_HSM_HART_STATUS:
		t = axvcpu_get_vcpu(vcpu->vm, gpr[10]);
		if (!t)
			ret->error = SBI_ERR_INVALID_PARAM;
		else if (READ_ONCE(t->mp_state) == AXVCPU_MP_STATE_STOPPED)
			ret->value = SBI_HSM_STATE_STOPPED;
		else if (test_bit(AXVCPU_REQ_START, &t->requests))
			ret->value = SBI_HSM_STATE_START_PENDING;
		else
			ret->value = SBI_HSM_STATE_STARTED;
		return 0;
	case SBI_EXT_HSM_HART_SUSPEND:
		/* Default retentive suspend is a WFI that returns success. */
		if (gpr[10] != 0) {
			ret->error = SBI_ERR_NOT_SUPPORTED;
			return 0;
		}
		gpr[10] = SBI_SUCCESS;
		vcpu->arch.ctx.sepc += 4;
		return AXVCPU_RUN_WFI;
	default:
		ret->error = SBI_ERR_NOT_SUPPORTED;
		return 0;
	}
}

static int axv_system_down(struct axvcpu_vcpu *vcpu, u32 type, u32 reason)
{
	struct axvcpu_run *run = vcpu->run;

	/* The pc stays on the ecall: the call does not return. */
	run->exit_reason = AXVCPU_EXIT_SYSTEM_DOWN;
	memset(&run->system_down, 0, sizeof(run->system_down));
	run->system_down.type = type;
	run->system_down.reason = reason;
	return AXVCPU_RUN_EXIT;
}

static int axv_sbi_srst(struct axvcpu_vcpu *vcpu, unsigned long fid,
			struct axv_sbiret *ret)
{
	unsigned long type = vcpu->arch.ctx.gpr[10];
	unsigned long reason = vcpu->arch.ctx.gpr[11];
	static const u32 types[] = {
		[SBI_SRST_RESET_TYPE_SHUTDOWN] = AXVCPU_SYSTEM_SHUTDOWN,
		[SBI_SRST_RESET_TYPE_COLD_REBOOT] = AXVCPU_SYSTEM_RESET_COLD,
		[SBI_SRST_RESET_TYPE_WARM_REBOOT] = AXVCPU_SYSTEM_RESET_WARM,
	};

	if (fid != SBI_EXT_SRST_RESET) {
		ret->error = SBI_ERR_NOT_SUPPORTED;
		return 0;
	}
	/* Reasons 2..0xdfffffff are reserved by the SBI spec. */
	if (type >= ARRAY_SIZE(types) || reason > U32_MAX ||
	    (reason > SBI_SRST_RESET_REASON_SYS_FAILURE && reason < 0xe0000000)) {
		ret->error = SBI_ERR_INVALID_PARAM;
		return 0;
	}
	return axv_system_down(vcpu, types[type], reason);
}

/* The calls answered here; in a frame of its own, see below. */
static noinline int axv_sbi_ecall_kernel(struct axvcpu_vcpu *vcpu)
{
	unsigned long *gpr = vcpu->arch.ctx.gpr;
	unsigned long eid = gpr[17], fid = gpr[16];
	struct axv_sbiret ret = { SBI_SUCCESS, 0 };
	int r = 0;

	switch (eid) {
	case SBI_EXT_BASE:
		if (!axv_sbi_base(vcpu, fid, &ret))
			return axv_sbi_forward(vcpu, SBI_SUCCESS);
		break;
	case AXV_SBI_LEGACY_SET_TIMER:
		axvcpu_riscv_set_timer(vcpu, gpr[10]);
		gpr[10] = 0;
		vcpu->arch.ctx.sepc += 4;
		return 0;
	case AXV_SBI_LEGACY_CLEAR_IPI:
		axvcpu_riscv_set_irq(vcpu, AXV_VSSIP, false);
		gpr[10] = 0;
		vcpu->arch.ctx.sepc += 4;
		return 0;
	case AXV_SBI_LEGACY_SHUTDOWN:
		return axv_system_down(vcpu, AXVCPU_SYSTEM_SHUTDOWN, 0);
	case SBI_EXT_TIME:
		if (fid == SBI_EXT_TIME_SET_TIMER)
			axvcpu_riscv_set_timer(vcpu, gpr[10]);
		else
			ret.error = SBI_ERR_NOT_SUPPORTED;
		break;
	case SBI_EXT_IPI:
		if (fid == SBI_EXT_IPI_SEND_IPI)
			ret.error = axv_harts_apply(vcpu, gpr[10], gpr[11],
						    AXV_HART_IPI);
		else
			ret.error = SBI_ERR_NOT_SUPPORTED;
		break;
	case SBI_EXT_RFENCE:
		switch (fid) {
		case SBI_EXT_RFENCE_REMOTE_FENCE_I:
			ret.error = axv_harts_apply(vcpu, gpr[10], gpr[11],
						    AXVCPU_REQ_FENCE_I);
			break;
		case SBI_EXT_RFENCE_REMOTE_SFENCE_VMA:
		case SBI_EXT_RFENCE_REMOTE_SFENCE_VMA_ASID:
			/* Over-flushing (the whole VMID) is always correct. */
			ret.error = axv_harts_apply(vcpu, gpr[10], gpr[11],
						    AXVCPU_REQ_TLB_FLUSH);
			break;
		default:
			ret.error = SBI_ERR_NOT_SUPPORTED;
		}
		break;
	case SBI_EXT_HSM:
		r = axv_sbi_hsm(vcpu, fid, &ret);
		if (r)
			return r;
		break;
	case SBI_EXT_SRST:
		r = axv_sbi_srst(vcpu, fid, &ret);
		if (r)
			return r;
		break;
	default:
		return axv_sbi_forward(vcpu, SBI_ERR_NOT_SUPPORTED);
	}
	gpr[10] = ret.error;
	gpr[11] = ret.value;
	vcpu->arch.ctx.sepc += 4;
	return 0;
}

int axvcpu_riscv_sbi_ecall(struct axvcpu_vcpu *vcpu)
{
	unsigned long eid = vcpu->arch.ctx.gpr[17];

	/*
	 * The ranges a VMM's own extensions live in, before the search and
	 * before the frame the search needs.
	 */
	if (eid - SBI_EXT_EXPERIMENTAL_START <=
	    SBI_EXT_VENDOR_END - SBI_EXT_EXPERIMENTAL_START)
		return axv_sbi_forward(vcpu, SBI_ERR_NOT_SUPPORTED);
	return axv_sbi_ecall_kernel(vcpu);
}
