// SPDX-License-Identifier: GPL-2.0
/*
 * libaxvcpu: thin wrappers over the /dev/axvcpu ioctls.  See axvcpu_lib.h
 * for the raw (__axv_*) versus checked (axv_*) convention.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "axvcpu_lib.h"

const char *axv_log_prefix = "";

void axv_die(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%slibaxvcpu: %s:%d: ", axv_log_prefix, file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	abort();
}

/* ioctl() with the -errno convention. */
static int xioctl(int fd, unsigned long cmd, unsigned long arg)
{
	int ret = ioctl(fd, cmd, arg);

	return ret < 0 ? -errno : ret;
}

#define CHECK(expr, what, ...)						\
do {									\
	int __ret = (expr);						\
	if (__ret < 0)							\
		axv_die(__FILE__, __LINE__, what " failed: %s",		\
			##__VA_ARGS__, strerror(-__ret));		\
} while (0)

int __axv_vm_open(struct axv_vm *vm)
{
	long page_size = sysconf(_SC_PAGESIZE);

	memset(vm, 0, sizeof(*vm));
	vm->page_size = page_size > 0 ? (size_t)page_size : 4096;
	vm->fd = open(AXV_DEVICE, O_RDWR | O_CLOEXEC);
	if (vm->fd < 0)
		return -errno;
	return 0;
}

void axv_vm_open(struct axv_vm *vm)
{
	CHECK(__axv_vm_open(vm), "open(%s)", AXV_DEVICE);
}

void axv_vm_close(struct axv_vm *vm)
{
	if (vm->fd >= 0)
		close(vm->fd);
	vm->fd = -1;
	memset(vm->slots, 0, sizeof(vm->slots));
}

int __axv_get_api_version(struct axv_vm *vm)
{
	return xioctl(vm->fd, AXVCPU_GET_API_VERSION, 0);
}

int __axv_check_extension(struct axv_vm *vm, unsigned long cap)
{
	return xioctl(vm->fd, AXVCPU_CHECK_EXTENSION, cap);
}

int axv_check_extension(struct axv_vm *vm, unsigned long cap)
{
	int ret = __axv_check_extension(vm, cap);

	CHECK(ret, "AXVCPU_CHECK_EXTENSION(%lu)", cap);
	return ret;
}

int __axv_get_vcpu_mmap_size(struct axv_vm *vm)
{
	return xioctl(vm->fd, AXVCPU_GET_VCPU_MMAP_SIZE, 0);
}

int __axv_set_memory_region(struct axv_vm *vm, uint32_t slot, uint32_t flags,
			    uint64_t gpa, uint64_t size, void *hva)
{
	struct axvcpu_memory_region region = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uint64_t)(uintptr_t)hva,
	};
	int ret;

	ret = xioctl(vm->fd, AXVCPU_SET_USER_MEMORY_REGION,
		     (unsigned long)&region);
	if (ret < 0 || slot >= AXVCPU_MAX_MEM_REGIONS)
		return ret;

	/* Mirror what the kernel now has, for axv_gpa_to_hva(). */
	if (size) {
		vm->slots[slot] = (struct axv_mem_slot) {
			.used = true,
			.flags = flags,
			.gpa = gpa,
			.size = size,
			.hva = hva,
		};
	} else {
		memset(&vm->slots[slot], 0, sizeof(vm->slots[slot]));
	}
	return ret;
}

void axv_set_memory_region(struct axv_vm *vm, uint32_t slot, uint32_t flags,
			   uint64_t gpa, uint64_t size, void *hva)
{
	CHECK(__axv_set_memory_region(vm, slot, flags, gpa, size, hva),
	      "AXVCPU_SET_USER_MEMORY_REGION(slot %u, flags %#x, gpa %#llx, size %#llx, hva %p)",
	      slot, flags, (unsigned long long)gpa,
	      (unsigned long long)size, hva);
}

int __axv_delete_memory_region(struct axv_vm *vm, uint32_t slot)
{
	return __axv_set_memory_region(vm, slot, 0, 0, 0, NULL);
}

void axv_delete_memory_region(struct axv_vm *vm, uint32_t slot)
{
	CHECK(__axv_delete_memory_region(vm, slot),
	      "deleting memory slot %u", slot);
}

