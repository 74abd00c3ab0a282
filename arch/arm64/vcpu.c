// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 vCPU: state, register access, load/put and the run loop, for a VHE
 * host (the kernel at EL2 with HCR_EL2.E2H set).
 *
 * The guest's EL1 context is loaded through the _EL12 and _EL02 aliases once
 * per RUN iteration (axvcpu_arch_run, preemption off), together with the
 * EL2 controls that only matter to a guest: VTTBR/VTCR, VPIDR/VMPIDR,
 * CNTVOFF, MDCR and the GIC trap controls.  Each of them is read first and
 * written back when the vCPU is put, so KVM, built into the same kernel,
 * finds them as it left them, and nothing KVM left is trusted.
 * HCR_EL2, VBAR_EL2, CPTR_EL2, MDSCR_EL1 and "current" in SP_EL0 change on
 * every entry and exit (switch.S), with all of DAIF set, and CNTHCTL_EL2
 * around each entry (KVM's on IPI rewrites it, see axv_cnthctl_guest()).
 *
 * FP/SIMD: the guest gets the registers only after it first traps on them
 * (CPTR_EL2.FPEN), and from then on for each entry, bracketed by
 * kernel_neon_begin()/kernel_neon_end() around that single entry: the
 * host task's state is saved to its thread as for kernel-mode NEON and
 * restored on its return to userspace, softirqs are held off only while
 * the guest's registers are live, and nothing is held across a sleep.
 */
#include <linux/irq.h>
#include <linux/interrupt.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <clocksource/arm_arch_timer.h>
#include <asm/arch_timer.h>
#include <asm/cpufeature.h>
#include <asm/cputype.h>
#include <asm/daifflags.h>
#include <asm/esr.h>
#include <asm/kvm_arm.h>
#include <asm/neon.h>
#include <asm/sysreg.h>
#include <asm/virt.h>

#include "arm64.h"

/*
 * What the guest runs under (seed 001, plus what KVM sets for the same
 * reasons): stage 2, AArch64 EL1, physical interrupts and SErrors to EL2
 * and virtual ones to the guest, SMC, WFI, WFE, implementation-defined and
 * LORegion registers, ACTLR and the feature ID registers (read from
 * exit.c's sanitised list) trapped, broadcast TLB maintenance and
 * barriers (a vCPU moves between CPUs), set/way invalidation upgraded to
 * clean+invalidate.  E2H stays set, TGE clear.
 */
#define AXV_HCR_GUEST	(HCR_VM | HCR_SWIO | HCR_PTW | HCR_FMO | HCR_IMO | \
			 HCR_AMO | HCR_FB | HCR_BSU_IS | HCR_TWI | HCR_TWE | \
			 HCR_TSC | HCR_TIDCP | HCR_TACR | HCR_RW | HCR_TLOR | \
			 HCR_TID3 | HCR_E2H)

/*
 * CPTR_EL2 (CPACR_EL1's layout under E2H) while the guest runs, with
 * nothing of the host's: trace and activity monitors trap, SVE and SME are
 * not offered, FP/SIMD is the guest's once it has trapped on it.
 */
#define AXV_CPTR_GUEST		(CPACR_EL1_TTA | CPTR_EL2_TAM)
#define AXV_CPTR_FP		(CPACR_EL1_FPEN_EL0EN | CPACR_EL1_FPEN_EL1EN)

/* Debug, PMU, SPE and trace are not virtualised: their registers trap. */
#define AXV_MDCR_GUEST	(MDCR_EL2_TPM | MDCR_EL2_TPMCR | MDCR_EL2_TPMS | \
			 MDCR_EL2_TTRF | MDCR_EL2_TDRA | MDCR_EL2_TDOSA | \
			 MDCR_EL2_TDA)

/* The guest's GIC CPU interface registers trap, for the VMM to emulate. */
#define AXV_ICH_HCR_GUEST	(ICH_HCR_TC | ICH_HCR_TALL0 | ICH_HCR_TALL1 | \
				 ICH_HCR_TDIR)

/* HFGRTR/HFGWTR_EL2 nTPIDR2_EL0 and nSMPRI_EL1: clear to trap */
#define AXV_HFGXTR_SME		(BIT_ULL(55) | BIT_ULL(54))

/* CNTHCTL_EL2 bits under E2H: EL1 physical counter and timer access. */
#define AXV_CNTHCTL_EL1PCTEN	(CNTHCTL_EL1PCTEN << 10)
#define AXV_CNTHCTL_EL1PCEN	(CNTHCTL_EL1PCEN << 10)

#define AXV_PSTATE_RESET	(PSR_MODE_EL1h | PSR_D_BIT | PSR_A_BIT | \
				 PSR_I_BIT | PSR_F_BIT)
#define AXV_PSTATE_DAIF		(PSR_D_BIT | PSR_A_BIT | PSR_I_BIT | PSR_F_BIT)
#define AXV_PSTATE_USER		(PSR_N_BIT | PSR_Z_BIT | PSR_C_BIT | \
				 PSR_V_BIT | PSR_DIT_BIT | PSR_UAO_BIT | \
				 PSR_PAN_BIT | PSR_SSBS_BIT | PSR_BTYPE_MASK | \
				 AXV_PSTATE_DAIF | PSR_MODE_MASK)
/* SCTLR_EL1 RES1 bits (v8.0): MMU, caches and alignment checks off */
#define AXV_SCTLR_RESET		(BIT(11) | BIT(20) | BIT(22) | BIT(23) | \
				 BIT(28) | BIT(29))
#define AXV_MPIDR_RES1		BIT_ULL(31)
#define AXV_MPIDR_USER		(MPIDR_HWID_BITMASK | AXV_MPIDR_RES1 | \
				 MPIDR_UP_BITMASK | MPIDR_MT_BITMASK)
