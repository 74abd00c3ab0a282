/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory layout and image header of the riscv64 guest runtime.  Plain
 * defines only: included by start.S, the linker script, guest C code and
 * by host programs that load the images.
 *
 * Every image starts with this header (little endian):
 *
 *	0x00	jump over the header (4 bytes)
 *	0x04	reserved, 0
 *	0x08	GUEST_IMAGE_MAGIC, "AXVGUEST"
 *	0x10	guest physical address of guest_secondary_entry, for SBI HSM
 *		hart_start (a0 = hart id, a1 = opaque)
 *	0x18	guest physical end of the image including .bss and stacks
 */
#ifndef _GUEST_LAYOUT_H
#define _GUEST_LAYOUT_H

#define GUEST_RAM_BASE		0x80000000
#define GUEST_MAX_HARTS		16
#define GUEST_STACK_SHIFT	13	/* 8 KiB per hart */
#define GUEST_STACK_SIZE	(1 << GUEST_STACK_SHIFT)

#define GUEST_IMAGE_MAGIC	0x5453455547565841	/* "AXVGUEST" */
#define GUEST_HDR_MAGIC		0x08
#define GUEST_HDR_SECONDARY	0x10
#define GUEST_HDR_END		0x18
#define GUEST_HDR_SIZE		0x20

/* Trap frame layout (struct guest_trap_frame), in 8-byte words. */
#define GUEST_FRAME_SEPC	32
#define GUEST_FRAME_SCAUSE	33
#define GUEST_FRAME_STVAL	34
#define GUEST_FRAME_SSTATUS	35
#define GUEST_FRAME_WORDS	36	/* keeps sp 16-byte aligned */

#endif /* _GUEST_LAYOUT_H */
