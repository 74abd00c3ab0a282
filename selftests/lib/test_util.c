// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side helpers of the axvcpu selftests: VM setup with a guest image,
 * running to ucalls, reporting guest failures.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "test_util.h"

/* libaxvcpu's own failure messages become TAP diagnostics too. */
static void __attribute__((constructor)) tap_log_prefix(void)
{
	axv_log_prefix = "# ";
}

/* Print @buf line by line as TAP diagnostics. */
static void print_tap(const char *buf)
{
	const char *nl;

	while (*buf) {
		nl = strchr(buf, '\n');
		if (!nl)
			nl = buf + strlen(buf);
		fprintf(stderr, "# %.*s\n", (int)(nl - buf), buf);
		buf = *nl ? nl + 1 : nl;
	}
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
	char *msg = NULL;
	va_list ap;
	int n;

	fflush(stdout);
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "# %s:%d: ", file, line);
	if (n >= 0) {
		/* First line inline, the rest as diagnostics of their own. */
		char *nl = strchr(msg, '\n');

		if (nl)
			*nl = '\0';
		fprintf(stderr, "%s\n", msg);
		if (nl)
			print_tap(nl + 1);
	} else {
		fprintf(stderr, "%s\n", fmt);
	}
	free(msg);
	fflush(stderr);
	abort();
}

void test_dump_vcpu(struct axv_vcpu *vcpu)
{
	struct axvcpu_regs regs;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (!f)
		return;
	fprintf(f, "vCPU %u: ", vcpu->id);
	axv_dump_exit(f, vcpu->run);
	if (__axv_get_regs(vcpu, &regs) == 0)
		axv_arch_dump_regs(f, &regs);
	fclose(f);
	print_tap(buf);
	free(buf);
}

uint64_t guest_image_secondary_entry(const struct guest_image *img)
{
	uint64_t magic, entry;

	TEST_ASSERT(img->size >= GUEST_HDR_SIZE, "image %s too small",
		    img->name);
	memcpy(&magic, img->data + GUEST_HDR_MAGIC, sizeof(magic));
	memcpy(&entry, img->data + GUEST_HDR_SECONDARY, sizeof(entry));
	TEST_ASSERT(magic == GUEST_IMAGE_MAGIC, "image %s has no header",
		    img->name);
	return entry;
}

void test_vm_create(struct test_vm *t, const struct guest_image *img,
		    unsigned int nr_vcpus)
{
	unsigned int i;

	TEST_ASSERT(nr_vcpus <= AXVCPU_MAX_VCPUS, "%u vCPUs", nr_vcpus);
	memset(t, 0, sizeof(*t));
	for (i = 0; i < AXVCPU_MAX_VCPUS; i++)
		t->vcpu[i].fd = -1;

	axv_vm_open(&t->vm);
	t->ram = axv_add_ram(&t->vm, TEST_RAM_SLOT, TEST_RAM_BASE,
			     TEST_RAM_SIZE);

	if (img) {
		uint64_t end;

		/* The image's .bss and stacks must fit as well. */
		TEST_ASSERT(img->size >= GUEST_HDR_SIZE,
			    "image %s too small", img->name);
		memcpy(&end, img->data + GUEST_HDR_END, sizeof(end));
		TEST_ASSERT(end > TEST_RAM_BASE &&
			    end - TEST_RAM_BASE <= TEST_RAM_SIZE,
			    "image %s needs memory up to %#llx", img->name,
			    (unsigned long long)end);
		TEST_ASSERT(axv_load_image(&t->vm, TEST_RAM_BASE, img->data,
					   img->size) == 0,
			    "loading %s", img->name);
	}

	for (i = 0; i < nr_vcpus; i++)
		axv_vcpu_create(&t->vm, i, &t->vcpu[i]);
	t->nr_vcpus = nr_vcpus;
	if (nr_vcpus)
		axv_arch_set_boot_regs(&t->vcpu[0], TEST_RAM_BASE, 0, 0);
}

void test_vm_destroy(struct test_vm *t)
{
	unsigned int i;

	for (i = 0; i < AXVCPU_MAX_VCPUS; i++)
		if (t->vcpu[i].fd >= 0)
			axv_vcpu_close(&t->vcpu[i]);
	t->nr_vcpus = 0;
	if (t->vm.fd >= 0)
		axv_vm_close(&t->vm);
	if (t->ram)
		munmap(t->ram, TEST_RAM_SIZE);
	t->ram = NULL;
}

