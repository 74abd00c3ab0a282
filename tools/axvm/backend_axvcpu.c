// SPDX-License-Identifier: GPL-2.0
/*
 * axvm backend for /dev/axvcpu, on top of libaxvcpu.
 */
#include <errno.h>
#include <string.h>

#include "axvm.h"

static int axvcpu_create_vm(struct axvm *m)
{
	return __axv_vm_open(&m->axv);
}

static int axvcpu_add_ram(struct axvm *m, uint32_t slot, uint64_t gpa,
			  uint64_t size, void *hva)
{
	return __axv_set_memory_region(&m->axv, slot, 0, gpa, size, hva);
}

static int axvcpu_create_vcpu(struct axvm *m, struct axvm_vcpu *v)
{
	return __axv_vcpu_create(&m->axv, v->id, &v->axv);
}

static int axvcpu_set_boot_regs(struct axvm_vcpu *v, uint64_t pc,
				uint64_t arg0, uint64_t arg1)
{
	return __axv_arch_set_boot_regs(&v->axv, pc, arg0, arg1);
}

/* Hand the handler's results to the kernel, which reads them on RUN. */
static void axvcpu_complete(struct axvcpu_run *run, const struct axvm_exit *e)
{
	switch (e->kind) {
	case AXVM_EXIT_HYPERCALL:
		memcpy(run->hypercall.ret, e->hypercall.ret,
		       sizeof(run->hypercall.ret));
		break;
	case AXVM_EXIT_MMIO:
		if (!e->mmio.write)
			run->mmio.data = e->mmio.data;
		break;
	case AXVM_EXIT_SYSREG:
		if (!e->sysreg.write)
			run->sysreg.value = e->sysreg.value;
		break;
	default:
		break;
	}
}

static void axvcpu_translate(const struct axvcpu_run *run,
			     struct axvm_exit *e)
{
	memset(e, 0, sizeof(*e));
	switch (run->exit_reason) {
	case AXVCPU_EXIT_HYPERCALL:
		e->kind = AXVM_EXIT_HYPERCALL;
		e->hypercall.nr = run->hypercall.nr;
		e->hypercall.function = run->hypercall.function;
		memcpy(e->hypercall.args, run->hypercall.args,
		       sizeof(e->hypercall.args));
		memcpy(e->hypercall.ret, run->hypercall.ret,
		       sizeof(e->hypercall.ret));
		e->hypercall.flags = run->hypercall.flags;
		break;
	case AXVCPU_EXIT_MMIO_READ:
	case AXVCPU_EXIT_MMIO_WRITE:
		e->kind = AXVM_EXIT_MMIO;
		e->mmio.addr = run->mmio.phys_addr;
		e->mmio.len = run->mmio.len;
		e->mmio.write = run->exit_reason == AXVCPU_EXIT_MMIO_WRITE;
		e->mmio.data = e->mmio.write ? run->mmio.data : 0;
		break;
	case AXVCPU_EXIT_SYSREG_READ:
	case AXVCPU_EXIT_SYSREG_WRITE:
		e->kind = AXVM_EXIT_SYSREG;
		e->sysreg.reg = run->sysreg.reg;
		e->sysreg.write = run->exit_reason == AXVCPU_EXIT_SYSREG_WRITE;
		e->sysreg.value = e->sysreg.write ? run->sysreg.value : 0;
		break;
	case AXVCPU_EXIT_SYSTEM_DOWN:
		e->kind = AXVM_EXIT_SYSTEM_DOWN;
		e->system_down.type = run->system_down.type;
		e->system_down.reason = run->system_down.reason;
		break;
	case AXVCPU_EXIT_CPU_UP:
		e->kind = AXVM_EXIT_CPU_UP;
		e->cpu_up.target = run->cpu_up.target;
		e->cpu_up.entry = run->cpu_up.entry;
		break;
	case AXVCPU_EXIT_CPU_DOWN:
		e->kind = AXVM_EXIT_CPU_DOWN;
		break;
	case AXVCPU_EXIT_HALT:
		e->kind = AXVM_EXIT_HALT;
		break;
	case AXVCPU_EXIT_INTR:
		e->kind = AXVM_EXIT_INTR;
		break;
	default:
		e->kind = AXVM_EXIT_UNHANDLED;
		break;
	}
}

static int axvcpu_run(struct axvm_vcpu *v)
{
	struct axvcpu_run *run = v->axv.run;
	int ret;

	axvcpu_complete(run, &v->exit);
	v->exit.kind = AXVM_EXIT_NONE;
	ret = axv_vcpu_run(&v->axv);
	if (ret == -EINTR) {
		v->exit.kind = AXVM_EXIT_INTR;
		return ret;
	}
	if (ret < 0)
		return ret;
	axvcpu_translate(run, &v->exit);
	return 0;
}

static void axvcpu_kick(struct axvm_vcpu *v)
{
	__atomic_store_n(&v->axv.run->immediate_exit, 1, __ATOMIC_SEQ_CST);
}

static void axvcpu_dump(struct axvm_vcpu *v, FILE *f)
{
	struct axvcpu_regs regs;
	int ret;

	fprintf(f, "vCPU %u: ", v->id);
	axv_dump_exit(f, v->axv.run);
	ret = __axv_get_regs(&v->axv, &regs);
	if (ret < 0) {
		fprintf(f, "(cannot read registers: %s)\n", strerror(-ret));
		return;
	}
	axv_arch_dump_regs(f, &regs);
}

const struct axvm_backend axvm_axvcpu_backend = {
	.name = "axvcpu",
	.device = AXV_DEVICE,
	.create_vm = axvcpu_create_vm,
	.add_ram = axvcpu_add_ram,
	.create_vcpu = axvcpu_create_vcpu,
	.set_boot_regs = axvcpu_set_boot_regs,
	.run = axvcpu_run,
	.kick = axvcpu_kick,
	.dump = axvcpu_dump,
};
