// SPDX-License-Identifier: GPL-2.0
/*
 * axvm: an emulated GICv3 for arm64 guests (Documentation/design.rst,
 * "arm64 Linux guests: the GICv3", option A).
 *
 * The distributor and one redistributor per vCPU are MMIO; the CPU
 * interface is the ICC_* system registers, which the module traps to
 * userspace (ICH_HCR_EL2.TALL0/TALL1/TC/TDIR).  A vCPU's output is the
 * module's virtual IRQ line (HCR_EL2.VI), raised exactly while the vCPU has
 * an interrupt it can take.  The guest's virtual timer is the one input
 * that is not axvm's: the module ORs its output into VI itself, and the
 * GIC samples its level (PPI 27) when the guest acknowledges.
 *
 * Enough of the architecture for Linux: 64 INTIDs (SGIs, PPIs and 32
 * SPIs), every interrupt Group 1 Non-secure, affinity routing only, no
 * LPIs, 5 priority bits, all of them group priority (the binary points
 * are kept but not applied): an acknowledged interrupt masks those of
 * equal or lower priority until its EOI, as the running priority says.
 * One lock covers all of it; it is taken by the vCPU threads on their
 * GIC exits and by device models when a line changes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "axvm.h"

#define NR_PRIV		32
#define NR_SPIS		32
#define NR_IRQS		(NR_PRIV + NR_SPIS)
#define INTID_SPURIOUS	1023
#define INTID_VTIMER	27
#define PRI_BITS	5
#define PRI_MASK	(0xffU << (8 - PRI_BITS) & 0xff)
#define PRI_IDLE	0xff

/* Distributor registers (offsets in the 64 KiB GICD frame). */
#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_IIDR	0x0008
#define GICD_IGROUPR	0x0080
#define GICD_ISENABLER	0x0100
#define GICD_ICENABLER	0x0180
#define GICD_ISPENDR	0x0200
#define GICD_ICPENDR	0x0280
#define GICD_ISACTIVER	0x0300
#define GICD_ICACTIVER	0x0380
#define GICD_IPRIORITYR	0x0400
#define GICD_ICFGR	0x0c00
#define GICD_IROUTER	0x6000
#define GIC_PIDR2	0xffe8

#define GICD_CTLR_EN_GRP0	(1U << 0)
#define GICD_CTLR_EN_GRP1	(1U << 1)
#define GICD_CTLR_ARE		(1U << 4)
#define GICD_CTLR_DS		(1U << 6)
/* ITLinesNumber = 1 (64 INTIDs), IDbits = 9 (10 bits), No1N. */
#define GICD_TYPER_VAL		(1U | 9U << 19 | 1U << 25)
/* Arm's JEP106 code, product 0: matches none of Linux's GIC quirks. */
#define GIC_IIDR_VAL		0x43bU
/* ArchRev 3: GICv3. */
#define GIC_PIDR2_VAL		0x3bU
#define GICD_IROUTER_IRM	(1ULL << 31)

/* Redistributor: RD_base frame, then the SGI_base frame 64 KiB above. */
#define GICR_CTLR	0x0000
#define GICR_IIDR	0x0004
#define GICR_TYPER	0x0008
#define GICR_WAKER	0x0014
#define GICR_SGI_BASE	0x10000
#define GICR_TYPER_LAST		(1ULL << 4)
#define GICR_WAKER_PSLEEP	(1U << 1)
#define GICR_WAKER_CASLEEP	(1U << 2)

/* ICC_CTLR_EL1: PRIbits (bits 10:8) = PRI_BITS - 1, IDbits 0 (16 bits). */
#define ICC_CTLR_CBPR		(1U << 0)
#define ICC_CTLR_EOIMODE	(1U << 1)
#define ICC_CTLR_RO		((PRI_BITS - 1U) << 8)

