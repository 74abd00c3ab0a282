// SPDX-License-Identifier: GPL-2.0
/*
 * riscv64 vCPU: state, register access, load/put and the run loop.
 *
 * A vCPU's VS-level CSRs, FP registers, hgatp and the hypervisor
 * delegation CSRs are loaded once per RUN (axv_load()) with
 * preemption off, and only the HS-level CSRs that differ between host and
 * guest are swapped on every entry (switch.S).  Nothing another hypervisor
 * may have left in hedeleg, hideleg, hcounteren, henvcfg, hvip or hgatp is
 * trusted: all are written on load, and hedeleg/hideleg, which KVM sets only
 * when it is turned on or off, are put back on put.  KVM does that by IPI,
 * so interrupts stay off from load to put except in a window after a host
 * interrupt, around which those CSRs are the host's.
 */
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/timex.h>
#include <asm/cacheflush.h>
#include <asm/csr.h>
#include <asm/delay.h>
#include <asm/hwcap.h>
#include <asm/sbi.h>
#include <asm/ptrace.h>
#include <asm/timex.h>

#include "riscv.h"
#include "insn_decode.h"

bool axvcpu_riscv_has_sstc;

/*
 * Exceptions the guest handles itself.  Illegal instructions come to us
 * first: the guest's FP state is loaded lazily, on its first FP instruction.
 */
#define AXV_HEDELEG	(BIT(EXC_INST_MISALIGNED) | BIT(EXC_BREAKPOINT) | \
			 BIT(EXC_SYSCALL) | BIT(EXC_INST_PAGE_FAULT) |	   \
			 BIT(EXC_LOAD_PAGE_FAULT) | BIT(EXC_STORE_PAGE_FAULT))
#define AXV_HIDELEG	(AXV_VSSIP | AXV_VSTIP | AXV_VSEIP)

#define AXV_HSTATUS_USER	(HSTATUS_VTW | HSTATUS_VTSR | HSTATUS_VTVM)
#define AXV_HSTATUS_KERNEL	(HSTATUS_VSXL | HSTATUS_SPV | HSTATUS_SPVP | \
				 HSTATUS_GVA)
#define AXV_SSTATUS_USER	(SR_SPP | SR_FS)
/*
 * The fields of the guest's sstatus that software may write (SIE, SPIE,
 * UBE, SPP, VS, FS, SUM, MXR); UXL is always 64 bits.  Whatever else
 * SET_REGS gives is dropped before it reaches the vsstatus CSR: QEMU (7.2)
 * keeps every bit written there and merges them into the hart's mstatus
 * when it enters V=1, so a stray MPRV broke the firmware's next trap.
 */
#define AXV_SR_UBE		BIT(6)
#define AXV_SR_VS		(3UL << 9)
#define AXV_SR_MXR		BIT(19)
#define AXV_VSSTATUS_WRITABLE	(SR_SIE | SR_SPIE | AXV_SR_UBE | SR_SPP | \
				 AXV_SR_VS | SR_FS | SR_SUM | AXV_SR_MXR)
#define AXV_VSSTATUS_UXL_64	(2UL << 32)
/*
 * vsatp.MODE values that exist: Bare, Sv39, Sv48, Sv57.  An undefined mode
 * is stored as Bare: hardware ignores such a write to satp, but QEMU (7.2)
 * keeps it in vsatp and aborts on the guest's next access.  Of the others,
 * the hart keeps those it implements: see axv_legal_vs_csrs().
 */
#define AXV_SATP_MODE_SHIFT	60
#define AXV_SATP_MODE_SV39	8
#define AXV_SATP_MODE_SV57	10

static unsigned long axv_henvcfg;

static unsigned long axv_guest_time(struct axvcpu_vcpu *vcpu)
{
	return get_cycles64() + vcpu->arch.csr.htimedelta;
}

void axvcpu_riscv_set_irq(struct axvcpu_vcpu *vcpu, unsigned long bit,
			  bool level)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	unsigned long flags;

	raw_spin_lock_irqsave(&a->irq_lock, flags);
	if (level)
		a->irq_pending |= bit;
	else
		a->irq_pending &= ~bit;
	a->irq_changed |= bit;
	raw_spin_unlock_irqrestore(&a->irq_lock, flags);
	axvcpu_kick(vcpu);
}

