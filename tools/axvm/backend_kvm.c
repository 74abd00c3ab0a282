// SPDX-License-Identifier: GPL-2.0
/*
 * axvm backend for /dev/kvm, so that the same VMM and guest can be
 * compared under KVM.  The architecture part (vCPU init, registers, the
 * riscv SBI exit, arm64's in-kernel vGICv3) is in $(ARCH).c.
 *
 * KVM starts secondary vCPUs itself (SBI HSM, PSCI CPU_ON): every vCPU
 * thread enters RUN at once, and one not started yet sleeps in the kernel
 * until it is.  AXVM_EXIT_CPU_UP and _CPU_DOWN never come from here.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/kvm.h>

#include "axvm.h"

#define KVM_DEVICE	"/dev/kvm"

static int xioctl(int fd, unsigned long cmd, unsigned long arg)
{
	int ret = ioctl(fd, cmd, arg);

	return ret < 0 ? -errno : ret;
}

static int kvm_create_vm(struct axvm *m)
{
	int ret;

	m->kvm_fd = open(KVM_DEVICE, O_RDWR | O_CLOEXEC);
	if (m->kvm_fd < 0)
		return -errno;
	ret = xioctl(m->kvm_fd, KVM_GET_API_VERSION, 0);
	if (ret < 0)
		return ret;
	if (ret != KVM_API_VERSION)
		return -EPROTO;
	ret = xioctl(m->kvm_fd, KVM_CREATE_VM, 0);
	if (ret < 0)
		return ret;
	m->vm_fd = ret;
	return 0;
}

static int kvm_add_ram(struct axvm *m, uint32_t slot, uint64_t gpa,
		       uint64_t size, void *hva)
{
	struct kvm_userspace_memory_region r = {
		.slot = slot,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)hva,
	};

	return xioctl(m->vm_fd, KVM_SET_USER_MEMORY_REGION, (unsigned long)&r);
}

static int kvm_create_vcpu(struct axvm *m, struct axvm_vcpu *v)
{
	int size, ret;

	size = xioctl(m->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < 0)
		return size;
	ret = xioctl(m->vm_fd, KVM_CREATE_VCPU, v->id);
	if (ret < 0)
		return ret;
	v->fd = ret;
	v->run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED) {
		v->run = NULL;
		return -errno;
	}
	v->run_size = size;
	return axvm_arch_kvm_init_vcpu(v);
}

static int kvm_setup_irqchip(struct axvm *m)
{
	return axvm_arch_kvm_setup_irqchip(m);
}

static int kvm_set_boot_regs(struct axvm_vcpu *v, uint64_t pc, uint64_t arg0,
			     uint64_t arg1)
{
	return axvm_arch_kvm_set_boot_regs(v, pc, arg0, arg1);
}

static void kvm_complete(struct kvm_run *run, const struct axvm_exit *e)
{
	switch (e->kind) {
	case AXVM_EXIT_HYPERCALL:
		axvm_arch_kvm_complete(run, e);
		break;
	case AXVM_EXIT_MMIO:
		if (!e->mmio.write)
			memcpy(run->mmio.data, &e->mmio.data, sizeof(e->mmio.data));
		break;
	default:
		break;
	}
}

static void kvm_translate(struct kvm_run *run, struct axvm_exit *e)
{
	memset(e, 0, sizeof(*e));
	switch (run->exit_reason) {
	case KVM_EXIT_MMIO:
		e->kind = AXVM_EXIT_MMIO;
		e->mmio.addr = run->mmio.phys_addr;
		e->mmio.len = run->mmio.len;
		e->mmio.write = run->mmio.is_write;
		if (e->mmio.write && run->mmio.len <= sizeof(e->mmio.data))
			memcpy(&e->mmio.data, run->mmio.data, run->mmio.len);
		break;
	case KVM_EXIT_SYSTEM_EVENT:
		e->kind = AXVM_EXIT_SYSTEM_DOWN;
		e->system_down.reason = run->system_event.ndata ?
					run->system_event.data[0] : 0;
		switch (run->system_event.type) {
		case KVM_SYSTEM_EVENT_SHUTDOWN:
			e->system_down.type = AXVCPU_SYSTEM_SHUTDOWN;
			break;
		case KVM_SYSTEM_EVENT_RESET:
			e->system_down.type = AXVCPU_SYSTEM_RESET_COLD;
			break;
		default:
			e->kind = AXVM_EXIT_UNHANDLED;
			break;
		}
		break;
	case KVM_EXIT_INTR:
		e->kind = AXVM_EXIT_INTR;
		break;
	default:
		if (!axvm_arch_kvm_exit(run, e))
			e->kind = AXVM_EXIT_UNHANDLED;
		break;
	}
}

static int kvm_run(struct axvm_vcpu *v)
{
	struct kvm_run *run = v->run;
	int ret;

	kvm_complete(run, &v->exit);
	v->exit.kind = AXVM_EXIT_NONE;
	ret = xioctl(v->fd, KVM_RUN, 0);
	if (ret == -EINTR) {
		v->exit.kind = AXVM_EXIT_INTR;
		return ret;
	}
	if (ret < 0)
		return ret;
	kvm_translate(run, &v->exit);
	return 0;
}

static void kvm_kick(struct axvm_vcpu *v)
{
	struct kvm_run *run = v->run;

	__atomic_store_n(&run->immediate_exit, 1, __ATOMIC_SEQ_CST);
}

static void kvm_dump(struct axvm_vcpu *v, FILE *f)
{
	struct kvm_run *run = v->run;

	fprintf(f, "vCPU %u: KVM exit reason %u", v->id, run->exit_reason);
	if (run->exit_reason == KVM_EXIT_INTERNAL_ERROR)
		fprintf(f, " (internal error, suberror %u)",
			run->internal.suberror);
	else if (run->exit_reason == KVM_EXIT_FAIL_ENTRY)
		fprintf(f, " (entry failed, reason %#llx)",
			(unsigned long long)run->fail_entry.hardware_entry_failure_reason);
	fputc('\n', f);
	axvm_arch_kvm_dump_regs(v, f);
}

const struct axvm_backend axvm_kvm_backend = {
	.name = "kvm",
	.device = KVM_DEVICE,
	.create_vm = kvm_create_vm,
	.add_ram = kvm_add_ram,
	.create_vcpu = kvm_create_vcpu,
	.setup_irqchip = kvm_setup_irqchip,
	.set_boot_regs = kvm_set_boot_regs,
	.run = kvm_run,
	.kick = kvm_kick,
	.dump = kvm_dump,
};
