/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linker script of arm64 guest images: one flat image from
 * GUEST_RAM_BASE, header first, .bss (with the stacks) last so that
 * objcopy -O binary leaves it out.
 */
#include "guest_layout.h"

OUTPUT_ARCH(aarch64)
ENTRY(_start)

/* Explicit segments: no RWX segment for the linker to warn about. */
PHDRS
{
	text PT_LOAD FLAGS(5);
	data PT_LOAD FLAGS(6);
}

SECTIONS
{
	. = GUEST_RAM_BASE;
	.text : {
		KEEP(*(.text.head))
		*(.text .text.*)
	} :text
	. = ALIGN(8);
	.rodata : {
		*(.rodata .rodata.*)
	} :text
	. = ALIGN(8);
	.data : {
		*(.data .data.*)
	} :data
	. = ALIGN(16);
	__bss_start = .;
	.bss (NOLOAD) : {
		*(.bss .bss.* COMMON)
	} :data
	. = ALIGN(16);
	__bss_end = .;
	_end = .;

	/DISCARD/ : {
		*(.eh_frame .eh_frame_hdr .comment .note .note.*)
	}
}
