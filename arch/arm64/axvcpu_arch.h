/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64 backend state.  struct axvcpu_arm64_ctx is what the world switch
 * (switch.S) touches; its layout reaches the assembly only through the
 * generated axvcpu-asm-offsets.h.
 */
#ifndef _AXVCPU_ARM64_ARCH_H
#define _AXVCPU_ARM64_ARCH_H

#include <linux/hrtimer.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <asm/fpsimd.h>

/* ctx.exit_type: which of the lower-EL vectors the guest left through */
#define AXV_EXIT_SYNC		0
#define AXV_EXIT_IRQ		1
#define AXV_EXIT_FIQ		2
#define AXV_EXIT_SERROR		3

/* ctx.hpfar when the faulting IPA could not be found; the guest retries. */
#define AXV_HPFAR_INVALID	(~0ULL)

/* The TrapFrame and the EL2 controls swapped on every entry and exit. */
struct axvcpu_arm64_ctx {
	/* Guest */
	u64 x[31];
	u64 sp_el0;
	u64 pc;				/* ELR_EL2 */
	u64 pstate;			/* SPSR_EL2 */
	u64 hcr;			/* HCR_EL2, with VI/VF for this entry */
	u64 cptr;			/* CPTR_EL2, as CPACR_EL1 under E2H */
	u64 mdscr;			/* MDSCR_EL1: debug is not virtualised */
	/* Host; its x18-x30 and sp live on the stack meanwhile. */
	u64 host_sp_el0;		/* "current" */
	u64 host_hcr;
	u64 host_vbar;
	u64 host_cptr;
	u64 host_mdscr;
	/* Why the guest exited, read before anything can change it. */
	u64 exit_type;			/* AXV_EXIT_* */
	u64 esr;
	u64 far;
	u64 hpfar;			/* AXV_HPFAR_INVALID: retry the guest */
};

/*
 * The guest's EL1 context, loaded for the whole of a RUN iteration.  Load
 * and put move the registers from elr_el1 to cntkctl two at a time, with
 * one ldp or stp for each pair of neighbours (axv_sysreg_load2()).
 */
struct axvcpu_arm64_sysregs {
	u64 sp_el1;
	u64 par;
	u64 elr_el1;
	u64 spsr_el1;
	u64 sctlr;
	u64 tcr;
	u64 ttbr0;
	u64 ttbr1;
	u64 mair;
	u64 amair;
	u64 vbar;
	u64 cpacr;
	u64 contextidr;
	u64 tpidr_el1;
	u64 tpidr_el0;
	u64 tpidrro_el0;
	u64 afsr0;
	u64 afsr1;
	u64 esr;
	u64 far;
	u64 csselr;
	u64 cntkctl;
	u64 cntv_ctl;
	u64 cntv_cval;
	u64 cntvoff;
	u64 mpidr;
};

/*
 * What load found in the registers it changes that the host uses, for put
 * to restore (see axv_load()), and VTTBR_EL2 as load found it.
 */
struct axvcpu_arm64_host {
	u64 vttbr;
	u64 cnthctl;
	u64 mdcr;
	u64 ich_hcr;
	u64 icc_sre;
	u64 hfgrtr;
	u64 hfgwtr;
	u64 tpidr_el0;
	u64 tpidrro_el0;
};

struct axvcpu_arch_vcpu {
	struct axvcpu_arm64_ctx ctx;
	struct axvcpu_arm64_sysregs sys;
	struct axvcpu_arm64_host host;

	struct user_fpsimd_state fp;
	bool fp_enabled;		/* the guest has used FP/SIMD */

	unsigned long irq_lines;	/* BIT(AXVCPU_ARM64_IRQ_*) from the VMM */
	bool timer_line;		/* CNTV output, as of the last exit */

	struct hrtimer wfi_timer;	/* wakes a WFI sleep (used by the core) */

	spinlock_t start_lock;		/* PSCI CPU_ON request */
	u64 start_pc;
	u64 start_arg;

	u64 fault_gpa;			/* pending stage-2 fault, for the core */
	bool fault_write;
	bool fault_exec;		/* an instruction fetch */
};

struct axvcpu_arch_vm {
	u64 *pgd;			/* stage-2 root, level 1, concatenated */
	u64 vmid;
	u64 vttbr;
};

#endif /* _AXVCPU_ARM64_ARCH_H */
