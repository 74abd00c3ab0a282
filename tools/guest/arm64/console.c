// SPDX-License-Identifier: GPL-2.0
/*
 * Guest console: one axvm hypercall (AXV_HVC_CONSOLE_PUTCHAR) per
 * character; enough for test and hello output.
 */
#include "guest.h"

void guest_console_write(const char *s, size_t len)
{
	while (len--)
		smccc_hvc(AXV_HVC_CONSOLE_PUTCHAR, (unsigned char)*s++,
			  0, 0, 0, 0, 0);
}
