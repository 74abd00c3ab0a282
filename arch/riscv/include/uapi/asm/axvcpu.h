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
 * @sstatus:	SPP: the guest resumes in VS mode (1) or VU mode (0); FS:
 *		the state of the guest's FP registers (Off disables FP for
 *		the guest).  Other bits read as 0 and must be 0 when set.
 * @hstatus:	hstatus the guest runs under.  VTW, VTSR and VTVM are the
 *		VMM's to choose; GVA, SPV, SPVP and VSXL are axvcpu's (read as
 *		the guest runs, ignored when written); other bits must be 0.
 * @vsstatus ... @vsatp:	the guest's own supervisor CSRs.  They are WARL:
 *		what the hardware keeps is what a later GET returns (a vstvec
 *		or vsatp the hart refuses outright reads as 0).
 * @scounteren:	the guest's scounteren
 * @htimedelta:	guest time = host time + htimedelta
 * @vstimecmp:	the guest's timer compare value (SBI set_timer or Sstc)
 * @reserved:	must be zero
 *
 * A vCPU is created with every field 0 but sstatus = SPP | FS_INITIAL,
 * hstatus = VSXL(64) | SPV | SPVP | VTW and vstimecmp = ~0 (no timer); pc,
 * a0 (hart id) and a1 are the VMM's to set.
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

/* sstatus bits in struct axvcpu_regs: the only ones that may be set */
#define AXVCPU_RISCV_SSTATUS_SPP	_BITULL(8)
#define AXVCPU_RISCV_SSTATUS_FS		(_BITULL(13) | _BITULL(14))
#define AXVCPU_RISCV_SSTATUS_FS_OFF	0
#define AXVCPU_RISCV_SSTATUS_FS_INITIAL	_BITULL(13)
#define AXVCPU_RISCV_SSTATUS_FS_CLEAN	_BITULL(14)
#define AXVCPU_RISCV_SSTATUS_FS_DIRTY	(_BITULL(13) | _BITULL(14))

/* hstatus bits the VMM chooses */
#define AXVCPU_RISCV_HSTATUS_VTVM	_BITULL(20)
#define AXVCPU_RISCV_HSTATUS_VTW	_BITULL(21)
#define AXVCPU_RISCV_HSTATUS_VTSR	_BITULL(22)
/* hstatus bits axvcpu owns: reported by GET_REGS, ignored by SET_REGS */
#define AXVCPU_RISCV_HSTATUS_GVA	_BITULL(6)
#define AXVCPU_RISCV_HSTATUS_SPV	_BITULL(7)
#define AXVCPU_RISCV_HSTATUS_SPVP	_BITULL(8)
#define AXVCPU_RISCV_HSTATUS_VSXL	(_BITULL(32) | _BITULL(33))

#endif /* _UAPI_ASM_RISCV_AXVCPU_H */
