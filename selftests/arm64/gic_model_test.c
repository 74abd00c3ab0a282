// SPDX-License-Identifier: GPL-2.0
/*
 * axvm's emulated GICv3 (tools/axvm/gic.c) on its own: the registers a
 * guest reads, and when each vCPU's VI line goes up and down as SPIs,
 * SGIs and the virtual timer become pending, are acknowledged and EOIed,
 * and as priorities, the priority mask and the enables change.  The GIC's
 * calls to AXVCPU_IRQ_LINE are intercepted (-Wl,--wrap), so no VM is
 * needed; the Linux boots of axvm_test show the same code working in a
 * guest.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "axvm.h"

#define NR_CPUS		2

/* Distributor, redistributor and CPU-interface registers used here. */
#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_ISENABLER		0x0100
#define GICD_IPRIORITYR		0x0400
#define GICD_IROUTER		0x6000
#define GIC_PIDR2		0xffe8
#define GICR_TYPER		0x0008
#define GICR_WAKER		0x0014
#define GICR_SGI		0x10000
#define GICR_ISENABLER0		(GICR_SGI + 0x0100)
#define GICR_IPRIORITYR		(GICR_SGI + 0x0400)

#define ICC(crn, crm, op2)	AXVCPU_ARM64_SYSREG(3, 0, crn, crm, op2)
#define ICC_PMR_EL1		ICC(4, 6, 0)
#define ICC_DIR_EL1		ICC(12, 11, 1)
#define ICC_RPR_EL1		ICC(12, 11, 3)
#define ICC_SGI1R_EL1		ICC(12, 11, 5)
#define ICC_IAR1_EL1		ICC(12, 12, 0)
#define ICC_EOIR1_EL1		ICC(12, 12, 1)
#define ICC_CTLR_EL1		ICC(12, 12, 4)
#define ICC_IGRPEN1_EL1		ICC(12, 12, 7)

#define SPURIOUS		1023
#define VTIMER			27
#define UART_INTID		(32 + AXVM_PL011_SPI)

/* The VI line of each vCPU as the GIC last set it. */
static int vi[NR_CPUS];
static struct axvm vm;

int __wrap___axv_irq_line(struct axv_vcpu *vcpu, uint32_t irq,
			  uint32_t level);
int __wrap___axv_irq_line(struct axv_vcpu *vcpu, uint32_t irq,
			  uint32_t level)
{
	struct axvm_vcpu *v = (struct axvm_vcpu *)((char *)vcpu -
				offsetof(struct axvm_vcpu, axv));

	if (irq != AXVCPU_ARM64_IRQ_IRQ || v->id >= NR_CPUS)
		abort();
	vi[v->id] = level;
	return 0;
}

/* gic.c reports failures through axvm.c, which is not linked here. */
void axvm_err(const char *fmt, ...)
{
	(void)fmt;
}

/* Signed, to compare with the harness's int expectations. */
static int64_t mmio(struct axvm_gic *g, uint64_t addr, uint32_t len,
		     bool write, uint64_t data)
{
	struct axvm_exit e = { .kind = AXVM_EXIT_MMIO };

	e.mmio.addr = addr;
	e.mmio.len = len;
	e.mmio.write = write;
	e.mmio.data = data;
	if (!axvm_gic_mmio(g, &e))
		abort();
	return (int64_t)e.mmio.data;
}

#define gicd_write(g, off, val)	mmio(g, AXVM_GICD_BASE + (off), 4, true, val)
#define gicd_read(g, off)	mmio(g, AXVM_GICD_BASE + (off), 4, false, 0)
#define gicr_addr(cpu, off)	(AXVM_GICR_BASE + (cpu) * AXVM_GICR_STRIDE + (off))
#define gicr_write(g, cpu, off, val) mmio(g, gicr_addr(cpu, off), 4, true, val)
#define gicr_read(g, cpu, off)	mmio(g, gicr_addr(cpu, off), 4, false, 0)