void *__axv_add_ram(struct axv_vm *vm, uint32_t slot, uint64_t gpa,
		    uint64_t size, int *err)
{
	void *mem;
	int ret;

	mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED) {
		*err = -errno;
		return NULL;
	}
	ret = __axv_set_memory_region(vm, slot, 0, gpa, size, mem);
	if (ret < 0) {
		munmap(mem, size);
		*err = ret;
		return NULL;
	}
	*err = 0;
	return mem;
}

void *axv_add_ram(struct axv_vm *vm, uint32_t slot, uint64_t gpa,
		  uint64_t size)
{
	void *mem;
	int err;

	mem = __axv_add_ram(vm, slot, gpa, size, &err);
	if (!mem)
		axv_die(__FILE__, __LINE__,
			"adding %#llx bytes of RAM at %#llx: %s",
			(unsigned long long)size, (unsigned long long)gpa,
			strerror(-err));
	return mem;
}

void *axv_gpa_to_hva(struct axv_vm *vm, uint64_t gpa, uint64_t len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vm->slots); i++) {
		struct axv_mem_slot *s = &vm->slots[i];

		if (!s->used || gpa < s->gpa || gpa - s->gpa >= s->size)
			continue;
		if (len > s->size - (gpa - s->gpa))
			return NULL;
		return (char *)s->hva + (gpa - s->gpa);
	}
	return NULL;
}

int axv_load_image(struct axv_vm *vm, uint64_t gpa, const void *data,
		   size_t len)
{
	void *dst = axv_gpa_to_hva(vm, gpa, len);

	if (!dst)
		return -EFAULT;
	memcpy(dst, data, len);
	return 0;
}

int axv_load_file(struct axv_vm *vm, uint64_t gpa, const char *path,
		  size_t *len)
{
	uint64_t room = 0;
	unsigned int i;
	struct stat st;
	size_t done = 0;
	char *dst;
	int fd, ret = 0;

	dst = axv_gpa_to_hva(vm, gpa, 1);
	if (!dst)
		return -EFAULT;
	for (i = 0; i < ARRAY_SIZE(vm->slots); i++) {
		struct axv_mem_slot *s = &vm->slots[i];

		if (s->used && gpa >= s->gpa && gpa - s->gpa < s->size)
			room = s->size - (gpa - s->gpa);
	}

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		ret = -EISDIR;
		goto out;
	}
	/* Read until EOF rather than trusting st_size (pipes, /proc). */
	for (;;) {
		ssize_t n;

		if (done == room) {
			char c;

			n = read(fd, &c, 1);
			if (n > 0)
				ret = -EFBIG;
			else if (n < 0)
				ret = -errno;
			break;
		}
		n = read(fd, dst + done, room - done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		if (n == 0)
			break;
		done += n;
	}
	if (!ret && !done)
		ret = -ENODATA;
	if (!ret && len)
		*len = done;
out:
	close(fd);
	return ret;
}

int __axv_vcpu_create(struct axv_vm *vm, unsigned int id,
		      struct axv_vcpu *vcpu)
{
	int size, ret;
	void *run;

	memset(vcpu, 0, sizeof(*vcpu));
	vcpu->fd = -1;

	size = __axv_get_vcpu_mmap_size(vm);
	if (size < 0)
		return size;
	if ((size_t)size < sizeof(struct axvcpu_run))
		return -EPROTO;

	ret = xioctl(vm->fd, AXVCPU_CREATE_VCPU, id);
	if (ret < 0)
		return ret;

	run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, ret, 0);
	if (run == MAP_FAILED) {
		int err = -errno;

		close(ret);
		return err;
	}
	vcpu->vm = vm;
	vcpu->fd = ret;
	vcpu->id = id;
	vcpu->run = run;
	vcpu->run_size = size;
	return 0;
}

void axv_vcpu_create(struct axv_vm *vm, unsigned int id,
		     struct axv_vcpu *vcpu)
{
	CHECK(__axv_vcpu_create(vm, id, vcpu), "creating vCPU %u", id);
}

void axv_vcpu_close(struct axv_vcpu *vcpu)
{
	if (vcpu->run)
		munmap(vcpu->run, vcpu->run_size);
	if (vcpu->fd >= 0)
		close(vcpu->fd);
	vcpu->run = NULL;
	vcpu->fd = -1;
}

int axv_vcpu_run(struct axv_vcpu *vcpu)
{
	return xioctl(vcpu->fd, AXVCPU_RUN, 0);
}

