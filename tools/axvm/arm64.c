// SPDX-License-Identifier: GPL-2.0
/*
 * axvm, arm64 part: flat guest images with the console hypercall.  Linux
 * guests need a GICv3 first (see Documentation/design.rst), and the KVM
 * backend the arm64 register and vCPU-init code.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "axvm.h"

/* Unsupported calls are reported, but only so often. */
#define MAX_WARNINGS	16

/* Documentation/arm64/booting.rst: "ARM\x64" at offset 56. */
#define ARM64_IMAGE_MAGIC_OFF	56
#define ARM64_IMAGE_MAGIC	0x644d5241U

int axvm_arch_load(struct axvm *m)
{
	struct stat st;
	uint32_t magic = 0;
	ssize_t n = 0;
	int fd, ret;

	fd = open(m->kernel, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		axvm_err("cannot open kernel '%s': %s", m->kernel,
			 strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		axvm_err("kernel '%s' is not a regular file", m->kernel);
		goto err;
	}
	if (!st.st_size) {
		axvm_err("kernel '%s' is empty", m->kernel);
		goto err;
	}
	if ((uint64_t)st.st_size > m->ram_size) {
		axvm_err("kernel '%s' (%lld bytes) does not fit in %llu bytes of guest RAM",
			 m->kernel, (long long)st.st_size,
			 (unsigned long long)m->ram_size);
		goto err;
	}
	if (pread(fd, &magic, sizeof(magic), ARM64_IMAGE_MAGIC_OFF) ==
	    sizeof(magic) && magic == ARM64_IMAGE_MAGIC && !m->flat) {
		axvm_err("'%s' is an arm64 Linux Image: booting Linux on arm64 needs a GICv3, which axvm does not provide yet",
			 m->kernel);
		goto err;
	}
	if (m->initrd || m->cmdline) {
		axvm_err("--initrd and --cmdline need a Linux guest, which axvm does not boot on arm64 yet");
		goto err;
	}
	while (n < st.st_size) {
		ssize_t r = pread(fd, (char *)m->ram + n, st.st_size - n, n);

		if (r <= 0) {
			axvm_err("cannot read kernel '%s': %s", m->kernel,
				 r < 0 ? strerror(errno) : "file shrank");
			goto err;
		}
		n += r;
	}
	close(fd);

	/* x0 = device tree (none), x1..x3 = 0. */
	ret = m->be->set_boot_regs(&m->vcpus[0], m->entry, 0, 0);
	if (ret < 0) {
		axvm_err("cannot set the boot registers: %s", strerror(-ret));
		return -1;
	}
	return 0;
err:
	close(fd);
	return -1;
}

enum axvm_action axvm_arch_hypercall(struct axvm_vcpu *v, struct axvm_exit *e)
{
	static unsigned int warnings;
	unsigned char c;

	if (e->hypercall.nr == AXV_HVC_CONSOLE_PUTCHAR) {
		c = (unsigned char)e->hypercall.args[0];
		axvm_console_write(&c, 1);
		e->hypercall.ret[0] = SMCCC_RET_SUCCESS;
		return AXVM_CONTINUE;
	}

	/* Leave ret[0] as preset (SMCCC NOT_SUPPORTED) and go on. */
	if (v->m->verbose ||
	    __atomic_fetch_add(&warnings, 1, __ATOMIC_RELAXED) < MAX_WARNINGS)
		axvm_err("vCPU %u: unsupported %s: function %#llx", v->id,
			 e->hypercall.flags & AXVCPU_HYPERCALL_SMC ?
			 "SMC" : "HVC",
			 (unsigned long long)e->hypercall.nr);
	return AXVM_CONTINUE;
}

/* PSCI SYSTEM_OFF carries no reason to report a failure with. */
bool axvm_arch_shutdown_failed(const struct axvm_exit *e)
{
	(void)e;
	return false;
}

/* The KVM backend needs KVM_ARM_VCPU_INIT and arm64 registers first. */
int axvm_arch_kvm_init_vcpu(struct axvm_vcpu *v)
{
	(void)v;
	return -EOPNOTSUPP;
}

int axvm_arch_kvm_set_boot_regs(struct axvm_vcpu *v, uint64_t pc,
				uint64_t arg0, uint64_t arg1)
{
	(void)v;
	(void)pc;
	(void)arg0;
	(void)arg1;
	return -EOPNOTSUPP;
}

bool axvm_arch_kvm_exit(struct kvm_run *run, struct axvm_exit *e)
{
	(void)run;
	(void)e;
	return false;
}

void axvm_arch_kvm_complete(struct kvm_run *run, const struct axvm_exit *e)
{
	(void)run;
	(void)e;
}

void axvm_arch_kvm_dump_regs(struct axvm_vcpu *v, FILE *f)
{
	(void)v;
	fprintf(f, "(no arm64 register dump for KVM yet)\n");
}
