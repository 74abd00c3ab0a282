// SPDX-License-Identifier: GPL-2.0
/*
 * axvbench guest for arm64: one image that runs every guest benchmark,
 * under axvcpu and under KVM alike.  See ../bench.h for how the host
 * drives it.
 */
#include "guest.h"
#include "bench.h"

/*
 * Plain stores and loads with an immediate offset, so that the hardware
 * reports a valid syndrome (ESR ISV) and both hypervisors decode the same
 * access.
 */
static inline void mmio_write64(unsigned long addr, unsigned long v)
{
	asm volatile("str %x0, [%1]" :: "rZ"(v), "r"(addr) : "memory");
}

static inline void mmio_write32(unsigned long addr, unsigned long v)
{
	asm volatile("str %w0, [%1]" :: "rZ"(v), "r"(addr) : "memory");
}

static inline unsigned long mmio_read32(unsigned long addr)
{
	unsigned int v;

	asm volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static void bench_ctrl(unsigned long fn, unsigned long a0, unsigned long a1,
		       unsigned long a2)
{
	mmio_write64(BENCH_CTRL_ARG(0), a0);
	mmio_write64(BENCH_CTRL_ARG(1), a1);
	mmio_write64(BENCH_CTRL_ARG(2), a2);
	mmio_write64(BENCH_CTRL_FN, fn);
}

/* HVC #0 with x0 = @fn, x1 = @arg; x0 comes back. */
static inline unsigned long hvc1(unsigned long fn, unsigned long arg)
{
	register unsigned long x0 asm("x0") = fn;
	register unsigned long x1 asm("x1") = arg;

	asm volatile("hvc #0" : "+r"(x0), "+r"(x1)
		     :: "x2", "x3", "memory");
	return x0;
}

/* Tell the host, not the console: printing would need more exits. */
void guest_unhandled_trap(struct guest_trap_frame *f)
{
	for (;;)
		bench_ctrl(BENCH_FN_FAIL, f->esr, f->elr, f->far);
}

/*
 * Iterations [first, first + n) of benchmark @kind.  Every loop has the
 * same skeleton and adds something per iteration to the checksum, so that
 * the host can tell that each exit really happened and was answered.
 */
static __attribute__((noinline)) unsigned long
bench_loop(unsigned long kind, unsigned long first, unsigned long n,
	   unsigned long fresh, unsigned long hvc_fn)
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
		/* 1 per call that returned a version, not NOT_SUPPORTED. */
		for (i = first; i < end; i++)
			sum += (long)hvc1(BENCH_PSCI_VERSION, 0) > 0;
		break;
	case BENCH_HCALL_USER:
		for (i = first; i < end; i++)
			sum += hvc1(hvc_fn, i);
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

void guest_main(unsigned long cpu, unsigned long arg)
{
	unsigned long kind = guest_boot_args[1], n = guest_boot_args[2];
	unsigned long warm = guest_boot_args[3], fresh = guest_boot_args[4];
	unsigned long hvc_fn = guest_boot_args[5], sum;

	(void)cpu;
	(void)arg;
	bench_loop(kind, 0, warm, fresh, hvc_fn);
	bench_ctrl(BENCH_FN_START, 0, 0, 0);
	sum = bench_loop(kind, warm, n, fresh, hvc_fn);
	bench_ctrl(BENCH_FN_END, 0, 0, sum);
}
