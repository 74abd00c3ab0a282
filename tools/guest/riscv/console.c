// SPDX-License-Identifier: GPL-2.0
/*
 * Guest console over SBI: the Debug Console extension when the VMM offers
 * it (one exit per string rather than per character), else the legacy
 * console_putchar call.
 */
#include "guest.h"

enum { CON_UNKNOWN, CON_DBCN, CON_LEGACY };
static int con_mode;

static void con_probe(void)
{
	if (con_mode == CON_UNKNOWN)
		con_mode = sbi_probe_extension(SBI_EXT_DBCN) > 0 ?
			   CON_DBCN : CON_LEGACY;
}

static void legacy_putchar(char c)
{
	sbi_ecall(SBI_EXT_0_1_CONSOLE_PUTCHAR, 0, (unsigned char)c,
		  0, 0, 0, 0, 0);
}

void guest_console_write(const char *s, size_t len)
{
	con_probe();
	/* No paging in the guest: the buffer's address is its GPA. */
	while (len && con_mode == CON_DBCN) {
		struct sbiret ret;

		ret = sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_WRITE, len,
				(unsigned long)s, 0, 0, 0, 0);
		if (ret.error || ret.value <= 0 || (size_t)ret.value > len) {
			con_mode = CON_LEGACY;
			break;
		}
		s += ret.value;
		len -= ret.value;
	}
	while (len--)
		legacy_putchar(*s++);
}