static int64_t icc(struct axvm_gic *g, unsigned int cpu, uint32_t reg,
		    bool write, uint64_t val, bool vtimer)
{
	struct axvm_exit e = { .kind = AXVM_EXIT_SYSREG };

	e.sysreg.reg = reg;
	e.sysreg.write = write;
	e.sysreg.value = val;
	if (!axvm_gic_sysreg(g, &vm.vcpus[cpu], &e, vtimer))
		abort();
	return (int64_t)e.sysreg.value;
}

#define icc_write(g, cpu, reg, val)	icc(g, cpu, reg, true, val, false)
#define icc_read(g, cpu, reg)		icc(g, cpu, reg, false, 0, false)

FIXTURE(gic) {
	struct axvm_gic *g;
};

/* What Linux's driver does before it takes interrupts. */
FIXTURE_SETUP(gic)
{
	unsigned int cpu;

	memset(&vm, 0, sizeof(vm));
	memset(vi, 0, sizeof(vi));
	vm.nr_vcpus = NR_CPUS;
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		vm.vcpus[cpu].id = cpu;
	self->g = axvm_gic_create(&vm);
	ASSERT_NE(NULL, self->g);
	gicd_write(self->g, GICD_CTLR, 0x13);	/* ARE, Group 0 and 1 */
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		gicr_write(self->g, cpu, GICR_WAKER, 0);
		icc_write(self->g, cpu, ICC_PMR_EL1, 0xf0);
		icc_write(self->g, cpu, ICC_IGRPEN1_EL1, 1);
	}
}

FIXTURE_TEARDOWN(gic)
{
	free(self->g);
}

TEST_F(gic, id_registers)
{
	struct axvm_exit e = { .kind = AXVM_EXIT_MMIO };
	int64_t typer;

	/* 64 INTIDs, architecture version 3, affinity routing on. */
	EXPECT_EQ(1, gicd_read(self->g, GICD_TYPER) & 0x1f);
	EXPECT_EQ(0x30, gicd_read(self->g, GIC_PIDR2) & 0xf0);
	EXPECT_EQ(0x10, gicd_read(self->g, GICD_CTLR) & 0x10);
	/* Redistributor affinity = vCPU id; Last only on the last one. */
	typer = mmio(self->g, gicr_addr(0, GICR_TYPER), 8, false, 0);
	EXPECT_EQ(0, typer >> 32);
	EXPECT_EQ(0, typer & 0x10);
	typer = mmio(self->g, gicr_addr(1, GICR_TYPER), 8, false, 0);
	EXPECT_EQ(1, typer >> 32);
	EXPECT_EQ(0x10, typer & 0x10);
	/* Awake: ChildrenAsleep follows ProcessorSleep. */
	EXPECT_EQ(0, gicr_read(self->g, 0, GICR_WAKER));
	gicr_write(self->g, 0, GICR_WAKER, 2);
	EXPECT_EQ(6, gicr_read(self->g, 0, GICR_WAKER));
	/* 5 priority bits; nothing pending yet. */
	EXPECT_EQ(4, (icc_read(self->g, 0, ICC_CTLR_EL1) >> 8) & 7);
	EXPECT_EQ(SPURIOUS, icc_read(self->g, 0, ICC_IAR1_EL1));
	EXPECT_EQ(0, vi[0]);
	/* Not the GIC's. */
	e.mmio.addr = AXVM_PL011_BASE;
	e.mmio.len = 4;
	EXPECT_FALSE(axvm_gic_mmio(self->g, &e));
}