#define AXV_CNTV_CTL_USER	(ARCH_TIMER_CTRL_ENABLE | ARCH_TIMER_CTRL_IT_MASK)

static u64 axv_cntfrq;
static bool axv_has_gicv3;
/* AXV_HCR_GUEST with FWB if the CPUs have it: computed once, at init. */
static u64 axv_hcr_guest __ro_after_init;

/*
 * Two system registers into or from neighbouring u64 fields of *@p, with
 * one ldp or stp off @p itself.  GCC does not pair the memory accesses of
 * write_sysreg_s() and read_sysreg_s() by itself, and load and put move 24
 * registers this way on every exit to userspace.
 */
#define axv_sysreg_load2(p, f1, r1, f2, r2) do {			\
	typeof(p) __p = (p);						\
	enum { __off = offsetof(typeof(*__p), f1) };			\
	u64 __a, __b;							\
									\
	static_assert(offsetof(typeof(*__p), f2) == __off + 8 &&	\
		      __off <= 504);	/* ldp's reach */		\
	asm volatile("ldp %0, %1, [%[base], #%c[off]]\n"		\
		     __msr_s(r1, "%0") __msr_s(r2, "%1")		\
		     : "=&r" (__a), "=&r" (__b)				\
		     : [base] "r" (__p), [off] "i" (__off), "m" (*__p));	\
} while (0)

#define axv_sysreg_save2(p, f1, r1, f2, r2) do {			\
	typeof(p) __p = (p);						\
	enum { __off = offsetof(typeof(*__p), f1) };			\
	u64 __a, __b;							\
									\
	static_assert(offsetof(typeof(*__p), f2) == __off + 8 &&	\
		      __off <= 504);	/* stp's reach */		\
	asm volatile(__mrs_s("%0", r1) __mrs_s("%1", r2)		\
		     "stp %0, %1, [%[base], #%c[off]]"			\
		     : "=&r" (__a), "=&r" (__b), "+m" (*__p)		\
		     : [base] "r" (__p), [off] "i" (__off));		\
} while (0)

/*
 * The guest's virtual timer.
 *
 * The guest programs CNTV_CVAL/CTL directly; there is no trap for them
 * without FEAT_ECV.  The host (VHE) runs on the EL2 timers and leaves CNTV
 * to guests; with KVM built in, KVM owns the virtual timer PPI (27): it has
 * requested it and marked it as forwarded to a vCPU, so the host never
 * deactivates it after its (no-op, when no KVM vCPU is loaded) handler
 * runs, and KVM sets the PPI's active state itself on each vcpu_load.
 * With no vGIC here, the guest cannot acknowledge the PPI, so:
 *
 *  - while loaded, CNTV is live in the hardware; when it fires, the PPI
 *    (routed to EL2 by IMO) makes the guest exit, the exit path sees the
 *    output high and raises HCR_EL2.VI for the guest, ORed with the VMM's
 *    IRQ line;
 *  - the PPI is kept active exactly while the output is high, so a
 *    level-triggered line does not exit the guest in a storm, and it is
 *    made inactive again once the guest has moved CVAL or masked the
 *    timer, so its next expiry exits again.  Load sets that state
 *    explicitly, as KVM's load does, so neither trusts what the other
 *    left;
 *  - put saves CNTV and disables it, so it can fire neither while the host
 *    or KVM runs nor into another vCPU; a WFI sleep uses an hrtimer on the
 *    deadline instead (axvcpu_arch_wfi_deadline_ns), and a RUN sees an
 *    expired timer as soon as it loads.
 *
 * The output is computed from CTL, CVAL and the counter rather than read
 * from ISTATUS, so it does not matter which regime is live when it is
 * sampled.  VI stays raised until the next exit after the guest quiets its
 * timer: the guest is expected to acknowledge interrupts through the VMM's
 * interrupt controller (an exit), as with KVM's userspace irqchip.  If the
 * host takes the PPI between two entries it is left active, and the next
 * exit sees the output high, so the two agree again.  With KVM=n (or KVM
 * not initialised) axvcpu requests the PPI itself and marks it forwarded
 * the same way; without a device tree to find it, the timer is still
 * delivered, only noticed at the next exit.
 */
static int axv_vtimer_irq;
static bool axv_vtimer_owned;
static DEFINE_PER_CPU(u8, axv_vtimer_dev);
/*
 * The GIC only tests irq_set_vcpu_affinity()'s cookie for NULL ("forwarded
 * to a vCPU"); any object of ours will do, but not the per-CPU dev_id.
 */
static u8 axv_vtimer_vcpu_info;

static irqreturn_t axv_vtimer_handler(int irq, void *dev)
{
	/* The exit path has done the work; the PPI stays active meanwhile. */
	return IRQ_HANDLED;
}

static void axv_vtimer_enable_cpu(void *unused)
{
	enable_percpu_irq(axv_vtimer_irq, IRQ_TYPE_NONE);
}

static void axv_vtimer_disable_cpu(void *unused)
{
	disable_percpu_irq(axv_vtimer_irq);
}

