// SPDX-License-Identifier: GPL-2.0
/*
 * Guest side of ucalls on arm64: an HVC with x0 = UCALL_EXT, which is no
 * PSCI function, so the kernel forwards it.  Linked into every selftest
 * guest image.
 */
#include "guest.h"
#include "ucall_common.h"

unsigned long ucall(unsigned long cmd, unsigned long a0, unsigned long a1,
		    unsigned long a2, unsigned long a3, unsigned long a4,
		    unsigned long a5)
{
	/* Only x1-x6 reach the host: a5 shares x1 with the command. */
	return smccc_hvc(UCALL_EXT, cmd | a5 << UCALL_CMD_BITS,
			 a0, a1, a2, a3, a4).a1;
}

void guest_assert_fail(const char *file, unsigned long line, const char *expr,
		       unsigned long a, unsigned long b, unsigned long nvals)
{
	/* The host stops here; should it run us again, say it again. */
	for (;;)
		ucall(UCALL_FAIL, line, (unsigned long)file,
		      (unsigned long)expr, a, b, nvals);
}

/* Overrides the runtime's weak default: tell the host, not the console. */
void guest_unhandled_trap(struct guest_trap_frame *f)
{
	for (;;)
		ucall(UCALL_UNHANDLED, f->esr, f->elr, f->far, f->vector, 0, 0);
}
