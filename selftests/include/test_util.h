/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host-side helpers of the axvcpu selftests, on top of libaxvcpu.
 *
 * Helpers named vcpu_*() / test_vm_*() assert: on failure they print what
 * went wrong at the caller's file:line (as "# " TAP diagnostics) and
 * abort(), which the kselftest harness reports as a failed test.  Raw
 * forms for negative tests are libaxvcpu's __axv_*() functions.
 *
 * This header must not include kselftest_harness.h (that header defines
 * globals and may be included by one file per program only).
 */
#ifndef _TEST_UTIL_H
#define _TEST_UTIL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "axvcpu_lib.h"
#include "guest_layout.h"
#include "ucall_common.h"

void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

#define TEST_ASSERT(cond, fmt, ...)					\
do {									\
	if (!(cond))							\
		test_fail(__FILE__, __LINE__,				\
			  "assertion '%s' failed: " fmt, #cond,		\
			  ##__VA_ARGS__);				\
} while (0)

/* Print "# "-prefixed dumps of an exit and the registers of @vcpu. */
void test_dump_vcpu(struct axv_vcpu *vcpu);

/*
 * Guest images are linked into the test program as
 * guest_image_<name>[] .. guest_image_<name>_end[].
 */
struct guest_image {
	const char *name;
	const unsigned char *data;
	size_t size;
};

#define DECLARE_GUEST_IMAGE(n)						\
	extern const unsigned char guest_image_##n[];			\
	extern const unsigned char guest_image_##n##_end[]

#define GUEST_IMAGE(n)							\
	((struct guest_image){						\
		.name = #n,						\
		.data = guest_image_##n,				\
		.size = (size_t)(guest_image_##n##_end - guest_image_##n), \
	})

/* Guest physical address of the image's guest_secondary_entry. */
uint64_t guest_image_secondary_entry(const struct guest_image *img);

/* Guest RAM of the tests: slot 0 at the architecture's RAM base. */
#define TEST_RAM_SLOT	0
#define TEST_RAM_BASE	AXV_RAM_BASE
#define TEST_RAM_SIZE	(2ULL << 20)

struct test_vm {
	struct axv_vm vm;
	void *ram;
	unsigned int nr_vcpus;
	struct axv_vcpu vcpu[AXVCPU_MAX_VCPUS];
};

/*
 * Open a VM with TEST_RAM_SIZE of RAM holding @img (may be NULL), and
 * @nr_vcpus vCPUs; vCPU 0 is pointed at the image's start with a0 = 0.
 */
void test_vm_create(struct test_vm *t, const struct guest_image *img,
		    unsigned int nr_vcpus);
void test_vm_destroy(struct test_vm *t);

/* Host address of guest [gpa, gpa + len), asserting that it is RAM. */
void *test_gpa_to_hva(struct test_vm *t, uint64_t gpa, uint64_t len);

/*
 * Set the argument register @n of the guest's calling convention (riscv:
 * a<n>, arm64: x<n>), e.g. before its first run.
 */
void vcpu_set_arg(struct axv_vcpu *vcpu, unsigned int n, uint64_t val);

/* Running guests */
struct ucall {
	uint64_t cmd;
	uint64_t args[6];
};

/*
 * If the last exit of @vcpu is a ucall, decode it into @uc (may be NULL),
 * preset the guest's return value to 0 and return its command; else
 * return UCALL_NONE.
 */
uint64_t get_ucall(struct axv_vcpu *vcpu, struct ucall *uc);
/* Answer the ucall just decoded: ucall() returns @val in the guest. */
void ucall_reply(struct axv_vcpu *vcpu, uint64_t val);

/* RUN, asserting that it returns 0. */
void __vcpu_run(struct axv_vcpu *vcpu, const char *file, int line);
#define vcpu_run(v)		__vcpu_run(v, __FILE__, __LINE__)

/*
 * RUN and assert that the exit is a ucall; guest assertion failures and
 * unhandled guest traps are reported and fail the test.  Returns the
 * command.
 */
uint64_t __vcpu_run_ucall(struct axv_vcpu *vcpu, struct ucall *uc,
			  const char *file, int line);
#define vcpu_run_ucall(v, uc)	__vcpu_run_ucall(v, uc, __FILE__, __LINE__)

/* RUN and assert UCALL_SYNC with args[0] == @tag. */
void __vcpu_run_sync(struct axv_vcpu *vcpu, struct ucall *uc, uint64_t tag,
		     const char *file, int line);
#define vcpu_run_sync(v, uc, tag) \
	__vcpu_run_sync(v, uc, tag, __FILE__, __LINE__)

/* RUN and assert UCALL_DONE. */
void __vcpu_run_done(struct axv_vcpu *vcpu, const char *file, int line);
#define vcpu_run_done(v)	__vcpu_run_done(v, __FILE__, __LINE__)

/* RUN and assert an exit with @reason (guest failures still reported). */
void __vcpu_run_exit(struct axv_vcpu *vcpu, uint32_t reason,
		     const char *file, int line);
#define vcpu_run_exit(v, reason) \
	__vcpu_run_exit(v, reason, __FILE__, __LINE__)

/* Fail the test with a report of a guest's UCALL_FAIL/UCALL_UNHANDLED. */
void __report_guest_failure(struct axv_vcpu *vcpu, const struct ucall *uc,
			    const char *file, int line)
	__attribute__((noreturn));

/* Monotonic time in nanoseconds. */
uint64_t test_now_ns(void);

/*
 * True when booted on the debug kernel (KASAN, lockdep, kmemleak; init
 * exports $AXVCPU_VARIANT): many times slower, so the longest stress loops
 * scale themselves down there, saying so.
 */
bool test_debug_kernel(void);

/*
 * /dev/kvm, opened read-write.  The riscv test kernel builds KVM as a
 * module, which the initramfs carries as TEST_KVM_MODULE: it is loaded
 * first if /dev/kvm is missing.  Returns the fd or -errno.
 */
#define TEST_KVM_MODULE	"/kvm.ko"
int test_kvm_open(void);

/*
 * KVM enables itself on every CPU with its first VM and disables itself
 * with its last close, by IPI, and those IPIs write hypervisor registers
 * wherever they land.  A kvm_toggler is a thread that creates and closes KVM VMs until
 * stopped, for tests of what that does to a loaded axvcpu vCPU.
 */
struct kvm_toggler {
	pthread_t thread;
	int kvm;		/* /dev/kvm, not owned */
	atomic_bool stop;
	unsigned long rounds;	/* on/off cycles done */
	int err;		/* errno of a failed KVM_CREATE_VM, or 0 */
};

/* Start toggling through @kvm; returns 0 or pthread_create's error. */
int kvm_toggler_start(struct kvm_toggler *t, int kvm);
/* Stop and join the thread; t->rounds and t->err tell how it went. */
void kvm_toggler_stop(struct kvm_toggler *t);

/*
 * Interrupting RUN with a signal: SIGUSR1 with a handler that does nothing,
 * without SA_RESTART, so that a RUN it lands in returns -EINTR.
 */
void test_install_sigusr1(void);

/* A thread doing one RUN of a vCPU fd, for tests of what ends it. */
struct runner {
	pthread_t thread;
	int fd;
	atomic_bool done;
	int ret;		/* RUN's 0 or -errno */
};

/* Start the RUN; returns 0 or pthread_create's error. */
int runner_start(struct runner *r, int fd);
/* Wait up to @ms for the RUN to return by itself; true if it did. */
bool runner_wait(struct runner *r, unsigned int ms);
/* SIGUSR1 the runner until its RUN returns (10 s at most); true if it did. */
bool runner_stop(struct runner *r);

/*
 * A thread that sends SIGUSR1 to @target every @period_ms, after
 * @delay_ms, until stopped: more than once, as one signal may land before
 * the target enters RUN.
 */
struct kicker {
	pthread_t thread;
	pthread_t target;
	unsigned int delay_ms;
	unsigned int period_ms;
	atomic_bool stop;
};

/* Kick the calling thread; returns 0 or pthread_create's error. */
int kicker_start(struct kicker *k, unsigned int delay_ms,
		 unsigned int period_ms);
void kicker_stop(struct kicker *k);

#endif /* _TEST_UTIL_H */