static void axv_vtimer_init(void)
{
	struct device_node *np;
	int ret;

	np = of_find_compatible_node(NULL, NULL, "arm,armv8-timer");
	if (np) {
		axv_vtimer_irq = irq_of_parse_and_map(np, ARCH_TIMER_VIRT_PPI);
		of_node_put(np);
	}
	if (axv_vtimer_irq <= 0) {
		axv_vtimer_irq = 0;
		pr_info("axvcpu: virtual timer PPI not found; guest timers are seen at exits\n");
		return;
	}
	if (irq_has_action(axv_vtimer_irq))
		return;	/* KVM's */
	ret = request_percpu_irq(axv_vtimer_irq, axv_vtimer_handler,
				 "axvcpu vtimer", &axv_vtimer_dev);
	if (ret) {
		pr_info("axvcpu: cannot request the virtual timer PPI (%d)\n",
			ret);
		axv_vtimer_irq = 0;
		return;
	}
	/*
	 * As KVM does: "forwarded to a vCPU", the host only drops its
	 * priority after the handler and leaves it active for us to manage.
	 */
	ret = irq_set_vcpu_affinity(axv_vtimer_irq, &axv_vtimer_vcpu_info);
	if (ret) {
		free_percpu_irq(axv_vtimer_irq, &axv_vtimer_dev);
		pr_info("axvcpu: cannot forward the virtual timer PPI (%d)\n",
			ret);
		axv_vtimer_irq = 0;
		return;
	}
	axv_vtimer_owned = true;
	on_each_cpu(axv_vtimer_enable_cpu, NULL, 1);
}

static void axv_vtimer_exit(void)
{
	if (!axv_vtimer_owned)
		return;
	on_each_cpu(axv_vtimer_disable_cpu, NULL, 1);
	irq_set_vcpu_affinity(axv_vtimer_irq, NULL);
	free_percpu_irq(axv_vtimer_irq, &axv_vtimer_dev);
}

/*
 * What axvcpu last made of the virtual timer PPI's active state on each
 * CPU, or AXV_VTIMER_UNKNOWN.  Setting it costs an irq_desc look-up, its
 * lock and a GIC access, about 200 instructions, on every load; it is
 * skipped when the state is known to be right already.  Only KVM can have
 * changed it behind axvcpu's back, and KVM loads a vCPU's VTTBR_EL2 before
 * it touches the PPI (and before any stage-2 TLB maintenance), while
 * axvcpu leaves VTTBR_EL2 0 when it puts a vCPU: a VTTBR_EL2 that is not 0
 * at load means "unknown".  The hardware itself makes the PPI active only
 * when the host takes it, with the timer output high, which it can do only
 * while interrupts are on: the run loop follows the output again before
 * it puts a vCPU after such a window (axv_timer_sync()).
 */
#define AXV_VTIMER_UNKNOWN	2
static DEFINE_PER_CPU(u8, axv_vtimer_state) = AXV_VTIMER_UNKNOWN;

/* This CPU's virtual timer PPI; preemption is off. */
static void axv_vtimer_set_active(bool active)
{
	if (axv_vtimer_irq)
		WARN_ON_ONCE(irq_set_irqchip_state(axv_vtimer_irq,
						   IRQCHIP_STATE_ACTIVE,
						   active));
	__this_cpu_write(axv_vtimer_state, active);
}

/*
 * The CNTV output: enabled, not masked, and the guest's count past CVAL.
 * Inline: every exit asks, and mostly the first test answers.
 */
static __always_inline bool axv_timer_output(u64 ctl, u64 cval, u64 cntvoff)
{
	if ((ctl & AXV_CNTV_CTL_USER) != ARCH_TIMER_CTRL_ENABLE)
		return false;
	return arch_timer_read_counter() - cntvoff >= cval;
}

/* @foreign: KVM may have run a vCPU on this CPU since axvcpu last did. */
static void axv_timer_load(struct axvcpu_vcpu *vcpu, bool foreign)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	struct axvcpu_arm64_sysregs *s = &a->sys;

	/* Active first: an output already high must not interrupt the host. */
	a->timer_line = axv_timer_output(s->cntv_ctl, s->cntv_cval, s->cntvoff);
	if (foreign || __this_cpu_read(axv_vtimer_state) != a->timer_line)
		axv_vtimer_set_active(a->timer_line);
	write_sysreg(s->cntvoff, cntvoff_el2);
	write_sysreg_s(s->cntv_cval, SYS_CNTV_CVAL_EL02);
	write_sysreg_s(s->cntv_ctl, SYS_CNTV_CTL_EL02);
}

/*
 * With interrupts off, after each exit and before a put that follows a
 * window with interrupts on: follow the output of CNTV.  Inline, as the
 * exits call it.
 */
static __always_inline void axv_timer_sync(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	u64 ctl = read_sysreg_s(SYS_CNTV_CTL_EL02);
	u64 cval = read_sysreg_s(SYS_CNTV_CVAL_EL02);
	bool line;

	/* Saved for a put that may follow: they change only in the guest. */
	a->sys.cntv_ctl = ctl;
	a->sys.cntv_cval = cval;
	line = axv_timer_output(ctl, cval, a->sys.cntvoff);
	if (line != a->timer_line) {
		a->timer_line = line;
		axv_vtimer_set_active(line);
	}
}

/*
 * Before a put that follows a window with interrupts on, in which the host
 * may have taken the PPI.  Out of line: the exits to userspace do not come
 * this way.
 */
static noinline void axv_timer_sync_late(struct axvcpu_vcpu *vcpu)
{
	axv_timer_sync(vcpu);
}

/* CTL and CVAL were saved by the sync that every put follows. */
static void axv_timer_put(struct axvcpu_vcpu *vcpu)
{
	/*
	 * An output that rose since the last sync was not taken, with
	 * interrupts off: it only leaves the PPI pending, and the PPI is
	 * level-triggered.
	 */
	write_sysreg_s(0, SYS_CNTV_CTL_EL02);
}

/* The saved timer of a vCPU that is not loaded. */
static bool axv_timer_fired(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arm64_sysregs *s = &vcpu->arch.sys;

	return axv_timer_output(s->cntv_ctl, s->cntv_cval, s->cntvoff);
}

bool axvcpu_arch_wakeup_pending(struct axvcpu_vcpu *vcpu)
{
	return READ_ONCE(vcpu->arch.irq_lines) || axv_timer_fired(vcpu);
}

