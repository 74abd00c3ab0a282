// SPDX-License-Identifier: GPL-2.0
/*
 * Synchronous exits, decoded from ESR_EL2 (seed 004): stage-2 aborts become
 * RAM mappings or MMIO exits, trapped MSR/MRS become system-register exits,
 * HVC and SMC go to psci.c, WFI/WFE are halts or hints, and the first FP/SIMD
 * access hands the registers to the guest.  Anything else is reported to
 * userspace, never a panic.
 *
 * The run loop (vcpu.c) dispatches on the exception class and calls these
 * with interrupts off and the vCPU loaded; ctx.pc is the ELR_EL2 of the
 * exit: the trapped instruction itself, except after HVC.
 */
#include <asm/esr.h>
#include <asm/sysreg.h>

#include "arm64.h"

/* HPFAR_EL2.FIPA holds IPA[51:12] in its bits 43:4. */
#define AXV_HPFAR_FIPA		GENMASK_ULL(43, 4)

static int axv_unhandled(struct axvcpu_vcpu *vcpu, u32 suberror)
{
	axvcpu_arm64_internal_error(vcpu, suberror);
	return AXVCPU_RUN_EXIT;
}

/*
 * A load or store to a guest-physical address that is not RAM for it.  The
 * run page says what userspace needs; how to complete the access (target
 * register, sign extension, width, length) stays in ctx.esr, which nothing
 * changes before the next RUN completes it (axvcpu_arch_complete()).
 */
static __always_inline int axv_mmio_exit(struct axvcpu_vcpu *vcpu, u64 gpa)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	u64 esr = a->ctx.esr;
	unsigned int reg = AXV_ESR_SRT(esr);
	unsigned int len = 1U << ((esr & ESR_ELx_SAS) >> ESR_ELx_SAS_SHIFT);

	if (!(esr & ESR_ELx_WNR))
		return axvcpu_exit_mmio_run(vcpu, gpa, len, false, 0);
	/* Register 31 is XZR here, never SP. */
	return axvcpu_exit_mmio_run(vcpu, gpa, len, true,
				    reg == 31 ? 0 : a->ctx.x[reg]);
}

/* The fault's guest-physical address, from HPFAR_EL2 and FAR_EL2. */
static u64 axv_fault_gpa(struct axvcpu_arm64_ctx *ctx, bool s1ptw)
{
	u64 gpa = (ctx->hpfar & AXV_HPFAR_FIPA) << 8;

	return s1ptw ? gpa : gpa | (ctx->far & ~PAGE_MASK);
}

/* A guest access to RAM that stage 2 does not allow yet: the core maps it. */
static int axv_ram_fault(struct axvcpu_vcpu *vcpu, u64 gpa, bool write,
			 bool exec)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;

	a->fault_gpa = gpa;
	a->fault_write = write;
	a->fault_exec = exec;
	return AXVCPU_RUN_GFAULT;
}

/*
 * The syndrome of most data aborts: a load or store that it describes
 * (ISV), not on a stage-1 walk, not cache maintenance, on a page stage 2
 * does not map (first touch of RAM, or a device).
 */
#define AXV_DABT_COMMON_MASK	(ESR_ELx_ISV | ESR_ELx_S1PTW | ESR_ELx_CM | \
				 ESR_ELx_FSC_TYPE)
#define AXV_DABT_COMMON		(ESR_ELx_ISV | ESR_ELx_FSC_FAULT)

/*
 * Instruction aborts (EC 0x20), and the data aborts (EC 0x24) that
 * axvcpu_arm64_dabt() leaves.
 */
int axvcpu_arm64_abort(struct axvcpu_vcpu *vcpu, bool data)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	u64 esr = a->ctx.esr, fsc = esr & ESR_ELx_FSC_TYPE, gpa;
	bool s1ptw = esr & ESR_ELx_S1PTW;
	/* On a stage-1 walk WnR means a hardware AF/DBM update. */
	bool write = data && (esr & ESR_ELx_WNR) && !(esr & ESR_ELx_CM);

	if (fsc != ESR_ELx_FSC_FAULT && fsc != ESR_ELx_FSC_ACCESS &&
	    fsc != ESR_ELx_FSC_PERM)
		return axv_unhandled(vcpu, AXVCPU_INTERNAL_UNHANDLED_TRAP);
	if (a->ctx.hpfar == AXV_HPFAR_INVALID)
		return 0;	/* the guest's stage 1 changed: let it retry */
	/*
	 * Invalidation by VA needs write permission: on read-only RAM it is
	 * skipped, as there is nothing the guest could have written.
	 */
	if (data && (esr & ESR_ELx_CM) && fsc == ESR_ELx_FSC_PERM) {
		a->ctx.pc += axv_insn_len(esr);
		return 0;
	}
	gpa = axv_fault_gpa(&a->ctx, s1ptw);
	if (axvcpu_gpa_is_ram(vcpu->vm, gpa, write))
		return axv_ram_fault(vcpu, gpa, write, !data);
	if (s1ptw)
		return axv_unhandled(vcpu, AXVCPU_INTERNAL_GUEST_PT_FAULT);
	if (!data)
		return axv_unhandled(vcpu, AXVCPU_INTERNAL_FETCH_FAULT);
	if (esr & ESR_ELx_CM) {
		/* Cache maintenance by VA of a device: nothing to maintain. */
		a->ctx.pc += axv_insn_len(esr);
		return 0;
	}
	/*
	 * Without a valid syndrome (load/store pair, writeback, SIMD, ...)
	 * the access cannot be described to userspace: say so rather than
	 * guess.
	 */
	if (!(esr & ESR_ELx_ISV))
		return axv_unhandled(vcpu, AXVCPU_INTERNAL_MMIO_DECODE);
	return axv_mmio_exit(vcpu, gpa);
}