int __axv_get_regs(struct axv_vcpu *vcpu, struct axvcpu_regs *regs)
{
	return xioctl(vcpu->fd, AXVCPU_GET_REGS, (unsigned long)regs);
}

void axv_get_regs(struct axv_vcpu *vcpu, struct axvcpu_regs *regs)
{
	CHECK(__axv_get_regs(vcpu, regs), "AXVCPU_GET_REGS(vCPU %u)",
	      vcpu->id);
}

int __axv_set_regs(struct axv_vcpu *vcpu, const struct axvcpu_regs *regs)
{
	return xioctl(vcpu->fd, AXVCPU_SET_REGS, (unsigned long)regs);
}

void axv_set_regs(struct axv_vcpu *vcpu, const struct axvcpu_regs *regs)
{
	CHECK(__axv_set_regs(vcpu, regs), "AXVCPU_SET_REGS(vCPU %u)",
	      vcpu->id);
}

int __axv_get_fpu(struct axv_vcpu *vcpu, struct axvcpu_fpu *fpu)
{
	return xioctl(vcpu->fd, AXVCPU_GET_FPU, (unsigned long)fpu);
}

void axv_get_fpu(struct axv_vcpu *vcpu, struct axvcpu_fpu *fpu)
{
	CHECK(__axv_get_fpu(vcpu, fpu), "AXVCPU_GET_FPU(vCPU %u)", vcpu->id);
}

int __axv_set_fpu(struct axv_vcpu *vcpu, const struct axvcpu_fpu *fpu)
{
	return xioctl(vcpu->fd, AXVCPU_SET_FPU, (unsigned long)fpu);
}

void axv_set_fpu(struct axv_vcpu *vcpu, const struct axvcpu_fpu *fpu)
{
	CHECK(__axv_set_fpu(vcpu, fpu), "AXVCPU_SET_FPU(vCPU %u)", vcpu->id);
}

int __axv_irq_line(struct axv_vcpu *vcpu, uint32_t irq, uint32_t level)
{
	struct axvcpu_irq arg = { .irq = irq, .level = level };

	return xioctl(vcpu->fd, AXVCPU_IRQ_LINE, (unsigned long)&arg);
}

void axv_irq_line(struct axv_vcpu *vcpu, uint32_t irq, uint32_t level)
{
	CHECK(__axv_irq_line(vcpu, irq, level),
	      "AXVCPU_IRQ_LINE(vCPU %u, irq %u, level %u)",
	      vcpu->id, irq, level);
}

int __axv_get_mp_state(struct axv_vcpu *vcpu, uint32_t *state)
{
	struct axvcpu_mp_state mp = { 0 };
	int ret;

	ret = xioctl(vcpu->fd, AXVCPU_GET_MP_STATE, (unsigned long)&mp);
	if (ret >= 0)
		*state = mp.mp_state;
	return ret;
}

uint32_t axv_get_mp_state(struct axv_vcpu *vcpu)
{
	uint32_t state = ~0U;

	CHECK(__axv_get_mp_state(vcpu, &state),
	      "AXVCPU_GET_MP_STATE(vCPU %u)", vcpu->id);
	return state;
}

int __axv_set_mp_state(struct axv_vcpu *vcpu, uint32_t state)
{
	struct axvcpu_mp_state mp = { .mp_state = state };

	return xioctl(vcpu->fd, AXVCPU_SET_MP_STATE, (unsigned long)&mp);
}

void axv_set_mp_state(struct axv_vcpu *vcpu, uint32_t state)
{
	CHECK(__axv_set_mp_state(vcpu, state),
	      "AXVCPU_SET_MP_STATE(vCPU %u, %u)", vcpu->id, state);
}

const char *axv_exit_name(uint32_t exit_reason)
{
	static const char * const names[] = {
		[AXVCPU_EXIT_UNKNOWN]		= "UNKNOWN",
		[AXVCPU_EXIT_HYPERCALL]		= "HYPERCALL",
		[AXVCPU_EXIT_MMIO_READ]		= "MMIO_READ",
		[AXVCPU_EXIT_MMIO_WRITE]	= "MMIO_WRITE",
		[AXVCPU_EXIT_SYSREG_READ]	= "SYSREG_READ",
		[AXVCPU_EXIT_SYSREG_WRITE]	= "SYSREG_WRITE",
		[AXVCPU_EXIT_HALT]		= "HALT",
		[AXVCPU_EXIT_CPU_UP]		= "CPU_UP",
		[AXVCPU_EXIT_CPU_DOWN]		= "CPU_DOWN",
		[AXVCPU_EXIT_SYSTEM_DOWN]	= "SYSTEM_DOWN",
		[AXVCPU_EXIT_INTR]		= "INTR",
		[AXVCPU_EXIT_FAIL_ENTRY]	= "FAIL_ENTRY",
		[AXVCPU_EXIT_INTERNAL_ERROR]	= "INTERNAL_ERROR",
	};

	if (exit_reason < ARRAY_SIZE(names) && names[exit_reason])
		return names[exit_reason];
	return "(invalid)";
}

