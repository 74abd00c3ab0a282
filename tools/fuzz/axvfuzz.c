// SPDX-License-Identifier: GPL-2.0
/*
 * axvfuzz: random use of /dev/axvcpu.
 *
 * One seed drives everything: which VMs, vCPUs, memory slots and run-page
 * mappings exist, random ioctls on them (valid ones mostly, with random
 * fields, and random command numbers), closes and munmaps in any order,
 * fork()ed children using the parent's fds, and guests made of random
 * instruction words (and some chosen ones: hypercalls, WFI, system
 * register writes, loads and stores through random registers).  Every RUN
 * is ended by a 5 ms interval timer if the guest does not exit by itself.
 *
 * axvfuzz judges little itself: the kernel's checkers (KASAN, lockdep,
 * kmemleak, ...) and init's kernel log scan do.  It fails when a call
 * returns an errno no axvcpu ioctl may return (a leaked ERESTARTSYS, say),
 * when a RUN does not end in time despite the timer, or when it crashes.
 *
 * usage: axvfuzz [--seed N] [--time S] [--iters N] [--verbose] [--runs-from N]
 *
 * The seed is printed first; "--seed N --iters M" replays the same
 * sequence of operations (what a guest does before the timer ends its RUN
 * depends on timing, so a replay is close, not exact).  "--runs-from N"
 * makes the same sequence but skips every RUN before operation N, which
 * bisects which guest mattered.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/axvcpu.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define PAGE		4096UL

#define MAX_VMS		4
#define MAX_VCPUS	4	/* per VM, in the fuzzer's table */
#define MAX_BUFS	8	/* per VM */
#define MAX_BUF_PAGES	64
/* A RUN that the 5 ms timer has not ended after this long is a hang. */
#define RUN_LIMIT_S	20

#ifdef __riscv
#define RAM_BASE	0x80000000ULL
#else
#define RAM_BASE	0x40000000ULL
#endif

struct buf {
	uint8_t *mem;
	size_t size;
};

struct vcpu {
	int fd;
	unsigned int id;
	struct axvcpu_run *run;
	size_t run_size;
};

struct vm {
	int fd;
	struct vcpu vcpus[MAX_VCPUS];
	struct buf bufs[MAX_BUFS];
};

static struct vm vms[MAX_VMS];
static uint64_t rng_state;
static bool verbose;
/* --runs-from N: RUN only from operation N on (to bisect a replay). */
static unsigned long runs_from;
static long run_size;
static unsigned long nr_ops, nr_runs, nr_exits[16], nr_intr;
static int failures;

/* xorshift64*: small, fast and the same everywhere. */
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static bool chance(unsigned int percent)
{
	return rnd_below(100) < percent;
}

/* A "interesting" 64-bit value: edges of the ranges an ioctl checks. */
static uint64_t rnd_value(void)
{
	static const uint64_t edge[] = {
		0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 33, 64, 255, 256,
		PAGE - 1, PAGE, PAGE + 1, 0x7fffffff, 0x80000000, 0xffffffff,
		0x100000000ULL, RAM_BASE, RAM_BASE + PAGE, 1ULL << 40,
		(1ULL << 40) - PAGE, 1ULL << 47, 1ULL << 56, INT64_MAX,
		(uint64_t)INT64_MIN, UINT64_MAX - PAGE + 1, UINT64_MAX,
	};

	switch (rnd_below(4)) {
	case 0:
		return edge[rnd_below(ARRAY_SIZE(edge))];
	case 1:
		return rnd_below(64);
	case 2:
		return rnd() & ~(PAGE - 1);
	default:
		return rnd();
	}
}

