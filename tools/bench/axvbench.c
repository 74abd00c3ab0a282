// SPDX-License-Identifier: GPL-2.0
/*
 * axvbench: exit round trips under axvcpu and under KVM, in the same boot,
 * with the same guest image (<arch>/bench_guest.c) and the same host loop.
 *
 * Rows (see bench.h for the guest side):
 *
 *   null_ioctl  AXVCPU_CHECK_EXTENSION on a VM fd / KVM_CHECK_EXTENSION on
 *               /dev/kvm: the syscall floor (timed here, no guest)
 *   guest_loop  the guest's loop with no exit (the floor of the guest rows)
 *   sbi_kernel  riscv: SBI BASE probe_extension(TIME), answered in the kernel
 *   psci_kernel arm64: PSCI_VERSION, answered in the kernel
 *   sbi_user    riscv: an SBI call in the experimental range, answered here
 *   hvc_user    arm64: an HVC answered here (KVM: PSCI SYSTEM_SUSPEND, the
 *               only one KVM 6.1 forwards, completed with KVM_SET_ONE_REG)
 *   mmio_read   a 32-bit load outside RAM, completed here
 *   mmio_write  a 32-bit store outside RAM, completed here
 *   page_fault  the guest's first store to a page of fresh RAM, page after page
 *   page_scatter the same, one page in BENCH_SCATTER_PAGES: one fault each
 *
 * Every figure is the median over --reps repetitions (a fresh VM each) of
 * the time per iteration: host nanoseconds from CLOCK_MONOTONIC around the
 * timed loop and, for the guest rows, cycle and instret deltas that the
 * guest reads itself.  Under QEMU -icount shift=0 one virtual ns is one
 * executed instruction, so the figures repeat exactly.
 *
 * Output: a text table and a CSV on stdout, framed by "--- axvbench ..."
 * lines for tools/bench/extract.py; progress and errors on stderr.  Exits
 * non-zero when something did not work (never because of a figure).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

#include "axvcpu_lib.h"
#include "bench.h"

/*
 * On arm64 <linux/kvm.h> brings <linux/psci.h>, whose names libaxvcpu's
 * header spells out as well: take the uapi header's.
 */
#if defined(__aarch64__)
#undef PSCI_0_2_FN_PSCI_VERSION
#undef PSCI_0_2_FN_CPU_OFF
#undef PSCI_0_2_FN64_CPU_ON
#undef PSCI_0_2_FN_SYSTEM_OFF
#undef PSCI_0_2_FN_SYSTEM_RESET
#endif
#include <linux/kvm.h>

#define KVM_DEVICE	"/dev/kvm"
#define KVM_MODULE	"/kvm.ko"

#define RAM_BASE	BENCH_RAM_BASE
/* Both hypervisors get the same slot; the selftests use 2 MiB and up. */
#define RAM_SIZE	(4ULL << 20)
#define PF_RAM_SIZE	(64ULL << 20)
/* Where fresh RAM starts: well above the image, its .bss and stacks. */
#define PF_FRESH_OFF	(2ULL << 20)
#define PF_MAX_PAGES	((PF_RAM_SIZE - PF_FRESH_OFF) / BENCH_PAGE_SIZE)
#define PF_MAX_WARM	256

/* Argument registers the guest starts with (bench.h). */
#define NR_ARGS		6

#define MAX_REPS	101
/* The guest loop alone is a few instructions: run it longer. */
#define GUEST_LOOP_MULT	100

extern const unsigned char bench_guest_start[], bench_guest_end[];

enum { HV_AXV, HV_KVM, NR_HV };
static const char *const hv_name[NR_HV] = { "axvcpu", "kvm" };

enum {
	ROW_NULL_IOCTL,
	ROW_GUEST_LOOP,
	ROW_HCALL_KERNEL,
	ROW_HCALL_USER,
	ROW_MMIO_READ,
	ROW_MMIO_WRITE,
	ROW_PAGE_FAULT,
	ROW_PAGE_SCATTER,
	NR_ROWS,
};

/* Guest rows are BENCH_* kind + 1. */
static const struct {
	const char *name;
	const char *what;
} rows[NR_ROWS] = {
	{ "null_ioctl", "CHECK_EXTENSION ioctl, no guest (syscall floor)" },
	{ "guest_loop", "guest loop iteration without exit" },
#if defined(__riscv)
	{ "sbi_kernel", "SBI BASE probe_extension(TIME), handled in kernel" },
	{ "sbi_user", "SBI call forwarded to userspace and resumed" },
#else
	{ "psci_kernel", "PSCI_VERSION HVC, handled in kernel" },
	{ "hvc_user", "HVC forwarded to userspace and resumed "
		      "(kvm: PSCI SYSTEM_SUSPEND, x0 set with KVM_SET_ONE_REG)" },
#endif
	{ "mmio_read", "32-bit MMIO load completed by userspace" },
	{ "mmio_write", "32-bit MMIO store completed by userspace" },
	{ "page_fault", "first guest store to a fresh 4 KiB page, page after page" },
	{ "page_scatter", "the same, 64 KiB apart: every store a fault of its own" },
};