/* A level-triggered SPI routed to vCPU 1, as the PL011's. */
TEST_F(gic, spi_level_follows_line_ack_and_eoi)
{
	gicd_write(self->g, GICD_IPRIORITYR + UART_INTID, 0xa0);
	mmio(self->g, AXVM_GICD_BASE + GICD_IROUTER + 8 * UART_INTID, 8,
	     true, 1);
	axvm_gic_set_spi(self->g, AXVM_PL011_SPI, true);
	EXPECT_EQ(0, vi[1]);	/* not enabled yet */
	gicd_write(self->g, GICD_ISENABLER + 4, 1U << (UART_INTID - 32));
	EXPECT_EQ(0, vi[0]);
	EXPECT_EQ(1, vi[1]);

	EXPECT_EQ(SPURIOUS, icc_read(self->g, 0, ICC_IAR1_EL1));
	EXPECT_EQ(UART_INTID, icc_read(self->g, 1, ICC_IAR1_EL1));
	EXPECT_EQ(0, vi[1]);	/* active: not offered again */
	EXPECT_EQ(0xa0, icc_read(self->g, 1, ICC_RPR_EL1));
	/* Still high at the EOI: pending again. */
	icc_write(self->g, 1, ICC_EOIR1_EL1, UART_INTID);
	EXPECT_EQ(1, vi[1]);
	EXPECT_EQ(0xff, icc_read(self->g, 1, ICC_RPR_EL1));
	axvm_gic_set_spi(self->g, AXVM_PL011_SPI, false);
	EXPECT_EQ(0, vi[1]);
	EXPECT_EQ(SPURIOUS, icc_read(self->g, 1, ICC_IAR1_EL1));
}

/* ICC_SGI1R_EL1: IPIs by target list and to all but self. */
TEST_F(gic, sgis_reach_their_targets)
{
	gicr_write(self->g, 0, GICR_ISENABLER0, 0xffff);
	gicr_write(self->g, 1, GICR_ISENABLER0, 0xffff);

	icc_write(self->g, 0, ICC_SGI1R_EL1, 5ULL << 24 | 1U << 1);
	EXPECT_EQ(0, vi[0]);
	EXPECT_EQ(1, vi[1]);
	EXPECT_EQ(5, icc_read(self->g, 1, ICC_IAR1_EL1));
	icc_write(self->g, 1, ICC_EOIR1_EL1, 5);
	EXPECT_EQ(0, vi[1]);

	/* IRM: everyone else; Aff1 != 0 names no vCPU here. */
	icc_write(self->g, 1, ICC_SGI1R_EL1, 3ULL << 24 | 1ULL << 40);
	EXPECT_EQ(1, vi[0]);
	EXPECT_EQ(0, vi[1]);
	EXPECT_EQ(3, icc_read(self->g, 0, ICC_IAR1_EL1));
	icc_write(self->g, 0, ICC_EOIR1_EL1, 3);
	icc_write(self->g, 0, ICC_SGI1R_EL1, 2ULL << 24 | 1ULL << 16 | 3);
	EXPECT_EQ(0, vi[0]);
	EXPECT_EQ(0, vi[1]);
}

/* The priority mask and the running priority hold interrupts back. */
TEST_F(gic, priorities_mask_and_running_priority)
{
	gicr_write(self->g, 0, GICR_ISENABLER0, 0xffff);
	/* SGI 1 at 0x80, SGI 2 at 0x90, SGI 3 at 0xf0 (= PMR: masked). */
	gicr_write(self->g, 0, GICR_IPRIORITYR, 0xf09080a0);
	icc_write(self->g, 0, ICC_SGI1R_EL1, 3ULL << 24 | 1);
	EXPECT_EQ(0, vi[0]);
	icc_write(self->g, 0, ICC_PMR_EL1, 0xf8);
	EXPECT_EQ(1, vi[0]);
	icc_write(self->g, 0, ICC_PMR_EL1, 0xf0);
	EXPECT_EQ(0, vi[0]);

	icc_write(self->g, 0, ICC_SGI1R_EL1, 2ULL << 24 | 1);
	EXPECT_EQ(2, icc_read(self->g, 0, ICC_IAR1_EL1));
	/* Lower priority waits for the running 0x90; higher pre-empts it. */
	icc_write(self->g, 0, ICC_SGI1R_EL1, 0ULL << 24 | 1);
	EXPECT_EQ(0, vi[0]);
	icc_write(self->g, 0, ICC_SGI1R_EL1, 1ULL << 24 | 1);
	EXPECT_EQ(1, vi[0]);
	EXPECT_EQ(1, icc_read(self->g, 0, ICC_IAR1_EL1));
	EXPECT_EQ(0x80, icc_read(self->g, 0, ICC_RPR_EL1));
	icc_write(self->g, 0, ICC_EOIR1_EL1, 1);
	EXPECT_EQ(0x90, icc_read(self->g, 0, ICC_RPR_EL1));
	EXPECT_EQ(0, vi[0]);
	icc_write(self->g, 0, ICC_EOIR1_EL1, 2);
	EXPECT_EQ(0xff, icc_read(self->g, 0, ICC_RPR_EL1));
	EXPECT_EQ(1, vi[0]);
	EXPECT_EQ(0, icc_read(self->g, 0, ICC_IAR1_EL1));
	icc_write(self->g, 0, ICC_EOIR1_EL1, 0);
	EXPECT_EQ(0, vi[0]);
}

