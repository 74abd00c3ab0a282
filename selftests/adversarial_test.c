// SPDX-License-Identifier: GPL-2.0
/*
 * Adversarial axvcpu tests that need no guest image: fds closed under a
 * running vCPU, two threads in RUN, fork() and fds passed to another
 * process, signal storms, a run page scribbled on, absurd ids, sizes and
 * addresses, mmap/mremap abuse and many VMs until a limit is hit.  Nothing
 * userspace does may crash or hang the host or leak memory.
 *
 * The guests are a few hand-assembled instructions per architecture.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "harness.h"

#ifndef __NR_pidfd_open
#define __NR_pidfd_open		434
#endif
#ifndef __NR_pidfd_getfd
#define __NR_pidfd_getfd	438
#endif

#define TIMEOUT		120
#define GUEST_RAM_SIZE	(64ULL << 10)
#define TOUCH_PAGES	15U	/* pages 1-15: all of the RAM but the code */

/*
 * spin:    loop forever without exits.
 * mmio_rw: loop { x = MMIO read of 8 bytes at gpa 0; MMIO write of x to 8 }
 *          with the base register (riscv: zero, arm64: x0 = arg0) 0.
 * touch:   store to arg1 pages from arg0 on, then an MMIO write to gpa 0.
 * sum:     add up the first 8 bytes of arg1 pages from arg0 on, then write
 *          the sum to gpa 0 (MMIO).
 */
#if defined(__riscv)
static const uint32_t code_spin[] = { 0x0000006f };		/* j . */

static const uint32_t code_mmio_rw[] = {
	0x00003583,	/* ld a1, 0(zero) */
	0x00b03423,	/* sd a1, 8(zero) */
	0xff9ff06f,	/* j .-8 */
};

static const uint32_t code_touch[] = {
	0x00053023,	/* 1: sd zero, 0(a0) */
	0x000012b7,	/* lui t0, 1 */
	0x00550533,	/* add a0, a0, t0 */
	0xfff58593,	/* addi a1, a1, -1 */
	0xfe0598e3,	/* bnez a1, 1b */
	0x00003023,	/* sd zero, 0(zero) */
	0x0000006f,	/* j . */
};

static const uint32_t code_sum[] = {
	0x00000313,	/* li t1, 0 */
	0x00053383,	/* 1: ld t2, 0(a0) */
	0x00730333,	/* add t1, t1, t2 */
	0x000012b7,	/* lui t0, 1 */
	0x00550533,	/* add a0, a0, t0 */
	0xfff58593,	/* addi a1, a1, -1 */
	0xfe0596e3,	/* bnez a1, 1b */
	0x00603023,	/* sd t1, 0(zero) */
	0x0000006f,	/* j . */
};
#elif defined(__aarch64__)
static const uint32_t code_spin[] = { 0x14000000 };		/* b . */

static const uint32_t code_mmio_rw[] = {
	0xf9400001,	/* ldr x1, [x0] */
	0xf9000401,	/* str x1, [x0, #8] */
	0x17fffffe,	/* b .-8 */
};

static const uint32_t code_touch[] = {
	0xf900001f,	/* 1: str xzr, [x0] */
	0x91400400,	/* add x0, x0, #1, lsl #12 */
	0xf1000421,	/* subs x1, x1, #1 */
	0x54ffffa1,	/* b.ne 1b */
	0xd2800002,	/* mov x2, #0 */
	0xf900005f,	/* str xzr, [x2] */
	0x14000000,	/* b . */
};

static const uint32_t code_sum[] = {
	0xd2800002,	/* mov x2, #0 */
	0xf9400003,	/* 1: ldr x3, [x0] */
	0x8b030042,	/* add x2, x2, x3 */
	0x91400400,	/* add x0, x0, #1, lsl #12 */
	0xf1000421,	/* subs x1, x1, #1 */
	0x54ffff81,	/* b.ne 1b */
	0xd2800004,	/* mov x4, #0 */
	0xf9000082,	/* str x2, [x4] */
	0x14000000,	/* b . */
};
#else
#error "no guest code for this architecture"
#endif

struct gvm {
	struct axv_vm vm;
	struct axv_vcpu vcpu;
	void *ram;
};

static int gvm_create(struct gvm *g, const uint32_t *code, size_t len,
		      uint64_t arg0, uint64_t arg1)
{
	int ret;

	memset(g, 0, sizeof(*g));
	g->vcpu.fd = -1;
	ret = __axv_vm_open(&g->vm);
	if (ret)
		return ret;
	g->ram = __axv_add_ram(&g->vm, 0, AXV_RAM_BASE, GUEST_RAM_SIZE, &ret);
	if (!g->ram)
		goto err_vm;
	memcpy(g->ram, code, len);
	ret = __axv_vcpu_create(&g->vm, 0, &g->vcpu);
	if (ret)
		goto err_ram;
	ret = __axv_arch_set_boot_regs(&g->vcpu, AXV_RAM_BASE, arg0, arg1);
	if (ret)
		goto err_vcpu;
	return 0;

err_vcpu:
	axv_vcpu_close(&g->vcpu);
err_ram:
	munmap(g->ram, GUEST_RAM_SIZE);
	g->ram = NULL;
err_vm:
	axv_vm_close(&g->vm);
	return ret;
}

static void gvm_destroy(struct gvm *g)
{
	axv_vcpu_close(&g->vcpu);
	axv_vm_close(&g->vm);
	if (g->ram)
		munmap(g->ram, GUEST_RAM_SIZE);
	g->ram = NULL;
}

/* Only for the timeouts of TEST_F_TIMEOUT(). */
FIXTURE(adv) {
	int unused;
};

FIXTURE_SETUP(adv)
{
}

FIXTURE_TEARDOWN(adv)
{
}

#define GVM_CREATE(g, code, a0, a1)					\
	ASSERT_EQ(0, gvm_create(g, code, sizeof(code), a0, a1))

/* The module's reference count: every fd and mapping holds one. */
static long module_refcnt(void)
{
	FILE *f = fopen("/sys/module/axvcpu/refcnt", "r");
	long n = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &n) != 1)
		n = -1;
	fclose(f);
	return n;
}

