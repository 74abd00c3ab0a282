/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory layout and image header of the arm64 guest runtime.  Plain
 * defines only: included by start.S, the linker script, guest C code and
 * by host programs that load the images.
 *
 * Every image starts with this header (little endian), as on riscv:
 *
 *	0x00	branch over the header (4 bytes)
 *	0x04	reserved, 0
 *	0x08	GUEST_IMAGE_MAGIC, "AXVGUEST"
 *	0x10	guest physical address of guest_secondary_entry, for PSCI
 *		CPU_ON (x0 = context id)
 *	0x18	guest physical end of the image including .bss and stacks
 */
#ifndef _GUEST_LAYOUT_H
#define _GUEST_LAYOUT_H

#define GUEST_RAM_BASE		0x40000000
#define GUEST_MAX_HARTS		16
#define GUEST_STACK_SHIFT	13	/* 8 KiB per CPU */
#define GUEST_STACK_SIZE	(1 << GUEST_STACK_SHIFT)

#define GUEST_IMAGE_MAGIC	0x5453455547565841	/* "AXVGUEST" */
#define GUEST_HDR_MAGIC		0x08
#define GUEST_HDR_SECONDARY	0x10
#define GUEST_HDR_END		0x18
#define GUEST_HDR_SIZE		0x20

/* Trap frame layout (struct guest_trap_frame), in bytes. */
#define GUEST_FRAME_SP		(31 * 8)
#define GUEST_FRAME_ELR		(32 * 8)
#define GUEST_FRAME_SPSR	(33 * 8)
#define GUEST_FRAME_ESR		(34 * 8)
#define GUEST_FRAME_FAR		(35 * 8)
#define GUEST_FRAME_VECTOR	(36 * 8)
#define GUEST_FRAME_SIZE	(38 * 8)	/* keeps sp 16-byte aligned */

/* SMCCC function ids the runtime itself uses. */
#define GUEST_PSCI_CPU_OFF	0x84000002
#define GUEST_PSCI_SYSTEM_OFF	0x84000008

#endif /* _GUEST_LAYOUT_H */