u64 axvcpu_arch_wfi_deadline_ns(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arm64_sysregs *s = &vcpu->arch.sys;
	u64 now, ticks;

	if ((s->cntv_ctl & AXV_CNTV_CTL_USER) != ARCH_TIMER_CTRL_ENABLE)
		return U64_MAX;
	now = arch_timer_read_counter() - s->cntvoff;
	if (s->cntv_cval <= now)
		return 0;
	/* Far deadlines are capped; a spurious wakeup only rechecks. */
	ticks = min_t(u64, s->cntv_cval - now, axv_cntfrq * 3600);
	return ktime_get_ns() + mul_u64_u64_div_u64(ticks, NSEC_PER_SEC,
						    axv_cntfrq);
}

/*
 * A WFI the guest can never be woken from: every exception masked in
 * PSTATE (D, A, I and F, as at reset or in a "halt" loop; an OS idling
 * masks only I and F) and its timer off or masked.  The VMM may still
 * raise a line later, but nothing the guest asked for is pending.
 */
bool axvcpu_arm64_wfi_should_halt(struct axvcpu_vcpu *vcpu)
{
	u64 ctl = read_sysreg_s(SYS_CNTV_CTL_EL02);

	return (vcpu->arch.ctx.pstate & AXV_PSTATE_DAIF) == AXV_PSTATE_DAIF &&
	       (ctl & AXV_CNTV_CTL_USER) != ARCH_TIMER_CTRL_ENABLE;
}

int axvcpu_arch_irq_line(struct axvcpu_vcpu *vcpu, u32 irq, u32 level)
{
	if (irq != AXVCPU_ARM64_IRQ_IRQ && irq != AXVCPU_ARM64_IRQ_FIQ)
		return -EINVAL;
	if (level)
		set_bit(irq, &vcpu->arch.irq_lines);
	else
		clear_bit(irq, &vcpu->arch.irq_lines);
	axvcpu_kick(vcpu);
	return 0;
}

int axvcpu_arch_vcpu_init(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;

	a->ctx.pstate = AXV_PSTATE_RESET;
	a->sys.sctlr = AXV_SCTLR_RESET;
	/* Aff0 = id, as AXVCPU_MAX_VCPUS fits one cluster. */
	a->sys.mpidr = AXV_MPIDR_RES1 | vcpu->id;
	spin_lock_init(&a->start_lock);
	return 0;
}

void axvcpu_arch_vcpu_destroy(struct axvcpu_vcpu *vcpu)
{
	hrtimer_cancel(&vcpu->arch.wfi_timer);
}

int axvcpu_arch_get_regs(struct axvcpu_vcpu *vcpu, struct axvcpu_regs *regs)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	struct axvcpu_arm64_sysregs *s = &a->sys;

	memcpy(regs->x, a->ctx.x, sizeof(regs->x));
	regs->sp_el0 = a->ctx.sp_el0;
	regs->pc = a->ctx.pc;
	regs->pstate = a->ctx.pstate;
	regs->sp_el1 = s->sp_el1;
	regs->elr_el1 = s->elr_el1;
	regs->spsr_el1 = s->spsr_el1;
	regs->sctlr_el1 = s->sctlr;
	regs->tcr_el1 = s->tcr;
	regs->ttbr0_el1 = s->ttbr0;
	regs->ttbr1_el1 = s->ttbr1;
	regs->mair_el1 = s->mair;
	regs->amair_el1 = s->amair;
	regs->vbar_el1 = s->vbar;
	regs->cpacr_el1 = s->cpacr;
	regs->contextidr_el1 = s->contextidr;
	regs->tpidr_el0 = s->tpidr_el0;
	regs->tpidrro_el0 = s->tpidrro_el0;
	regs->tpidr_el1 = s->tpidr_el1;
	regs->par_el1 = s->par;
	regs->afsr0_el1 = s->afsr0;
	regs->afsr1_el1 = s->afsr1;
	regs->esr_el1 = s->esr;
	regs->far_el1 = s->far;
	regs->csselr_el1 = s->csselr;
	regs->cntkctl_el1 = s->cntkctl;
	regs->cntv_ctl_el0 = s->cntv_ctl;
	regs->cntv_cval_el0 = s->cntv_cval;
	regs->cntvoff = s->cntvoff;
	regs->mpidr = s->mpidr;
	return 0;
}

static bool axv_pstate_valid(u64 pstate)
{
	switch (pstate & PSR_MODE_MASK) {
	case PSR_MODE_EL0t:
	case PSR_MODE_EL1t:
	case PSR_MODE_EL1h:
		break;
	default:
		return false;	/* never EL2 or EL3: the guest runs below us */
	}
	return !(pstate & ~AXV_PSTATE_USER);
}

