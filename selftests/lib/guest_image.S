/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Embeds one flat guest image in a test program as
 * guest_image_<IMAGE_NAME>[] .. guest_image_<IMAGE_NAME>_end[].
 * Built once per image with -DIMAGE_NAME=<name> -DIMAGE_PATH="<file>".
 */
#define __SYM(a, b)	a##b
#define SYM(a, b)	__SYM(a, b)
#define START		SYM(guest_image_, IMAGE_NAME)
#define END		SYM(START, _end)

	.section .rodata.guest_image, "a"
	.balign	16
	.globl	START
START:
	.incbin	IMAGE_PATH
	.globl	END
END:
	.section .note.GNU-stack, "", %progbits