static long mem_available_kb(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/*
 * How far below its starting point MemAvailable may stay after everything
 * is closed: 8 MiB of noise, and on the debug kernel also KASAN's
 * quarantine, which holds freed objects back (up to 1/32 of RAM) so that
 * a use after free is caught; kmemleak checks for leaks there instead.
 */
static long mem_slack_kb(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	long total = 0;
	char line[128];

	if (!test_debug_kernel() || !f) {
		if (f)
			fclose(f);
		return 8192;
	}
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %ld kB", &total) == 1)
			break;
	fclose(f);
	return 8192 + total / 32;
}

static int raw_ioctl(int fd, unsigned long cmd, unsigned long arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

/*
 * Close the VM fd and the vCPU fd while another thread spins in the guest:
 * that thread must stay in RUN, leave it with EINTR on a signal, and once
 * it and the run mapping are gone every module reference is dropped.
 */
static void close_during_run(struct __test_metadata *_metadata,
			     bool vcpu_first)
{
	struct runner r;
	struct gvm g;
	long refcnt;

	test_install_sigusr1();
	refcnt = module_refcnt();
	ASSERT_LE(0, refcnt);

	GVM_CREATE(&g, code_spin, 0, 0);
	ASSERT_EQ(0, runner_start(&r, g.vcpu.fd));
	usleep(200000);
	ASSERT_FALSE(atomic_load(&r.done));

	if (vcpu_first) {
		ASSERT_EQ(0, close(g.vcpu.fd));
		ASSERT_EQ(0, close(g.vm.fd));
	} else {
		ASSERT_EQ(0, close(g.vm.fd));
		ASSERT_EQ(0, close(g.vcpu.fd));
	}
	g.vcpu.fd = -1;
	g.vm.fd = -1;
	usleep(100000);
	ASSERT_FALSE(atomic_load(&r.done));

	ASSERT_TRUE(runner_stop(&r));
	EXPECT_EQ(-EINTR, r.ret);
	EXPECT_EQ((__u32)AXVCPU_EXIT_INTR, g.vcpu.run->exit_reason);

	/* The run mapping still holds the vCPU file, and so the module. */
	EXPECT_EQ(refcnt + 1, module_refcnt());
	gvm_destroy(&g);
	EXPECT_EQ(refcnt, module_refcnt());
}

TEST_F_TIMEOUT(adv, close_vm_then_vcpu_during_run, TIMEOUT)
{
	close_during_run(_metadata, false);
}

TEST_F_TIMEOUT(adv, close_vcpu_then_vm_during_run, TIMEOUT)
{
	close_during_run(_metadata, true);
}

/*
 * Two threads RUN the same vCPU: the second waits for the first, even
 * through a signal of its own (which it then finds pending and returns
 * EINTR for); nothing is entered twice.
 */
TEST_F_TIMEOUT(adv, run_from_two_threads, TIMEOUT)
{
	struct axvcpu_regs regs;
	struct runner a, b;
	struct gvm g;

	test_install_sigusr1();
	GVM_CREATE(&g, code_spin, 0, 0);
	ASSERT_EQ(0, runner_start(&a, g.vcpu.fd));
	usleep(200000);
	ASSERT_EQ(0, runner_start(&b, g.vcpu.fd));
	usleep(200000);
	ASSERT_FALSE(atomic_load(&a.done));
	ASSERT_FALSE(atomic_load(&b.done));

	/* The waiting thread is not woken by a signal... */
	pthread_kill(b.thread, SIGUSR1);
	usleep(200000);
	ASSERT_FALSE(atomic_load(&b.done));

	/* ...but gets the vCPU once the first leaves, and leaves too. */
	ASSERT_TRUE(runner_stop(&a));
	EXPECT_EQ(-EINTR, a.ret);
	ASSERT_TRUE(runner_stop(&b));
	EXPECT_EQ(-EINTR, b.ret);
	EXPECT_EQ((__u32)AXVCPU_EXIT_INTR, g.vcpu.run->exit_reason);

	/* Still usable, and the guest is where it spun. */
	ASSERT_EQ(0, __axv_get_regs(&g.vcpu, &regs));
	EXPECT_EQ(AXV_RAM_BASE, regs.pc);
	g.vcpu.run->immediate_exit = 1;
	EXPECT_EQ(-EINTR, axv_vcpu_run(&g.vcpu));
	gvm_destroy(&g);
}

/* One mmio_rw round: answer the read with @val, see it written back. */
static void mmio_round(struct __test_metadata *_metadata, struct gvm *g,
		       uint64_t val)
{
	struct axvcpu_run *run = g->vcpu.run;

	ASSERT_EQ(0, axv_vcpu_run(&g->vcpu));
	ASSERT_EXIT_REASON(&g->vcpu, AXVCPU_EXIT_MMIO_READ);
	ASSERT_EQ(0ULL, run->mmio.phys_addr);
	ASSERT_EQ(8U, run->mmio.len);
	run->mmio.data = val;
	ASSERT_EQ(0, axv_vcpu_run(&g->vcpu));
	ASSERT_EXIT_REASON(&g->vcpu, AXVCPU_EXIT_MMIO_WRITE);
	ASSERT_EQ(8ULL, run->mmio.phys_addr);
	ASSERT_EQ(8U, run->mmio.len);
	ASSERT_EQ(val, run->mmio.data);
}

/*
 * fork() with a live VM: the child gets EIO from the ioctls, may map the
 * run page it already shares, and its closing the fds does not disturb the
 * parent, which keeps running its guest.
 */
TEST_F_TIMEOUT(adv, fork_child_mmap_and_close, TIMEOUT)
{
	size_t pg = getpagesize();
	struct axvcpu_regs regs;
	int status;
	struct gvm g;
	pid_t pid;

	GVM_CREATE(&g, code_mmio_rw, 0, 0);
	mmio_round(_metadata, &g, 0x1111222233334444ULL);

	ASSERT_EQ(0, axv_vcpu_run(&g.vcpu));
	ASSERT_EXIT_REASON(&g.vcpu, AXVCPU_EXIT_MMIO_READ);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct axvcpu_run *run;
		int bad = 0;

		if (raw_ioctl(g.vcpu.fd, AXVCPU_RUN, 0) != -EIO)
			bad |= 1;
		if (raw_ioctl(g.vcpu.fd, AXVCPU_GET_REGS,
			      (unsigned long)&regs) != -EIO)
			bad |= 2;
		if (raw_ioctl(g.vm.fd, AXVCPU_CREATE_VCPU, 1) != -EIO)
			bad |= 4;
		/* mmap is no ioctl: it gives the page the child shares. */
		run = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED,
			   g.vcpu.fd, 0);
		if (run == MAP_FAILED)
			bad |= 8;
		else if (run->exit_reason != AXVCPU_EXIT_MMIO_READ ||
			 run->mmio.phys_addr != 0)
			bad |= 16;
		if (run != MAP_FAILED)
			munmap(run, pg);
		munmap(g.vcpu.run, pg);
		close(g.vcpu.fd);
		close(g.vm.fd);
		munmap(g.ram, GUEST_RAM_SIZE);
		_exit(bad);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));

	/* Complete the read the parent saw before fork(), then go on. */
	g.vcpu.run->mmio.data = 0x5555666677778888ULL;
	ASSERT_EQ(0, axv_vcpu_run(&g.vcpu));
	ASSERT_EXIT_REASON(&g.vcpu, AXVCPU_EXIT_MMIO_WRITE);
	EXPECT_EQ(0x5555666677778888ULL, g.vcpu.run->mmio.data);
	mmio_round(_metadata, &g, 0x9999aaaabbbbccccULL);
	gvm_destroy(&g);
}