int axvcpu_arch_set_regs(struct axvcpu_vcpu *vcpu,
			 const struct axvcpu_regs *regs)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	struct axvcpu_arm64_sysregs *s = &a->sys;

	if (memchr_inv(regs->reserved, 0, sizeof(regs->reserved)))
		return -EINVAL;
	if (!axv_pstate_valid(regs->pstate))
		return -EINVAL;
	if (regs->mpidr & ~AXV_MPIDR_USER)
		return -EINVAL;
	if (regs->cntv_ctl_el0 & ~(AXV_CNTV_CTL_USER | ARCH_TIMER_CTRL_IT_STAT))
		return -EINVAL;

	memcpy(a->ctx.x, regs->x, sizeof(a->ctx.x));
	a->ctx.sp_el0 = regs->sp_el0;
	a->ctx.pc = regs->pc;
	a->ctx.pstate = regs->pstate;
	s->sp_el1 = regs->sp_el1;
	s->elr_el1 = regs->elr_el1;
	s->spsr_el1 = regs->spsr_el1;
	s->sctlr = regs->sctlr_el1;
	s->tcr = regs->tcr_el1;
	s->ttbr0 = regs->ttbr0_el1;
	s->ttbr1 = regs->ttbr1_el1;
	s->mair = regs->mair_el1;
	s->amair = regs->amair_el1;
	s->vbar = regs->vbar_el1;
	s->cpacr = regs->cpacr_el1;
	s->contextidr = regs->contextidr_el1;
	s->tpidr_el0 = regs->tpidr_el0;
	s->tpidrro_el0 = regs->tpidrro_el0;
	s->tpidr_el1 = regs->tpidr_el1;
	s->par = regs->par_el1;
	s->afsr0 = regs->afsr0_el1;
	s->afsr1 = regs->afsr1_el1;
	s->esr = regs->esr_el1;
	s->far = regs->far_el1;
	s->csselr = regs->csselr_el1;
	s->cntkctl = regs->cntkctl_el1;
	s->cntv_ctl = regs->cntv_ctl_el0 & AXV_CNTV_CTL_USER;
	s->cntv_cval = regs->cntv_cval_el0;
	s->cntvoff = regs->cntvoff;
	WRITE_ONCE(s->mpidr, regs->mpidr | AXV_MPIDR_RES1);
	return 0;
}

int axvcpu_arch_get_fpu(struct axvcpu_vcpu *vcpu, struct axvcpu_fpu *fpu)
{
	const struct user_fpsimd_state *fp = &vcpu->arch.fp;
	int i;

	for (i = 0; i < 32; i++) {
		fpu->vregs[i][0] = (u64)fp->vregs[i];
		fpu->vregs[i][1] = (u64)(fp->vregs[i] >> 64);
	}
	fpu->fpsr = fp->fpsr;
	fpu->fpcr = fp->fpcr;
	return 0;
}

int axvcpu_arch_set_fpu(struct axvcpu_vcpu *vcpu, const struct axvcpu_fpu *fpu)
{
	struct user_fpsimd_state *fp = &vcpu->arch.fp;
	int i;

	if (fpu->pad)
		return -EINVAL;
	for (i = 0; i < 32; i++)
		fp->vregs[i] = (__uint128_t)fpu->vregs[i][1] << 64 |
			       fpu->vregs[i][0];
	fp->fpsr = fpu->fpsr;
	fp->fpcr = fpu->fpcr;
	return 0;
}

/* PSCI CPU_ON on this vCPU: where and how it begins. */
void axvcpu_arch_apply_start(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;

	memset(a->ctx.x, 0, sizeof(a->ctx.x));
	spin_lock(&a->start_lock);
	a->ctx.pc = a->start_pc;
	a->ctx.x[0] = a->start_arg;
	spin_unlock(&a->start_lock);
	/* As PSCI has it: EL1h, interrupts masked, MMU and caches off. */
	a->ctx.pstate = AXV_PSTATE_RESET;
	a->sys.sctlr = AXV_SCTLR_RESET;
	vcpu->completion = AXVCPU_COMPLETE_NONE;
}

/* An MMIO load's value into its register, as @esr, its syndrome, says. */
static __always_inline void axv_mmio_load_done(struct axvcpu_vcpu *vcpu,
					       u64 esr)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	unsigned int reg = AXV_ESR_SRT(esr);
	u64 v;

	v = axvcpu_mmio_extend(READ_ONCE(vcpu->run->mmio.data),
			       1U << ((esr & ESR_ELx_SAS) >> ESR_ELx_SAS_SHIFT),
			       esr & ESR_ELx_SSE);
	/* A W register: sign extension stops at bit 31. */
	if (!(esr & ESR_ELx_SF))
		v = (u32)v;
	if (reg != 31)
		a->ctx.x[reg] = v;
}

/* Finish the exit userspace has seen; called at the start of RUN. */
void axvcpu_arch_complete(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	struct axvcpu_run *run = vcpu->run;
	u64 esr;
	int i;

	switch (vcpu->completion) {
	case AXVCPU_COMPLETE_NONE:
		return;
	case AXVCPU_COMPLETE_MMIO_READ:
		/* ctx.esr is still the access's syndrome (axv_mmio_exit()). */
		esr = a->ctx.esr;
		axv_mmio_load_done(vcpu, esr);
		a->ctx.pc += axv_insn_len(esr);
		vcpu->completion = AXVCPU_COMPLETE_NONE;
		return;
	case AXVCPU_COMPLETE_MMIO_WRITE:
		a->ctx.pc += axv_insn_len(a->ctx.esr);
		vcpu->completion = AXVCPU_COMPLETE_NONE;
		return;
	case AXVCPU_COMPLETE_HYPERCALL:
		for (i = 0; i < 4; i++)
			a->ctx.x[i] = READ_ONCE(run->hypercall.ret[i]);
		break;
	case AXVCPU_COMPLETE_SYSREG_READ:
		if (vcpu->mmio_reg != 31)
			a->ctx.x[vcpu->mmio_reg] = READ_ONCE(run->sysreg.value);
		break;
	default:
		break;
	}
	a->ctx.pc += vcpu->insn_len;
	vcpu->completion = AXVCPU_COMPLETE_NONE;
}

