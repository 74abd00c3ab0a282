/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by guest_test.c (host) and guest_test_guest.c (guest): which
 * guest behaviour to run and the values both sides must agree on.
 *
 * The host starts vCPU 0 at the image with a0 = 0, a1 = the test
 * (enum guest_test) and a2, a3 = its parameters.
 */
#ifndef _GUEST_TEST_H
#define _GUEST_TEST_H

enum guest_test {
	GT_GOOD = 1,		/* just GUEST_DONE() */
	GT_HYPERCALL,
	GT_MMIO_READ,
	GT_MMIO_WRITE,
	GT_READONLY_MEM,
	GT_SHARED_MEM,
	GT_SBI_BASE,
	GT_SBI_PROBE_FORWARD,
	GT_TIMER_IRQ,
	GT_WFI_TIMER,
	GT_WFI_HALT,
	GT_IRQ_INJECT,		/* a2 = interrupt number */
	GT_SPIN,
	GT_REPLY,
	GT_SRST,		/* a2 = type, a3 = reason */
	GT_ILLEGAL_HANDLED,
	GT_ILLEGAL_NO_HANDLER,
	GT_JUMP_OUTSIDE_RAM,
	GT_FPU,
};

/* Outside RAM and any memory slot: every access exits as MMIO. */
#define MMIO_BASE		0x10000000UL

/* GT_MMIO_READ: one load per step from MMIO_BASE + MMIO_LOAD_OFF(step). */
enum mmio_load {
	ML_LB, ML_LBU, ML_LH, ML_LHU, ML_LW, ML_LWU, ML_LD,
	ML_C_LW, ML_C_LD, ML_LW_POS, ML_LH_POS, ML_LB_POS, ML_C_LW_POS,
	NR_MMIO_LOADS
};
#define MMIO_LOAD_OFF(i)	((i) * 8)
/* What the host returns: top bit of every width set, or clear. */
#define MMIO_DATA_NEG		0x8899aabbccddeeffUL
#define MMIO_DATA_POS		0x0123456776543210UL

/* GT_MMIO_WRITE: one store per step to MMIO_STORE_BASE + 8 * step. */
enum mmio_store {
	MS_SB, MS_SH, MS_SW, MS_SD, MS_C_SW, MS_C_SD, MS_SD_ZERO, MS_SB_ZERO,
	NR_MMIO_STORES
};
#define MMIO_STORE_BASE		(MMIO_BASE + 0x100)
#define MMIO_STORE_OFF(i)	((i) * 8)
#define MMIO_STORE_VAL(i)	(0x0123456789abcdefUL ^ (0x1111111111111111UL * (i)))

/* A read-only memory slot. */
#define RO_GPA			0x90000000UL
#define RO_PATTERN(i)		(0x1111111111111111UL * ((i) + 1))
/* Not RAM: instruction fetches from it fail. */
#define NOT_RAM_GPA		0x40000000UL

/* GT_HYPERCALL: an SBI experimental extension nobody implements. */
#define HCALL_EXT		0x08A0BEEFUL
#define HCALL_FID		0x1234UL
#define HCALL_ARG(i)		(0x0123456789abcdefUL * ((i) + 1) ^ (0xa5UL << (8 * (i))))
#define HCALL_RET0		0xfffffffffffffff0UL
#define HCALL_RET1		0x0badc0ffee15900dUL

/* GT_SHARED_MEM */
#define SHARED_WORDS		64
#define GUEST_PATTERN(i)	(0xc0de000000000000UL | ((unsigned long)(i) << 8) | 0x11)
#define HOST_PATTERN(i)		(0xfeed000000000000UL | ((unsigned long)(i) << 8) | 0x22)

/* GT_SBI_PROBE_FORWARD: extensions the kernel leaves to userspace */
#define EXT_DBCN		0x4442434EUL
#define EXT_UNKNOWN		0x08FFFFF0UL

/* Timer deltas in guest time ticks, and how long a guest waits at most. */
#define TIMER_DELTA		10000UL
#define WFI_DELTA		200000UL
#define TIMER_TIMEOUT		100000000UL

/* GT_SPIN: what the host writes into the guest's flag. */
#define SPIN_FLAG		0x5a5aUL

/* GT_REPLY */
#define REPLY_VALUE		0x1234abcd5678ef00UL

/* GT_FPU: IEEE 754 doubles pi and e. */
#define FPU_PI			0x400921fb54442d18UL
#define FPU_E			0x4005bf0a8b145769UL

#endif /* _GUEST_TEST_H */