static int send_fds(int sock, const int *fds, unsigned int n)
{
	char buf[CMSG_SPACE(4 * sizeof(int))] = { 0 };
	char byte = 'x';
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = buf, .msg_controllen = CMSG_SPACE(n * sizeof(int)),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(c), fds, n * sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int recv_fds(int sock, int *fds, unsigned int n)
{
	char buf[CMSG_SPACE(4 * sizeof(int))] = { 0 };
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = buf, .msg_controllen = CMSG_SPACE(n * sizeof(int)),
	};
	struct cmsghdr *c;

	if (recvmsg(sock, &msg, 0) != 1)
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len != CMSG_LEN(n * sizeof(int)))
		return -1;
	memcpy(fds, CMSG_DATA(c), n * sizeof(int));
	return 0;
}

/*
 * Another process gets the fds: over a unix socket (SCM_RIGHTS) or, on a
 * kernel without AF_UNIX, with pidfd_getfd().  Every ioctl there is EIO.
 */
static int get_fds(int sock, int pipe_rd, int *fds)
{
	int nums[2], pidfd, i;

	if (sock >= 0)
		return recv_fds(sock, fds, 2);
	if (read(pipe_rd, nums, sizeof(nums)) != sizeof(nums))
		return -1;
	pidfd = syscall(__NR_pidfd_open, getppid(), 0);
	if (pidfd < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		fds[i] = syscall(__NR_pidfd_getfd, pidfd, nums[i], 0);
		if (fds[i] < 0)
			return -1;
	}
	close(pidfd);
	return 0;
}

TEST_F_TIMEOUT(adv, fds_passed_to_another_process_eio, TIMEOUT)
{
	int sv[2] = { -1, -1 }, pfd[2], fds[2], status;
	struct gvm g;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		/* No networking in the test kernel: no socketpair() at all. */
		ASSERT_TRUE(errno == EAFNOSUPPORT || errno == ENOSYS);
		sv[0] = sv[1] = -1;
	}
	ASSERT_EQ(0, pipe(pfd));
	fflush(stdout);
	fflush(stderr);
	/* Forked before the VM exists: the child only has what it gets. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct axvcpu_memory_region m = { .slot = 5, .memory_size = 4096 };
		struct axvcpu_irq irq = { .irq = ~0U, .level = 0 };
		struct axvcpu_regs regs;
		int bad = 0;

		if (get_fds(sv[1], pfd[0], fds))
			_exit(100);
		if (raw_ioctl(fds[1], AXVCPU_RUN, 0) != -EIO)
			bad |= 1;
		if (raw_ioctl(fds[1], AXVCPU_GET_REGS,
			      (unsigned long)&regs) != -EIO)
			bad |= 2;
		if (raw_ioctl(fds[1], AXVCPU_IRQ_LINE,
			      (unsigned long)&irq) != -EIO)
			bad |= 4;
		if (raw_ioctl(fds[0], AXVCPU_CREATE_VCPU, 1) != -EIO)
			bad |= 8;
		if (raw_ioctl(fds[0], AXVCPU_SET_USER_MEMORY_REGION,
			      (unsigned long)&m) != -EIO)
			bad |= 16;
		if (raw_ioctl(fds[0], AXVCPU_GET_API_VERSION, 0) != -EIO)
			bad |= 32;
		close(fds[0]);
		close(fds[1]);
		_exit(bad);
	}
	GVM_CREATE(&g, code_mmio_rw, 0, 0);
	fds[0] = g.vm.fd;
	fds[1] = g.vcpu.fd;
	if (sv[0] >= 0) {
		ASSERT_EQ(0, send_fds(sv[0], fds, 2));
	} else {
		ASSERT_EQ((ssize_t)sizeof(fds),
			  write(pfd[1], fds, sizeof(fds)));
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	close(pfd[0]);
	close(pfd[1]);
	if (sv[0] >= 0) {
		close(sv[0]);
		close(sv[1]);
	}

	/* Nothing the child did reached the VM. */
	EXPECT_EQ(-EEXIST, raw_ioctl(g.vm.fd, AXVCPU_CREATE_VCPU, 0));
	EXPECT_LE(0, ioctl(g.vm.fd, AXVCPU_CREATE_VCPU, 1UL));
	mmio_round(_metadata, &g, 0x0123456789abcdefULL);
	gvm_destroy(&g);
}

struct storm {
	pthread_t target;
	volatile int stop;
	unsigned long sent;
};

static void *storm_fn(void *arg)
{
	struct storm *s = arg;

	while (!s->stop) {
		pthread_kill(s->target, SIGUSR1);
		s->sent++;
		if (!(s->sent & 15))
			sched_yield();
	}
	return NULL;
}

/*
 * Thousands of signals while the guest does MMIO round trips: every RUN
 * returns 0 or EINTR, an EINTR loses nothing (the completion of the exit
 * before it was done once, not twice), and the guest computes correctly.
 */