void *test_gpa_to_hva(struct test_vm *t, uint64_t gpa, uint64_t len)
{
	void *hva = axv_gpa_to_hva(&t->vm, gpa, len);

	TEST_ASSERT(hva, "guest range %#llx+%#llx is not RAM",
		    (unsigned long long)gpa, (unsigned long long)len);
	return hva;
}

/* A guest string for a message, or a placeholder if it is not in RAM. */
static const char *guest_str(struct axv_vcpu *vcpu, uint64_t gpa, char *buf,
			     size_t size)
{
	size_t i;

	for (i = 0; i + 1 < size; i++) {
		const char *c = axv_gpa_to_hva(vcpu->vm, gpa + i, 1);

		if (!c)
			return "(bad guest pointer)";
		buf[i] = *c;
		if (!*c)
			return buf;
	}
	buf[i] = '\0';
	return buf;
}

void __report_guest_failure(struct axv_vcpu *vcpu, const struct ucall *uc,
			    const char *file, int line)
{
	char fbuf[256], ebuf[256];

	if (uc->cmd == UCALL_UNHANDLED) {
		test_dump_vcpu(vcpu);
		test_fail(file, line,
			  "vCPU %u: guest took a trap it has no handler for: scause %#llx sepc %#llx stval %#llx",
			  vcpu->id, (unsigned long long)uc->args[0],
			  (unsigned long long)uc->args[1],
			  (unsigned long long)uc->args[2]);
	}
	if (uc->args[5] == 2)
		test_fail(file, line,
			  "vCPU %u: guest assertion '%s' failed at %s:%llu\n"
			  "  left  %#llx (%lld)\n  right %#llx (%lld)",
			  vcpu->id,
			  guest_str(vcpu, uc->args[2], ebuf, sizeof(ebuf)),
			  guest_str(vcpu, uc->args[1], fbuf, sizeof(fbuf)),
			  (unsigned long long)uc->args[0],
			  (unsigned long long)uc->args[3],
			  (long long)uc->args[3],
			  (unsigned long long)uc->args[4],
			  (long long)uc->args[4]);
	test_fail(file, line, "vCPU %u: guest assertion '%s' failed at %s:%llu",
		  vcpu->id, guest_str(vcpu, uc->args[2], ebuf, sizeof(ebuf)),
		  guest_str(vcpu, uc->args[1], fbuf, sizeof(fbuf)),
		  (unsigned long long)uc->args[0]);
}

void __vcpu_run(struct axv_vcpu *vcpu, const char *file, int line)
{
	int ret = axv_vcpu_run(vcpu);

	if (ret < 0) {
		test_dump_vcpu(vcpu);
		test_fail(file, line, "vCPU %u: AXVCPU_RUN failed: %s",
			  vcpu->id, strerror(-ret));
	}
}

uint64_t __vcpu_run_ucall(struct axv_vcpu *vcpu, struct ucall *uc,
			  const char *file, int line)
{
	struct ucall tmp;
	uint64_t cmd;

	if (!uc)
		uc = &tmp;
	__vcpu_run(vcpu, file, line);
	cmd = get_ucall(vcpu, uc);
	if (cmd == UCALL_NONE) {
		test_dump_vcpu(vcpu);
		test_fail(file, line, "vCPU %u: expected a ucall, got exit %s",
			  vcpu->id, axv_exit_name(vcpu->run->exit_reason));
	}
	if (cmd == UCALL_FAIL || cmd == UCALL_UNHANDLED)
		__report_guest_failure(vcpu, uc, file, line);
	return cmd;
}

void __vcpu_run_sync(struct axv_vcpu *vcpu, struct ucall *uc, uint64_t tag,
		     const char *file, int line)
{
	struct ucall tmp;
	uint64_t cmd;

	if (!uc)
		uc = &tmp;
	cmd = __vcpu_run_ucall(vcpu, uc, file, line);
	if (cmd != UCALL_SYNC || uc->args[0] != tag)
		test_fail(file, line,
			  "vCPU %u: expected GUEST_SYNC(%#llx), got ucall %llu with %#llx",
			  vcpu->id, (unsigned long long)tag,
			  (unsigned long long)cmd,
			  (unsigned long long)uc->args[0]);
}

void __vcpu_run_done(struct axv_vcpu *vcpu, const char *file, int line)
{
	struct ucall uc;
	uint64_t cmd;

	cmd = __vcpu_run_ucall(vcpu, &uc, file, line);
	if (cmd != UCALL_DONE)
		test_fail(file, line,
			  "vCPU %u: expected GUEST_DONE, got ucall %llu with %#llx",
			  vcpu->id, (unsigned long long)cmd,
			  (unsigned long long)uc.args[0]);
}

