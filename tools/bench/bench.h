/* SPDX-License-Identifier: GPL-2.0 */
/*
 * axvbench: what the host program and the benchmark guest agree on.
 *
 * The guest is started with its first six argument registers (riscv a0-a5,
 * arm64 x0-x5) = CPU id, BENCH_* kind, timed iterations, warm-up
 * iterations, guest physical address of RAM that nothing has touched yet
 * (for BENCH_PAGE_FAULT and BENCH_PAGE_SCATTER), and the function id of the BENCH_HCALL_USER call
 * (arm64 only: it differs between the hypervisors, see below).  It runs
 * the warm-up, calls BENCH_FN_START, reads its counters, runs the timed
 * loop, reads them again and calls BENCH_FN_END with the counter deltas
 * and a checksum.
 *
 * riscv: control calls are SBI calls of BENCH_EXT (experimental range),
 * which both axvcpu and KVM leave to userspace; cycles and instret are the
 * guest's rdcycle/rdinstret.
 *
 * arm64: KVM in Linux 6.1 answers every HVC it does not implement with
 * NOT_SUPPORTED itself, so control calls are 64-bit MMIO stores to
 * BENCH_CTRL_ADDR: the arguments to BENCH_CTRL_ARG(0..2), then the function
 * id to BENCH_CTRL_FN.  The guest has no instruction counter it may read
 * under both hypervisors: it reports 0 for both.
 */
#ifndef _AXVBENCH_H
#define _AXVBENCH_H

/* Function ids of control calls */
#define BENCH_FN_START		0	/* timed loop begins */
#define BENCH_FN_END		1	/* cycles, instret, checksum */
#define BENCH_FN_ECHO		2	/* riscv BENCH_HCALL_USER: a0 + 1 */
#define BENCH_FN_FAIL		3	/* cause, pc, trap value */

/* Guest benchmarks; the host-only null ioctl has no guest part. */
#define BENCH_GUEST_LOOP	0	/* the loop alone, no exit */
#define BENCH_HCALL_KERNEL	1	/* riscv SBI probe_extension(TIME), arm64 PSCI_VERSION */
#define BENCH_HCALL_USER	2	/* a hypercall answered by the host */
#define BENCH_MMIO_READ		3	/* 32-bit load from BENCH_MMIO_ADDR */
#define BENCH_MMIO_WRITE	4	/* 32-bit store of i to BENCH_MMIO_ADDR */
#define BENCH_PAGE_FAULT	5	/* first store to one new page */
#define BENCH_PAGE_SCATTER	6	/* the same, BENCH_SCATTER_PAGES apart */
#define BENCH_NR_GUEST		7

/*
 * BENCH_PAGE_FAULT touches page after page, BENCH_PAGE_SCATTER one page in
 * this many: every one of its stores is a fault of its own, also where
 * consecutive faults map more than one page.
 */
#define BENCH_SCATTER_PAGES	16UL

/* What the host answers to every MMIO read. */
#define BENCH_MMIO_VALUE	0x1234UL

#define BENCH_PAGE_SIZE		4096UL

#if defined(__riscv)

#define BENCH_RAM_BASE		0x80000000UL
/* Outside guest RAM, so that accesses exit to userspace. */
#define BENCH_MMIO_ADDR		0x40000000UL
#define BENCH_EXT		0x08BE7C00

#elif defined(__aarch64__)

#define BENCH_RAM_BASE		0x40000000UL
#define BENCH_MMIO_ADDR		0x10000000UL
#define BENCH_CTRL_ADDR		0x10001000UL
#define BENCH_CTRL_FN		BENCH_CTRL_ADDR
#define BENCH_CTRL_ARG(n)	(BENCH_CTRL_ADDR + 8 * ((n) + 1))

/*
 * BENCH_HCALL_USER: axvcpu forwards an HVC in the vendor-specific
 * hypervisor service range; KVM 6.1 forwards only PSCI SYSTEM_SUSPEND
 * (with KVM_CAP_ARM_SYSTEM_SUSPEND), whose result userspace sets with
 * KVM_SET_ONE_REG.  Either way the host answers x0 = BENCH_HVC_ANSWER.
 */
#define BENCH_HVC_AXV		0x8600BE02UL
#define BENCH_HVC_KVM		0xC400000EUL	/* PSCI_1_0_FN64_SYSTEM_SUSPEND */
#define BENCH_HVC_ANSWER	1UL
#define BENCH_PSCI_VERSION	0x84000000UL

#else
#error "axvbench: riscv or arm64 only"
#endif

#endif /* _AXVBENCH_H */