/* One repetition, per iteration. */
struct sample {
	double ns;
	double cycles;		/* 0: not measured (null_ioctl) */
	double instret;
};

struct result {
	unsigned long iters;
	int n;
	struct sample s[MAX_REPS];
};

static struct result results[NR_ROWS][NR_HV];

/* Options */
static unsigned long opt_iters = 10000;
static unsigned long opt_pages = 8192;
static int opt_reps = 7;
static bool opt_verbose;
/* --row and --hv: what to run (default: everything), bit per row or hv */
static unsigned int opt_rows, opt_hvs;

static int kvm_fd = -1;

/* What the host saw of one guest run. */
struct bench_state {
	uint64_t t0, t1;
	uint64_t cycles, instret, sum;
	uint64_t written;
	uint64_t ctrl[3];	/* arm64: control call arguments */
	bool started, ended;
};

struct guest {
	int hv;
	void *ram;
	size_t ram_size;
	struct axv_vm vm;
	struct axv_vcpu vcpu;
	int vm_fd, vcpu_fd;
	struct kvm_run *run;
	size_t run_size;
};

static void __attribute__((format(printf, 1, 2), noreturn))
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "axvbench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* The test kernel builds KVM as a module; the initramfs carries it. */
static int kvm_open(void)
{
	int fd = open(KVM_DEVICE, O_RDWR | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT) {
		int ko = open(KVM_MODULE, O_RDONLY | O_CLOEXEC);

		if (ko >= 0) {
			syscall(SYS_finit_module, ko, "", 0);
			close(ko);
		}
		fd = open(KVM_DEVICE, O_RDWR | O_CLOEXEC);
	}
	return fd;
}

#if defined(__riscv)
#define KVM_CORE_REG(name)						\
	(KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_CORE |	\
	 KVM_REG_RISCV_CORE_REG(name))
#define KVM_REG_PC	KVM_CORE_REG(regs.pc)
#define KVM_REG_ARG(n)	(KVM_CORE_REG(regs.a0) + (n))
#define AXV_REG_ARG(n)	AXV_REG_A(n)
#else
#define KVM_CORE_REG(name)						\
	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE |		\
	 KVM_REG_ARM_CORE_REG(name))
#define KVM_REG_PC	KVM_CORE_REG(regs.pc)
/* x0-x30 are 64 bits, two KVM register-id units, apart. */
#define KVM_REG_ARG(n)	(KVM_CORE_REG(regs.regs[0]) + 2 * (n))
#define AXV_REG_ARG(n)	AXV_REG_X(n)
#endif

static void kvm_set_reg(struct guest *g, uint64_t id, uint64_t val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&val };

	if (ioctl(g->vcpu_fd, KVM_SET_ONE_REG, &reg))
		die("KVM_SET_ONE_REG %#llx: %s", (unsigned long long)id,
		    strerror(errno));
}

static void axv_guest_create(struct guest *g, const uint64_t *args)
{
	struct axvcpu_regs regs;
	int i;

	axv_vm_open(&g->vm);
	axv_set_memory_region(&g->vm, 0, 0, RAM_BASE, g->ram_size, g->ram);
	axv_vcpu_create(&g->vm, 0, &g->vcpu);
	axv_get_regs(&g->vcpu, &regs);
	regs.pc = RAM_BASE;
	for (i = 0; i < NR_ARGS; i++) {
#if defined(__riscv)
		regs.gpr[AXV_REG_ARG(i)] = args[i];
#else
		regs.x[AXV_REG_ARG(i)] = args[i];
#endif
	}
	axv_set_regs(&g->vcpu, &regs);
}

#if defined(__aarch64__)
/* A vCPU as KVM resets it, with PSCI 0.2+ (PSCI_VERSION, SYSTEM_SUSPEND). */
static void kvm_arm64_vcpu_init(struct guest *g)
{
	struct kvm_enable_cap cap = { .cap = KVM_CAP_ARM_SYSTEM_SUSPEND };
	struct kvm_vcpu_init init;

	if (ioctl(g->vm_fd, KVM_ENABLE_CAP, &cap))
		die("KVM_ENABLE_CAP(ARM_SYSTEM_SUSPEND): %s", strerror(errno));
	memset(&init, 0, sizeof(init));
	if (ioctl(g->vm_fd, KVM_ARM_PREFERRED_TARGET, &init))
		die("KVM_ARM_PREFERRED_TARGET: %s", strerror(errno));
	init.features[0] |= 1U << KVM_ARM_VCPU_PSCI_0_2;
	if (ioctl(g->vcpu_fd, KVM_ARM_VCPU_INIT, &init))
		die("KVM_ARM_VCPU_INIT: %s", strerror(errno));
}
#endif

