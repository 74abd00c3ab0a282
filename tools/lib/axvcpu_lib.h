/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libaxvcpu: a thin userspace layer over the /dev/axvcpu ioctls.
 *
 * Every operation comes in two forms:
 *
 *   __axv_foo()  the raw form: returns the ioctl's result (>= 0) or -errno
 *                and never prints; meant for VMMs that report errors their
 *                own way and for negative tests.
 *   axv_foo()    the checked form: on failure prints what failed and why,
 *                then abort()s.  Meant for tests and quick tools.
 *
 * axv_vcpu_run() is the exception: it always returns 0 or -errno (-EINTR
 * included), since running is something callers retry.
 */
#ifndef _AXVCPU_LIB_H
#define _AXVCPU_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/axvcpu.h>

#include "axv_arch.h"

#define AXV_DEVICE	"/dev/axvcpu"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* A memory slot as this library last set it (used for GPA lookups). */
struct axv_mem_slot {
	bool used;
	uint32_t flags;
	uint64_t gpa;
	uint64_t size;
	void *hva;
};

struct axv_vm {
	int fd;
	size_t page_size;
	struct axv_mem_slot slots[AXVCPU_MAX_MEM_REGIONS];
};

struct axv_vcpu {
	struct axv_vm *vm;
	int fd;
	unsigned int id;
	struct axvcpu_run *run;
	size_t run_size;
};

/* Put before every line axv_die() prints, e.g. "# " for TAP output. */
extern const char *axv_log_prefix;

/* Print "libaxvcpu: <msg>" with the caller's location and abort(). */
void axv_die(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

#define AXV_ASSERT(cond, fmt, ...)					\
do {									\
	if (!(cond))							\
		axv_die(__FILE__, __LINE__, "%s: " fmt, #cond,		\
			##__VA_ARGS__);					\
} while (0)

/* VM */
int __axv_vm_open(struct axv_vm *vm);
void axv_vm_open(struct axv_vm *vm);
void axv_vm_close(struct axv_vm *vm);

int __axv_get_api_version(struct axv_vm *vm);
int __axv_check_extension(struct axv_vm *vm, unsigned long cap);
int axv_check_extension(struct axv_vm *vm, unsigned long cap);
int __axv_get_vcpu_mmap_size(struct axv_vm *vm);

int __axv_set_memory_region(struct axv_vm *vm, uint32_t slot, uint32_t flags,
			    uint64_t gpa, uint64_t size, void *hva);
void axv_set_memory_region(struct axv_vm *vm, uint32_t slot, uint32_t flags,
			   uint64_t gpa, uint64_t size, void *hva);
int __axv_delete_memory_region(struct axv_vm *vm, uint32_t slot);
void axv_delete_memory_region(struct axv_vm *vm, uint32_t slot);

/*
 * Allocate @size bytes of anonymous memory and register it as @slot at
 * @gpa.  Returns the host mapping; free it with munmap() after deleting the
 * slot (or closing the VM).
 */
void *__axv_add_ram(struct axv_vm *vm, uint32_t slot, uint64_t gpa,
		    uint64_t size, int *err);
void *axv_add_ram(struct axv_vm *vm, uint32_t slot, uint64_t gpa,
		  uint64_t size);

/* Host address of [gpa, gpa + len) if a single slot covers it, else NULL. */
void *axv_gpa_to_hva(struct axv_vm *vm, uint64_t gpa, uint64_t len);

/* Copy @len bytes to guest memory at @gpa: 0 or -EFAULT if not RAM. */
int axv_load_image(struct axv_vm *vm, uint64_t gpa, const void *data,
		   size_t len);
/*
 * Load the file @path at @gpa: 0 and the size in *@len, or -errno (-EFBIG
 * when it does not fit in the slot holding @gpa, -EFAULT when @gpa is not
 * RAM, -ENODATA when the file is empty).
 */
int axv_load_file(struct axv_vm *vm, uint64_t gpa, const char *path,
		  size_t *len);

/* vCPU: create also maps the run structure. */
int __axv_vcpu_create(struct axv_vm *vm, unsigned int id,
		      struct axv_vcpu *vcpu);
void axv_vcpu_create(struct axv_vm *vm, unsigned int id,
		     struct axv_vcpu *vcpu);
void axv_vcpu_close(struct axv_vcpu *vcpu);

int axv_vcpu_run(struct axv_vcpu *vcpu);

int __axv_get_regs(struct axv_vcpu *vcpu, struct axvcpu_regs *regs);
void axv_get_regs(struct axv_vcpu *vcpu, struct axvcpu_regs *regs);
int __axv_set_regs(struct axv_vcpu *vcpu, const struct axvcpu_regs *regs);
void axv_set_regs(struct axv_vcpu *vcpu, const struct axvcpu_regs *regs);
int __axv_get_fpu(struct axv_vcpu *vcpu, struct axvcpu_fpu *fpu);
void axv_get_fpu(struct axv_vcpu *vcpu, struct axvcpu_fpu *fpu);
int __axv_set_fpu(struct axv_vcpu *vcpu, const struct axvcpu_fpu *fpu);
void axv_set_fpu(struct axv_vcpu *vcpu, const struct axvcpu_fpu *fpu);
int __axv_irq_line(struct axv_vcpu *vcpu, uint32_t irq, uint32_t level);
void axv_irq_line(struct axv_vcpu *vcpu, uint32_t irq, uint32_t level);
int __axv_get_mp_state(struct axv_vcpu *vcpu, uint32_t *state);
uint32_t axv_get_mp_state(struct axv_vcpu *vcpu);
int __axv_set_mp_state(struct axv_vcpu *vcpu, uint32_t state);
void axv_set_mp_state(struct axv_vcpu *vcpu, uint32_t state);

/* Names and dumps for messages. */
const char *axv_exit_name(uint32_t exit_reason);
void axv_dump_exit(FILE *f, const struct axvcpu_run *run);

/*
 * Per-architecture helpers (lib/$(ARCH)/).  set_boot_regs points @vcpu at
 * @pc with the first two argument registers set as the boot protocol wants
 * (riscv: a0 = hart id, a1 = opaque/dtb).
 */
int __axv_arch_set_boot_regs(struct axv_vcpu *vcpu, uint64_t pc,
			     uint64_t arg0, uint64_t arg1);
void axv_arch_set_boot_regs(struct axv_vcpu *vcpu, uint64_t pc,
			    uint64_t arg0, uint64_t arg1);
void axv_arch_dump_regs(FILE *f, const struct axvcpu_regs *regs);

#endif /* _AXVCPU_LIB_H */