static void axv_load(struct axvcpu_vcpu *vcpu, int cpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	struct axvcpu_arm64_sysregs *s = &a->sys;
	struct axvcpu_arm64_host *h = &a->host;

	vcpu->cpu = cpu;

	/*
	 * Only what the host uses is saved.  Under VHE it runs at EL2 and
	 * EL0 in the EL2&0 regime, which never looks at the EL1 registers
	 * (TPIDR_EL1 included: per-CPU data is in TPIDR_EL2), at PAR_EL1 and
	 * CSSELR_EL1 beyond a use that writes them first, or at VTCR_EL2,
	 * VPIDR_EL2, VMPIDR_EL2 and CNTVOFF_EL2 (its counter has no offset).
	 * KVM's VHE vcpu_put() does not restore them either; its vcpu_load()
	 * and guest entry write their own.
	 */
	axv_sysreg_save2(h, tpidr_el0, SYS_TPIDR_EL0,
			 tpidrro_el0, SYS_TPIDRRO_EL0);
	h->vttbr = read_sysreg(vttbr_el2);
	h->mdcr = read_sysreg(mdcr_el2);

	write_sysreg(s->sp_el1, sp_el1);
	write_sysreg(s->par, par_el1);
	axv_sysreg_load2(s, elr_el1, SYS_ELR_EL12, spsr_el1, SYS_SPSR_EL12);
	axv_sysreg_load2(s, sctlr, SYS_SCTLR_EL12, tcr, SYS_TCR_EL12);
	axv_sysreg_load2(s, ttbr0, SYS_TTBR0_EL12, ttbr1, SYS_TTBR1_EL12);
	axv_sysreg_load2(s, mair, SYS_MAIR_EL12, amair, SYS_AMAIR_EL12);
	axv_sysreg_load2(s, vbar, SYS_VBAR_EL12, cpacr, SYS_CPACR_EL12);
	axv_sysreg_load2(s, contextidr, SYS_CONTEXTIDR_EL12,
			 tpidr_el1, SYS_TPIDR_EL1);
	axv_sysreg_load2(s, tpidr_el0, SYS_TPIDR_EL0,
			 tpidrro_el0, SYS_TPIDRRO_EL0);
	axv_sysreg_load2(s, afsr0, SYS_AFSR0_EL12, afsr1, SYS_AFSR1_EL12);
	axv_sysreg_load2(s, esr, SYS_ESR_EL12, far, SYS_FAR_EL12);
	axv_sysreg_load2(s, csselr, SYS_CSSELR_EL1, cntkctl, SYS_CNTKCTL_EL12);

	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(s->mpidr, vmpidr_el2);
	write_sysreg((h->mdcr & MDCR_EL2_HPMN_MASK) | AXV_MDCR_GUEST, mdcr_el2);
	if (axv_has_gicv3) {
		h->ich_hcr = read_sysreg_s(SYS_ICH_HCR_EL2);
		h->icc_sre = read_sysreg_s(SYS_ICC_SRE_EL2);
		write_sysreg_s(AXV_ICH_HCR_GUEST, SYS_ICH_HCR_EL2);
		/* Clear Enable: ICC_SRE_EL1 traps as well. */
		write_sysreg_s(h->icc_sre & ~ICC_SRE_EL2_ENABLE, SYS_ICC_SRE_EL2);
	}
	if (cpus_have_final_cap(ARM64_SME)) {
		/* Keep TPIDR2_EL0 and SMPRI_EL1, SME state, from the guest. */
		h->hfgrtr = read_sysreg_s(SYS_HFGRTR_EL2);
		h->hfgwtr = read_sysreg_s(SYS_HFGWTR_EL2);
		write_sysreg_s(h->hfgrtr & ~AXV_HFGXTR_SME, SYS_HFGRTR_EL2);
		write_sysreg_s(h->hfgwtr & ~AXV_HFGXTR_SME, SYS_HFGWTR_EL2);
	}
	/* Stage 1 is in place before stage 2, and both before TGE clears. */
	write_sysreg(axvcpu_arm64_vtcr_el2, vtcr_el2);
	write_sysreg(vcpu->vm->arch.vttbr, vttbr_el2);
	isb();

	/*
	 * Put flushes what this VM left here; what KVM's guests left is
	 * flushed only here, as KVM may have given one of them our VMID.  Put
	 * leaves VTTBR_EL2 0, KVM never does: anything else found means KVM
	 * ran a guest here since.
	 */
	if (h->vttbr)
		axvcpu_arm64_flush_loaded_vmid();
	axv_timer_load(vcpu, h->vttbr != 0);
}

/* With interrupts off, for the flush. */
static void axv_put(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	struct axvcpu_arm64_sysregs *s = &a->sys;
	struct axvcpu_arm64_host *h = &a->host;

	axv_timer_put(vcpu);

	s->sp_el1 = read_sysreg(sp_el1);
	s->par = read_sysreg_par();
	axv_sysreg_save2(s, elr_el1, SYS_ELR_EL12, spsr_el1, SYS_SPSR_EL12);
	axv_sysreg_save2(s, sctlr, SYS_SCTLR_EL12, tcr, SYS_TCR_EL12);
	axv_sysreg_save2(s, ttbr0, SYS_TTBR0_EL12, ttbr1, SYS_TTBR1_EL12);
	axv_sysreg_save2(s, mair, SYS_MAIR_EL12, amair, SYS_AMAIR_EL12);
	axv_sysreg_save2(s, vbar, SYS_VBAR_EL12, cpacr, SYS_CPACR_EL12);
	axv_sysreg_save2(s, contextidr, SYS_CONTEXTIDR_EL12,
			 tpidr_el1, SYS_TPIDR_EL1);
	axv_sysreg_save2(s, tpidr_el0, SYS_TPIDR_EL0,
			 tpidrro_el0, SYS_TPIDRRO_EL0);
	axv_sysreg_save2(s, afsr0, SYS_AFSR0_EL12, afsr1, SYS_AFSR1_EL12);
	axv_sysreg_save2(s, esr, SYS_ESR_EL12, far, SYS_FAR_EL12);
	axv_sysreg_save2(s, csselr, SYS_CSSELR_EL1, cntkctl, SYS_CNTKCTL_EL12);

	axv_sysreg_load2(h, tpidr_el0, SYS_TPIDR_EL0,
			 tpidrro_el0, SYS_TPIDRRO_EL0);
	if (cpus_have_final_cap(ARM64_SME)) {
		write_sysreg_s(h->hfgrtr, SYS_HFGRTR_EL2);
		write_sysreg_s(h->hfgwtr, SYS_HFGWTR_EL2);
	}
	if (axv_has_gicv3) {
		write_sysreg_s(h->icc_sre, SYS_ICC_SRE_EL2);
		write_sysreg_s(h->ich_hcr, SYS_ICH_HCR_EL2);
	}
	write_sysreg(h->mdcr, mdcr_el2);
	/*
	 * No translation of ours outlives the put.  Then not the old
	 * VTTBR_EL2: 0, which KVM never loads, tells the next load that KVM
	 * has not run a vCPU here since (see axv_vtimer_state).  KVM loads its
	 * own VTTBR_EL2 whenever it needs one; the host runs with stage 2 off.
	 * No isb: nothing uses VTTBR_EL2 before a load writes it again and
	 * synchronises, and the next load's read of it is in program order.
	 */
	axvcpu_arm64_tlbi_loaded_vmid(false);
	write_sysreg(0, vttbr_el2);
	vcpu->cpu = -1;
}

