/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * axvcpu register layout for arm64 guests (AArch64 EL1/EL0 under a VHE
 * host at EL2).
 */
#ifndef _UAPI_ASM_ARM64_AXVCPU_H
#define _UAPI_ASM_ARM64_AXVCPU_H

#include <linux/const.h>
#include <linux/types.h>

/**
 * struct axvcpu_regs - arm64 guest state for AXVCPU_GET_REGS/SET_REGS
 * @x:		x0-x30
 * @sp_el0:	the guest's SP_EL0
 * @pc:		address of the next guest instruction (ELR_EL2 on entry)
 * @pstate:	PSTATE the guest resumes with (SPSR_EL2 on entry).  M[4:0]
 *		must be EL0t, EL1t or EL1h (AArch64); NZCV, DAIF, PAN, UAO,
 *		DIT, SSBS and BTYPE may be set; other bits must be 0.
 * @sp_el1 ... @cntv_cval_el0:	the guest's own EL1 (and EL0 thread and
 *		timer) system registers.  What the hardware keeps of a value
 *		is what a later GET returns, once the guest has run.
 *		cntv_ctl_el0: ENABLE and IMASK are kept, ISTATUS is ignored
 *		when set and reported when read; other bits must be 0.
 * @cntvoff:	guest virtual count = physical count - cntvoff
 *		(CNTVOFF_EL2); the physical counter is the host's
 * @mpidr:	the guest's MPIDR_EL1 (VMPIDR_EL2).  Aff3-Aff0, MT and U
 *		may be set; bit 31 reads as 1; other bits must be 0.  PSCI
 *		CPU_ON and AFFINITY_INFO name vCPUs by these affinities.
 * @reserved:	must be zero
 *
 * A vCPU is created as after a reset: pstate EL1h with D, A, I, F masked,
 * sctlr_el1 with only its RES1 bits (MMU and caches off), mpidr with Aff0 =
 * the vCPU id, every other field 0; pc and x0 are the VMM's to set.
 */
struct axvcpu_regs {
	__u64 x[31];
	__u64 sp_el0;
	__u64 pc;
	__u64 pstate;
	__u64 sp_el1;
	__u64 elr_el1;
	__u64 spsr_el1;
	__u64 sctlr_el1;
	__u64 tcr_el1;
	__u64 ttbr0_el1;
	__u64 ttbr1_el1;
	__u64 mair_el1;
	__u64 amair_el1;
	__u64 vbar_el1;
	__u64 cpacr_el1;
	__u64 contextidr_el1;
	__u64 tpidr_el0;
	__u64 tpidrro_el0;
	__u64 tpidr_el1;
	__u64 par_el1;
	__u64 afsr0_el1;
	__u64 afsr1_el1;
	__u64 esr_el1;
	__u64 far_el1;
	__u64 csselr_el1;
	__u64 cntkctl_el1;
	__u64 cntv_ctl_el0;
	__u64 cntv_cval_el0;
	__u64 cntvoff;
	__u64 mpidr;
	__u64 reserved[36];
};

/**
 * struct axvcpu_fpu - arm64 FP/SIMD state for AXVCPU_GET_FPU/SET_FPU
 * @vregs:	V0-V31; vregs[n][0] holds bits 63:0 of Vn, vregs[n][1]
 *		bits 127:64
 * @fpsr:	the floating-point status register
 * @fpcr:	the floating-point control register
 * @pad:	must be zero
 */
struct axvcpu_fpu {
	__u64 vregs[32][2];
	__u32 fpsr;
	__u32 fpcr;
	__u64 pad;
};

/*
 * axvcpu_irq.irq: the guest's interrupt inputs.  There is no interrupt
 * controller in the kernel; the VMM's (emulated through MMIO or trapped
 * ICC_* system registers) drives these lines.  The guest's virtual timer
 * (CNTV) is ORed into the IRQ line by the kernel.
 */
#define AXVCPU_ARM64_IRQ_IRQ	0	/* virtual IRQ (HCR_EL2.VI) */
#define AXVCPU_ARM64_IRQ_FIQ	1	/* virtual FIQ (HCR_EL2.VF) */

/*
 * A WFI sleeps in RUN until the timer fires or a line is raised.  It exits
 * with AXVCPU_EXIT_HALT instead when the guest can never have meant to be
 * woken: D, A, I and F all masked in PSTATE and the virtual timer disabled
 * or masked.  WFE is a hint and never sleeps.
 */

/* PSTATE bits in struct axvcpu_regs */
#define AXVCPU_ARM64_PSTATE_MODE_EL0T	0x0ULL
#define AXVCPU_ARM64_PSTATE_MODE_EL1T	0x4ULL
#define AXVCPU_ARM64_PSTATE_MODE_EL1H	0x5ULL
#define AXVCPU_ARM64_PSTATE_F		_BITULL(6)
#define AXVCPU_ARM64_PSTATE_I		_BITULL(7)
#define AXVCPU_ARM64_PSTATE_A		_BITULL(8)
#define AXVCPU_ARM64_PSTATE_D		_BITULL(9)

/*
 * axvcpu_run.sysreg.reg of AXVCPU_EXIT_SYSREG_READ/WRITE: the op0, op1,
 * CRn, CRm and op2 of the trapped MRS/MSR (or SYS) instruction, packed as
 * in its bits 20:5.
 */
#define AXVCPU_ARM64_SYSREG(op0, op1, crn, crm, op2)			\
	(((op0) & 3) << 14 | ((op1) & 7) << 11 | ((crn) & 15) << 7 |	\
	 ((crm) & 15) << 3 | ((op2) & 7))

#endif /* _UAPI_ASM_ARM64_AXVCPU_H */
