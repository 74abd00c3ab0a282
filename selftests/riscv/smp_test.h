/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by smp_test.c (host) and smp_test_guest.c (guest).
 *
 * vCPU 0 starts at the image with a1 = the test; other harts enter at the
 * image's secondary entry with a1 = an opaque value whose low byte is the
 * test, the rest is free for the test to use.
 */
#ifndef _SMP_TEST_H
#define _SMP_TEST_H

enum smp_test {
	ST_HSM = 1,		/* hart_start, get_status, errors, hart_stop */
	ST_HSM_WAKE,		/* hart_start of a vCPU sleeping in RUN */
	ST_IPI,			/* vCPU 0 sends an IPI to vCPU 1 */
};

#define ST_TEST(opaque)		((opaque) & 0xff)
/* High bits set, so that a truncated opaque shows. */
#define HSM_OPAQUE		(0xa5a55a5a00c0ff00UL | ST_HSM)
#define HSM_WAKE_OPAQUE		(0x8000000012345600UL | ST_HSM_WAKE)
#define SECONDARY_TAG		0x5ec

#endif /* _SMP_TEST_H */
