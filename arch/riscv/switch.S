/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The riscv64 world switch: HS mode to VS mode with sret, and back through
 * a private stvec.  Called with interrupts disabled; host interrupts that
 * arrive while the guest runs trap straight back here.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/csr.h>

#include "axvcpu-asm-offsets.h"

#define GUEST(n)	(AXV_GUEST_GPRS + (n) * AXV_GPR_SIZE)
#define HOST(n)		(AXV_HOST_GPRS + (n) * AXV_GPR_SIZE)
#define FPR(n)		(AXV_FP_F + (n) * AXV_FP_SIZE)

	.text

/*
 * void axvcpu_riscv_switch(struct axvcpu_riscv_ctx *ctx), called only from
 * axv_switch() in vcpu.c, whose asm statement declares s1-s11 and every
 * caller-saved register clobbered: the compiler saves those of them its
 * caller has live (which it mostly does already for its own use), so they
 * are not saved twice.  What it cannot be told is clobbered is kept here:
 * ra (our way back), sp, gp, tp and s0 (the frame pointer).
 */
SYM_FUNC_START(axvcpu_riscv_switch)
	.irp n, 1, 2, 3, 4, 8
	REG_S	x\n, HOST(\n)(a0)
	.endr

	/*
	 * Swap the HS-level CSRs that differ between host and guest.  The
	 * guest's sstatus never has SIE set, so interrupts stay off until
	 * sret; sscratch finds the context again on exit.  The kernel keeps
	 * sscratch 0 while it runs (its trap entry tells kernel from user by
	 * it), so there is no host value to save: the exit writes 0 back.
	 */
	REG_L	t0, AXV_GUEST_SSTATUS(a0)
	REG_L	t1, AXV_GUEST_HSTATUS(a0)
	REG_L	t2, AXV_GUEST_SCOUNTEREN(a0)
	REG_L	t3, AXV_GUEST_SEPC(a0)
	la	t4, axvcpu_riscv_exit
	csrrw	t0, CSR_SSTATUS, t0
	csrrw	t1, CSR_HSTATUS, t1
	csrrw	t2, CSR_SCOUNTEREN, t2
	csrrw	t4, CSR_STVEC, t4
	csrw	CSR_SSCRATCH, a0
	csrw	CSR_SEPC, t3
	REG_S	t0, AXV_HOST_SSTATUS(a0)
	REG_S	t1, AXV_HOST_HSTATUS(a0)
	REG_S	t2, AXV_HOST_SCOUNTEREN(a0)
	REG_S	t4, AXV_HOST_STVEC(a0)

	/* Guest GPRs, a0 (x10) last. */
	.irp n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20
	REG_L	x\n, GUEST(\n)(a0)
	.endr
	.irp n, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	REG_L	x\n, GUEST(\n)(a0)
	.endr
	REG_L	a0, GUEST(10)(a0)
	sret
SYM_FUNC_END(axvcpu_riscv_switch)

	/* stvec needs 4-byte alignment; mode bits 0 = direct. */
	.balign 4
SYM_CODE_START_LOCAL(axvcpu_riscv_exit)
	csrrw	a0, CSR_SSCRATCH, a0
	.irp n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20
	REG_S	x\n, GUEST(\n)(a0)
	.endr
	.irp n, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	REG_S	x\n, GUEST(\n)(a0)
	.endr
	csrr	t0, CSR_SSCRATCH
	REG_S	t0, GUEST(10)(a0)

	REG_L	t1, AXV_HOST_SSTATUS(a0)
	REG_L	t2, AXV_HOST_HSTATUS(a0)
	REG_L	t3, AXV_HOST_SCOUNTEREN(a0)
	REG_L	t4, AXV_HOST_STVEC(a0)
	csrr	t0, CSR_SEPC
	csrrw	t1, CSR_SSTATUS, t1
	csrrw	t2, CSR_HSTATUS, t2
	csrrw	t3, CSR_SCOUNTEREN, t3
	csrw	CSR_STVEC, t4
	csrw	CSR_SSCRATCH, zero
	REG_S	t0, AXV_GUEST_SEPC(a0)
	REG_S	t1, AXV_GUEST_SSTATUS(a0)
	REG_S	t2, AXV_GUEST_HSTATUS(a0)
	REG_S	t3, AXV_GUEST_SCOUNTEREN(a0)

	/* The trap CSRs, before anything (an interrupt) can change them. */
	csrr	t0, CSR_SCAUSE
	csrr	t1, CSR_STVAL
	csrr	t2, CSR_HTVAL
	csrr	t3, CSR_HTINST
	REG_S	t0, AXV_TRAP_SCAUSE(a0)
	REG_S	t1, AXV_TRAP_STVAL(a0)
	REG_S	t2, AXV_TRAP_HTVAL(a0)
	REG_S	t3, AXV_TRAP_HTINST(a0)

	.irp n, 1, 2, 3, 4, 8
	REG_L	x\n, HOST(\n)(a0)
	.endr
	ret
SYM_CODE_END(axvcpu_riscv_exit)

/*
 * Where an HLVX of axvcpu_riscv_read_guest_insn() (riscv.h) that faults
 * lands: set t2 and return past the 4-byte HLVX.  Only that code runs with
 * stvec pointing here, with interrupts off.
 */
	.balign 4
SYM_CODE_START(axvcpu_riscv_insn_fault)
	li	t2, 1
	csrr	t6, CSR_SEPC
	addi	t6, t6, 4
	csrw	CSR_SEPC, t6
	sret
SYM_CODE_END(axvcpu_riscv_insn_fault)

/* void axvcpu_riscv_fp_save(struct axvcpu_riscv_fp *fp) */
SYM_FUNC_START(axvcpu_riscv_fp_save)
	li	t1, SR_FS
	csrs	CSR_SSTATUS, t1
	frcsr	t0
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	fsd	f\n, FPR(\n)(a0)
	.endr
	.irp n, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fsd	f\n, FPR(\n)(a0)
	.endr
	sw	t0, AXV_FP_FCSR(a0)
	csrc	CSR_SSTATUS, t1
	ret
SYM_FUNC_END(axvcpu_riscv_fp_save)

/* void axvcpu_riscv_fp_restore(const struct axvcpu_riscv_fp *fp) */
SYM_FUNC_START(axvcpu_riscv_fp_restore)
	li	t1, SR_FS
	csrs	CSR_SSTATUS, t1
	lw	t0, AXV_FP_FCSR(a0)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	fld	f\n, FPR(\n)(a0)
	.endr
	.irp n, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fld	f\n, FPR(\n)(a0)
	.endr
	fscsr	t0
	csrc	CSR_SSTATUS, t1
	ret
SYM_FUNC_END(axvcpu_riscv_fp_restore)