static void kvm_guest_create(struct guest *g, const uint64_t *args)
{
	struct kvm_userspace_memory_region mem = {
		.slot = 0,
		.guest_phys_addr = RAM_BASE,
		.memory_size = g->ram_size,
		.userspace_addr = (uintptr_t)g->ram,
	};
	int i, ret;

	g->vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (g->vm_fd < 0)
		die("KVM_CREATE_VM: %s", strerror(errno));
	if (ioctl(g->vm_fd, KVM_SET_USER_MEMORY_REGION, &mem))
		die("KVM_SET_USER_MEMORY_REGION: %s", strerror(errno));
	g->vcpu_fd = ioctl(g->vm_fd, KVM_CREATE_VCPU, 0);
	if (g->vcpu_fd < 0)
		die("KVM_CREATE_VCPU: %s", strerror(errno));
#if defined(__aarch64__)
	kvm_arm64_vcpu_init(g);
#endif
	ret = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (ret <= 0)
		die("KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
	g->run_size = ret;
	g->run = mmap(NULL, g->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      g->vcpu_fd, 0);
	if (g->run == MAP_FAILED)
		die("mmap kvm_run: %s", strerror(errno));
	kvm_set_reg(g, KVM_REG_PC, RAM_BASE);
	for (i = 0; i < NR_ARGS; i++)
		kvm_set_reg(g, KVM_REG_ARG(i), args[i]);
}

/*
 * A VM with one vCPU at RAM_BASE and its argument registers as bench.h
 * describes, in fresh anonymous memory (the page_fault row needs pages
 * nobody touched yet).
 */
static void guest_create(struct guest *g, int hv, int kind,
			 unsigned long iters, unsigned long warm)
{
	size_t img_size = bench_guest_end - bench_guest_start;
	const uint64_t args[NR_ARGS] = {
		0, kind, iters, warm, RAM_BASE + PF_FRESH_OFF,
#if defined(__aarch64__)
		hv == HV_AXV ? BENCH_HVC_AXV : BENCH_HVC_KVM,
#else
		0,
#endif
	};

	memset(g, 0, sizeof(*g));
	g->hv = hv;
	g->ram_size = kind == BENCH_PAGE_FAULT || kind == BENCH_PAGE_SCATTER ?
		      PF_RAM_SIZE : RAM_SIZE;
	g->ram = mmap(NULL, g->ram_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (g->ram == MAP_FAILED)
		die("mmap %zu bytes: %s", g->ram_size, strerror(errno));
	if (img_size > PF_FRESH_OFF)
		die("guest image too big (%zu bytes)", img_size);
	memcpy(g->ram, bench_guest_start, img_size);
	if (hv == HV_AXV)
		axv_guest_create(g, args);
	else
		kvm_guest_create(g, args);
}

static void guest_destroy(struct guest *g)
{
	if (g->hv == HV_AXV) {
		axv_vcpu_close(&g->vcpu);
		axv_vm_close(&g->vm);
	} else {
		munmap(g->run, g->run_size);
		close(g->vcpu_fd);
		close(g->vm_fd);
	}
	munmap(g->ram, g->ram_size);
}

/*
 * A control call (riscv: BENCH_EXT but ECHO; arm64: a store to
 * BENCH_CTRL_FN).  Returns 1 when the guest is done.
 */
static int bench_control(struct bench_state *st, uint64_t fid, uint64_t a0,
			 uint64_t a1, uint64_t a2)
{
	switch (fid) {
	case BENCH_FN_START:
		st->started = true;
		st->written = 0;
		st->t0 = now_ns();
		return 0;
	case BENCH_FN_END:
		st->t1 = now_ns();
		st->ended = true;
		st->cycles = a0;
		st->instret = a1;
		st->sum = a2;
		return 1;
	case BENCH_FN_FAIL:
		die("guest trap: cause %#llx pc %#llx value %#llx",
		    (unsigned long long)a0, (unsigned long long)a1,
		    (unsigned long long)a2);
	default:
		die("guest called unknown function %llu",
		    (unsigned long long)fid);
	}
}

static void __attribute__((noreturn)) bad_mmio(uint64_t addr, uint32_t len)
{
	die("MMIO at %#llx len %u, want %#lx len 4", (unsigned long long)addr,
	    len, BENCH_MMIO_ADDR);
}

/* KVM's MMIO exit on the benchmark's register, whose data is bytes. */
static void kvm_bench_reg(struct kvm_run *run, struct bench_state *st)
{
	uint32_t v32;

	if (run->mmio.is_write) {
		memcpy(&v32, run->mmio.data, 4);
		st->written += v32;
	} else {
		v32 = BENCH_MMIO_VALUE;
		memcpy(run->mmio.data, &v32, 4);
	}
}

#if defined(__riscv)

/*
 * The two run loops do the same work in the same order, so that only the
 * hypervisor differs: raw ioctls, the answer written into the run page.
 */
static void axv_run_bench(struct guest *g, struct bench_state *st)
{
	struct axvcpu_run *run = g->vcpu.run;

	for (;;) {
		if (ioctl(g->vcpu.fd, AXVCPU_RUN, 0) < 0) {
			if (errno == EINTR)
				continue;
			die("AXVCPU_RUN: %s", strerror(errno));
		}
		switch (run->exit_reason) {
		case AXVCPU_EXIT_HYPERCALL:
			if (run->hypercall.nr != BENCH_EXT)
				break;
			run->hypercall.ret[0] = 0;
			if (run->hypercall.function == BENCH_FN_ECHO) {
				run->hypercall.ret[1] =
					run->hypercall.args[0] + 1;
				continue;
			}
			if (bench_control(st, run->hypercall.function,
					  run->hypercall.args[0],
					  run->hypercall.args[1],
					  run->hypercall.args[2]))
				return;
			continue;
		case AXVCPU_EXIT_MMIO_READ:
			if (run->mmio.phys_addr != BENCH_MMIO_ADDR ||
			    run->mmio.len != 4)
				bad_mmio(run->mmio.phys_addr, run->mmio.len);
			run->mmio.data = BENCH_MMIO_VALUE;
			continue;
		case AXVCPU_EXIT_MMIO_WRITE:
			if (run->mmio.phys_addr != BENCH_MMIO_ADDR ||
			    run->mmio.len != 4)
				bad_mmio(run->mmio.phys_addr, run->mmio.len);
			st->written += (uint32_t)run->mmio.data;
			continue;
		default:
			break;
		}
		axv_dump_exit(stderr, run);
		die("axvcpu: unexpected exit %u (%s)", run->exit_reason,
		    axv_exit_name(run->exit_reason));
	}
}

static void kvm_run_bench(struct guest *g, struct bench_state *st)
{
	struct kvm_run *run = g->run;

	for (;;) {
		if (ioctl(g->vcpu_fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR)
				continue;
			die("KVM_RUN: %s", strerror(errno));
		}
		switch (run->exit_reason) {
		case KVM_EXIT_RISCV_SBI:
			if (run->riscv_sbi.extension_id != BENCH_EXT)
				break;
			run->riscv_sbi.ret[0] = 0;
			if (run->riscv_sbi.function_id == BENCH_FN_ECHO) {
				run->riscv_sbi.ret[1] =
					run->riscv_sbi.args[0] + 1;
				continue;
			}
			if (bench_control(st, run->riscv_sbi.function_id,
					  run->riscv_sbi.args[0],
					  run->riscv_sbi.args[1],
					  run->riscv_sbi.args[2]))
				return;
			continue;
		case KVM_EXIT_MMIO:
			if (run->mmio.phys_addr != BENCH_MMIO_ADDR ||
			    run->mmio.len != 4)
				bad_mmio(run->mmio.phys_addr, run->mmio.len);
			kvm_bench_reg(run, st);
			continue;
		default:
			break;
		}
		if (run->exit_reason == KVM_EXIT_RISCV_SBI)
			die("kvm: unexpected SBI call ext %#lx fid %#lx",
			    run->riscv_sbi.extension_id,
			    run->riscv_sbi.function_id);
		die("kvm: unexpected exit %u", run->exit_reason);
	}
}

#else /* __aarch64__ */

/*
 * An MMIO store that is not to the benchmark's register: a control call's
 * argument or function.  Returns 1 when the guest is done, 0 to go on.
 */
static int bench_ctrl_store(struct bench_state *st, uint64_t addr,
			    uint32_t len, uint64_t data)
{
	if (len == 8 && addr >= BENCH_CTRL_ARG(0) &&
	    addr <= BENCH_CTRL_ARG(2)) {
		st->ctrl[(addr - BENCH_CTRL_ARG(0)) / 8] = data;
		return 0;
	}
	if (len == 8 && addr == BENCH_CTRL_FN)
		return bench_control(st, data, st->ctrl[0], st->ctrl[1],
				     st->ctrl[2]);
	bad_mmio(addr, len);
}

/*
 * The two run loops do the same work in the same order, so that only the
 * hypervisor differs: raw ioctls, the answer written into the run page
 * (KVM: the SYSTEM_SUSPEND result with KVM_SET_ONE_REG, as KVM wants it).
 * The benchmark's own register is answered in the loop, as on riscv; the
 * control calls take the slow way.
 */
static void axv_run_bench(struct guest *g, struct bench_state *st)
{
	struct axvcpu_run *run = g->vcpu.run;

	for (;;) {
		if (ioctl(g->vcpu.fd, AXVCPU_RUN, 0) < 0) {
			if (errno == EINTR)
				continue;
			die("AXVCPU_RUN: %s", strerror(errno));
		}
		switch (run->exit_reason) {
		case AXVCPU_EXIT_HYPERCALL:
			if (run->hypercall.nr != BENCH_HVC_AXV)
				break;
			run->hypercall.ret[0] = BENCH_HVC_ANSWER;
			continue;
		case AXVCPU_EXIT_MMIO_READ:
			if (run->mmio.phys_addr != BENCH_MMIO_ADDR ||
			    run->mmio.len != 4)
				bad_mmio(run->mmio.phys_addr, run->mmio.len);
			run->mmio.data = BENCH_MMIO_VALUE;
			continue;
		case AXVCPU_EXIT_MMIO_WRITE:
			if (run->mmio.phys_addr == BENCH_MMIO_ADDR &&
			    run->mmio.len == 4) {
				st->written += (uint32_t)run->mmio.data;
				continue;
			}
			if (bench_ctrl_store(st, run->mmio.phys_addr,
					     run->mmio.len, run->mmio.data))
				return;
			continue;
		default:
			break;
		}
		axv_dump_exit(stderr, run);
		die("axvcpu: unexpected exit %u (%s)", run->exit_reason,
		    axv_exit_name(run->exit_reason));
	}
}

static void kvm_run_bench(struct guest *g, struct bench_state *st)
{
	struct kvm_run *run = g->run;
	uint64_t data;

	for (;;) {
		if (ioctl(g->vcpu_fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR)
				continue;
			die("KVM_RUN: %s", strerror(errno));
		}
		switch (run->exit_reason) {
		case KVM_EXIT_SYSTEM_EVENT:
			if (run->system_event.type != KVM_SYSTEM_EVENT_SUSPEND)
				break;
			kvm_set_reg(g, KVM_REG_ARG(0), BENCH_HVC_ANSWER);
			continue;
		case KVM_EXIT_MMIO:
			if (run->mmio.phys_addr == BENCH_MMIO_ADDR &&
			    run->mmio.len == 4) {
				kvm_bench_reg(run, st);
				continue;
			}
			if (!run->mmio.is_write)
				bad_mmio(run->mmio.phys_addr, run->mmio.len);
			data = 0;
			memcpy(&data, run->mmio.data,
			       run->mmio.len <= 8 ? run->mmio.len : 8);
			if (bench_ctrl_store(st, run->mmio.phys_addr,
					     run->mmio.len, data))
				return;
			continue;
		default:
			break;
		}
		die("kvm: unexpected exit %u", run->exit_reason);
	}
}

#endif

/* Sum of i over [first, first + n). */
static uint64_t sum_range(uint64_t first, uint64_t n)
{
	return n * first + n * (n - 1) / 2;
}

/* What the guest's checksum must be: each exit happened and was answered. */
static void check_result(struct guest *g, int kind, const struct bench_state *st,
			 unsigned long warm, unsigned long n)
{
	uint64_t want;

	if (!st->started || !st->ended)
		die("%s: guest did not start and end its loop", hv_name[g->hv]);
	switch (kind) {
	case BENCH_HCALL_KERNEL:
		want = n;	/* one per call that the kernel answered */
		break;
	case BENCH_HCALL_USER:
#if defined(__riscv)
		want = sum_range(warm, n) + n;
#else
		want = n * BENCH_HVC_ANSWER;
#endif
		break;
	case BENCH_MMIO_READ:
		want = n * BENCH_MMIO_VALUE;
		break;
	default:
		want = sum_range(warm, n);
		break;
	}
	if (st->sum != want)
		die("%s %s: guest checksum %#llx, want %#llx", hv_name[g->hv],
		    rows[kind + 1].name, (unsigned long long)st->sum,
		    (unsigned long long)want);
	if (kind == BENCH_MMIO_WRITE && st->written != (uint32_t)want &&
	    st->written != want)
		die("%s: host saw writes summing to %#llx, want %#llx",
		    hv_name[g->hv], (unsigned long long)st->written,
		    (unsigned long long)want);
	if (kind == BENCH_PAGE_FAULT || kind == BENCH_PAGE_SCATTER) {
		const unsigned char *fresh = (unsigned char *)g->ram +
					     PF_FRESH_OFF;
		unsigned long step = BENCH_PAGE_SIZE;
		const unsigned long pages[3] = {
			warm, warm + n / 2, warm + n - 1
		};
		int i;

		if (kind == BENCH_PAGE_SCATTER)
			step *= BENCH_SCATTER_PAGES;
		/* The first, a middle and the last page the guest touched. */
		for (i = 0; i < 3; i++) {
			uint64_t v;

			memcpy(&v, fresh + pages[i] * step, sizeof(v));
			if (v != pages[i] + 1)
				die("%s: page %lu holds %#llx, want %#lx",
				    hv_name[g->hv], pages[i],
				    (unsigned long long)v, pages[i] + 1);
		}
	}
}

/* Warm-up iterations before a timed loop of @n: caches, TLBs, branches. */
static unsigned long warmup(unsigned long n, unsigned long max)
{
	unsigned long w = n / 8;

	return w < 1 ? 1 : w > max ? max : w;
}

static unsigned long row_iters(int row)
{
	switch (row) {
	case ROW_GUEST_LOOP:
		return opt_iters * GUEST_LOOP_MULT;
	case ROW_PAGE_FAULT:
		return opt_pages;
	case ROW_PAGE_SCATTER:
		/* Spread over the same slot as page_fault's pages. */
		return opt_pages < BENCH_SCATTER_PAGES ?
		       1 : opt_pages / BENCH_SCATTER_PAGES;
	case ROW_NULL_IOCTL:
		return opt_iters * 4;
	default:
		return opt_iters;
	}
}

static void run_guest_row(int row, int hv, struct sample *s)
{
	int kind = row - 1;
	unsigned long n = row_iters(row);
	/* Warm-up pages come out of the same slot as the timed ones. */
	unsigned long warm = warmup(n, kind == BENCH_PAGE_FAULT ? PF_MAX_WARM :
				    kind == BENCH_PAGE_SCATTER ?
				    PF_MAX_WARM / BENCH_SCATTER_PAGES : 1000);
	struct bench_state st = { 0 };
	struct guest g;

	guest_create(&g, hv, kind, n, warm);
	if (hv == HV_AXV)
		axv_run_bench(&g, &st);
	else
		kvm_run_bench(&g, &st);
	check_result(&g, kind, &st, warm, n);
	guest_destroy(&g);

	s->ns = (double)(st.t1 - st.t0) / n;
	s->cycles = (double)st.cycles / n;
	s->instret = (double)st.instret / n;
}

static void run_null_ioctl(int hv, struct sample *s)
{
	unsigned long i, n = row_iters(ROW_NULL_IOCTL), warm = warmup(n, 1000);
	unsigned long req, arg;
	struct axv_vm vm;
	uint64_t t0, t1;
	int fd;

	if (hv == HV_AXV) {
		axv_vm_open(&vm);
		fd = vm.fd;
		req = AXVCPU_CHECK_EXTENSION;
		arg = AXVCPU_CAP_NR_VCPUS;
	} else {
		fd = kvm_fd;
		req = KVM_CHECK_EXTENSION;
		arg = KVM_CAP_USER_MEMORY;
	}
	for (i = 0; i < warm; i++)
		if (ioctl(fd, req, arg) <= 0)
			die("%s: CHECK_EXTENSION: %s", hv_name[hv],
			    strerror(errno));
	t0 = now_ns();
	for (i = 0; i < n; i++)
		ioctl(fd, req, arg);
	t1 = now_ns();
	if (hv == HV_AXV)
		axv_vm_close(&vm);

	s->ns = (double)(t1 - t0) / n;
	s->cycles = 0;
	s->instret = 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median, min and max of one field of a result's samples. */
static double stat(const struct result *r, size_t off, double *min,
		   double *max)
{
	double v[MAX_REPS];
	int i;

	if (!r->n) {
		/* Not run (--row, --hv): printed as "-" or left out. */
		if (min)
			*min = 0;
		if (max)
			*max = 0;
		return 0;
	}
	for (i = 0; i < r->n; i++)
		v[i] = *(const double *)((const char *)&r->s[i] + off);
	qsort(v, r->n, sizeof(v[0]), cmp_double);
	if (min)
		*min = v[0];
	if (max)
		*max = v[r->n - 1];
	return r->n % 2 ? v[r->n / 2] : (v[r->n / 2 - 1] + v[r->n / 2]) / 2;
}

#define STAT(r, field, min, max) \
	stat(r, offsetof(struct sample, field), min, max)

/* "-" for a figure that was not measured. */
static const char *fmt_num(char *buf, size_t size, double v, int prec)
{
	if (v <= 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.*f", prec, v);
	return buf;
}

/* @a / @b, or 0 ("-") where either was not measured. */
static double ratio(double a, double b)
{
	return a > 0 && b > 0 ? a / b : 0;
}

static void print_results(void)
{
	double null_ns[NR_HV];
	struct utsname uts;
	int row, hv;

	uname(&uts);
	for (hv = 0; hv < NR_HV; hv++)
		null_ns[hv] = STAT(&results[ROW_NULL_IOCTL][hv], ns, NULL,
				   NULL);

	printf("--- axvbench table ---\n");
	printf("axvbench on %s %s: per exit (per iteration), median of %d repetitions\n",
	       uts.machine, uts.release, opt_reps);
	printf("ns: host CLOCK_MONOTONIC around the timed loop (min..max over the repetitions)\n");
	printf("cycles, instret: read by the guest around its loop (\"-\": no guest)\n");
	printf("axv/kvm: axvcpu ns / KVM ns (lower is better); /null: ns / the same hypervisor's null ioctl\n\n");
	printf("%-12s %-6s %8s %10s %10s %10s %7s %10s %10s %8s %7s\n",
	       "row", "hv", "iters", "ns min", "ns median", "ns max",
	       "spread", "cycles", "instret", "axv/kvm", "/null");
	for (row = 0; row < NR_ROWS; row++) {
		double kvm_ns = STAT(&results[row][HV_KVM], ns, NULL, NULL);
		double axv_ns = STAT(&results[row][HV_AXV], ns, NULL, NULL);

		for (hv = 0; hv < NR_HV; hv++) {
			const struct result *r = &results[row][hv];
			double min, max, med, cyc, ins;
			char cb[32], ib[32], kb[32], nb[32];

			if (!r->n)
				continue;	/* left out with --row or --hv */
			med = STAT(r, ns, &min, &max);
			cyc = STAT(r, cycles, NULL, NULL);
			ins = STAT(r, instret, NULL, NULL);
			printf("%-12s %-6s %8lu %10.1f %10.1f %10.1f %6.2f%% %10s %10s %8s %7s\n",
			       rows[row].name, hv_name[hv], r->iters, min, med,
			       max, med > 0 ? 100 * (max - min) / med : 0,
			       fmt_num(cb, sizeof(cb), cyc, 1),
			       fmt_num(ib, sizeof(ib), ins, 1),
			       fmt_num(kb, sizeof(kb), ratio(axv_ns, kvm_ns), 3),
			       fmt_num(nb, sizeof(nb), ratio(med, null_ns[hv]),
				       2));
		}
	}
	printf("\nrows:\n");
	for (row = 0; row < NR_ROWS; row++)
		printf("  %-12s %s\n", rows[row].name, rows[row].what);

	printf("--- axvbench csv ---\n");
	printf("row,hypervisor,iterations,repetitions,ns_min,ns_median,ns_max,cycles,instret,axvcpu_over_kvm,over_null_ioctl\n");
	for (row = 0; row < NR_ROWS; row++) {
		double kvm_ns = STAT(&results[row][HV_KVM], ns, NULL, NULL);
		double axv_ns = STAT(&results[row][HV_AXV], ns, NULL, NULL);

		for (hv = 0; hv < NR_HV; hv++) {
			const struct result *r = &results[row][hv];
			double min, max, med;
			char cb[32], ib[32], kb[32], nb[32];

			if (!r->n)
				continue;
			med = STAT(r, ns, &min, &max);
			printf("%s,%s,%lu,%d,%.1f,%.1f,%.1f,%s,%s,%s,%s\n",
			       rows[row].name, hv_name[hv], r->iters, r->n,
			       min, med, max,
			       fmt_num(cb, sizeof(cb),
				       STAT(r, cycles, NULL, NULL), 1),
			       fmt_num(ib, sizeof(ib),
				       STAT(r, instret, NULL, NULL), 1),
			       fmt_num(kb, sizeof(kb), ratio(axv_ns, kvm_ns), 4),
			       fmt_num(nb, sizeof(nb), ratio(med, null_ns[hv]),
				       4));
		}
	}
	printf("--- axvbench end ---\n");
	fflush(stdout);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: axvbench [--iters N] [--pages N] [--reps N] [--row ROW]... [--hv HV]\n"
		"                [--verbose]\n"
		"  --iters N   exits per repetition (default 10000; guest_loop runs %dx,\n"
		"              null_ioctl 4x as many)\n"
		"  --pages N   pages touched per page_fault repetition (default 8192,\n"
		"              at most %llu; page_scatter touches 1/%lu as many)\n"
		"  --reps N    repetitions per figure, each with a new VM (default 7)\n"
		"  --row ROW   run this row only (repeatable; the ROWs are listed\n"
		"              under the table); a partial table has no ratios for\n"
		"              what did not run\n"
		"  --hv HV     run under this hypervisor only: axvcpu or kvm\n"
		"  --verbose   report every repetition on stderr\n",
		GUEST_LOOP_MULT, PF_MAX_PAGES - PF_MAX_WARM,
		BENCH_SCATTER_PAGES);
}

static unsigned int row_bit(const char *s)
{
	int row;

	for (row = 0; row < NR_ROWS; row++)
		if (!strcmp(s, rows[row].name))
			return 1U << row;
	die("--row: no row '%s' (see the list under the table)", s);
}

static unsigned int hv_bit(const char *s)
{
	int hv;

	for (hv = 0; hv < NR_HV; hv++)
		if (!strcmp(s, hv_name[hv]))
			return 1U << hv;
	die("--hv: '%s' is neither axvcpu nor kvm", s);
}

static unsigned long parse_num(const char *s, const char *opt)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || !*s || *end || !v)
		die("%s: '%s' is not a positive number", opt, s);
	return v;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "iters", required_argument, NULL, 'i' },
		{ "pages", required_argument, NULL, 'p' },
		{ "reps", required_argument, NULL, 'r' },
		{ "row", required_argument, NULL, 'R' },
		{ "hv", required_argument, NULL, 'H' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t start = now_ns();
	int c, rep, row, hv;

	while ((c = getopt_long(argc, argv, "i:p:r:R:H:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			opt_iters = parse_num(optarg, "--iters");
			break;
		case 'p':
			opt_pages = parse_num(optarg, "--pages");
			break;
		case 'r':
			if (parse_num(optarg, "--reps") > MAX_REPS)
				die("--reps: at most %d", MAX_REPS);
			opt_reps = parse_num(optarg, "--reps");
			break;
		case 'R':
			opt_rows |= row_bit(optarg);
			break;
		case 'H':
			opt_hvs |= hv_bit(optarg);
			break;
		case 'v':
			opt_verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return 2;
	}
	if (!opt_rows)
		opt_rows = (1U << NR_ROWS) - 1;
	if (!opt_hvs)
		opt_hvs = (1U << NR_HV) - 1;
	if (opt_pages > PF_MAX_PAGES - PF_MAX_WARM)
		die("--pages %lu: at most %llu", opt_pages,
		    PF_MAX_PAGES - PF_MAX_WARM);

	axv_log_prefix = "# ";
	kvm_fd = kvm_open();
	if (kvm_fd < 0)
		die("%s: %s (the initramfs needs %s)", KVM_DEVICE,
		    strerror(errno), KVM_MODULE);
	if (access(AXV_DEVICE, R_OK | W_OK))
		die("%s: %s (is axvcpu.ko loaded?)", AXV_DEVICE,
		    strerror(errno));

	for (row = 0; row < NR_ROWS; row++)
		for (hv = 0; hv < NR_HV; hv++)
			results[row][hv].iters = row_iters(row);

	/* Repetitions outermost, hypervisors alternating: drift hits both. */
	for (rep = 0; rep < opt_reps; rep++) {
		uint64_t t = now_ns();

		for (row = 0; row < NR_ROWS; row++) {
			for (hv = 0; hv < NR_HV; hv++) {
				struct result *r = &results[row][hv];
				struct sample *s = &r->s[r->n];

				if (!(opt_rows & 1U << row) ||
				    !(opt_hvs & 1U << hv))
					continue;
				if (row == ROW_NULL_IOCTL)
					run_null_ioctl(hv, s);
				else
					run_guest_row(row, hv, s);
				r->n++;
				if (opt_verbose)
					fprintf(stderr,
						"# rep %d %s %s: %.1f ns %.1f cycles %.1f instret\n",
						rep + 1, rows[row].name,
						hv_name[hv], s->ns, s->cycles,
						s->instret);
			}
		}
		fprintf(stderr, "# axvbench: repetition %d/%d took %.2f s\n",
			rep + 1, opt_reps, (now_ns() - t) / 1e9);
	}
	print_results();
	fprintf(stderr, "# axvbench: done in %.2f s\n",
		(now_ns() - start) / 1e9);
	close(kvm_fd);
	return 0;
}
