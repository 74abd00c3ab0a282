/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * axvcpu register layout for riscv64 guests (VS/VU mode under the H
 * extension).
 */
#ifndef _UAPI_ASM_RISCV_AXVCPU_H
#define _UAPI_ASM_RISCV_AXVCPU_H

#include <linux/const.h>
#include <linux/types.h>

/**
 * struct axvcpu_regs - riscv64 guest state for AXVCPU_GET_REGS/SET_REGS
 * @pc:		address of the next guest instruction (sepc on entry)
 * @gpr:	x0-x31; gpr[0] reads as 0 and must be 0 when set
 * @sstatus:	HS-level sstatus the guest runs under.  Only SPP (1: the
 *		guest resumes in VS mode, 0: in VU mode) and FS are kept;
 *		other bits read as 0 and must be 0 when set.
 * @hstatus:	hstatus the guest runs under.  VTW, VTSR and VTVM are the
 *		VMM's to choose; SPV, SPVP, VSXL are owned by axvcpu (read as
 *		set, ignored when written); other bits must be 0 when set.
 * @vsstatus ... @vsatp:	the guest's own supervisor CSRs.  They are WARL:
 *		what the hardware keeps is what a later GET returns.
 * @scounteren:	the guest's scounteren
 * @htimedelta:	guest time = host time + htimedelta
 * @vstimecmp:	the guest's timer compare value (SBI set_timer or Sstc)
 * @reserved:	must be zero
 *
 * A vCPU is created with every field 0 but sstatus.SPP = 1 (VS mode) and
 * vstimecmp = ~0 (no timer pending), with pc, a0 (hart id) and a1 to be set by
 * the VMM.
 */
struct axvcpu_regs {
	__u64 pc;
	__u64 gpr[32];
	__u64 sstatus;
	__u64 hstatus;
	__u64 vsstatus;
	__u64 vsie;
	__u64 vstvec;
	__u64 vsscratch;
	__u64 vsepc;
	__u64 vscause;
	__u64 vstval;
	__u64 vsatp;
	__u64 scounteren;
	__u64 htimedelta;
	__u64 vstimecmp;
	__u64 reserved[19];
};

/**
 * struct axvcpu_fpu - riscv64 F/D state for AXVCPU_GET_FPU/SET_FPU
 * @f:		f0-f31
 * @fcsr:	the floating-point control and status register
 * @pad:	must be zero
 */
struct axvcpu_fpu {
	__u64 f[32];
	__u32 fcsr;
	__u32 pad;
};

/* axvcpu_irq.irq: the interrupt as the guest sees it in sip. */
#define AXVCPU_RISCV_IRQ_SSI	1	/* supervisor software (hvip.VSSIP) */
#define AXVCPU_RISCV_IRQ_SEI	9	/* supervisor external (hvip.VSEIP) */

/* sstatus and hstatus bits in struct axvcpu_regs */
#define AXVCPU_RISCV_SSTATUS_SPP	_BITULL(8)
#define AXVCPU_RISCV_SSTATUS_FS		(_BITULL(13) | _BITULL(14))
#define AXVCPU_RISCV_HSTATUS_VTVM	_BITULL(20)
#define AXVCPU_RISCV_HSTATUS_VTW	_BITULL(21)
#define AXVCPU_RISCV_HSTATUS_VTSR	_BITULL(22)

#endif /* _UAPI_ASM_RISCV_AXVCPU_H */