/* PPI 27 is pending exactly when the caller says the timer fires. */
TEST_F(gic, vtimer_is_ppi_27)
{
	EXPECT_EQ(SPURIOUS, icc(self->g, 0, ICC_IAR1_EL1, false, 0, true));
	gicr_write(self->g, 0, GICR_ISENABLER0, 1U << VTIMER);
	EXPECT_EQ(0, vi[0]);	/* the module raises VI for the timer */
	EXPECT_EQ(SPURIOUS, icc(self->g, 0, ICC_IAR1_EL1, false, 0, false));
	EXPECT_EQ(VTIMER, icc(self->g, 0, ICC_IAR1_EL1, false, 0, true));
	/* Active until the EOI, however long the timer stays high. */
	EXPECT_EQ(SPURIOUS, icc(self->g, 0, ICC_IAR1_EL1, false, 0, true));
	icc_write(self->g, 0, ICC_EOIR1_EL1, VTIMER);
	EXPECT_EQ(VTIMER, icc(self->g, 0, ICC_IAR1_EL1, false, 0, true));
}

/* EOImode 1: the EOI drops the priority, DIR deactivates. */
TEST_F(gic, eoimode1_needs_dir)
{
	gicr_write(self->g, 0, GICR_ISENABLER0, 0xffff);
	icc_write(self->g, 0, ICC_CTLR_EL1, 2);
	icc_write(self->g, 0, ICC_SGI1R_EL1, 4ULL << 24 | 1);
	EXPECT_EQ(4, icc_read(self->g, 0, ICC_IAR1_EL1));
	icc_write(self->g, 0, ICC_EOIR1_EL1, 4);
	EXPECT_EQ(0xff, icc_read(self->g, 0, ICC_RPR_EL1));
	icc_write(self->g, 0, ICC_SGI1R_EL1, 4ULL << 24 | 1);
	EXPECT_EQ(0, vi[0]);	/* still active */
	icc_write(self->g, 0, ICC_DIR_EL1, 4);
	EXPECT_EQ(1, vi[0]);
}

/* Group 1 disabled in the CPU interface or the distributor: nothing. */
TEST_F(gic, group_enables_gate_delivery)
{
	gicr_write(self->g, 0, GICR_ISENABLER0, 0xffff);
	icc_write(self->g, 0, ICC_SGI1R_EL1, 6ULL << 24 | 1);
	EXPECT_EQ(1, vi[0]);
	icc_write(self->g, 0, ICC_IGRPEN1_EL1, 0);
	EXPECT_EQ(0, vi[0]);
	icc_write(self->g, 0, ICC_IGRPEN1_EL1, 1);
	EXPECT_EQ(1, vi[0]);
	gicd_write(self->g, GICD_CTLR, 0x10);
	EXPECT_EQ(0, vi[0]);
	EXPECT_EQ(SPURIOUS, icc_read(self->g, 0, ICC_IAR1_EL1));
}

TEST_HARNESS_MAIN
