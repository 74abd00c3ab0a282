/* SPDX-License-Identifier: GPL-2.0 */
/*
 * riscv64 guest runtime entry points: image header, boot hart entry,
 * secondary hart entry (SBI HSM hart_start) and the trap vector.
 */
#include "guest_layout.h"

#define SBI_EXT_SRST		0x53525354
#define SBI_SRST_SYSTEM_FAILURE	1

	/* Header at GUEST_RAM_BASE; see guest_layout.h. */
	.section .text.head, "ax"
	.option push
	.option norvc
	.globl	_start
_start:
	j	boot_entry
	.word	0
	.dword	GUEST_IMAGE_MAGIC
	.dword	guest_secondary_entry
	.dword	_end
	.option pop

/* a0 = hart id.  Give the hart its stack and the runtime's trap vector. */
.macro hart_setup
	li	t0, GUEST_MAX_HARTS
	bgeu	a0, t0, bad_hart
	addi	t0, a0, 1
	slli	t0, t0, GUEST_STACK_SHIFT
	lla	sp, guest_stacks
	add	sp, sp, t0
	mv	tp, a0
	lla	t0, guest_trap_vector
	csrw	stvec, t0
.endm

	.text
boot_entry:
	/* Zero .bss with t-registers only: a0-a7 are the boot arguments. */
	lla	t0, __bss_start
	lla	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	lla	t0, guest_boot_args
	sd	a0, 0(t0)
	sd	a1, 8(t0)
	sd	a2, 16(t0)
	sd	a3, 24(t0)
	sd	a4, 32(t0)
	sd	a5, 40(t0)
	sd	a6, 48(t0)
	sd	a7, 56(t0)
	hart_setup
	call	guest_main
	li	a0, 0
	call	guest_shutdown

	.balign	4
	.globl	guest_secondary_entry
guest_secondary_entry:
	hart_setup
	call	guest_secondary
	call	guest_hart_stop

/* No stack to run C on: report a system failure the simplest way. */
bad_hart:
	li	a7, SBI_EXT_SRST
	li	a6, 0
	li	a0, 0
	li	a1, SBI_SRST_SYSTEM_FAILURE
	ecall
3:	wfi
	j	3b

	/* Saves the interrupted context on its own stack. */
	.balign	4
	.globl	guest_trap_vector
guest_trap_vector:
	addi	sp, sp, -(GUEST_FRAME_WORDS * 8)
	.irp	n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, \
		   18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	sd	x\n, (\n * 8)(sp)
	.endr
	addi	t0, sp, (GUEST_FRAME_WORDS * 8)
	sd	t0, (2 * 8)(sp)
	csrr	t0, sepc
	sd	t0, (GUEST_FRAME_SEPC * 8)(sp)
	csrr	t0, scause
	sd	t0, (GUEST_FRAME_SCAUSE * 8)(sp)
	csrr	t0, stval
	sd	t0, (GUEST_FRAME_STVAL * 8)(sp)
	csrr	t0, sstatus
	sd	t0, (GUEST_FRAME_SSTATUS * 8)(sp)

	mv	a0, sp
	call	guest_handle_trap

	ld	t0, (GUEST_FRAME_SEPC * 8)(sp)
	csrw	sepc, t0
	.irp	n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, \
		   18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld	x\n, (\n * 8)(sp)
	.endr
	addi	sp, sp, (GUEST_FRAME_WORDS * 8)
	sret

	.section .bss.stacks, "aw", @nobits
	.balign	16
	.globl	guest_stacks
guest_stacks:
	.space	GUEST_MAX_HARTS * GUEST_STACK_SIZE

	.section .note.GNU-stack, "", @progbits