/* Write what other threads changed into hvip; interrupts are off. */
static void axv_flush_irqs(struct axvcpu_arch_vcpu *a)
{
	if (!READ_ONCE(a->irq_changed))
		return;
	raw_spin_lock(&a->irq_lock);
	a->hvip = (a->hvip & ~a->irq_changed) |
		  (a->irq_pending & a->irq_changed);
	a->irq_changed = 0;
	raw_spin_unlock(&a->irq_lock);
	csr_write(CSR_HVIP, a->hvip);
}

/* The guest may clear (or set) its own VSSIP through sip; keep up with it. */
static void axv_sync_irqs(struct axvcpu_arch_vcpu *a)
{
	unsigned long hvip = csr_read(CSR_HVIP);

	if (!((hvip ^ a->hvip) & AXV_VSSIP))
		return;
	raw_spin_lock(&a->irq_lock);
	/* A newer change by another thread wins over the guest's. */
	if (!(a->irq_changed & AXV_VSSIP))
		a->irq_pending = (a->irq_pending & ~AXV_VSSIP) |
				 (hvip & AXV_VSSIP);
	raw_spin_unlock(&a->irq_lock);
	a->hvip = (a->hvip & ~AXV_VSSIP) | (hvip & AXV_VSSIP);
}

static enum hrtimer_restart axv_timer_fn(struct hrtimer *t)
{
	struct axvcpu_vcpu *vcpu = container_of(t, struct axvcpu_vcpu,
						arch.timer);

	axvcpu_riscv_set_irq(vcpu, AXV_VSTIP, true);
	return HRTIMER_NORESTART;
}

static u64 axv_ticks_to_ns(u64 ticks)
{
	return mul_u64_u64_div_u64(ticks, NSEC_PER_SEC, riscv_timebase);
}

/* When will the guest timer fire, in CLOCK_MONOTONIC ns (U64_MAX: never)? */
static u64 axv_timer_deadline_ns(struct axvcpu_vcpu *vcpu)
{
	u64 cmp = vcpu->arch.csr.vstimecmp, now = axv_guest_time(vcpu);

	if (cmp == U64_MAX)
		return U64_MAX;
	if (cmp <= now)
		return 0;
	/* Far deadlines are capped; a spurious wakeup only rechecks. */
	return ktime_get_ns() + axv_ticks_to_ns(min_t(u64, cmp - now,
						      riscv_timebase * 3600));
}

/* SBI set_timer: @cmp is in guest time. */
void axvcpu_riscv_set_timer(struct axvcpu_vcpu *vcpu, u64 cmp)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	u64 deadline;

	a->csr.vstimecmp = cmp;
	if (axvcpu_riscv_has_sstc) {
		/* Called while loaded: the hardware raises VSTIP itself. */
		csr_write(CSR_VSTIMECMP, cmp);
		return;
	}
	axvcpu_riscv_set_irq(vcpu, AXV_VSTIP, false);
	deadline = axv_timer_deadline_ns(vcpu);
	if (deadline == U64_MAX)
		hrtimer_try_to_cancel(&a->timer);
	else
		hrtimer_start(&a->timer, ns_to_ktime(deadline),
			      HRTIMER_MODE_ABS);
}

bool axvcpu_arch_wakeup_pending(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	unsigned long pending = READ_ONCE(a->irq_pending);

	if (axvcpu_riscv_has_sstc && axv_guest_time(vcpu) >= a->csr.vstimecmp)
		pending |= AXV_VSTIP;
	/* vsie holds the S-level positions, one below the VS ones in hvip. */
	return pending & (a->csr.vsie << 1);
}

u64 axvcpu_arch_wfi_deadline_ns(struct axvcpu_vcpu *vcpu)
{
	/* Without Sstc the guest timer's own hrtimer wakes us. */
	if (!axvcpu_riscv_has_sstc || !(vcpu->arch.csr.vsie & BIT(IRQ_S_TIMER)))
		return U64_MAX;
	return axv_timer_deadline_ns(vcpu);
}

int axvcpu_arch_irq_line(struct axvcpu_vcpu *vcpu, u32 irq, u32 level)
{
	unsigned long bit;

	switch (irq) {
	case AXVCPU_RISCV_IRQ_SSI:
		bit = AXV_VSSIP;
		break;
	case AXVCPU_RISCV_IRQ_SEI:
		bit = AXV_VSEIP;
		break;
	default:
		return -EINVAL;
	}
	axvcpu_riscv_set_irq(vcpu, bit, level);
	return 0;
}