TEST_F_TIMEOUT(adv, signal_storm, TIMEOUT)
{
	struct storm s = { .target = pthread_self() };
	unsigned long want_rounds = 2000, want_sent = 5000;
	struct axvcpu_run *run;
	unsigned long rounds = 0, eintr = 0;
	bool want_read = true;
	uint64_t val = 0;
	pthread_t thread;
	struct gvm g;
	int ret;

	/* The debug kernel is many times slower: a tenth of the storm. */
	if (test_debug_kernel()) {
		want_rounds /= 10;
		want_sent /= 10;
		TH_LOG("debug kernel: %lu rounds and %lu signals at least",
		       want_rounds, want_sent);
	}
	test_install_sigusr1();
	GVM_CREATE(&g, code_mmio_rw, 0, 0);
	run = g.vcpu.run;
	ASSERT_EQ(0, pthread_create(&thread, NULL, storm_fn, &s));
	while (rounds < want_rounds || s.sent < want_sent) {
		ret = axv_vcpu_run(&g.vcpu);
		if (ret == -EINTR) {
			eintr++;
			ASSERT_EQ((__u32)AXVCPU_EXIT_INTR, run->exit_reason);
			continue;
		}
		ASSERT_EQ(0, ret);
		if (want_read) {
			ASSERT_EXIT_REASON(&g.vcpu, AXVCPU_EXIT_MMIO_READ);
			ASSERT_EQ(0ULL, run->mmio.phys_addr);
			val = 0xabcd000000000000ULL + rounds;
			run->mmio.data = val;
		} else {
			ASSERT_EXIT_REASON(&g.vcpu, AXVCPU_EXIT_MMIO_WRITE);
			ASSERT_EQ(8ULL, run->mmio.phys_addr);
			ASSERT_EQ(val, run->mmio.data);
			rounds++;
		}
		want_read = !want_read;
		if (rounds > 200000)
			break;
	}
	s.stop = 1;
	pthread_join(thread, NULL);
	TH_LOG("%lu signals, %lu rounds, %lu EINTR", s.sent, rounds, eintr);
	EXPECT_LE(want_sent, s.sent);
	EXPECT_LT(0UL, eintr);
	gvm_destroy(&g);
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void scribble(void *page, size_t size, uint64_t *seed)
{
	uint64_t *p = page;
	size_t i;

	for (i = 0; i < size / 8; i++)
		p[i] = xorshift(seed);
}

/*
 * Random bytes over the whole run page before every RUN, but for the one
 * field the kernel reads back: it trusts nothing else it wrote there
 * (exit_reason, len, phys_addr...).  A random immediate_exit still
 * completes the exit first, and the next RUN does not complete it again.
 */
TEST_F_TIMEOUT(adv, run_page_scribbled_between_exits, TIMEOUT)
{
	uint64_t seed = 0x9e3779b97f4a7c15ULL, val = 0;
	unsigned int i, eintr = 0;
	struct axvcpu_run *run;
	bool want_read = true;
	struct gvm g;
	int ret;

	GVM_CREATE(&g, code_mmio_rw, 0, 0);
	run = g.vcpu.run;
	for (i = 0; i < 2000; i++) {
		scribble(run, g.vcpu.run_size, &seed);
		if (!want_read)
			run->mmio.data = val;
		ret = axv_vcpu_run(&g.vcpu);
		if (run->immediate_exit) {
			ASSERT_EQ(-EINTR, ret);
			ASSERT_EQ((__u32)AXVCPU_EXIT_INTR, run->exit_reason);
			eintr++;
			/* The read was completed: run->mmio.data is used. */
			continue;
		}
		ASSERT_EQ(0, ret);
		if (want_read) {
			ASSERT_EXIT_REASON(&g.vcpu, AXVCPU_EXIT_MMIO_READ);
			ASSERT_EQ(0ULL, run->mmio.phys_addr);
			ASSERT_EQ(8U, run->mmio.len);
			val = xorshift(&seed);
		} else {
			ASSERT_EXIT_REASON(&g.vcpu, AXVCPU_EXIT_MMIO_WRITE);
			ASSERT_EQ(8ULL, run->mmio.phys_addr);
			ASSERT_EQ(8U, run->mmio.len);
			ASSERT_EQ(val, run->mmio.data);
		}
		want_read = !want_read;
	}
	EXPECT_LT(0U, eintr);
	gvm_destroy(&g);
}

struct scribbler {
	void *page;
	size_t size;
	volatile int stop;
};

static void *scribbler_fn(void *arg)
{
	struct scribbler *s = arg;
	uint64_t seed = 0x0123456789abcdefULL;

	while (!s->stop)
		scribble(s->page, s->size, &seed);
	return NULL;
}

/*
 * Another thread scribbles on the run page while RUN is in progress: RUN
 * returns 0 or EINTR (a random immediate_exit), whatever it finds; once
 * the scribbling stops the guest runs exactly as before.
 */
TEST_F_TIMEOUT(adv, run_page_scribbled_during_run, TIMEOUT)
{
	struct scribbler s;
	struct axvcpu_run *run;
	pthread_t thread;
	unsigned int i;
	struct gvm g;
	int ret;

	GVM_CREATE(&g, code_mmio_rw, 0, 0);
	run = g.vcpu.run;
	s = (struct scribbler){ .page = run, .size = g.vcpu.run_size };
	ASSERT_EQ(0, pthread_create(&thread, NULL, scribbler_fn, &s));
	for (i = 0; i < 2000; i++) {
		ret = axv_vcpu_run(&g.vcpu);
		ASSERT_TRUE(ret == 0 || ret == -EINTR) {
			TH_LOG("RUN returned %d", ret);
		}
	}
	s.stop = 1;
	pthread_join(thread, NULL);

	/* Find the loop again: the next exit is a read or a write. */
	memset(run, 0, g.vcpu.run_size);
	ASSERT_EQ(0, axv_vcpu_run(&g.vcpu));
	if (run->exit_reason == AXVCPU_EXIT_MMIO_READ) {
		run->mmio.data = 0;
		ASSERT_EQ(0, axv_vcpu_run(&g.vcpu));
	}
	ASSERT_EXIT_REASON(&g.vcpu, AXVCPU_EXIT_MMIO_WRITE);
	ASSERT_EQ(8ULL, run->mmio.phys_addr);
	mmio_round(_metadata, &g, 0xfeedfacecafebeefULL);
	gvm_destroy(&g);
}

/* vCPU ids that are huge, negative or alias a valid one when truncated. */
TEST(absurd_vcpu_ids)
{
	static const unsigned long ids[] = {
		AXVCPU_MAX_VCPUS, -1UL, 1UL << 32, (1UL << 32) | 1, 1UL << 63,
		(unsigned long)INT32_MAX + 1, 0xffffffffUL,
	};
	struct axv_vm vm;
	unsigned int i;
	int fd;

	ASSERT_VM_OPEN(&vm);
	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		EXPECT_EQ(-EINVAL, raw_ioctl(vm.fd, AXVCPU_CREATE_VCPU,
					     ids[i])) {
			TH_LOG("id %#lx", ids[i]);
		}
	}
	/* None of them took id 0 or 1. */
	fd = ioctl(vm.fd, AXVCPU_CREATE_VCPU, 0UL);
	EXPECT_LE(0, fd);
	close(fd);
	fd = ioctl(vm.fd, AXVCPU_CREATE_VCPU, 1UL);
	EXPECT_LE(0, fd);
	close(fd);
	axv_vm_close(&vm);
}