void __vcpu_run_exit(struct axv_vcpu *vcpu, uint32_t reason,
		     const char *file, int line)
{
	struct ucall uc;
	uint64_t cmd;

	__vcpu_run(vcpu, file, line);
	if (vcpu->run->exit_reason == reason)
		return;
	cmd = get_ucall(vcpu, &uc);
	if (cmd == UCALL_FAIL || cmd == UCALL_UNHANDLED)
		__report_guest_failure(vcpu, &uc, file, line);
	test_dump_vcpu(vcpu);
	test_fail(file, line, "vCPU %u: expected exit %s, got %s", vcpu->id,
		  axv_exit_name(reason),
		  axv_exit_name(vcpu->run->exit_reason));
}

uint64_t test_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

bool test_debug_kernel(void)
{
	const char *v = getenv("AXVCPU_VARIANT");

	return v && !strcmp(v, "debug");
}

int test_kvm_open(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT) {
		int ko = open(TEST_KVM_MODULE, O_RDONLY | O_CLOEXEC);

		if (ko >= 0) {
			syscall(SYS_finit_module, ko, "", 0);
			close(ko);
		}
		fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	}
	return fd < 0 ? -errno : fd;
}

static void *kvm_toggle(void *arg)
{
	struct kvm_toggler *t = arg;

	while (!atomic_load(&t->stop)) {
		int vm = ioctl(t->kvm, KVM_CREATE_VM, 0);

		if (vm < 0) {
			t->err = errno;
			break;
		}
		close(vm);
		t->rounds++;
	}
	return NULL;
}

int kvm_toggler_start(struct kvm_toggler *t, int kvm)
{
	t->kvm = kvm;
	atomic_store(&t->stop, false);
	t->rounds = 0;
	t->err = 0;
	return pthread_create(&t->thread, NULL, kvm_toggle, t);
}

void kvm_toggler_stop(struct kvm_toggler *t)
{
	atomic_store(&t->stop, true);
	pthread_join(t->thread, NULL);
}

static void sig_nop(int sig)
{
	(void)sig;
}

void test_install_sigusr1(void)
{
	struct sigaction sa = { .sa_handler = sig_nop };

	sigemptyset(&sa.sa_mask);
	TEST_ASSERT(!sigaction(SIGUSR1, &sa, NULL), "sigaction: %s",
		    strerror(errno));
}

static void *runner_fn(void *arg)
{
	struct runner *r = arg;

	r->ret = ioctl(r->fd, AXVCPU_RUN, 0) < 0 ? -errno : 0;
	atomic_store(&r->done, true);
	return NULL;
}

int runner_start(struct runner *r, int fd)
{
	r->fd = fd;
	r->ret = 0;
	atomic_store(&r->done, false);
	return pthread_create(&r->thread, NULL, runner_fn, r);
}

bool runner_wait(struct runner *r, unsigned int ms)
{
	unsigned int i;

	for (i = 0; i < ms / 10 && !atomic_load(&r->done); i++)
		usleep(10000);
	if (!atomic_load(&r->done))
		return false;
	pthread_join(r->thread, NULL);
	return true;
}

bool runner_stop(struct runner *r)
{
	unsigned int i;

	for (i = 0; i < 1000 && !atomic_load(&r->done); i++) {
		pthread_kill(r->thread, SIGUSR1);
		usleep(10000);
	}
	if (!atomic_load(&r->done))
		return false;
	pthread_join(r->thread, NULL);
	return true;
}

static void *kicker_fn(void *arg)
{
	struct kicker *k = arg;

	usleep(k->delay_ms * 1000);
	while (!atomic_load(&k->stop)) {
		pthread_kill(k->target, SIGUSR1);
		usleep(k->period_ms * 1000);
	}
	return NULL;
}

int kicker_start(struct kicker *k, unsigned int delay_ms,
		 unsigned int period_ms)
{
	k->target = pthread_self();
	k->delay_ms = delay_ms;
	k->period_ms = period_ms;
	atomic_store(&k->stop, false);
	return pthread_create(&k->thread, NULL, kicker_fn, k);
}

void kicker_stop(struct kicker *k)
{
	atomic_store(&k->stop, true);
	pthread_join(k->thread, NULL);
}
