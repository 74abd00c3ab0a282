/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64 guest runtime entry points: image header, boot CPU entry,
 * secondary CPU entry (PSCI CPU_ON) and the EL1 vector table.
 */
#include "guest_layout.h"

	/* Header at GUEST_RAM_BASE; see guest_layout.h. */
	.section .text.head, "ax"
	.globl	_start
_start:
	b	boot_entry
	.word	0
	.quad	GUEST_IMAGE_MAGIC
	.quad	guest_secondary_entry
	.quad	_end

/*
 * Stack from the MPIDR's Aff0 and the runtime's vectors; x19 = CPU id.
 * Uses x9-x10 only: x0-x7 are the boot arguments.
 */
.macro cpu_setup
	mrs	x19, mpidr_el1
	and	x19, x19, #0xff
	cmp	x19, #GUEST_MAX_HARTS
	b.hs	bad_cpu
	add	x9, x19, #1
	lsl	x9, x9, #GUEST_STACK_SHIFT
	adrp	x10, guest_stacks
	add	x10, x10, :lo12:guest_stacks
	add	x10, x10, x9
	mov	sp, x10
	adrp	x9, guest_vectors
	add	x9, x9, :lo12:guest_vectors
	msr	vbar_el1, x9
	isb
.endm

	.text
boot_entry:
	adrp	x9, __bss_start
	add	x9, x9, :lo12:__bss_start
	adrp	x10, __bss_end
	add	x10, x10, :lo12:__bss_end
1:	cmp	x9, x10
	b.hs	2f
	str	xzr, [x9], #8
	b	1b
2:	adrp	x9, guest_boot_args
	add	x9, x9, :lo12:guest_boot_args
	stp	x0, x1, [x9]
	stp	x2, x3, [x9, #16]
	stp	x4, x5, [x9, #32]
	stp	x6, x7, [x9, #48]
	cpu_setup
	mov	x1, x0
	mov	x0, x19
	bl	guest_main
	mov	x0, #0
	bl	guest_shutdown

	.globl	guest_secondary_entry
guest_secondary_entry:
	cpu_setup
	mov	x1, x0
	mov	x0, x19
	bl	guest_secondary
	bl	guest_cpu_stop

/* No stack to run C on: just switch the system off. */
bad_cpu:
	ldr	x0, =GUEST_PSCI_SYSTEM_OFF
	hvc	#0
3:	wfi
	b	3b
	.ltorg

/* One vector: make room for the frame, keep x0-x1, x0 = vector number. */
.macro vector n
	.balign	0x80
	sub	sp, sp, #GUEST_FRAME_SIZE
	stp	x0, x1, [sp]
	mov	x0, #\n
	b	vector_common
.endm

	.balign	0x800
	.globl	guest_vectors
guest_vectors:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vector	\n
	.endr

vector_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	add	x1, sp, #GUEST_FRAME_SIZE
	stp	x30, x1, [sp, #240]
	mrs	x1, elr_el1
	mrs	x2, spsr_el1
	stp	x1, x2, [sp, #GUEST_FRAME_ELR]
	mrs	x1, esr_el1
	mrs	x2, far_el1
	stp	x1, x2, [sp, #GUEST_FRAME_ESR]
	str	x0, [sp, #GUEST_FRAME_VECTOR]

	mov	x0, sp
	bl	guest_handle_trap

	/* The handler may have changed elr and spsr. */
	ldp	x1, x2, [sp, #GUEST_FRAME_ELR]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	ldp	x0, x1, [sp]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #GUEST_FRAME_SIZE
	eret

	.section .bss.stacks, "aw", %nobits
	.balign	16
	.globl	guest_stacks
guest_stacks:
	.space	GUEST_MAX_HARTS * GUEST_STACK_SIZE

	.section .note.GNU-stack, "", %progbits