/* The ICC_* registers, as AXVCPU_ARM64_SYSREG() packs them. */
#define ICC(crn, crm, op2)	AXVCPU_ARM64_SYSREG(3, 0, crn, crm, op2)
#define ICC_PMR_EL1		ICC(4, 6, 0)
#define ICC_IAR0_EL1		ICC(12, 8, 0)
#define ICC_EOIR0_EL1		ICC(12, 8, 1)
#define ICC_HPPIR0_EL1		ICC(12, 8, 2)
#define ICC_BPR0_EL1		ICC(12, 8, 3)
#define ICC_DIR_EL1		ICC(12, 11, 1)
#define ICC_RPR_EL1		ICC(12, 11, 3)
#define ICC_SGI1R_EL1		ICC(12, 11, 5)
#define ICC_ASGI1R_EL1		ICC(12, 11, 6)
#define ICC_SGI0R_EL1		ICC(12, 11, 7)
#define ICC_IAR1_EL1		ICC(12, 12, 0)
#define ICC_EOIR1_EL1		ICC(12, 12, 1)
#define ICC_HPPIR1_EL1		ICC(12, 12, 2)
#define ICC_BPR1_EL1		ICC(12, 12, 3)
#define ICC_CTLR_EL1		ICC(12, 12, 4)
#define ICC_SRE_EL1		ICC(12, 12, 5)
#define ICC_IGRPEN0_EL1		ICC(12, 12, 6)
#define ICC_IGRPEN1_EL1		ICC(12, 12, 7)
/* ICC_AP0R<n>_EL1 (CRm 8, op2 4-7) and ICC_AP1R<n>_EL1 (CRm 9, op2 0-3) */
#define ICC_IS_AP0R(r)		((r) >= ICC(12, 8, 4) && (r) <= ICC(12, 8, 7))
#define ICC_IS_AP1R(r)		((r) >= ICC(12, 9, 0) && (r) <= ICC(12, 9, 3))

/* ICC_SGI1R_EL1 fields */
#define SGIR_TARGETS(v)		((v) & 0xffff)
#define SGIR_AFF1(v)		(((v) >> 16) & 0xff)
#define SGIR_INTID(v)		(((v) >> 24) & 0xf)
#define SGIR_AFF2(v)		(((v) >> 32) & 0xff)
#define SGIR_IRM		(1ULL << 40)
#define SGIR_RS(v)		(((v) >> 44) & 0xf)
#define SGIR_AFF3(v)		(((v) >> 48) & 0xff)

struct gic_irq {
	bool enabled;
	bool pending;		/* latched: edge, ISPENDR, SGI */
	bool level;		/* input line (SPIs from devices) */
	bool active;
	bool edge;		/* ICFGR: edge-triggered */
	bool group1;		/* IGROUPR, kept for reads only */
	uint8_t prio;
	uint64_t route;		/* SPIs: GICD_IROUTER */
};

struct gic_cpu {
	struct gic_irq priv[NR_PRIV];	/* SGIs and PPIs, banked */
	bool acked[NR_IRQS];	/* acknowledged here, priority not dropped */
	uint32_t waker;
	uint8_t pmr, bpr0, bpr1;
	uint32_t ctlr;
	bool grpen0, grpen1;
	bool vi;		/* what axvm last set the VI line to */
};

struct axvm_gic {
	pthread_mutex_t lock;
	struct axvm *m;
	uint32_t ctlr;
	struct gic_irq spi[NR_SPIS];
	struct gic_cpu cpu[AXVM_MAX_VCPUS];
};

struct axvm_gic *axvm_gic_create(struct axvm *m)
{
	struct axvm_gic *g = calloc(1, sizeof(*g));
	unsigned int c, i;

	if (!g)
		return NULL;
	pthread_mutex_init(&g->lock, NULL);
	g->m = m;
	for (c = 0; c < m->nr_vcpus; c++) {
		g->cpu[c].waker = GICR_WAKER_PSLEEP | GICR_WAKER_CASLEEP;
		/* SGIs are always edge-triggered. */
		for (i = 0; i < 16; i++)
			g->cpu[c].priv[i].edge = true;
	}
	return g;
}

static struct gic_irq *irq_of(struct axvm_gic *g, unsigned int cpu,
			      unsigned int intid)
{
	return intid < NR_PRIV ? &g->cpu[cpu].priv[intid] :
				 &g->spi[intid - NR_PRIV];
}