int axvcpu_arch_vcpu_init(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;

	/* FS stays Off in the hardware until the guest uses FP. */
	a->ctx.sstatus = SR_SPP | (csr_read(CSR_SSTATUS) & SR_UXL);
	a->guest_fs = SR_FS_INITIAL;
	a->ctx.hstatus = (2UL << HSTATUS_VSXL_SHIFT) | HSTATUS_SPV |
			 HSTATUS_SPVP | HSTATUS_VTW;
	a->csr.vstimecmp = U64_MAX;
	a->last_cpu = -1;
	raw_spin_lock_init(&a->irq_lock);
	spin_lock_init(&a->start_lock);
	hrtimer_init(&a->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	a->timer.function = axv_timer_fn;
	return 0;
}

void axvcpu_arch_vcpu_destroy(struct axvcpu_vcpu *vcpu)
{
	hrtimer_cancel(&vcpu->arch.timer);
	hrtimer_cancel(&vcpu->arch.wfi_timer);
}

int axvcpu_arch_get_regs(struct axvcpu_vcpu *vcpu, struct axvcpu_regs *regs)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	int i;

	regs->pc = a->ctx.sepc;
	for (i = 1; i < 32; i++)
		regs->gpr[i] = a->ctx.gpr[i];
	regs->sstatus = (a->ctx.sstatus & SR_SPP) | a->guest_fs;
	regs->hstatus = a->ctx.hstatus;
	regs->vsstatus = a->csr.vsstatus;
	regs->vsie = a->csr.vsie;
	regs->vstvec = a->csr.vstvec;
	regs->vsscratch = a->csr.vsscratch;
	regs->vsepc = a->csr.vsepc;
	regs->vscause = a->csr.vscause;
	regs->vstval = a->csr.vstval;
	regs->vsatp = a->csr.vsatp;
	regs->scounteren = a->ctx.scounteren;
	regs->htimedelta = a->csr.htimedelta;
	regs->vstimecmp = a->csr.vstimecmp;
	return 0;
}

/*
 * What the hart keeps of the VMM's vstvec and vsatp.  Both are WARL, and a
 * write of a satp mode the hart lacks leaves the register as it was (a
 * reserved stvec mode may too): write 0 first, as load would have to on
 * every entry otherwise, lest another VM's value survive there.  No
 * vCPU is loaded on this CPU while its thread is in an ioctl of ours, but
 * the old values go back all the same.
 */
static void axv_legal_vs_csrs(struct axvcpu_riscv_csrs *c)
{
	unsigned long tvec, atp;

	preempt_disable();
	tvec = csr_swap(CSR_VSTVEC, 0);
	atp = csr_swap(CSR_VSATP, 0);
	csr_write(CSR_VSTVEC, c->vstvec);
	csr_write(CSR_VSATP, c->vsatp);
	c->vstvec = csr_swap(CSR_VSTVEC, tvec);
	c->vsatp = csr_swap(CSR_VSATP, atp);
	preempt_enable();
}