/* Arguments with high bits set must not alias valid ones. */
TEST(absurd_ioctl_arguments)
{
	struct axvcpu_mp_state mp = { .mp_state = ~0U };
	struct axvcpu_irq irq;
	static const uint32_t irqs[] = { ~0U, 1U << 31, 1U << 16, 64, 32 };
	struct gvm g;
	unsigned int i;

	GVM_CREATE(&g, code_spin, 0, 0);
	EXPECT_EQ(-EINVAL, raw_ioctl(g.vm.fd, AXVCPU_GET_API_VERSION, 1UL << 63));
	EXPECT_EQ(-EINVAL, raw_ioctl(g.vm.fd, AXVCPU_GET_VCPU_MMAP_SIZE, -1UL));
	EXPECT_EQ(0, ioctl(g.vm.fd, AXVCPU_CHECK_EXTENSION,
			   (1UL << 32) | AXVCPU_CAP_NR_VCPUS));
	EXPECT_EQ(0, ioctl(g.vm.fd, AXVCPU_CHECK_EXTENSION, -1UL));
	EXPECT_EQ(-EINVAL, raw_ioctl(g.vcpu.fd, AXVCPU_RUN, 1UL << 63));
	EXPECT_EQ(-EINVAL, raw_ioctl(g.vcpu.fd, AXVCPU_SET_MP_STATE,
				     (unsigned long)&mp));
	mp = (struct axvcpu_mp_state){ .pad = ~0U };
	EXPECT_EQ(-EINVAL, raw_ioctl(g.vcpu.fd, AXVCPU_SET_MP_STATE,
				     (unsigned long)&mp));
	for (i = 0; i < ARRAY_SIZE(irqs); i++) {
		irq = (struct axvcpu_irq){ .irq = irqs[i], .level = 1 };
		EXPECT_EQ(-EINVAL, raw_ioctl(g.vcpu.fd, AXVCPU_IRQ_LINE,
					     (unsigned long)&irq)) {
			TH_LOG("irq %#x", irqs[i]);
		}
		irq.level = 0;
		EXPECT_EQ(-EINVAL, raw_ioctl(g.vcpu.fd, AXVCPU_IRQ_LINE,
					     (unsigned long)&irq)) {
			TH_LOG("irq %#x", irqs[i]);
		}
	}
	gvm_destroy(&g);
}

/* Guest and user ranges at the top of the address space, or wrapping. */
TEST(absurd_memory_regions)
{
	const uint64_t top = 0ULL - 4096;
	size_t pg = getpagesize();
	uint64_t limit, mem;
	struct axv_vm vm;
	unsigned int i;
	void *p;
	int bits;

	ASSERT_VM_OPEN(&vm);
	bits = __axv_check_extension(&vm, AXVCPU_CAP_GUEST_PHYS_BITS);
	ASSERT_LE(AXV_ARCH_MIN_GPA_BITS, bits);
	ASSERT_GT(64, bits);
	limit = 1ULL << bits;
	p = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	mem = (uintptr_t)p;

	{
		const struct {
			uint32_t slot, flags;
			uint64_t gpa, size, uaddr;
		} bad[] = {
			{ ~0U, 0, 0, pg, mem },
			{ 1U << 31, 0, 0, pg, mem },
			{ 0, 1U << 31, 0, pg, mem },
			{ 0, ~0U, 0, pg, mem },
			{ 0, 0, top, pg, mem },			/* gpa wraps */
			{ 0, 0, pg, top, mem },			/* size wraps gpa */
			{ 0, 0, 0, top, mem },			/* above the limit */
			{ 0, 0, limit, pg, mem },		/* at the limit */
			{ 0, 0, limit - pg, 2 * pg, mem },	/* across it */
			{ 0, 0, 1ULL << 63, pg, mem },
			{ 0, 0, 0, pg, top },			/* uaddr at the top */
			{ 0, 0, 0, 2 * pg, top },		/* uaddr wraps */
			{ 0, 0, 0, pg, 1ULL << 63 },		/* kernel half */
			{ 0, 0, 0, pg, 1ULL << 62 },
			{ 0, 0, 0, 1ULL << 40, top - (1ULL << 39) },
			{ 0, 0, 0, 1ULL << 43, mem },		/* 2^31 pages */
		};

		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			void *hva = (void *)(uintptr_t)bad[i].uaddr;
			int ret = __axv_set_memory_region(&vm, bad[i].slot,
							  bad[i].flags,
							  bad[i].gpa,
							  bad[i].size, hva);

			EXPECT_EQ(-EINVAL, ret) {
				TH_LOG("case %u", i);
			}
		}
	}
	/* The last page below the limit is fine, and so is its deletion. */
	EXPECT_EQ(0, __axv_set_memory_region(&vm, 31, 0, limit - pg, pg, p));
	EXPECT_EQ(-EEXIST, __axv_set_memory_region(&vm, 30, 0, limit - pg,
						   pg, p));
	EXPECT_EQ(0, __axv_delete_memory_region(&vm, 31));
	/* Mapped user memory but a size reaching past it: EFAULT. */
	EXPECT_EQ(-EFAULT, __axv_set_memory_region(&vm, 0, 0, 0, 1ULL << 30, p));
	munmap(p, 4 * pg);
	axv_vm_close(&vm);
}

static sigjmp_buf sigbus_jmp;

static void sigbus_handler(int sig)
{
	siglongjmp(sigbus_jmp, sig);
}

/*
 * The run page mapping: any other size or offset is refused; grown with
 * mremap, everything past the first page is SIGBUS, never kernel memory.
 * The access is made in a child so that a bug cannot hurt the test.
 */