void axvcpu_arm64_internal_error(struct axvcpu_vcpu *vcpu, u32 suberror)
{
	struct axvcpu_arm64_ctx *ctx = &vcpu->arch.ctx;
	const u64 data[] = { ctx->esr, ctx->far, ctx->hpfar, ctx->pc };

	axvcpu_exit_internal(vcpu, suberror, data, ARRAY_SIZE(data));
}

void __noreturn axvcpu_arm64_hyp_panic(u64 esr, u64 elr, u64 far, u64 spsr)
{
	panic("axvcpu: EL2 exception in the world switch: ESR_EL2 %#llx ELR_EL2 %#llx FAR_EL2 %#llx SPSR_EL2 %#llx\n",
	      esr, elr, far, spsr);
}

static void axv_handle_requests(struct axvcpu_vcpu *vcpu)
{
	/* Raised only by other backends' code today; honour them anyway. */
	if (axvcpu_check_request(vcpu, AXVCPU_REQ_TLB_FLUSH))
		axvcpu_arm64_tlbi_loaded_vmid(false);
	if (axvcpu_check_request(vcpu, AXVCPU_REQ_FENCE_I))
		asm volatile("ic iallu\n\tdsb nsh\n\tisb" : : : "memory");
}

/*
 * A synchronous exit, by exception class, to the handlers in exit.c and
 * psci.c.  Here, inline in the run loop, so that the exits that go on to
 * userspace (HVC, MMIO) reach their handler with one call.
 */
static int axv_handle_sync(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;

	switch (ESR_ELx_EC(a->ctx.esr)) {
	case ESR_ELx_EC_HVC64:
		return axvcpu_arm64_smccc_call(vcpu, false);
	case ESR_ELx_EC_DABT_LOW:
		return axvcpu_arm64_dabt(vcpu);
	case ESR_ELx_EC_IABT_LOW:
		return axvcpu_arm64_abort(vcpu, false);
	case ESR_ELx_EC_SYS64:
		return axvcpu_arm64_sysreg(vcpu);
	case ESR_ELx_EC_SMC64:
		return axvcpu_arm64_smccc_call(vcpu, true);
	case ESR_ELx_EC_WFx:
		return axvcpu_arm64_wfx(vcpu);
	case ESR_ELx_EC_FP_ASIMD:
		if (a->fp_enabled)
			break;
		/* The next entry loads the guest's registers; retry. */
		a->fp_enabled = true;
		return 0;
	default:
		break;
	}
	axvcpu_arm64_internal_error(vcpu, AXVCPU_INTERNAL_UNHANDLED_TRAP);
	return AXVCPU_RUN_EXIT;
}

static int axv_handle_exit(struct axvcpu_vcpu *vcpu)
{
	switch (vcpu->arch.ctx.exit_type) {
	case AXV_EXIT_IRQ:
	case AXV_EXIT_FIQ:
		/* A host interrupt: it is taken once interrupts are unmasked. */
		return 0;
	case AXV_EXIT_SYNC:
		return axv_handle_sync(vcpu);
	default:
		/* An SError from the guest: tell userspace, never panic. */
		axvcpu_arm64_internal_error(vcpu, AXVCPU_INTERNAL_UNHANDLED_TRAP);
		return AXVCPU_RUN_EXIT;
	}
}

/*
 * CNTHCTL_EL2 holds the guest's value only while it runs: KVM turns itself
 * on by an IPI to every CPU that ORs EL1PCEN into it, which would hand a
 * loaded guest the EL1 physical timer (and put would then undo KVM's
 * write).  So it is taken afresh before each entry and put back on exit.
 */
static void axv_cnthctl_guest(struct axvcpu_arm64_host *h)
{
	h->cnthctl = read_sysreg(cnthctl_el2);
	write_sysreg((h->cnthctl & ~AXV_CNTHCTL_EL1PCEN) | AXV_CNTHCTL_EL1PCTEN,
		     cnthctl_el2);
}

static void axv_cnthctl_host(struct axvcpu_arm64_host *h)
{
	write_sysreg(h->cnthctl, cnthctl_el2);
}

/*
 * Enter the guest until something needs more than this loop: userspace,
 * sleeping, a stage-2 fault that pins memory, or the scheduler.  Puts the
 * vCPU on the way out, while interrupts are still off.
 */