int axvcpu_arch_set_regs(struct axvcpu_vcpu *vcpu,
			 const struct axvcpu_regs *regs)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	unsigned long mode;
	int i;

	if (regs->gpr[0] || memchr_inv(regs->reserved, 0,
				       sizeof(regs->reserved)))
		return -EINVAL;
	if (regs->sstatus & ~AXV_SSTATUS_USER)
		return -EINVAL;
	if (regs->hstatus & ~(AXV_HSTATUS_USER | AXV_HSTATUS_KERNEL))
		return -EINVAL;

	a->ctx.sepc = regs->pc;
	for (i = 1; i < 32; i++)
		a->ctx.gpr[i] = regs->gpr[i];
	a->ctx.sstatus = (a->ctx.sstatus & ~SR_SPP) | (regs->sstatus & SR_SPP);
	a->guest_fs = regs->sstatus & SR_FS;
	a->ctx.hstatus = (a->ctx.hstatus & ~(AXV_HSTATUS_USER | HSTATUS_SPVP)) |
			 (regs->hstatus & AXV_HSTATUS_USER);
	/* HLV/HLVX act with the privilege the guest resumes in. */
	if (regs->sstatus & SR_SPP)
		a->ctx.hstatus |= HSTATUS_SPVP;
	a->csr.vsstatus = (regs->vsstatus & AXV_VSSTATUS_WRITABLE) |
			  AXV_VSSTATUS_UXL_64;
	a->csr.vsie = regs->vsie;
	a->csr.vstvec = regs->vstvec;
	a->csr.vsscratch = regs->vsscratch;
	a->csr.vsepc = regs->vsepc;
	a->csr.vscause = regs->vscause;
	a->csr.vstval = regs->vstval;
	mode = regs->vsatp >> AXV_SATP_MODE_SHIFT;
	if (!mode || (mode >= AXV_SATP_MODE_SV39 && mode <= AXV_SATP_MODE_SV57))
		a->csr.vsatp = regs->vsatp;
	else
		a->csr.vsatp = 0;
	axv_legal_vs_csrs(&a->csr);
	a->ctx.scounteren = regs->scounteren;
	a->csr.htimedelta = regs->htimedelta;
	a->csr.vstimecmp = regs->vstimecmp;
	if (!axvcpu_riscv_has_sstc) {
		/* Re-arm the software timer for the new compare value. */
		hrtimer_cancel(&a->timer);
		axvcpu_riscv_set_irq(vcpu, AXV_VSTIP, false);
		if (regs->vstimecmp != U64_MAX)
			hrtimer_start(&a->timer,
				      ns_to_ktime(axv_timer_deadline_ns(vcpu)),
				      HRTIMER_MODE_ABS);
	}
	return 0;
}

int axvcpu_arch_get_fpu(struct axvcpu_vcpu *vcpu, struct axvcpu_fpu *fpu)
{
	memcpy(fpu->f, vcpu->arch.guest_fp.f, sizeof(fpu->f));
	fpu->fcsr = vcpu->arch.guest_fp.fcsr;
	return 0;
}

int axvcpu_arch_set_fpu(struct axvcpu_vcpu *vcpu, const struct axvcpu_fpu *fpu)
{
	if (fpu->pad)
		return -EINVAL;
	memcpy(vcpu->arch.guest_fp.f, fpu->f, sizeof(fpu->f));
	vcpu->arch.guest_fp.fcsr = fpu->fcsr;
	return 0;
}

/* HSM hart_start on this vCPU: where and how it begins. */
void axvcpu_arch_apply_start(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;

	spin_lock(&a->start_lock);
	a->ctx.sepc = a->start_pc;
	a->ctx.gpr[10] = vcpu->id;
	a->ctx.gpr[11] = a->start_arg;
	spin_unlock(&a->start_lock);
	/* As the SBI HSM spec has it: S mode, interrupts and paging off. */
	a->ctx.sstatus |= SR_SPP;
	a->ctx.hstatus |= HSTATUS_SPVP;
	a->csr.vsstatus &= ~SR_SIE;
	a->csr.vsatp = 0;
	vcpu->completion = AXVCPU_COMPLETE_NONE;
}

/* Finish the exit userspace has seen; called at the start of RUN. */
void axvcpu_arch_complete(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	struct axvcpu_run *run = vcpu->run;

	/* The MMIO load, the exit that costs most, without the switch. */
	if (vcpu->completion == AXVCPU_COMPLETE_MMIO_READ) {
		if (vcpu->mmio_reg)
			a->ctx.gpr[vcpu->mmio_reg] = axvcpu_mmio_read_value(vcpu);
		goto done;
	}

	switch (vcpu->completion) {
	case AXVCPU_COMPLETE_NONE:
		return;
	case AXVCPU_COMPLETE_HYPERCALL:
		a->ctx.gpr[10] = READ_ONCE(run->hypercall.ret[0]);
		/* Legacy (v0.1) SBI calls return in a0 only. */
		if (READ_ONCE(a->ctx.gpr[17]) >= SBI_EXT_BASE)
			a->ctx.gpr[11] = READ_ONCE(run->hypercall.ret[1]);
		break;
	case AXVCPU_COMPLETE_SYSREG_READ:
		if (vcpu->mmio_reg)
			a->ctx.gpr[vcpu->mmio_reg] = READ_ONCE(run->sysreg.value);
		break;
	default:
		break;
	}
done:
	a->ctx.sepc += vcpu->insn_len;
	vcpu->completion = AXVCPU_COMPLETE_NONE;
}

/*
 * The CSRs that KVM rewrites by IPI on every CPU when it is turned on or off
 * (its first VM is created or its last one goes away): a loaded vCPU puts
 * the host's back before it lets interrupts in, and takes them again after.
 */