TEST_F_TIMEOUT(adv, run_mmap_abuse, TIMEOUT)
{
	static const struct { size_t len; off_t off; } bad[] = {
		{ 2, 1 }, { 0, 1 }, { 1, 1 << 20 }, { 1, 1L << 30 }, { 16, 0 },
	};
	size_t pg = getpagesize();
	int status, sigs;
	unsigned int i;
	struct gvm g;
	pid_t pid;
	void *p;

	GVM_CREATE(&g, code_spin, 0, 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		p = mmap(NULL, bad[i].len * pg, PROT_READ | PROT_WRITE,
			 MAP_SHARED, g.vcpu.fd, bad[i].off * (off_t)pg);
		EXPECT_EQ(MAP_FAILED, p) {
			TH_LOG("len %zu pages, offset %ld pages", bad[i].len,
			       (long)bad[i].off);
		}
		EXPECT_EQ(EINVAL, errno);
		if (p != MAP_FAILED)
			munmap(p, bad[i].len * pg);
	}
	/* A length below a page is rounded up by mmap: that is one page. */
	p = mmap(NULL, 100, PROT_READ, MAP_SHARED, g.vcpu.fd, 0);
	EXPECT_NE(MAP_FAILED, p);
	if (p != MAP_FAILED)
		munmap(p, 100);

	g.vcpu.run->exit_reason = 0x5a5a5a5a;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = sigbus_handler };
		volatile unsigned char *q;
		unsigned int off;

		sigemptyset(&sa.sa_mask);
		sigaction(SIGBUS, &sa, NULL);
		q = mremap(g.vcpu.run, pg, 4 * pg, MREMAP_MAYMOVE);
		if (q == MAP_FAILED)
			_exit(100);
		if (((struct axvcpu_run *)q)->exit_reason != 0x5a5a5a5a)
			_exit(101);
		/* Every page past the first, read and write: SIGBUS each. */
		sigs = 0;
		for (off = pg; off < 4 * pg; off += pg / 2) {
			if (sigsetjmp(sigbus_jmp, 1)) {
				sigs++;
				continue;
			}
			(void)q[off];
			_exit(102);
		}
		for (off = pg; off < 4 * pg; off += pg) {
			if (sigsetjmp(sigbus_jmp, 1)) {
				sigs++;
				continue;
			}
			q[off + 8] = 1;
			_exit(103);
		}
		_exit(sigs == 9 ? 0 : 104);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status)) {
		TH_LOG("child killed by signal %d", WTERMSIG(status));
	}
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(0x5a5a5a5aU, g.vcpu.run->exit_reason);
	gvm_destroy(&g);
}

/*
 * VMs with a vCPU and TOUCH_PAGES pinned pages each until a limit: 2000
 * VMs, or EMFILE (RLIMIT_NOFILE is set to allow about 1000, about 120 on
 * the debug kernel, where each VM costs a hundred times more) or ENOMEM,
 * which must be clean errors.  Closing them all gives the memory back.
 */
TEST_F_TIMEOUT(adv, many_vms_until_limit, TIMEOUT)
{
	enum { MAX_VMS = 2000 };
	struct rlimit old, rl;
	long avail0, avail_peak, avail1, refcnt;
	struct gvm *g, check;
	unsigned int n, i;
	int ret = 0;

	/* Warm up the slab caches so that they do not count as leaks. */
	g = calloc(MAX_VMS, sizeof(*g));
	ASSERT_NE(NULL, g);
	GVM_CREATE(&g[0], code_touch, AXV_RAM_BASE + 4096, TOUCH_PAGES);
	gvm_destroy(&g[0]);
	refcnt = module_refcnt();
	avail0 = mem_available_kb();
	ASSERT_LT(0, avail0);

	ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &old));
	rl = old;
	rl.rlim_cur = test_debug_kernel() ? 256 : 2048;
	if (rl.rlim_max < rl.rlim_cur)
		rl.rlim_max = rl.rlim_cur;
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &rl));

	for (n = 0; n < MAX_VMS; n++) {
		ret = gvm_create(&g[n], code_touch, sizeof(code_touch),
				 AXV_RAM_BASE + 4096,
				 TOUCH_PAGES);
		if (ret)
			break;
		ret = axv_vcpu_run(&g[n].vcpu);
		ASSERT_EQ(0, ret);
		ASSERT_EXIT_REASON(&g[n].vcpu, AXVCPU_EXIT_MMIO_WRITE);
		ASSERT_EQ(0ULL, g[n].vcpu.run->mmio.phys_addr);
	}
	avail_peak = mem_available_kb();
	TH_LOG("%u VMs, stopped by %s; MemAvailable %ld -> %ld kB", n,
	       ret ? strerror(-ret) : "the limit", avail0, avail_peak);
	EXPECT_TRUE(ret == 0 || ret == -EMFILE || ret == -ENFILE ||
		    ret == -ENOMEM) {
		TH_LOG("unexpected error %d", ret);
	}
	EXPECT_LT(test_debug_kernel() ? 100U : 500U, n);

	for (i = 0; i < n; i++)
		gvm_destroy(&g[i]);
	setrlimit(RLIMIT_NOFILE, &old);
	free(g);

	/* The device still works. */
	GVM_CREATE(&check, code_mmio_rw, 0, 0);
	mmio_round(_metadata, &check, 42);
	gvm_destroy(&check);
	avail1 = mem_available_kb();
	TH_LOG("after closing: MemAvailable %ld kB", avail1);
	/*
	 * Each VM pinned TOUCH_PAGES pages: a leak would be far above 8 MiB
	 * on the host kernel (on the debug kernel, with fewer VMs and the
	 * quarantine's slack, only a larger one shows here).
	 */
	EXPECT_LT(avail0 - mem_slack_kb(), avail1);
	EXPECT_EQ(refcnt, module_refcnt());
}

#define SUM_RAM_PAGES	256
#define SUM_PAGE	4096UL

static uint64_t page_value(unsigned long page, uint64_t gen)
{
	return gen << 32 | (page * 0x9e37 + 1);
}