static void __attribute__((format(printf, 1, 2))) note(const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

/*
 * Every errno an axvcpu ioctl, mmap or close may return (see
 * Documentation/api.rst), plus what the VFS and mm add for random fds,
 * commands and addresses.  Anything else, e.g. 512 (ERESTARTSYS) leaking
 * out, is a bug.
 */
static void check_errno(const char *what, int ret)
{
	static const int ok[] = {
		EINVAL, EFAULT, ENOTTY, EBADF, ENOENT, EEXIST, ENOMEM, EINTR,
		EBUSY, E2BIG, ENOSPC, EIO, EPERM, EAGAIN, ENXIO, ERANGE,
		EOVERFLOW, EACCES, ENODEV, ESRCH,
	};
	size_t i;

	if (ret >= 0)
		return;
	for (i = 0; i < ARRAY_SIZE(ok); i++)
		if (errno == ok[i])
			return;
	printf("# %s: unexpected errno %d (%s)\n", what, errno,
	       strerror(errno));
	failures++;
}

static int xioctl(const char *what, int fd, unsigned long cmd, void *arg)
{
	int ret = ioctl(fd, cmd, arg);

	check_errno(what, ret);
	return ret;
}

/* --- guest code ------------------------------------------------------- */

static uint32_t rnd_insn(void)
{
#ifdef __riscv
	static const uint32_t sys[] = {
		0x10200073, 0x30200073, 0x00100073, 0x12000073, 0x0000100f,
	};
	uint32_t rs1 = rnd_below(32), rd = rnd_below(32);

	switch (rnd_below(12)) {
	case 0:
		return 0x00000073;			/* ecall */
	case 1:
		return 0x10500073;			/* wfi */
	case 2:		/* csrrw/csrrs/csrrc rd, random csr, rs1 */
		return (uint32_t)rnd_below(4096) << 20 | rs1 << 15 |
		       (1 + rnd_below(3)) << 12 | rd << 7 | 0x73;
	case 3:		/* ld/lw/lh/lb rd, imm(rs1) */
		return (uint32_t)rnd_below(4096) << 20 | rs1 << 15 |
		       rnd_below(4) << 12 | rd << 7 | 0x03;
	case 4:		/* sd/sw/sh/sb rd, 0(rs1) */
		return rd << 20 | rs1 << 15 | rnd_below(4) << 12 | 0x23;
	case 5:		/* jalr x0, 0(rs1): anywhere, MMIO included */
		return rs1 << 15 | 0x67;
	case 6:		/* sret, mret, ebreak, sfence.vma, fence.i */
		return sys[rnd_below(ARRAY_SIZE(sys))];
	case 7:		/* lui rd, random: addresses for the loads above */
		return ((uint32_t)rnd() & 0xfffff000) | rd << 7 | 0x37;
	case 8:		/* addi rd, rs1, imm */
		return (uint32_t)rnd_below(4096) << 20 | rs1 << 15 | rd << 7 |
		       0x13;
	default:
		return (uint32_t)rnd();
	}
#else
	static const uint32_t sys[] = { 0xd69f03e0, 0xd50343df, 0xd50342ff };
	uint32_t rt = rnd_below(31), rn = rnd_below(31);

	switch (rnd_below(12)) {
	case 0:
		return chance(50) ? 0xd4000002 : 0xd4000003;	/* hvc, smc */
	case 1:
		return 0xd503207f;				/* wfi */
	case 2:		/* msr <random sysreg>, xt */
		return 0xd5100000 | (uint32_t)rnd_below(1 << 15) << 5 | rt;
	case 3:		/* mrs xt, <random sysreg> */
		return 0xd5300000 | (uint32_t)rnd_below(1 << 15) << 5 | rt;
	case 4:		/* ldr xt, [xn] / str xt, [xn] */
		return (chance(50) ? 0xf9400000 : 0xf9000000) | rn << 5 | rt;
	case 5:		/* br xn: anywhere, MMIO included */
		return 0xd61f0000 | rn << 5;
	case 6:		/* eret, msr daifset/daifclr, sys ops (dc, ic, tlbi, at) */
		if (chance(25))
			return 0xd5080000 | (uint32_t)rnd_below(1 << 16) << 5 | rt;
		return sys[rnd_below(ARRAY_SIZE(sys))];
	case 7:		/* movz xt, #imm16, lsl #(0-48) */
		return 0xd2800000 | (uint32_t)rnd_below(4) << 21 |
		       (uint32_t)rnd_below(1 << 16) << 5 | rt;
	default:
		return (uint32_t)rnd();
	}
#endif
}

static void fill_code(struct buf *b)
{
	size_t n = b->size / 4, i;

	/* Mostly a prefix of the buffer: that is where the guest starts. */
	if (chance(70) && n > 256)
		n = 256;
	for (i = 0; i < n; i++)
		((uint32_t *)b->mem)[i] = rnd_insn();
}

/* --- objects ---------------------------------------------------------- */

static struct vm *pick_vm(void)
{
	struct vm *vm = &vms[rnd_below(MAX_VMS)];

	return vm->fd >= 0 ? vm : NULL;
}

static struct vcpu *pick_vcpu(struct vm **vmp)
{
	struct vm *vm = pick_vm();
	struct vcpu *v;

	if (!vm)
		return NULL;
	v = &vm->vcpus[rnd_below(MAX_VCPUS)];
	if (v->fd < 0)
		return NULL;
	if (vmp)
		*vmp = vm;
	return v;
}

static void unmap_run(struct vcpu *v)
{
	if (v->run) {
		munmap(v->run, v->run_size);
		v->run = NULL;
	}
}

static void close_vcpu(struct vcpu *v)
{
	if (v->fd >= 0)
		close(v->fd);
	v->fd = -1;
	/* The mapping outlives the fd; drop it only sometimes. */
	if (chance(50))
		unmap_run(v);
}

static void free_buf(struct buf *b)
{
	if (b->mem)
		munmap(b->mem, b->size);
	b->mem = NULL;
}

static void close_vm(struct vm *vm, bool all)
{
	int i;

	if (vm->fd >= 0)
		close(vm->fd);
	vm->fd = -1;
	for (i = 0; i < MAX_VCPUS; i++) {
		/* vCPU fds keep the VM alive: close them now or later. */
		if (all || chance(50))
			close_vcpu(&vm->vcpus[i]);
		if (all)
			unmap_run(&vm->vcpus[i]);
	}
	for (i = 0; i < MAX_BUFS; i++)
		if (all || chance(50))
			free_buf(&vm->bufs[i]);
}

static void op_open_vm(void)
{
	struct vm *vm = &vms[rnd_below(MAX_VMS)];

	if (vm->fd >= 0)
		close_vm(vm, false);
	vm->fd = open("/dev/axvcpu", O_RDWR | O_CLOEXEC);
	check_errno("open", vm->fd);
	note("open vm %d\n", vm->fd);
}

static void op_close_vm(void)
{
	struct vm *vm = pick_vm();

	if (vm)
		close_vm(vm, false);
}

static struct buf *op_new_buf(struct vm *vm)
{
	struct buf *b = &vm->bufs[rnd_below(MAX_BUFS)];

	free_buf(b);
	b->size = (1 + rnd_below(MAX_BUF_PAGES)) * PAGE;
	b->mem = mmap(NULL, b->size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (b->mem == MAP_FAILED) {
		b->mem = NULL;
		return NULL;
	}
	fill_code(b);
	return b;
}

static void op_set_region(void)
{
	struct axvcpu_memory_region r = { 0 };
	struct vm *vm = pick_vm();
	struct buf *b;

	if (!vm)
		return;
	b = &vm->bufs[rnd_below(MAX_BUFS)];
	if (!b->mem || chance(30))
		b = op_new_buf(vm);
	r.slot = chance(90) ? rnd_below(AXVCPU_MAX_MEM_REGIONS + 2) :
			      (uint32_t)rnd_value();
	r.flags = chance(80) ? (chance(20) ? AXVCPU_MEM_READONLY : 0) :
			       (uint32_t)rnd_value();
	if (chance(70)) {
		/* Plausible: RAM_BASE plus a page-aligned offset. */
		r.guest_phys_addr = RAM_BASE;
		/* Half of them where the vCPUs start, so the code runs. */
		if (chance(50))
			r.guest_phys_addr += rnd_below(64) * 64 * PAGE;
		r.memory_size = b ? b->size : PAGE;
		r.userspace_addr = b ? (uintptr_t)b->mem : 0;
		if (chance(10))
			r.memory_size = 0;	/* delete */
	} else {
		/*
		 * Absurd, but never over memory of axvfuzz's own beyond its
		 * buffers: a slot that took in its heap or stack would let a
		 * random guest overwrite the fuzzer (the kernel would be right
		 * to allow it).  So a buffer's address gets its size or one
		 * past the user address space, and a random address is in the
		 * kernel half.
		 */
		r.guest_phys_addr = rnd_value();
		if (chance(50) && b) {
			r.userspace_addr = (uintptr_t)b->mem +
					   rnd_below(2) * PAGE;
			r.memory_size = chance(50) ? b->size :
					rnd_value() | (1ULL << 48);
		} else {
			r.userspace_addr = rnd_value() | (1ULL << 63);
			r.memory_size = rnd_value();
		}
	}
	note("region slot %u flags %#x gpa %#llx size %#llx uaddr %#llx\n",
	     r.slot, r.flags, (unsigned long long)r.guest_phys_addr,
	     (unsigned long long)r.memory_size,
	     (unsigned long long)r.userspace_addr);
	xioctl("SET_USER_MEMORY_REGION", vm->fd,
	       AXVCPU_SET_USER_MEMORY_REGION, &r);
}

/* The backing of a slot goes away (or is replaced) under the guest. */
static void op_unmap_buf(void)
{
	struct vm *vm = pick_vm();
	struct buf *b;

	if (!vm)
		return;
	b = &vm->bufs[rnd_below(MAX_BUFS)];
	if (!b->mem)
		return;
	if (chance(50)) {
		free_buf(b);
	} else {
		/* A fresh anonymous page over one page of it. */
		size_t off = rnd_below(b->size / PAGE) * PAGE;

		mmap(b->mem + off, PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	}
}

static void op_write_code(void)
{
	struct vm *vm = pick_vm();
	struct buf *b;

	if (!vm)
		return;
	b = &vm->bufs[rnd_below(MAX_BUFS)];
	if (b->mem)
		fill_code(b);
}

static void op_create_vcpu(void)
{
	struct vm *vm = pick_vm();
	struct axvcpu_regs regs;
	unsigned long id;
	struct vcpu *v;

	if (!vm)
		return;
	v = &vm->vcpus[rnd_below(MAX_VCPUS)];
	close_vcpu(v);
	unmap_run(v);
	id = chance(90) ? rnd_below(AXVCPU_MAX_VCPUS + 1) : rnd_value();
	v->fd = xioctl("CREATE_VCPU", vm->fd, AXVCPU_CREATE_VCPU,
		       (void *)id);
	note("vcpu %lu -> %d\n", id, v->fd);
	if (v->fd < 0)
		return;
	v->id = id;
	if (chance(80)) {
		v->run = mmap(NULL, run_size, PROT_READ | PROT_WRITE,
			      MAP_SHARED, v->fd, 0);
		v->run_size = run_size;
		if (v->run == MAP_FAILED) {
			check_errno("mmap run", -1);
			v->run = NULL;
		}
	}
	/* Only vCPU 0 starts runnable; a stopped one just sleeps in RUN. */
	if (id && chance(80)) {
		struct axvcpu_mp_state mp = {
			.mp_state = AXVCPU_MP_STATE_RUNNABLE,
		};

		xioctl("SET_MP_STATE", v->fd, AXVCPU_SET_MP_STATE, &mp);
	}
	if (!ioctl(v->fd, AXVCPU_GET_REGS, &regs)) {
		regs.pc = RAM_BASE;
		xioctl("SET_REGS", v->fd, AXVCPU_SET_REGS, &regs);
	}
}

static void op_map_run(void)
{
	struct vcpu *v = pick_vcpu(NULL);
	size_t size = run_size;
	off_t off = 0;
	void *p;

	if (!v)
		return;
	unmap_run(v);
	if (chance(20))
		size = rnd_below(4) * PAGE + (chance(20) ? 1 : 0);
	if (chance(20))
		off = rnd_below(4) * PAGE;
	p = mmap(NULL, size ? size : PAGE, PROT_READ | PROT_WRITE,
		 MAP_SHARED, v->fd, off);
	note("mmap run size %zu off %lld -> %p\n", size, (long long)off, p);
	if (p == MAP_FAILED) {
		check_errno("mmap run", -1);
		return;
	}
	if (size == (size_t)run_size && !off) {
		v->run = p;
		v->run_size = size;
	} else {
		/* Touching a page past the run page must fault, not oops. */
		munmap(p, size ? size : PAGE);
	}
}

static void op_scribble_run(void)
{
	struct vcpu *v = pick_vcpu(NULL);
	size_t i, n;

	if (!v || !v->run)
		return;
	n = rnd_below(16);
	for (i = 0; i < n; i++)
		((uint8_t *)v->run)[rnd_below(sizeof(*v->run))] = rnd();
	if (chance(30))
		v->run->exit_reason = rnd_below(16);
}

static void op_regs(void)
{
	struct vcpu *v = pick_vcpu(NULL);
	struct axvcpu_regs regs;
	uint64_t *w = (uint64_t *)&regs;
	size_t i, n;

	if (!v)
		return;
	if (xioctl("GET_REGS", v->fd, AXVCPU_GET_REGS, &regs))
		return;
	n = rnd_below(4);
	for (i = 0; i < n; i++)
		w[rnd_below(sizeof(regs) / 8)] = rnd_value();
	if (chance(50))
		regs.pc = RAM_BASE + rnd_below(64) * 4;
	xioctl("SET_REGS", v->fd, AXVCPU_SET_REGS, &regs);
}

static void op_fpu(void)
{
	struct vcpu *v = pick_vcpu(NULL);
	struct axvcpu_fpu fpu;

	if (!v)
		return;
	if (xioctl("GET_FPU", v->fd, AXVCPU_GET_FPU, &fpu))
		return;
	((uint8_t *)&fpu)[rnd_below(sizeof(fpu))] = rnd();
	xioctl("SET_FPU", v->fd, AXVCPU_SET_FPU, &fpu);
}

static void op_irq_mp(void)
{
	struct vcpu *v = pick_vcpu(NULL);
	struct axvcpu_mp_state mp = { 0 };
	struct axvcpu_irq irq;

	if (!v)
		return;
	if (chance(60)) {
		irq.irq = chance(80) ? rnd_below(32) : rnd_value();
		irq.level = chance(80) ? rnd_below(2) : rnd_value();
		xioctl("IRQ_LINE", v->fd, AXVCPU_IRQ_LINE, &irq);
	} else if (chance(50)) {
		xioctl("GET_MP_STATE", v->fd, AXVCPU_GET_MP_STATE, &mp);
	} else {
		mp.mp_state = chance(90) ? rnd_below(3) : rnd_value();
		mp.pad = chance(90) ? 0 : rnd_value();
		xioctl("SET_MP_STATE", v->fd, AXVCPU_SET_MP_STATE, &mp);
	}
}

/* Written by the signal handler. */
static volatile sig_atomic_t ticks;

static void on_alarm(int sig)
{
	(void)sig;
	ticks++;
}

static void op_run(void)
{
	struct vcpu *v = pick_vcpu(NULL);
	sig_atomic_t start = ticks;
	struct timespec t0, t1;
	int ret;

	if (!v)
		return;
	if (v->run && chance(10))
		v->run->immediate_exit = 1;
	else if (v->run)
		v->run->immediate_exit = 0;
	if (nr_ops < runs_from)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = xioctl("RUN", v->fd, AXVCPU_RUN, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	nr_runs++;
	if (ret && errno == EINTR)
		nr_intr++;
	else if (!ret && v->run)
		nr_exits[v->run->exit_reason & 15]++;
	note("run vcpu %u: %d %s exit %u (%d ticks)\n", v->id, ret,
	     ret ? strerror(errno) : "", v->run ? v->run->exit_reason : 0,
	     (int)(ticks - start));
	if (verbose && !ret && v->run &&
	    v->run->exit_reason == AXVCPU_EXIT_INTERNAL_ERROR)
		note("  internal %u: %#llx %#llx %#llx %#llx %#llx\n",
		     v->run->internal.suberror,
		     (unsigned long long)v->run->internal.data[0],
		     (unsigned long long)v->run->internal.data[1],
		     (unsigned long long)v->run->internal.data[2],
		     (unsigned long long)v->run->internal.data[3],
		     (unsigned long long)v->run->internal.data[4]);
	if (t1.tv_sec - t0.tv_sec > RUN_LIMIT_S) {
		printf("# RUN took %ld s despite a 5 ms timer\n",
		       (long)(t1.tv_sec - t0.tv_sec));
		failures++;
	}
}

/* A random command in axvcpu's ioctl space, or any, with junk behind it. */
static void op_random_ioctl(void)
{
	/* As large as any ioctl size: the kernel may write that much. */
	static uint8_t junk[_IOC_SIZEMASK + 1];
	struct vcpu *v;
	struct vm *vm;
	unsigned long cmd;
	size_t i;
	int fd;

	v = pick_vcpu(&vm);
	vm = pick_vm();
	if (v && (chance(50) || !vm))
		fd = v->fd;
	else if (vm)
		fd = vm->fd;
	else
		return;
	for (i = 0; i < 64; i++)
		junk[rnd_below(sizeof(junk))] = rnd();
	cmd = _IOC(rnd_below(4), AXVCPUIO, rnd_below(0x90),
		   rnd_below(_IOC_SIZEMASK + 1));
	if (chance(30))
		cmd = (uint32_t)rnd();
	/* RUN's number with other direction/size bits is fine too. */
	xioctl("random ioctl", fd, cmd, chance(80) ? (void *)junk :
	       (void *)(uintptr_t)rnd_value());
}

/* The child owns copies of every fd, but not the VMs: EIO, always. */
static void op_fork(void)
{
	struct vcpu *v = pick_vcpu(NULL);
	struct vm *vm = pick_vm();
	int status;
	pid_t pid;

	if (!v && !vm)
		return;
	pid = fork();
	if (pid < 0)
		return;
	if (!pid) {
		int bad = 0;

		alarm(10);
		if (v && (ioctl(v->fd, AXVCPU_RUN, 0) != -1 || errno != EIO))
			bad |= 1;
		if (vm && (ioctl(vm->fd, AXVCPU_CREATE_VCPU, 0) != -1 ||
			   errno != EIO))
			bad |= 2;
		/* Exiting drops the child's references, maybe the last. */
		_exit(bad);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		printf("# fork child: status %#x (1: RUN, 2: CREATE_VCPU did not fail with EIO)\n",
		       status);
		failures++;
	}
}

static void op_check_extension(void)
{
	struct vm *vm = pick_vm();

	if (vm)
		xioctl("CHECK_EXTENSION", vm->fd, AXVCPU_CHECK_EXTENSION,
		       (void *)(uintptr_t)rnd_value());
}

#define OP(fn, weight)	{ fn, weight, #fn }

static const struct {
	void (*fn)(void);
	unsigned int weight;
	const char *name;
} ops[] = {
	OP(op_open_vm, 4),
	OP(op_close_vm, 2),
	OP(op_set_region, 8),
	OP(op_unmap_buf, 2),
	OP(op_write_code, 3),
	OP(op_create_vcpu, 5),
	OP(op_map_run, 3),
	OP(op_scribble_run, 3),
	OP(op_regs, 4),
	OP(op_fpu, 1),
	OP(op_irq_mp, 3),
	OP(op_run, 20),
	OP(op_random_ioctl, 4),
	OP(op_fork, 1),
	OP(op_check_extension, 1),
};

static void one_op(void)
{
	unsigned int total = 0, r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ops); i++)
		total += ops[i].weight;
	r = rnd_below(total);
	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		if (r < ops[i].weight) {
			note("%lu %s\n", nr_ops, ops[i].name);
			ops[i].fn();
			break;
		}
		r -= ops[i].weight;
	}
	nr_ops++;
}

/* The module's reference count, -1 if it cannot be read. */
static long module_refcnt(void)
{
	FILE *f = fopen("/sys/module/axvcpu/refcnt", "r");
	long n = -1;

	if (f) {
		if (fscanf(f, "%ld", &n) != 1)
			n = -1;
		fclose(f);
	}
	return n;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [--seed N] [--time SECONDS] [--iters N] [--verbose]\n"
		"       [--runs-from N]   (RUN only from operation N on)\n"
		"  default: a random seed, 60 s, no iteration limit\n",
		prog);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "time", required_argument, NULL, 't' },
		{ "iters", required_argument, NULL, 'i' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "runs-from", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct itimerval it = { { 0, 5000 }, { 0, 5000 } };
	unsigned long long seed, iters = 0, round = 0;
	struct sigaction sa = { 0 };
	double secs = 60, end;
	int dev, c, i, j;
	long refcnt0, refcnt;

	/* Not the clock: every boot of the test VM starts at the same time. */
	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = (unsigned long long)time(NULL) ^ getpid();
	seed &= (1ULL << 48) - 1;	/* short enough to type */
	while ((c = getopt_long(argc, argv, "s:t:i:vr:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 't':
			secs = atof(optarg);
			break;
		case 'i':
			iters = strtoull(optarg, NULL, 0);
			break;
		case 'v':
			verbose = true;
			break;
		case 'r':
			runs_from = strtoul(optarg, NULL, 0);
			break;
		default:
			usage(argv[0]);
			return c == 'h' ? 0 : 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n1..1\n");
	printf("# axvfuzz: --seed %llu (replay: axvfuzz --seed %llu%s)\n",
	       seed, seed, iters ? "" : " --iters <ops below>");
	fflush(stdout);
	rng_state = seed ? seed : 1;

	dev = open("/dev/axvcpu", O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		printf("ok 1 axvfuzz # SKIP /dev/axvcpu: %s\n", strerror(errno));
		return 4;
	}
	run_size = ioctl(dev, AXVCPU_GET_VCPU_MMAP_SIZE, 0);
	close(dev);
	refcnt0 = module_refcnt();
	if (run_size <= 0)
		run_size = PAGE;

	for (i = 0; i < MAX_VMS; i++) {
		vms[i].fd = -1;
		for (j = 0; j < MAX_VCPUS; j++)
			vms[i].vcpus[j].fd = -1;
	}
	/* No SA_RESTART: the timer must end a RUN with EINTR. */
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);

	end = now() + secs;
	while ((!iters || nr_ops < iters) && (iters || now() < end)) {
		one_op();
		/* Start over now and then, so that open/close paths run too. */
		if (++round % 2000 == 0)
			for (i = 0; i < MAX_VMS; i++)
				close_vm(&vms[i], true);
	}
	for (i = 0; i < MAX_VMS; i++)
		close_vm(&vms[i], true);
	/*
	 * Every fd and mapping is gone: the module's reference count is no
	 * higher than it was.  (It may be lower: a process killed before we
	 * started, by init's timeout say, can still be letting go of its own.
	 * A file is released when its last user lets go; give a dying fork
	 * child's exit a moment.)
	 */
	for (i = 0; i < 50 && (refcnt = module_refcnt()) > refcnt0; i++)
		usleep(100000);
	if (refcnt > refcnt0) {
		printf("# module refcnt %ld after closing everything, was %ld\n",
		       refcnt, refcnt0);
		failures++;
	}

	it.it_value.tv_usec = 0;
	it.it_interval.tv_usec = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	printf("# %lu operations, %lu RUNs (%lu EINTR), exits:", nr_ops,
	       nr_runs, nr_intr);
	for (i = 0; i < 16; i++)
		if (nr_exits[i])
			printf(" %d:%lu", i, nr_exits[i]);
	printf("\n");
	if (failures) {
		printf("# %d failure(s); replay with --seed %llu --iters %lu\n",
		       failures, seed, nr_ops);
		printf("not ok 1 axvfuzz\n");
		return 1;
	}
	printf("ok 1 axvfuzz\n");
	return 0;
}