/* The vCPU an SPI goes to: Aff0 is the vCPU id; 1-of-N picks vCPU 0. */
static unsigned int spi_target(const struct gic_irq *irq)
{
	if (irq->route & GICD_IROUTER_IRM)
		return 0;
	if (irq->route & ~0xffULL)
		return AXVM_MAX_VCPUS;
	return irq->route & 0xff;
}

static uint8_t running_prio(struct axvm_gic *g, unsigned int cpu)
{
	uint8_t prio = PRI_IDLE;
	unsigned int i;

	for (i = 0; i < NR_IRQS; i++)
		if (g->cpu[cpu].acked[i] && irq_of(g, cpu, i)->prio < prio)
			prio = irq_of(g, cpu, i)->prio;
	return prio;
}

/*
 * The highest-priority interrupt @cpu can take now, or INTID_SPURIOUS.
 * @vtimer is the level of its virtual timer (false where only axvm's own
 * inputs count: the module raises VI for the timer itself).
 */
static unsigned int hppi(struct axvm_gic *g, unsigned int cpu, bool vtimer)
{
	struct gic_cpu *c = &g->cpu[cpu];
	unsigned int i, best = INTID_SPURIOUS;
	uint8_t limit, best_prio = PRI_IDLE;

	if (!(g->ctlr & GICD_CTLR_EN_GRP1) || !c->grpen1)
		return INTID_SPURIOUS;
	limit = running_prio(g, cpu);
	if (c->pmr < limit)
		limit = c->pmr;
	for (i = 0; i < NR_IRQS; i++) {
		struct gic_irq *irq = irq_of(g, cpu, i);
		bool pend = irq->pending || (!irq->edge && irq->level);

		if (i == INTID_VTIMER)
			pend = pend || vtimer;
		if (i >= NR_PRIV && spi_target(irq) != cpu)
			continue;
		if (!pend || !irq->enabled || irq->active ||
		    irq->prio >= limit || irq->prio >= best_prio)
			continue;
		best = i;
		best_prio = irq->prio;
	}
	return best;
}

/* Raise or lower each vCPU's VI to match what it could take; lock held. */
static void update(struct axvm_gic *g)
{
	unsigned int cpu;

	for (cpu = 0; cpu < g->m->nr_vcpus; cpu++) {
		struct gic_cpu *c = &g->cpu[cpu];
		bool vi = hppi(g, cpu, false) != INTID_SPURIOUS;
		int ret;

		if (vi == c->vi)
			continue;
		ret = __axv_irq_line(&g->m->vcpus[cpu].axv,
				     AXVCPU_ARM64_IRQ_IRQ, vi);
		if (ret < 0)
			axvm_err("GIC: cannot %s the IRQ line of vCPU %u: %s",
				 vi ? "raise" : "lower", cpu, strerror(-ret));
		else
			c->vi = vi;
	}
}

void axvm_gic_set_spi(struct axvm_gic *g, unsigned int spi, bool level)
{
	pthread_mutex_lock(&g->lock);
	if (spi < NR_SPIS && g->spi[spi].level != level) {
		struct gic_irq *irq = &g->spi[spi];

		irq->level = level;
		if (level && irq->edge)
			irq->pending = true;
		update(g);
	}
	pthread_mutex_unlock(&g->lock);
}

/* One bit per interrupt: IGROUPR, IS/ICENABLER, IS/ICPENDR, IS/ICACTIVER. */
static uint32_t bits_read(struct gic_irq *irqs, unsigned int reg)
{
	uint32_t v = 0;
	unsigned int i;

	for (i = 0; i < 32; i++) {
		struct gic_irq *irq = &irqs[i];
		bool bit;

		switch (reg) {
		case GICD_IGROUPR:
			bit = irq->group1;
			break;
		case GICD_ISENABLER:
		case GICD_ICENABLER:
			bit = irq->enabled;
			break;
		case GICD_ISPENDR:
		case GICD_ICPENDR:
			bit = irq->pending || (!irq->edge && irq->level);
			break;
		default:
			bit = irq->active;
			break;
		}
		v |= (uint32_t)bit << i;
	}
	return v;
}