/* Run code_sum over @count pages from @first: the sum it writes to gpa 0. */
static uint64_t guest_sum(struct __test_metadata *_metadata,
			  struct axv_vcpu *vcpu, unsigned long first,
			  unsigned long count)
{
	ASSERT_EQ(0, __axv_arch_set_boot_regs(vcpu, AXV_RAM_BASE,
					      AXV_RAM_BASE + first * SUM_PAGE,
					      count));
	ASSERT_EQ(0, axv_vcpu_run(vcpu));
	ASSERT_EXIT_REASON(vcpu, AXVCPU_EXIT_MMIO_WRITE);
	EXPECT_EQ(0ULL, vcpu->run->mmio.phys_addr);
	EXPECT_EQ(8U, vcpu->run->mmio.len);
	return vcpu->run->mmio.data;
}

/* One run of code_sum over page 1 of @g, which holds @val first. */
static void sum_round(struct __test_metadata *_metadata, struct gvm *g,
		      uint64_t val)
{
	memcpy((char *)g->ram + SUM_PAGE, &val, sizeof(val));
	EXPECT_EQ(val, guest_sum(_metadata, &g->vcpu, 1, 1));
}

/* code_sum over the page at @gpa, which is not RAM: it reads @val there. */
static uint64_t guest_sum_mmio(struct __test_metadata *_metadata,
			       struct axv_vcpu *vcpu, uint64_t gpa,
			       uint64_t val)
{
	ASSERT_EQ(0, __axv_arch_set_boot_regs(vcpu, AXV_RAM_BASE, gpa, 1));
	ASSERT_EQ(0, axv_vcpu_run(vcpu));
	ASSERT_EXIT_REASON(vcpu, AXVCPU_EXIT_MMIO_READ);
	EXPECT_EQ(gpa, vcpu->run->mmio.phys_addr);
	EXPECT_EQ(8U, vcpu->run->mmio.len);
	vcpu->run->mmio.data = val;
	ASSERT_EQ(0, axv_vcpu_run(vcpu));
	ASSERT_EXIT_REASON(vcpu, AXVCPU_EXIT_MMIO_WRITE);
	EXPECT_EQ(0ULL, vcpu->run->mmio.phys_addr);
	return vcpu->run->mmio.data;
}

/*
 * "RAM or MMIO?" as slots come and go, with RAM at the base and one page
 * 64 MiB above it: the hole between them is MMIO, though inside the bounds
 * of RAM; the page is RAM, the page after it MMIO (the bounds are kept in
 * coarser units, rounded up); once deleted the page is MMIO (the bounds
 * shrink), and RAM again, with its new backing, when a slot comes back
 * there.
 */
TEST_F_TIMEOUT(adv, ram_or_mmio_as_slots_change, TIMEOUT)
{
	const uint64_t high = AXV_RAM_BASE + (64ULL << 20);
	const uint64_t hole = AXV_RAM_BASE + (32ULL << 20);
	uint64_t *page;
	struct gvm g;

	GVM_CREATE(&g, code_sum, 0, 0);
	page = mmap(NULL, SUM_PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, page);
	page[0] = 0x1111;
	axv_set_memory_region(&g.vm, 1, 0, high, SUM_PAGE, page);

	EXPECT_EQ(0x2222ULL, guest_sum_mmio(_metadata, &g.vcpu, hole, 0x2222));
	EXPECT_EQ(0x1111ULL, guest_sum(_metadata, &g.vcpu,
				       (high - AXV_RAM_BASE) / SUM_PAGE, 1));
	EXPECT_EQ(0x6666ULL, guest_sum_mmio(_metadata, &g.vcpu,
					    high + SUM_PAGE, 0x6666));
	axv_delete_memory_region(&g.vm, 1);
	EXPECT_EQ(0x3333ULL, guest_sum_mmio(_metadata, &g.vcpu, high, 0x3333));
	page[0] = 0x4444;
	axv_set_memory_region(&g.vm, 1, 0, high, SUM_PAGE, page);
	EXPECT_EQ(0x4444ULL, guest_sum(_metadata, &g.vcpu,
				       (high - AXV_RAM_BASE) / SUM_PAGE, 1));
	/* Below all of RAM. */
	EXPECT_EQ(0x5555ULL, guest_sum_mmio(_metadata, &g.vcpu,
					    AXV_RAM_BASE - SUM_PAGE, 0x5555));
	gvm_destroy(&g);
	munmap(page, SUM_PAGE);
}

/*
 * VMs without vCPUs until 20000 (QEMU has 2^14 riscv VMIDs, 2^16 arm64
 * ones), stopping early should MemAvailable fall below 160 MiB.  VMs past
 * the VMID space share one VMID: opening them must not fail, and two such
 * guests taking turns on one CPU must each see only their own memory.  A
 * closed VM's resources are reusable at once, and all memory comes back at
 * the end.  The debug kernel stops at 2000 VMs: 16383 of them would take
 * it over ten minutes.
 */
TEST_F_TIMEOUT(adv, vms_past_the_vmid_space, TIMEOUT)
{
	const unsigned int limit = test_debug_kernel() ? 2000 : 20000;
	enum { MAX_VMS = 20000 };
	long avail0, avail1, low = 0;
	struct rlimit old, rl;
	struct gvm a, b;
	struct axv_vm *vm;
	unsigned int n, i;
	cpu_set_t cpus;
	int ret = 0;

	vm = calloc(MAX_VMS, sizeof(*vm));
	ASSERT_NE(NULL, vm);
	avail0 = mem_available_kb();
	ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &old));
	rl.rlim_cur = MAX_VMS + 64;
	rl.rlim_max = MAX_VMS + 64;
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &rl));

	if (limit < MAX_VMS)
		TH_LOG("debug kernel: at most %u VMs, the VMIDs will not run out",
		       limit);
	for (n = 0; n < limit; n++) {
		if (!(n & 255)) {
			low = mem_available_kb();
			if (low < 160 * 1024)
				break;
		}
		ret = __axv_vm_open(&vm[n]);
		if (ret)
			break;
	}
	TH_LOG("%u VMs, stopped by %s; MemAvailable %ld -> %ld kB", n,
	       ret ? strerror(-ret) : n == limit ? "the limit" :
	       "the memory guard", avail0, low);
	EXPECT_EQ(0, ret);

	/* Two more, with guests, on one CPU: past the space, one VMID. */
	CPU_ZERO(&cpus);
	CPU_SET(sched_getcpu(), &cpus);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(cpus), &cpus));
	GVM_CREATE(&a, code_sum, AXV_RAM_BASE + 4096, 1);
	GVM_CREATE(&b, code_sum, AXV_RAM_BASE + 4096, 1);
	for (i = 0; i < 8; i++) {
		sum_round(_metadata, &a, 0xa000 + i);
		sum_round(_metadata, &b, 0xb000 + i);
	}
	gvm_destroy(&a);
	gvm_destroy(&b);

	if (n > 0) {
		/* One closed, one more fits. */
		axv_vm_close(&vm[n / 2]);
		EXPECT_EQ(0, __axv_vm_open(&vm[n / 2]));
	}
	for (i = 0; i < n; i++)
		axv_vm_close(&vm[i]);
	setrlimit(RLIMIT_NOFILE, &old);
	free(vm);
	avail1 = mem_available_kb();
	TH_LOG("after closing: MemAvailable %ld kB", avail1);
	EXPECT_LT(avail0 - mem_slack_kb(), avail1);
}

