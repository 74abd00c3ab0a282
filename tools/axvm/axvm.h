/* SPDX-License-Identifier: GPL-2.0 */
/*
 * axvm: the interface between the generic VMM loop (axvm.c) and its
 * per-architecture part ($(ARCH).c).
 */
#ifndef _AXVM_H
#define _AXVM_H

#include <stdint.h>

#include "axvcpu_lib.h"

struct axvm {
	struct axv_vm vm;
	struct axv_vcpu vcpu;
	void *ram;
	uint64_t ram_base;
	uint64_t ram_size;
};

/* What the run loop does after an exit. */
enum axvm_action {
	AXVM_CONTINUE,
	AXVM_STOP_OK,		/* exit status 0 */
	AXVM_STOP_ERROR,	/* exit status 1 */
};

/* Guest RAM base of this architecture's machine. */
#define AXVM_RAM_BASE	AXV_RAM_BASE

/* Point vCPU 0 at @entry as the boot protocol wants: 0 or -errno. */
int axvm_arch_setup_boot_vcpu(struct axvm *m, uint64_t entry);

/* Handle an AXVCPU_EXIT_HYPERCALL (riscv: SBI calls the kernel forwards). */
enum axvm_action axvm_arch_hypercall(struct axvm *m, struct axvcpu_run *run);

/* Does this AXVCPU_SYSTEM_SHUTDOWN report a failure of the guest? */
int axvm_arch_shutdown_failed(const struct axvcpu_run *run);

#endif /* _AXVM_H */
