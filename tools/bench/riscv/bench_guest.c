// SPDX-License-Identifier: GPL-2.0
/*
 * axvbench guest: one image that runs every guest benchmark, under axvcpu
 * and under KVM alike.  See ../bench.h for how the host drives it.
 */
#include "guest.h"
#include "bench.h"

static inline unsigned long rdcycle(void)
{
	unsigned long v;

	asm volatile("rdcycle %0" : "=r"(v));
	return v;
}

static inline unsigned long rdinstret(void)
{
	unsigned long v;

	asm volatile("rdinstret %0" : "=r"(v));
	return v;
}

static struct sbiret bench_call(unsigned long fid, unsigned long a0,
				unsigned long a1, unsigned long a2)
{
	return sbi_ecall(BENCH_EXT, fid, a0, a1, a2, 0, 0, 0);
}

/* Tell the host, not the console: printing would need more exits. */
void guest_unhandled_trap(struct guest_trap_frame *f)
{
	for (;;)
		bench_call(BENCH_FN_FAIL, f->scause, f->sepc, f->stval);
}

/* Uncompressed, so that both hypervisors decode the same instruction. */
static inline unsigned long mmio_read32(unsigned long addr)
{
	unsigned long v;

	asm volatile(".option push\n.option norvc\n"
		     "lw %0, 0(%1)\n"
		     ".option pop" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write32(unsigned long addr, unsigned long v)
{
	asm volatile(".option push\n.option norvc\n"
		     "sw %0, 0(%1)\n"
		     ".option pop" :: "r"(v), "r"(addr) : "memory");
}

/*
 * Iterations [first, first + n) of benchmark @kind.  Every loop has the
 * same skeleton and adds something per iteration to the checksum, so that
 * the host can tell that each exit really happened and was answered.
 */
static __attribute__((noinline)) unsigned long
bench_loop(unsigned long kind, unsigned long first, unsigned long n,
	   unsigned long fresh)
{
	unsigned long i, end = first + n, sum = 0, step;

	switch (kind) {
	case BENCH_GUEST_LOOP:
		for (i = first; i < end; i++) {
			sum += i;
			barrier();
		}
		break;
	case BENCH_HCALL_KERNEL:
		for (i = first; i < end; i++)
			sum += sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXT,
					 SBI_EXT_TIME, 0, 0, 0, 0, 0).value;
		break;
	case BENCH_HCALL_USER:
		for (i = first; i < end; i++)
			sum += bench_call(BENCH_FN_ECHO, i, 0, 0).value;
		break;
	case BENCH_MMIO_READ:
		for (i = first; i < end; i++)
			sum += mmio_read32(BENCH_MMIO_ADDR);
		break;
	case BENCH_MMIO_WRITE:
		for (i = first; i < end; i++) {
			mmio_write32(BENCH_MMIO_ADDR, i);
			sum += i;
		}
		break;
	case BENCH_PAGE_FAULT:
	case BENCH_PAGE_SCATTER:
		step = BENCH_PAGE_SIZE;
		if (kind == BENCH_PAGE_SCATTER)
			step *= BENCH_SCATTER_PAGES;
		for (i = first; i < end; i++) {
			WRITE_ONCE(*(unsigned long *)(fresh + i * step), i + 1);
			sum += i;
		}
		break;
	}
	return sum;
}

void guest_main(unsigned long hartid, unsigned long kind)
{
	unsigned long n = guest_boot_args[2], warm = guest_boot_args[3];
	unsigned long fresh = guest_boot_args[4];
	unsigned long c0, c1, i0, i1, sum;

	(void)hartid;
	bench_loop(kind, 0, warm, fresh);
	bench_call(BENCH_FN_START, 0, 0, 0);
	c0 = rdcycle();
	i0 = rdinstret();
	sum = bench_loop(kind, warm, n, fresh);
	c1 = rdcycle();
	i1 = rdinstret();
	bench_call(BENCH_FN_END, c1 - c0, i1 - i0, sum);
}