static void bits_write(struct gic_irq *irqs, unsigned int reg, uint32_t v)
{
	unsigned int i;

	for (i = 0; i < 32; i++) {
		struct gic_irq *irq = &irqs[i];
		bool bit = v & (1U << i);

		if (reg == GICD_IGROUPR) {
			irq->group1 = bit;
			continue;
		}
		if (!bit)
			continue;
		switch (reg) {
		case GICD_ISENABLER:
			irq->enabled = true;
			break;
		case GICD_ICENABLER:
			irq->enabled = false;
			break;
		case GICD_ISPENDR:
			irq->pending = true;
			break;
		case GICD_ICPENDR:
			irq->pending = false;
			break;
		case GICD_ISACTIVER:
			irq->active = true;
			break;
		case GICD_ICACTIVER:
			irq->active = false;
			break;
		}
	}
}

/*
 * The registers the distributor and a redistributor's SGI frame share, for
 * the 32 interrupts at @irqs (@priv: SGIs and PPIs, whose SGIs stay
 * edge-triggered).  @off is 4-byte aligned except in IPRIORITYR, which is
 * byte-accessible.  Anything else reads as zero and ignores writes.
 */
static void irq_regs(struct gic_irq *irqs, bool priv, uint64_t off,
		     struct axvm_exit *e)
{
	bool w = e->mmio.write;
	unsigned int i;

	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 32) {
		for (i = 0; i < e->mmio.len && off + i < GICD_IPRIORITYR + 32;
		     i++) {
			struct gic_irq *irq = &irqs[off + i - GICD_IPRIORITYR];

			if (w)
				irq->prio = (e->mmio.data >> (8 * i)) & PRI_MASK;
			else
				e->mmio.data |= (uint64_t)irq->prio << (8 * i);
		}
		return;
	}
	if (e->mmio.len != 4)
		return;
	if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR && !(off & 0x7f)) {
		if (w)
			bits_write(irqs, off, e->mmio.data);
		else
			e->mmio.data = bits_read(irqs, off);
		return;
	}
	if (off == GICD_ICFGR || off == GICD_ICFGR + 4) {
		unsigned int first = (off - GICD_ICFGR) * 4;

		for (i = 0; i < 16; i++) {
			struct gic_irq *irq = &irqs[first + i];

			if (!w)
				e->mmio.data |= (uint64_t)irq->edge << (2 * i + 1);
			else if (!priv || first + i >= 16)
				irq->edge = e->mmio.data & (2U << (2 * i));
		}
	}
}

static void reg64(struct axvm_exit *e, uint64_t off, uint64_t base,
		  uint64_t *val, uint64_t ro_mask)
{
	unsigned int shift = (off - base) * 8;
	uint64_t mask = e->mmio.len == 8 ? ~0ULL : 0xffffffffULL << shift;

	if (e->mmio.len != 8 && e->mmio.len != 4)
		return;
	if (!e->mmio.write) {
		e->mmio.data = (*val & mask) >> shift;
		return;
	}
	mask &= ~ro_mask;
	*val = (*val & ~mask) | ((e->mmio.data << shift) & mask);
}