static int axv_run_loop(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	unsigned long lines;
	bool note_qs = false;
	bool fp;
	int ret;

	for (;;) {
		fp = a->fp_enabled;
		if (fp)
			kernel_neon_begin();
		/*
		 * All of DAIF, as the world switch needs, from here on: one
		 * mask keeps a kick's IPI pending across the checks and the
		 * entry both.
		 */
		local_daif_mask();
		/* One load of the flags for both checks: this is every entry. */
		if (unlikely(read_thread_flags() & (_TIF_SIGPENDING |
						    _TIF_NOTIFY_SIGNAL |
						    _TIF_NEED_RESCHED))) {
			ret = signal_pending(current) ? -EINTR :
							AXVCPU_RUN_RESCHED;
			axv_timer_sync_late(vcpu);
			goto out;
		}

		/*
		 * Kicks after this point send an IPI, which exits the guest;
		 * requests made before it are seen here, and handled with a
		 * new pass.
		 */
		smp_store_mb(vcpu->mode, AXVCPU_IN_GUEST);
		if (unlikely(READ_ONCE(vcpu->requests))) {
			WRITE_ONCE(vcpu->mode, AXVCPU_OUTSIDE_GUEST);
			if (test_bit(AXVCPU_REQ_START, &vcpu->requests)) {
				ret = AXVCPU_RUN_RESCHED;
				axv_timer_sync_late(vcpu);
				goto out;
			}
			axv_handle_requests(vcpu);
			local_daif_restore(DAIF_PROCCTX);
			if (fp)
				kernel_neon_end();
			continue;
		}
		lines = READ_ONCE(a->irq_lines);
		a->ctx.hcr = axv_hcr_guest;
		if ((lines & BIT(AXVCPU_ARM64_IRQ_IRQ)) || a->timer_line)
			a->ctx.hcr |= HCR_VI;
		if (lines & BIT(AXVCPU_ARM64_IRQ_FIQ))
			a->ctx.hcr |= HCR_VF;
		a->ctx.cptr = fp ? AXV_CPTR_GUEST | AXV_CPTR_FP : AXV_CPTR_GUEST;
		if (fp)
			axvcpu_arm64_fp_restore(&a->fp);
		/*
		 * Time in the guest is a quiescent state for RCU, but telling
		 * RCU costs about 30 instructions: do it only when a host
		 * interrupt (the tick, an RCU IPI) took the guest out.  A
		 * guest that runs long enough to hold up a grace period is
		 * interrupted by the tick, and every other exit ends soon in
		 * userspace or in a reschedule.
		 */
		if (note_qs) {
			rcu_virt_note_context_switch(smp_processor_id());
			note_qs = false;
		}

		/*
		 * With pseudo-NMIs, the PMR now lets every host interrupt
		 * through: make sure the redistributor knows before eret,
		 * or they would not exit the guest.
		 */
		pmr_sync();
		axv_cnthctl_guest(&a->host);
		axvcpu_arm64_switch(&a->ctx);
		axv_cnthctl_host(&a->host);
		local_daif_restore(DAIF_PROCCTX_NOIRQ);

		WRITE_ONCE(vcpu->mode, AXVCPU_OUTSIDE_GUEST);
		if (fp)
			axvcpu_arm64_fp_save(&a->fp);
		axv_timer_sync(vcpu);
		note_qs = a->ctx.exit_type == AXV_EXIT_IRQ ||
			  a->ctx.exit_type == AXV_EXIT_FIQ;
		ret = axv_handle_exit(vcpu);
		if (ret)
			break;
		local_irq_enable();
		if (fp)
			kernel_neon_end();
	}
out:
	axv_put(vcpu);
	local_daif_restore(DAIF_PROCCTX);
	if (fp)
		kernel_neon_end();
	return ret;
}

/*
 * One pass of the core's run loop, with preemption off: load the vCPU on
 * @cpu, run the inner loop, which puts it back.  One call for the three, so
 * that every exit to the core pays for one call and one stack frame.
 */
int axvcpu_arch_run(struct axvcpu_vcpu *vcpu, int cpu)
{
	axv_load(vcpu, cpu);
	return axv_run_loop(vcpu);
}

int axvcpu_arch_handle_gfault(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	int ret;

	ret = axvcpu_map_gpa(vcpu->vm, a->fault_gpa, a->fault_write,
			     a->fault_exec);
	if (ret == -ENOENT)
		return 0;	/* no longer RAM: the retry will see MMIO */
	if (ret == -ENOMEM)
		return ret;
	if (ret) {
		/* The backing memory is gone from the VMM's address space. */
		axvcpu_arm64_internal_error(vcpu, AXVCPU_INTERNAL_NO_MEMORY);
		return AXVCPU_RUN_EXIT;
	}
	return 0;
}

long axvcpu_arch_check_extension(unsigned long cap)
{
	switch (cap) {
	case AXVCPU_CAP_ARCH:
		return AXVCPU_ARCH_ARM64;
	case AXVCPU_CAP_GUEST_PHYS_BITS:
		return axvcpu_arm64_ipa_bits();
	default:
		return 0;
	}
}

int axvcpu_arch_init(void)
{
	int ret;

	if (!is_kernel_in_hyp_mode() || !has_vhe()) {
		pr_err("axvcpu: needs the kernel to run at EL2 with VHE\n");
		return -ENODEV;
	}
	if (!system_supports_fpsimd()) {
		pr_err("axvcpu: needs FP/SIMD\n");
		return -ENODEV;
	}
	axv_cntfrq = arch_timer_get_cntfrq();
	if (!axv_cntfrq) {
		pr_err("axvcpu: CNTFRQ_EL0 is not set\n");
		return -ENODEV;
	}
	axv_has_gicv3 = cpus_have_final_cap(ARM64_HAS_SYSREG_GIC_CPUIF);
	ret = axvcpu_arm64_mmu_init();
	if (ret)
		return ret;
	axv_hcr_guest = AXV_HCR_GUEST | axvcpu_arm64_hcr_fwb;
	axv_vtimer_init();
	return 0;
}

void axvcpu_arch_exit(void)
{
	axv_vtimer_exit();
}