static const char *internal_name(uint32_t suberror)
{
	switch (suberror) {
	case AXVCPU_INTERNAL_UNHANDLED_TRAP:	return "UNHANDLED_TRAP";
	case AXVCPU_INTERNAL_FETCH_FAULT:	return "FETCH_FAULT";
	case AXVCPU_INTERNAL_MMIO_DECODE:	return "MMIO_DECODE";
	case AXVCPU_INTERNAL_GUEST_PT_FAULT:	return "GUEST_PT_FAULT";
	case AXVCPU_INTERNAL_NO_MEMORY:		return "NO_MEMORY";
	default:				return "?";
	}
}

void axv_dump_exit(FILE *f, const struct axvcpu_run *run)
{
	unsigned int i, n;

	fprintf(f, "exit %u (%s)", run->exit_reason,
		axv_exit_name(run->exit_reason));
	switch (run->exit_reason) {
	case AXVCPU_EXIT_HYPERCALL:
		fprintf(f, ": nr %#llx function %#llx flags %#x args",
			(unsigned long long)run->hypercall.nr,
			(unsigned long long)run->hypercall.function,
			run->hypercall.flags);
		for (i = 0; i < ARRAY_SIZE(run->hypercall.args); i++)
			fprintf(f, " %#llx",
				(unsigned long long)run->hypercall.args[i]);
		break;
	case AXVCPU_EXIT_MMIO_READ:
	case AXVCPU_EXIT_MMIO_WRITE:
		fprintf(f, ": phys_addr %#llx len %u data %#llx",
			(unsigned long long)run->mmio.phys_addr,
			run->mmio.len, (unsigned long long)run->mmio.data);
		break;
	case AXVCPU_EXIT_SYSREG_READ:
	case AXVCPU_EXIT_SYSREG_WRITE:
		fprintf(f, ": reg %#x value %#llx", run->sysreg.reg,
			(unsigned long long)run->sysreg.value);
		break;
	case AXVCPU_EXIT_CPU_UP:
		fprintf(f, ": target %#llx entry %#llx arg %#llx",
			(unsigned long long)run->cpu_up.target,
			(unsigned long long)run->cpu_up.entry,
			(unsigned long long)run->cpu_up.arg);
		break;
	case AXVCPU_EXIT_CPU_DOWN:
		fprintf(f, ": state %#llx",
			(unsigned long long)run->cpu_down.state);
		break;
	case AXVCPU_EXIT_SYSTEM_DOWN:
		fprintf(f, ": type %u reason %#x", run->system_down.type,
			run->system_down.reason);
		break;
	case AXVCPU_EXIT_FAIL_ENTRY:
		fprintf(f, ": hardware_entry_failure_reason %#llx cpu %u",
			(unsigned long long)
			run->fail_entry.hardware_entry_failure_reason,
			run->fail_entry.cpu);
		break;
	case AXVCPU_EXIT_INTERNAL_ERROR:
		/* Print every word: ndata may itself be what is wrong. */
		n = ARRAY_SIZE(run->internal.data);
		fprintf(f, ": suberror %u (%s) ndata %u data",
			run->internal.suberror,
			internal_name(run->internal.suberror),
			run->internal.ndata);
		for (i = 0; i < n; i++)
			fprintf(f, " %#llx",
				(unsigned long long)run->internal.data[i]);
		break;
	default: {
		/* Unknown to us: show the raw union so nothing is lost. */
		uint64_t raw[12];

		memcpy(raw, run->pad1, sizeof(raw));
		fprintf(f, ": raw");
		for (i = 0; i < ARRAY_SIZE(raw); i++)
			fprintf(f, " %#llx", (unsigned long long)raw[i]);
		break;
	}
	}
	fputc('\n', f);
}