static void gicd_access(struct axvm_gic *g, uint64_t off, struct axvm_exit *e)
{
	bool w = e->mmio.write;

	if (off >= GICD_IROUTER + 8 * NR_PRIV &&
	    off < GICD_IROUTER + 8 * NR_IRQS) {
		unsigned int spi = (off - GICD_IROUTER) / 8 - NR_PRIV;

		reg64(e, off, GICD_IROUTER + 8 * (spi + NR_PRIV),
		      &g->spi[spi].route, 0);
		return;
	}
	/* With affinity routing the distributor's private banks are RAZ/WI. */
	if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR) {
		if ((off & 0x7f) >= 4 && (off & 0x7f) < 8)
			irq_regs(g->spi, false, off - 4, e);
		return;
	}
	if (off >= GICD_IPRIORITYR + NR_PRIV &&
	    off < GICD_IPRIORITYR + NR_IRQS) {
		irq_regs(g->spi, false, off - NR_PRIV, e);
		return;
	}
	if (off == GICD_ICFGR + 8 || off == GICD_ICFGR + 12) {
		irq_regs(g->spi, false, off - 8, e);
		return;
	}
	if (e->mmio.len != 4)
		return;
	switch (off) {
	case GICD_CTLR:
		if (w)
			g->ctlr = e->mmio.data &
				  (GICD_CTLR_EN_GRP0 | GICD_CTLR_EN_GRP1);
		else
			e->mmio.data = g->ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
		break;
	case GICD_TYPER:
		if (!w)
			e->mmio.data = GICD_TYPER_VAL;
		break;
	case GICD_IIDR:
		if (!w)
			e->mmio.data = GIC_IIDR_VAL;
		break;
	case GIC_PIDR2:
		if (!w)
			e->mmio.data = GIC_PIDR2_VAL;
		break;
	}
}

static void gicr_access(struct axvm_gic *g, unsigned int cpu, uint64_t off,
			struct axvm_exit *e)
{
	struct gic_cpu *c = &g->cpu[cpu];
	uint64_t typer;

	if (off >= GICR_SGI_BASE) {
		irq_regs(c->priv, true, off - GICR_SGI_BASE, e);
		return;
	}
	if (off == GICR_TYPER || off == GICR_TYPER + 4) {
		/* Affinity = MPIDR Aff0 = the vCPU id. */
		typer = (uint64_t)cpu << 32 | (uint64_t)cpu << 8;
		if (cpu == g->m->nr_vcpus - 1)
			typer |= GICR_TYPER_LAST;
		reg64(e, off, GICR_TYPER, &typer, ~0ULL);
		return;
	}
	if (e->mmio.len != 4)
		return;
	switch (off) {
	case GICR_IIDR:
		if (!e->mmio.write)
			e->mmio.data = GIC_IIDR_VAL;
		break;
	case GICR_WAKER:
		/* Waking up is instantaneous: ChildrenAsleep follows. */
		if (!e->mmio.write)
			e->mmio.data = c->waker;
		else if (e->mmio.data & GICR_WAKER_PSLEEP)
			c->waker = GICR_WAKER_PSLEEP | GICR_WAKER_CASLEEP;
		else
			c->waker = 0;
		break;
	case GIC_PIDR2:
		if (!e->mmio.write)
			e->mmio.data = GIC_PIDR2_VAL;
		break;
	}
}

bool axvm_gic_mmio(struct axvm_gic *g, struct axvm_exit *e)
{
	uint64_t a = e->mmio.addr;
	uint64_t rsize = (uint64_t)g->m->nr_vcpus * AXVM_GICR_STRIDE;

	if (a >= AXVM_GICD_BASE && a - AXVM_GICD_BASE < AXVM_GICD_SIZE) {
		pthread_mutex_lock(&g->lock);
		gicd_access(g, a - AXVM_GICD_BASE, e);
	} else if (a >= AXVM_GICR_BASE && a - AXVM_GICR_BASE < rsize) {
		pthread_mutex_lock(&g->lock);
		gicr_access(g, (a - AXVM_GICR_BASE) / AXVM_GICR_STRIDE,
			    (a - AXVM_GICR_BASE) % AXVM_GICR_STRIDE, e);
	} else {
		return false;
	}
	if (e->mmio.write)
		update(g);
	pthread_mutex_unlock(&g->lock);
	return true;
}

/* ICC_SGI1R_EL1 and friends: make SGI pending on each vCPU named. */
static void send_sgi(struct axvm_gic *g, unsigned int self, uint64_t v)
{
	unsigned int cpu;

	for (cpu = 0; cpu < g->m->nr_vcpus; cpu++) {
		bool hit;

		if (v & SGIR_IRM)
			hit = cpu != self;
		else
			hit = !SGIR_AFF3(v) && !SGIR_AFF2(v) && !SGIR_AFF1(v) &&
			      cpu / 16 == SGIR_RS(v) &&
			      (SGIR_TARGETS(v) & (1U << (cpu % 16)));
		if (hit)
			g->cpu[cpu].priv[SGIR_INTID(v)].pending = true;
	}
}