static void axv_deleg_load(struct axvcpu_arch_vcpu *a)
{
	a->host_hedeleg = csr_swap(CSR_HEDELEG, AXV_HEDELEG);
	a->host_hideleg = csr_swap(CSR_HIDELEG, AXV_HIDELEG);
	csr_write(CSR_HCOUNTEREN, -1UL);
	csr_write(CSR_VSIE, a->csr.vsie);
	/*
	 * Bits nobody changed since hvip was last written are in a->hvip
	 * (the guest's own VSSIP changes included); the rest are picked up
	 * by axv_flush_irqs() before entry.  No lock needed here.
	 */
	csr_write(CSR_HVIP, a->hvip);
}

static void axv_deleg_put(struct axvcpu_arch_vcpu *a)
{
	a->csr.vsie = csr_read(CSR_VSIE);
	/*
	 * The guest's vsie is hie's VS enables.  Once hideleg no longer
	 * delegates them, a pending VS interrupt that is still enabled would
	 * be taken by the host, which cannot acknowledge it: disable them
	 * while they are still the guest's.
	 */
	csr_write(CSR_VSIE, 0);
	csr_write(CSR_HEDELEG, a->host_hedeleg);
	csr_write(CSR_HIDELEG, a->host_hideleg);
}

static void axv_load(struct axvcpu_vcpu *vcpu, int cpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	struct axvcpu_riscv_csrs *c = &a->csr;
	unsigned long foreign;

	vcpu->cpu = cpu;
	axv_deleg_load(a);
	csr_write(CSR_HENVCFG, axv_henvcfg);
	csr_write(CSR_VSSTATUS, c->vsstatus);
	/* The two writes take: SET_REGS stored what the hart keeps. */
	csr_write(CSR_VSTVEC, c->vstvec);
	csr_write(CSR_VSSCRATCH, c->vsscratch);
	csr_write(CSR_VSEPC, c->vsepc);
	csr_write(CSR_VSCAUSE, c->vscause);
	csr_write(CSR_VSTVAL, c->vstval);
	csr_write(CSR_VSATP, c->vsatp);
	csr_write(CSR_HTIMEDELTA, c->htimedelta);
	if (axvcpu_riscv_has_sstc)
		csr_write(CSR_VSTIMECMP, c->vstimecmp);
	/*
	 * Put flushes what this VM left here; what KVM's guests left is
	 * flushed only here: KVM hands out VMIDs without flushing them until
	 * its generation rolls over, and may reach ours.  Put leaves hgatp 0:
	 * anything else there is KVM's guest since.  A vCPU new to this CPU
	 * may find its instruction cache stale.
	 */
	foreign = csr_swap(CSR_HGATP, vcpu->vm->arch.hgatp);
	if (foreign)
		axvcpu_riscv_local_flush_vmid(vcpu->vm->arch.vmid);
	if (a->last_cpu != cpu) {
		local_flush_icache_all();
		a->last_cpu = cpu;
	}
}

/*
 * The guest's first FP instruction of this load: park the calling task's FP
 * registers (live in the hardware while it is in the kernel) and load the
 * guest's.  Preemption is off until put, so nothing else sees them.
 */
static void axv_fp_load(struct axvcpu_arch_vcpu *a)
{
	a->host_fp_saved = (task_pt_regs(current)->status & SR_FS) != SR_FS_OFF;
	if (a->host_fp_saved)
		axvcpu_riscv_fp_save(&a->host_fp);
	axvcpu_riscv_fp_restore(&a->guest_fp);
	a->ctx.sstatus = (a->ctx.sstatus & ~SR_FS) | SR_FS_CLEAN;
	a->fp_loaded = true;
}

static void axv_fp_put(struct axvcpu_arch_vcpu *a)
{
	if ((a->ctx.sstatus & SR_FS) == SR_FS_DIRTY) {
		axvcpu_riscv_fp_save(&a->guest_fp);
		a->guest_fs = SR_FS_DIRTY;
	} else if (a->guest_fs == SR_FS_INITIAL) {
		a->guest_fs = SR_FS_CLEAN;
	}
	if (a->host_fp_saved)
		axvcpu_riscv_fp_restore(&a->host_fp);
	a->ctx.sstatus &= ~SR_FS;
	a->fp_loaded = false;
}