/* Give page @page of the VMM's RAM new backing that holds @val. */
static bool remap_page(void *ram, unsigned long page, uint64_t val)
{
	void *p = (char *)ram + page * SUM_PAGE;

	if (mmap(p, SUM_PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != p)
		return false;
	memcpy(p, &val, sizeof(val));
	return true;
}

/*
 * Fault-around (api.rst, SET_USER_MEMORY_REGION): page after page, each
 * fault maps twice as many pages as the one before, up to 16; a fault
 * anywhere else maps only its own page.  What the guest sees tells: a page
 * mapped ahead keeps the backing it had when it was mapped, even after the
 * VMM gives that address new backing, and any other page gets the new
 * backing on its first touch.  And every page mapped ahead is the right
 * one: the guest's sum over all of RAM is the VMM's.
 */
TEST_F_TIMEOUT(adv, fault_around_maps_the_right_pages, TIMEOUT)
{
	const size_t size = SUM_RAM_PAGES * SUM_PAGE;
	struct axv_vcpu vcpu = { .fd = -1 };
	uint64_t want = 0, got;
	struct axv_vm vm;
	unsigned long i;
	void *ram;
	int ret;

	ASSERT_VM_OPEN(&vm);
	ram = __axv_add_ram(&vm, 0, AXV_RAM_BASE, size, &ret);
	ASSERT_NE(NULL, ram) {
		TH_LOG("add_ram: %s", strerror(-ret));
	}
	memcpy(ram, code_sum, sizeof(code_sum));
	for (i = 1; i < SUM_RAM_PAGES; i++) {
		uint64_t v = page_value(i, 1);

		memcpy((char *)ram + i * SUM_PAGE, &v, sizeof(v));
		want += v;
	}
	ASSERT_EQ(0, __axv_vcpu_create(&vm, 0, &vcpu));

	/* Pages 64, 66, 68 one at a time: no run, nothing mapped ahead. */
	for (i = 64; i <= 68; i += 2)
		EXPECT_EQ(page_value(i, 1), guest_sum(_metadata, &vcpu, i, 1));
	ASSERT_TRUE(remap_page(ram, 69, page_value(69, 2)));
	EXPECT_EQ(page_value(69, 2), guest_sum(_metadata, &vcpu, 69, 1)) {
		TH_LOG("page 69 was mapped before the guest touched it");
	}

	/*
	 * Pages 128-135 in one run: the faults map 128, 129-130, 131-134
	 * and 135-142.  142 keeps its old backing, 143 gets the new one.
	 */
	for (got = 0, i = 128; i < 136; i++)
		got += page_value(i, 1);
	EXPECT_EQ(got, guest_sum(_metadata, &vcpu, 128, 8));
	ASSERT_TRUE(remap_page(ram, 142, page_value(142, 2)));
	ASSERT_TRUE(remap_page(ram, 143, page_value(143, 2)));
	EXPECT_EQ(page_value(142, 1), guest_sum(_metadata, &vcpu, 142, 1)) {
		TH_LOG("page 142 was not mapped by the fault on page 135");
	}
	EXPECT_EQ(page_value(143, 2), guest_sum(_metadata, &vcpu, 143, 1)) {
		TH_LOG("the fault on page 135 mapped more than 8 pages");
	}

	/*
	 * All of RAM, in windows of up to 16 pages: the right pages, and
	 * the new backing of 69 and 143 that the guest took.
	 */
	want += page_value(69, 2) - page_value(69, 1);
	want += page_value(143, 2) - page_value(143, 1);
	EXPECT_EQ(want, guest_sum(_metadata, &vcpu, 1, SUM_RAM_PAGES - 1));

	axv_vcpu_close(&vcpu);
	axv_vm_close(&vm);
	munmap(ram, size);
}

/*
 * A slot costs what the guest touches, not its size: 64 GiB of reserved
 * but untouched VMM memory registers without a dent in MemAvailable, its
 * last page works, and deleting it is quick (only touched pages are
 * walked).
 */
TEST_F_TIMEOUT(adv, huge_slot_costs_what_is_touched, TIMEOUT)
{
	const uint64_t size = 64ULL << 30, last = size / SUM_PAGE - 1;
	struct axv_vcpu vcpu = { .fd = -1 };
	uint64_t val = 0x1234abcd5678ef00ULL;
	long avail0, avail1;
	struct axv_vm vm;
	char *ram;

	ASSERT_VM_OPEN(&vm);
	ram = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	ASSERT_NE(MAP_FAILED, ram);
	avail0 = mem_available_kb();
	ASSERT_EQ(0, __axv_set_memory_region(&vm, 0, 0, AXV_RAM_BASE, size,
					     ram));
	avail1 = mem_available_kb();
	TH_LOG("a %llu GiB slot: MemAvailable %ld -> %ld kB",
	       (unsigned long long)(size >> 30), avail0, avail1);
	EXPECT_LT(avail0 - 8192, avail1);

	memcpy(ram, code_sum, sizeof(code_sum));
	memcpy(ram + last * SUM_PAGE, &val, sizeof(val));
	ASSERT_EQ(0, __axv_vcpu_create(&vm, 0, &vcpu));
	EXPECT_EQ(val, guest_sum(_metadata, &vcpu, last, 1));

	EXPECT_EQ(0, __axv_delete_memory_region(&vm, 0));
	axv_vcpu_close(&vcpu);
	axv_vm_close(&vm);
	munmap(ram, size);
}

TEST_HARNESS_MAIN
