/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark guest, linked into axvbench so that the program needs no
 * file beside it.  BENCH_IMAGE is the path of the flat image.
 */
	.section .rodata, "a"
	.balign	16
	.globl	bench_guest_start
bench_guest_start:
	.incbin	BENCH_IMAGE
	.globl	bench_guest_end
bench_guest_end:

	.section .note.GNU-stack, "", @progbits