/*
 * An illegal instruction with the guest's FP not loaded may be its first
 * FP instruction: load FP and retry it.  Anything else is the guest's own.
 */
static int axv_illegal_insn(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;

	if (!a->fp_loaded && a->guest_fs != SR_FS_OFF) {
		axv_fp_load(a);
		return 0;
	}
	axvcpu_riscv_redirect_trap(vcpu, EXC_INST_ILLEGAL, a->ctx.stval);
	return 0;
}

static void axv_put(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	struct axvcpu_riscv_csrs *c = &a->csr;

	c->vsstatus = csr_read(CSR_VSSTATUS);
	c->vstvec = csr_read(CSR_VSTVEC);
	c->vsscratch = csr_read(CSR_VSSCRATCH);
	c->vsepc = csr_read(CSR_VSEPC);
	c->vscause = csr_read(CSR_VSCAUSE);
	c->vstval = csr_read(CSR_VSTVAL);
	c->vsatp = csr_read(CSR_VSATP);
	if (axvcpu_riscv_has_sstc)
		c->vstimecmp = csr_read(CSR_VSTIMECMP);

	if (a->fp_loaded)
		axv_fp_put(a);

	/* Leave no pointer to this VM's tables behind. */
	csr_write(CSR_HGATP, 0);
	/*
	 * Nor anything tagged with its VMID: a guest of KVM's may get it
	 * without a flush (KVM may be turned on later), and so may another
	 * VM past the VMID space.
	 */
	axvcpu_riscv_local_flush_vmid(vcpu->vm->arch.vmid);
	axv_deleg_put(a);
	vcpu->cpu = -1;
}

void axvcpu_riscv_internal_error(struct axvcpu_vcpu *vcpu, u32 suberror)
{
	struct axvcpu_riscv_ctx *ctx = &vcpu->arch.ctx;
	const u64 data[] = {
		ctx->scause, ctx->stval, ctx->htval, ctx->htinst, ctx->sepc,
	};

	axvcpu_exit_internal(vcpu, suberror, data, ARRAY_SIZE(data));
}

/* Deliver an exception to the guest as the hardware would have. */
void axvcpu_riscv_redirect_trap(struct axvcpu_vcpu *vcpu, unsigned long cause,
				unsigned long tval)
{
	struct axvcpu_riscv_ctx *ctx = &vcpu->arch.ctx;
	unsigned long vsstatus = csr_read(CSR_VSSTATUS);

	vsstatus &= ~(SR_SPP | SR_SPIE);
	if (ctx->sstatus & SR_SPP)
		vsstatus |= SR_SPP;
	if (vsstatus & SR_SIE)
		vsstatus |= SR_SPIE;
	vsstatus &= ~SR_SIE;
	csr_write(CSR_VSSTATUS, vsstatus);
	csr_write(CSR_VSCAUSE, cause);
	csr_write(CSR_VSTVAL, tval);
	csr_write(CSR_VSEPC, ctx->sepc);
	ctx->sepc = csr_read(CSR_VSTVEC) & ~3UL;
	ctx->sstatus |= SR_SPP;
	ctx->hstatus |= HSTATUS_SPVP;
}

/*
 * A guest page fault: RAM to map, or MMIO to decode (from htinst or, when
 * the CPU leaves htinst zero, from the instruction read with HLVX).  Here,
 * where the run loop inlines it, as every MMIO exit comes this way.
 */
static int axv_gstage_fault(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_riscv_ctx *ctx = &vcpu->arch.ctx;
	bool write = ctx->scause == EXC_STORE_GUEST_PAGE_FAULT;
	u64 gpa = (ctx->htval << 2) | (ctx->stval & 3);
	struct axv_mmio_insn d;
	u32 insn = 0;

	if (axvcpu_gpa_is_ram(vcpu->vm, gpa, write)) {
		vcpu->arch.fault_gpa = gpa;
		vcpu->arch.fault_write = write;
		return AXVCPU_RUN_GFAULT;
	}
	if (ctx->scause == EXC_INST_GUEST_PAGE_FAULT) {
		axvcpu_riscv_internal_error(vcpu, AXVCPU_INTERNAL_FETCH_FAULT);
		return AXVCPU_RUN_EXIT;
	}

	if (ctx->htinst && !(ctx->htinst & 1)) {
		/* A pseudo-instruction: the guest's own page-table walk. */
		axvcpu_riscv_internal_error(vcpu, AXVCPU_INTERNAL_GUEST_PT_FAULT);
		return AXVCPU_RUN_EXIT;
	}
	if (!ctx->htinst && !axvcpu_riscv_read_guest_insn(vcpu, &insn))
		goto undecodable;
	if (!axv_decode_mmio(ctx->htinst, insn, &d))
		goto undecodable;
	/* x0 reads as 0 and takes no value. */
	return axvcpu_exit_mmio(vcpu, gpa, d.len, d.store,
				d.reg ? ctx->gpr[d.reg] : 0, d.sign, d.reg,
				d.insn_len);

undecodable:
	axvcpu_riscv_internal_error(vcpu, AXVCPU_INTERNAL_MMIO_DECODE);
	return AXVCPU_RUN_EXIT;
}

