/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by hostile_test.c (host) and hostile_test_guest.c (guest).  The
 * host starts vCPU 0 at the image with a0 = 0 and a1 = the behaviour.
 */
#ifndef _HOSTILE_TEST_H
#define _HOSTILE_TEST_H

enum hostile_test {
	HT_MUNMAP = 1,		/* touch scratch pages, use them after munmap */
	HT_DELETE,		/* increment a scratch word forever */
	HT_CSR_GARBAGE,		/* write garbage to every CSR it can name */
	HT_IRQS_OFF_SPIN,	/* spin forever with interrupts off */
	HT_WFI_FOREVER,		/* wfi forever, an interrupt enabled */
	HT_MMIO_LOOP,		/* MMIO_LOOPS MMIO reads, report the sum */
	HT_PAGE_FAULT_LOOP,	/* paging on with an empty root: faults forever */
	HT_PT_OUTSIDE_RAM,	/* paging on with a root outside RAM */
	HT_RO_READ,		/* read a read-only slot twice */
	HT_TOUCH,		/* write TOUCH_PATTERN at a2, read it back */
};

#define TOUCH_PATTERN		0x600d600d600d600dUL

/* A second memory slot, SCRATCH_PAGES pages. */
#define SCRATCH_SLOT		1
#define SCRATCH_GPA		0x90000000UL
#define SCRATCH_PAGES		4
#define PAGE_SZ			4096UL
#define SCRATCH_PATTERN(pg, i)	(0x5c5c000000000000UL | ((unsigned long)(pg) << 16) | (i))
#define HOST_MARKER(pg)		(0x4d4d4d4d00000000UL | (pg))
#define GUEST_REWRITE		0x7777777777777777UL

/* Outside RAM and any slot: accesses exit as MMIO. */
#define MMIO_ADDR		0x10000000UL
#define MMIO_LOOPS		10000UL
#define MMIO_VALUE(i)		((i) * 3 + 1)

/* A read-only slot. */
#define RO_SLOT			2
#define RO_GPA			0xa0000000UL
#define RO_PATTERN		0x0123456789abcdefUL

#define NOT_RAM_ROOT		0x40000000UL

/*
 * HT_CSR_GARBAGE: one result per CSR, the trapped ones marked.  The guest
 * reports the guest address of struct csr_result[NR_CSR_RESULTS].
 */
struct csr_result {
	unsigned long csr;
	unsigned long written;
	unsigned long readback;
	unsigned long trapped;
};

#define NR_CSR_RESULTS		32

#endif /* _HOSTILE_TEST_H */