/* Data aborts: the common case, which is every MMIO exit, with one test. */
int axvcpu_arm64_dabt(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	u64 esr = a->ctx.esr, gpa;
	bool write;

	if ((esr & AXV_DABT_COMMON_MASK) != AXV_DABT_COMMON)
		return axvcpu_arm64_abort(vcpu, true);
	gpa = axv_fault_gpa(&a->ctx, false);
	write = esr & ESR_ELx_WNR;
	if (axvcpu_gpa_is_ram(vcpu->vm, gpa, write))
		return axv_ram_fault(vcpu, gpa, write, false);
	return axv_mmio_exit(vcpu, gpa);
}

#define AXV_ISS_FIELD(esr, f)	\
	(((esr) & ESR_ELx_SYS64_ISS_##f##_MASK) >> ESR_ELx_SYS64_ISS_##f##_SHIFT)

/* ID_AA64DFR0_EL1 fields, whose names in <asm/sysreg.h> are CamelCase */
#define AXV_DFR0_TRACEVER	GENMASK_ULL(7, 4)
#define AXV_DFR0_PMUVER		GENMASK_ULL(11, 8)
#define AXV_DFR0_PMSVER		GENMASK_ULL(35, 32)
#define AXV_DFR0_TRACEFILT	GENMASK_ULL(43, 40)
#define AXV_DFR0_TRACEBUFFER	GENMASK_ULL(47, 44)

/*
 * The feature ID registers (op0 3, op1 0, CRn 0, CRm 1-7) trap with
 * HCR_EL2.TID3.  The guest reads the host's sanitised values (what every
 * CPU has) less what it cannot use under axvcpu: SVE and SME (their state
 * is not switched), MTE (not allowed by stage 2), pointer authentication
 * (keys not switched, instructions trapped), the PMU, SPE, trace, BRBE and
 * AMU (not virtualised), MPAM, RME, and EL2 itself (no nested
 * virtualisation: EL2, VHE, NV, HCX).  Encodings that Linux does not track,
 * the reserved ones among them, read as zero.
 */
static const struct {
	u32 id;
	u64 hide;
} axv_id_regs[] = {
	{ SYS_ID_PFR0_EL1 }, { SYS_ID_PFR1_EL1 }, { SYS_ID_PFR2_EL1 },
	{ SYS_ID_DFR0_EL1 }, { SYS_ID_DFR1_EL1 },
	{ SYS_ID_MMFR0_EL1 }, { SYS_ID_MMFR1_EL1 }, { SYS_ID_MMFR2_EL1 },
	{ SYS_ID_MMFR3_EL1 }, { SYS_ID_MMFR4_EL1 }, { SYS_ID_MMFR5_EL1 },
	{ SYS_ID_ISAR0_EL1 }, { SYS_ID_ISAR1_EL1 }, { SYS_ID_ISAR2_EL1 },
	{ SYS_ID_ISAR3_EL1 }, { SYS_ID_ISAR4_EL1 }, { SYS_ID_ISAR5_EL1 },
	{ SYS_ID_ISAR6_EL1 },
	{ SYS_MVFR0_EL1 }, { SYS_MVFR1_EL1 }, { SYS_MVFR2_EL1 },
	{ SYS_ID_AA64PFR0_EL1, ID_AA64PFR0_EL1_SVE_MASK |
	  ID_AA64PFR0_EL1_AMU_MASK | ID_AA64PFR0_EL1_MPAM_MASK |
	  ID_AA64PFR0_EL1_RME_MASK | ID_AA64PFR0_EL1_EL2_MASK },
	{ SYS_ID_AA64PFR1_EL1, ID_AA64PFR1_EL1_MTE_MASK |
	  ID_AA64PFR1_EL1_SME_MASK | ID_AA64PFR1_EL1_MPAM_frac_MASK |
	  ID_AA64PFR1_EL1_NMI_MASK },
	{ SYS_ID_AA64ZFR0_EL1, ~0ULL },
	{ SYS_ID_AA64SMFR0_EL1, ~0ULL },
	{ SYS_ID_AA64DFR0_EL1, AXV_DFR0_PMUVER | AXV_DFR0_PMSVER |
	  AXV_DFR0_TRACEBUFFER | AXV_DFR0_TRACEVER | AXV_DFR0_TRACEFILT |
	  ID_AA64DFR0_EL1_MTPMU_MASK | ID_AA64DFR0_EL1_BRBE_MASK },
	{ SYS_ID_AA64DFR1_EL1 },
	{ SYS_ID_AA64ISAR0_EL1 },
	{ SYS_ID_AA64ISAR1_EL1, ID_AA64ISAR1_EL1_APA_MASK |
	  ID_AA64ISAR1_EL1_API_MASK | ID_AA64ISAR1_EL1_GPA_MASK |
	  ID_AA64ISAR1_EL1_GPI_MASK },
	{ SYS_ID_AA64ISAR2_EL1, ID_AA64ISAR2_EL1_APA3_MASK |
	  ID_AA64ISAR2_EL1_GPA3_MASK },
	{ SYS_ID_AA64MMFR0_EL1 },
	{ SYS_ID_AA64MMFR1_EL1, ID_AA64MMFR1_EL1_VH_MASK |
	  ID_AA64MMFR1_EL1_HCX_MASK },
	{ SYS_ID_AA64MMFR2_EL1, ID_AA64MMFR2_EL1_NV_MASK },
};

static bool axv_is_id_reg(unsigned int op0, unsigned int op1,
			  unsigned int crn, unsigned int crm)
{
	return op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && crm <= 7;
}

static u64 axv_id_reg(u32 id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(axv_id_regs); i++)
		if (axv_id_regs[i].id == id)
			return read_sanitised_ftr_reg(id) & ~axv_id_regs[i].hide;
	return 0;
}

/* A trapped MSR, MRS or SYS instruction (EC 0x18). */
int axvcpu_arm64_sysreg(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	struct axvcpu_run *run = vcpu->run;
	u64 esr = a->ctx.esr;
	unsigned int rt = AXV_ISS_FIELD(esr, RT);
	unsigned int op0 = AXV_ISS_FIELD(esr, OP0), op1 = AXV_ISS_FIELD(esr, OP1);
	unsigned int crn = AXV_ISS_FIELD(esr, CRN), crm = AXV_ISS_FIELD(esr, CRM);
	unsigned int op2 = AXV_ISS_FIELD(esr, OP2);

	/* Only reads trap (writes to the ID space are UNDEFINED at EL1). */
	if (axv_is_id_reg(op0, op1, crn, crm) &&
	    (esr & ESR_ELx_SYS64_ISS_DIR_READ)) {
		if (rt != 31)
			a->ctx.x[rt] = axv_id_reg(sys_reg(op0, op1, crn, crm,
							  op2));
		a->ctx.pc += AXV_INSN_LEN;
		return 0;
	}

	memset(&run->sysreg, 0, sizeof(run->sysreg));
	run->sysreg.reg = AXVCPU_ARM64_SYSREG(op0, op1, crn, crm, op2);
	vcpu->mmio_reg = rt;
	vcpu->insn_len = AXV_INSN_LEN;
	if (esr & ESR_ELx_SYS64_ISS_DIR_READ) {
		run->exit_reason = AXVCPU_EXIT_SYSREG_READ;
		vcpu->completion = AXVCPU_COMPLETE_SYSREG_READ;
	} else {
		run->sysreg.value = rt == 31 ? 0 : a->ctx.x[rt];
		run->exit_reason = AXVCPU_EXIT_SYSREG_WRITE;
		vcpu->completion = AXVCPU_COMPLETE_SYSREG_WRITE;
	}
	return AXVCPU_RUN_EXIT;
}

/* WFI (or a standby CPU_SUSPEND) with the pc already past it. */
int axvcpu_arm64_wfi(struct axvcpu_vcpu *vcpu)
{
	if (READ_ONCE(vcpu->arch.irq_lines) || vcpu->arch.timer_line)
		return 0;
	if (axvcpu_arm64_wfi_should_halt(vcpu)) {
		vcpu->run->exit_reason = AXVCPU_EXIT_HALT;
		return AXVCPU_RUN_EXIT;
	}
	return AXVCPU_RUN_WFI;
}

/* WFI, WFE and their timed forms (EC 0x01). */
int axvcpu_arm64_wfx(struct axvcpu_vcpu *vcpu)
{
	u64 esr = vcpu->arch.ctx.esr, ti = esr & ESR_ELx_WFx_ISS_TI;

	vcpu->arch.ctx.pc += axv_insn_len(esr);
	/*
	 * WFE is a hint (so is WFIT and WFET: WFx may always complete
	 * early); only a plain WFI waits for an interrupt.
	 */
	if (ti != ESR_ELx_WFx_ISS_WFI)
		return 0;
	return axvcpu_arm64_wfi(vcpu);
}