static uint64_t ack(struct axvm_gic *g, unsigned int cpu, bool vtimer)
{
	unsigned int intid = hppi(g, cpu, vtimer);
	struct gic_irq *irq;

	if (intid == INTID_SPURIOUS)
		return intid;
	irq = irq_of(g, cpu, intid);
	irq->pending = false;
	irq->active = true;
	g->cpu[cpu].acked[intid] = true;
	return intid;
}

/* Priority drop, and deactivation too in EOImode 0. */
static void eoi(struct axvm_gic *g, unsigned int cpu, uint64_t v, bool dir)
{
	unsigned int intid = v & 0xffffff;

	if (intid >= NR_IRQS)
		return;
	if (!dir)
		g->cpu[cpu].acked[intid] = false;
	if (dir || !(g->cpu[cpu].ctlr & ICC_CTLR_EOIMODE))
		irq_of(g, cpu, intid)->active = false;
}

bool axvm_gic_sysreg(struct axvm_gic *g, struct axvm_vcpu *v,
		     struct axvm_exit *e, bool vtimer)
{
	struct gic_cpu *c = &g->cpu[v->id];
	uint32_t reg = e->sysreg.reg;
	bool w = e->sysreg.write;
	uint64_t val = e->sysreg.value, *out = &e->sysreg.value;

	if (!w)
		*out = 0;
	pthread_mutex_lock(&g->lock);
	switch (reg) {
	case ICC_IAR1_EL1:
		if (!w)
			*out = ack(g, v->id, vtimer);
		break;
	case ICC_IAR0_EL1:
	case ICC_HPPIR0_EL1:
		if (!w)
			*out = INTID_SPURIOUS;
		break;
	case ICC_EOIR1_EL1:
		if (w)
			eoi(g, v->id, val, false);
		break;
	case ICC_DIR_EL1:
		if (w)
			eoi(g, v->id, val, true);
		break;
	case ICC_HPPIR1_EL1:
		if (!w)
			*out = hppi(g, v->id, vtimer);
		break;
	case ICC_PMR_EL1:
		if (w)
			c->pmr = val & PRI_MASK;
		else
			*out = c->pmr;
		break;
	case ICC_RPR_EL1:
		if (!w)
			*out = running_prio(g, v->id);
		break;
	case ICC_BPR0_EL1:
		if (w)
			c->bpr0 = val & 7;
		else
			*out = c->bpr0;
		break;
	case ICC_BPR1_EL1:
		if (w)
			c->bpr1 = val & 7;
		else
			*out = c->bpr1;
		break;
	case ICC_CTLR_EL1:
		if (w)
			c->ctlr = val & (ICC_CTLR_CBPR | ICC_CTLR_EOIMODE);
		else
			*out = c->ctlr | ICC_CTLR_RO;
		break;
	case ICC_SRE_EL1:
		/* System register interface only; bypass disabled. */
		if (!w)
			*out = 7;
		break;
	case ICC_IGRPEN0_EL1:
		if (w)
			c->grpen0 = val & 1;
		else
			*out = c->grpen0;
		break;
	case ICC_IGRPEN1_EL1:
		if (w)
			c->grpen1 = val & 1;
		else
			*out = c->grpen1;
		break;
	case ICC_SGI1R_EL1:
	case ICC_ASGI1R_EL1:
	case ICC_SGI0R_EL1:
		if (w)
			send_sgi(g, v->id, val);
		break;
	default:
		/* No active priorities are kept beyond the running one. */
		if (!ICC_IS_AP0R(reg) && !ICC_IS_AP1R(reg)) {
			pthread_mutex_unlock(&g->lock);
			return false;
		}
		break;
	}
	update(g);
	pthread_mutex_unlock(&g->lock);
	return true;
}
