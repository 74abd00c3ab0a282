/* SPDX-License-Identifier: GPL-2.0 */
/*
 * axvbench: what the host program and the benchmark guest agree on.
 *
 * The guest is started with a0 = hart id, a1 = BENCH_* kind, a2 = timed
 * iterations, a3 = warm-up iterations, a4 = guest physical address of RAM
 * that nothing has touched yet (for BENCH_PAGE_FAULT).  It runs the warm-up,
 * calls BENCH_FN_START, reads cycle and instret, runs the timed loop, reads
 * them again and calls BENCH_FN_END with a0 = cycles, a1 = instret,
 * a2 = checksum.  Control calls are SBI calls of an extension in the
 * experimental range, which both axvcpu and KVM leave to userspace.
 */
#ifndef _AXVBENCH_H
#define _AXVBENCH_H

#define BENCH_EXT		0x08BE7C00

/* Function ids (a6) of BENCH_EXT calls */
#define BENCH_FN_START		0	/* timed loop begins */
#define BENCH_FN_END		1	/* a0 cycles, a1 instret, a2 checksum */
#define BENCH_FN_ECHO		2	/* BENCH_SBI_USER: answer a0 + 1 */
#define BENCH_FN_FAIL		3	/* a0 scause, a1 sepc, a2 stval */

/* Guest benchmarks (a1); the host-only null ioctl has no guest part. */
#define BENCH_GUEST_LOOP	0	/* the loop alone, no exit */
#define BENCH_SBI_KERNEL	1	/* SBI BASE probe_extension(TIME) */
#define BENCH_SBI_USER		2	/* BENCH_FN_ECHO, answered by the host */
#define BENCH_MMIO_READ		3	/* 32-bit load from BENCH_MMIO_ADDR */
#define BENCH_MMIO_WRITE	4	/* 32-bit store of i to BENCH_MMIO_ADDR */
#define BENCH_PAGE_FAULT	5	/* first store to one new page */
#define BENCH_NR_GUEST		6

/* Outside guest RAM, so that accesses exit to userspace. */
#define BENCH_MMIO_ADDR		0x40000000UL
/* What the host answers to every MMIO read. */
#define BENCH_MMIO_VALUE	0x1234UL

#define BENCH_PAGE_SIZE		4096UL

#endif /* _AXVBENCH_H */