static int axv_handle_trap(struct axvcpu_vcpu *vcpu)
{
	switch (vcpu->arch.ctx.scause) {
	case EXC_INST_GUEST_PAGE_FAULT:
	case EXC_LOAD_GUEST_PAGE_FAULT:
	case EXC_STORE_GUEST_PAGE_FAULT:
		return axv_gstage_fault(vcpu);
	}
	/* Only back-to-back faults on a mapped page count as stuck. */
	vcpu->arch.refaulted = false;
	switch (vcpu->arch.ctx.scause) {
	case EXC_SUPERVISOR_SYSCALL:
		return axvcpu_riscv_sbi_ecall(vcpu);
	case EXC_INST_ILLEGAL:
		return axv_illegal_insn(vcpu);
	case EXC_VIRTUAL_INST_FAULT:
		return axvcpu_riscv_virtual_insn(vcpu);
	default:
		/* Never a panic: tell userspace exactly what happened. */
		axvcpu_riscv_internal_error(vcpu, AXVCPU_INTERNAL_UNHANDLED_TRAP);
		return AXVCPU_RUN_EXIT;
	}
}

static void axv_handle_requests(struct axvcpu_vcpu *vcpu)
{
	if (axvcpu_check_request(vcpu, AXVCPU_REQ_TLB_FLUSH))
		axvcpu_riscv_local_flush_vs();
	if (axvcpu_check_request(vcpu, AXVCPU_REQ_FENCE_I))
		local_flush_icache_all();
}

/*
 * Run the guest until it traps.  switch.S keeps only what cannot be
 * declared clobbered (ra, sp, gp, tp, s0); the compiler saves the rest of
 * the callee-saved registers it needs around this statement, once, where
 * it would otherwise save them on entry to axv_run_loop()'s caller and
 * switch.S a second time.
 */
static __always_inline void axv_switch(struct axvcpu_riscv_ctx *ctx)
{
	register struct axvcpu_riscv_ctx *a0 asm("a0") = ctx;

	asm volatile("call	axvcpu_riscv_switch"
		     : "+r" (a0)
		     :
		     : "memory", "ra", "t0", "t1", "t2", "t3", "t4", "t5",
		       "t6", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s1",
		       "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10",
		       "s11");
}

/*
 * Enter the guest until something needs more than this loop: userspace,
 * sleeping, a stage-2 fault that pins memory, or the scheduler.  Called and
 * returns with interrupts off; they are let in only after a host interrupt
 * took the guest out, with the host's delegation back in place (see
 * axv_deleg_load()).  A host interrupt that becomes pending at any other
 * time exits the guest at once.
 */
