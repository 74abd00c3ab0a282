/* SPDX-License-Identifier: GPL-2.0 */
/*
 * riscv64 backend state.  struct axvcpu_riscv_ctx is what the world switch
 * (switch.S) touches; its layout reaches the assembly only through the
 * generated axvcpu-asm-offsets.h.
 */
#ifndef _AXVCPU_RISCV_ARCH_H
#define _AXVCPU_RISCV_ARCH_H

#include <linux/hrtimer.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct axvcpu_riscv_ctx {
	/* Guest state that the switch swaps on every entry and exit. */
	unsigned long gpr[32];		/* x0 unused */
	unsigned long sepc;
	unsigned long sstatus;
	unsigned long hstatus;
	unsigned long scounteren;
	/* Host state: callee-saved GPRs (indexed by register number) and CSRs. */
	unsigned long host_gpr[32];
	unsigned long host_sstatus;
	unsigned long host_hstatus;
	unsigned long host_scounteren;
	unsigned long host_stvec;
	/* Why the guest exited, read before interrupts are enabled again. */
	unsigned long scause;
	unsigned long stval;
	unsigned long htval;
	unsigned long htinst;
};

struct axvcpu_riscv_fp {
	u64 f[32];
	u32 fcsr;
};

/* VS-level state, loaded for the whole of a RUN rather than per entry. */
struct axvcpu_riscv_csrs {
	unsigned long vsstatus;
	unsigned long vsie;
	unsigned long vstvec;
	unsigned long vsscratch;
	unsigned long vsepc;
	unsigned long vscause;
	unsigned long vstval;
	unsigned long vsatp;
	unsigned long htimedelta;
	unsigned long vstimecmp;
};

struct axvcpu_arch_vcpu {
	struct axvcpu_riscv_ctx ctx;
	struct axvcpu_riscv_csrs csr;
	struct axvcpu_riscv_fp guest_fp;
	struct axvcpu_riscv_fp host_fp;
	unsigned long guest_fs;		/* the guest's sstatus.FS */
	bool fp_loaded;			/* guest FP is in the registers */
	bool host_fp_saved;
	unsigned long host_hedeleg;
	unsigned long host_hideleg;

	/*
	 * Virtual interrupts, as hvip bits.  @irq_changed marks bits that
	 * other threads changed since hvip was last written from @irq_pending.
	 */
	raw_spinlock_t irq_lock;
	unsigned long irq_pending;
	unsigned long irq_changed;
	unsigned long hvip;		/* last value written to hvip */

	struct hrtimer timer;		/* the guest timer when there is no Sstc */
	struct hrtimer wfi_timer;	/* wakes a WFI sleep (used by the core) */

	spinlock_t start_lock;		/* HSM start request */
	unsigned long start_pc;
	unsigned long start_arg;

	int last_cpu;			/* host CPU of the last entry */
	u64 fault_gpa;			/* pending stage-2 fault, for the core */
	bool fault_write;
	u64 refault_gpa;		/* a mapped page that faulted again */
	bool refaulted;
	bool flush_gpa_pending;		/* a new mapping at fault_gpa */
};

struct axvcpu_arch_vm {
	unsigned long *pgd;
	unsigned long *leaf_table;	/* the last lowest-level table walked to */
	u64 leaf_gfn;			/* the GPA >> 21 it translates */
	u64 vmid;
	unsigned long hgatp;
};

#endif /* _AXVCPU_RISCV_ARCH_H */