static int axv_run_loop(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	bool note_qs = false;
	int ret;

	for (;;) {
		/* One load of the flags for both checks: this is every entry. */
		if (unlikely(read_thread_flags() & (_TIF_SIGPENDING |
						    _TIF_NOTIFY_SIGNAL |
						    _TIF_NEED_RESCHED)))
			return signal_pending(current) ? -EINTR :
							 AXVCPU_RUN_RESCHED;
		if (unlikely(READ_ONCE(vcpu->requests))) {
			if (test_bit(AXVCPU_REQ_START, &vcpu->requests))
				return AXVCPU_RUN_RESCHED;
			axv_handle_requests(vcpu);
		}
		if (a->flush_gpa_pending) {
			axvcpu_riscv_local_flush_gpa(vcpu->vm->arch.vmid,
						     a->fault_gpa);
			a->flush_gpa_pending = false;
		}
		axv_flush_irqs(a);

		/* Kicks after this point send an IPI, which exits the guest. */
		smp_store_mb(vcpu->mode, AXVCPU_IN_GUEST);
		if (READ_ONCE(vcpu->requests) || READ_ONCE(a->irq_changed)) {
			WRITE_ONCE(vcpu->mode, AXVCPU_OUTSIDE_GUEST);
			continue;
		}
		/*
		 * Time in the guest is a quiescent state for RCU, but telling
		 * RCU costs about 35 instructions: do it only when a host
		 * interrupt (the tick, an RCU IPI) took the guest out.  A
		 * guest that runs long enough to hold up a grace period is
		 * interrupted by the tick, and every other exit ends soon in
		 * userspace or in a reschedule.
		 */
		if (note_qs) {
			rcu_virt_note_context_switch(smp_processor_id());
			note_qs = false;
		}

		axv_switch(&a->ctx);

		WRITE_ONCE(vcpu->mode, AXVCPU_OUTSIDE_GUEST);
		axv_sync_irqs(a);
		if (a->ctx.scause & CAUSE_IRQ_FLAG) {
			/* A host interrupt: it is taken right here. */
			a->refaulted = false;
			note_qs = true;
			axv_deleg_put(a);
			local_irq_enable();
			local_irq_disable();
			axv_deleg_load(a);
			continue;
		}
		ret = axv_handle_trap(vcpu);
		if (ret)
			return ret;
	}
}

/*
 * One pass of the core's run loop, with preemption off: load the vCPU on
 * @cpu, run the inner loop, put it back.  One call for the three, so that
 * every exit to the core pays for one call and one stack frame.
 */
int axvcpu_arch_run(struct axvcpu_vcpu *vcpu, int cpu)
{
	int ret;

	/* Interrupts stay off while the guest's delegation is loaded. */
	local_irq_disable();
	axv_load(vcpu, cpu);
	ret = axv_run_loop(vcpu);
	axv_put(vcpu);
	local_irq_enable();
	return ret;
}

int axvcpu_arch_handle_gfault(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_arch_vcpu *a = &vcpu->arch;
	u64 page = a->fault_gpa & PAGE_MASK;
	int ret;

	/* G-stage leaves are always executable: no cache maintenance here. */
	ret = axvcpu_map_gpa(vcpu->vm, a->fault_gpa, a->fault_write, true);
	if (ret == -EEXIST) {
		/*
		 * A fault on a page that is mapped happens when another vCPU
		 * mapped it first; it goes away once this CPU's TLB is
		 * flushed.  The same fault right after that flush means the
		 * CPU cannot use the mapping (QEMU 7.2 cannot translate
		 * Sv57x4 GPAs with bit 58 set): end RUN rather than retry
		 * forever.
		 */
		if (a->refaulted && a->refault_gpa == page) {
			axvcpu_riscv_internal_error(vcpu,
						    AXVCPU_INTERNAL_STAGE2_FAULT);
			return AXVCPU_RUN_EXIT;
		}
		a->refaulted = true;
		a->refault_gpa = page;
		a->flush_gpa_pending = true;
		return 0;
	}
	if (ret == -ENOENT)
		return 0;	/* no longer RAM: the retry will see MMIO */
	if (ret == -ENOMEM)
		return ret;
	if (ret) {
		/* The backing memory is gone from the VMM's address space. */
		axvcpu_riscv_internal_error(vcpu, AXVCPU_INTERNAL_NO_MEMORY);
		return AXVCPU_RUN_EXIT;
	}
	a->flush_gpa_pending = true;
	return 0;
}

long axvcpu_arch_check_extension(unsigned long cap)
{
	switch (cap) {
	case AXVCPU_CAP_ARCH:
		return AXVCPU_ARCH_RISCV64;
	case AXVCPU_CAP_GUEST_PHYS_BITS:
		return axvcpu_riscv_gpa_bits();
	default:
		return 0;
	}
}

int axvcpu_arch_init(void)
{
	if (!riscv_isa_extension_available(NULL, h)) {
		pr_err("axvcpu: this CPU has no H extension\n");
		return -ENODEV;
	}
	axvcpu_riscv_has_sstc = riscv_isa_extension_available(NULL, SSTC);
	axv_henvcfg = axvcpu_riscv_has_sstc ? ENVCFG_STCE : 0;
	return axvcpu_riscv_mmu_init();
}

void axvcpu_arch_exit(void)
{
}
