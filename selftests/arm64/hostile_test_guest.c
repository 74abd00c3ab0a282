// SPDX-License-Identifier: GPL-2.0
/*
 * Guest half of the arm64 hostile_test: guests that misbehave on purpose.
 * One function per behaviour, picked by x1 (see hostile_test.h).
 */
#include "guest.h"
#include "ucall_common.h"
#include "hostile_test.h"

#define JUNK		0xa5a5f00dcafe5a5bUL
/* SCTLR_EL1.M (MMU) and .EE (data endianness): the guest must survive. */
#define SCTLR_KEEP	((1UL << 0) | (1UL << 25))

static volatile unsigned long trap_count;

static void skip_undef(struct guest_trap_frame *f)
{
	trap_count++;
	f->elr += 4;
}

static struct sysreg_result results[NR_SYSREGS];

/*
 * Read, write @val, read back and restore register @reg, in one asm block
 * so that no memory access or branch runs while it holds garbage.  Each of
 * the four accesses may be UNDEFINED; skip_undef() counts and skips it.
 */
#define SYSREG_TRY(idx, reg, val)					\
do {									\
	struct sysreg_result *__r = &results[idx];			\
	unsigned long __old = 0, __rb = 0, __v = (val);			\
									\
	trap_count = 0;							\
	asm volatile("mrs %0, " #reg "\n\t"				\
		     "msr " #reg ", %2\n\t"				\
		     "isb\n\t"						\
		     "mrs %1, " #reg "\n\t"				\
		     "msr " #reg ", %0\n\t"				\
		     "isb"						\
		     : "+&r"(__old), "+&r"(__rb) : "r"(__v) : "memory");	\
	__r->id = idx;							\
	__r->written = __v;						\
	__r->readback = __rb;						\
	__r->trapped = trap_count;					\
} while (0)

static void ht_sysreg_garbage(void)
{
	unsigned long sctlr = read_sysreg(sctlr_el1);

	asm volatile("msr daifset, #0xf" ::: "memory");
	guest_install_handler(ESR_EC_UNKNOWN, skip_undef);

	SYSREG_TRY(SR_SCTLR_EL1, sctlr_el1, (JUNK & ~SCTLR_KEEP) | (sctlr & SCTLR_KEEP));
	SYSREG_TRY(SR_TCR_EL1, tcr_el1, JUNK);
	SYSREG_TRY(SR_TTBR0_EL1, ttbr0_el1, JUNK);
	SYSREG_TRY(SR_TTBR1_EL1, ttbr1_el1, ~0UL);
	SYSREG_TRY(SR_MAIR_EL1, mair_el1, JUNK);
	SYSREG_TRY(SR_AMAIR_EL1, amair_el1, ~0UL);
	SYSREG_TRY(SR_VBAR_EL1, vbar_el1, JUNK);
	SYSREG_TRY(SR_CPACR_EL1, cpacr_el1, ~0UL);
	SYSREG_TRY(SR_CONTEXTIDR_EL1, contextidr_el1, ~0UL);
	SYSREG_TRY(SR_TPIDR_EL0, tpidr_el0, JUNK);
	SYSREG_TRY(SR_TPIDRRO_EL0, tpidrro_el0, JUNK);
	SYSREG_TRY(SR_TPIDR_EL1, tpidr_el1, JUNK);
	SYSREG_TRY(SR_PAR_EL1, par_el1, ~0UL);
	SYSREG_TRY(SR_AFSR0_EL1, afsr0_el1, ~0UL);
	SYSREG_TRY(SR_AFSR1_EL1, afsr1_el1, ~0UL);
	SYSREG_TRY(SR_ESR_EL1, esr_el1, ~0UL);
	SYSREG_TRY(SR_FAR_EL1, far_el1, JUNK);
	SYSREG_TRY(SR_CSSELR_EL1, csselr_el1, ~0UL);
	SYSREG_TRY(SR_CNTKCTL_EL1, cntkctl_el1, ~0UL);
	/* Enabled, unmasked and long due: the timer fires meanwhile. */
	SYSREG_TRY(SR_CNTV_CTL_EL0, cntv_ctl_el0, ~0UL);
	SYSREG_TRY(SR_CNTV_CVAL_EL0, cntv_cval_el0, 1);
	SYSREG_TRY(SR_SP_EL0, sp_el0, JUNK);
	SYSREG_TRY(SR_ELR_EL1, elr_el1, JUNK);
	SYSREG_TRY(SR_SPSR_EL1, spsr_el1, ~0UL);
	/* Not the guest's. */
	SYSREG_TRY(SR_HCR_EL2, hcr_el2, ~0UL);
	SYSREG_TRY(SR_VTTBR_EL2, vttbr_el2, JUNK);
	SYSREG_TRY(SR_VBAR_EL2, vbar_el2, JUNK);
	SYSREG_TRY(SR_SCTLR_EL2, sctlr_el2, ~0UL);
	SYSREG_TRY(SR_TPIDR_EL2, tpidr_el2, JUNK);
	SYSREG_TRY(SR_CNTHCTL_EL2, cnthctl_el2, ~0UL);
	SYSREG_TRY(SR_SCR_EL3, scr_el3, ~0UL);

	GUEST_SYNC(1, (unsigned long)results, NR_SYSREGS);
	GUEST_DONE();
}

static void ht_irqs_off_spin(void)
{
	asm volatile("msr daifset, #0xf" ::: "memory");
	GUEST_SYNC(1);
	for (;;)
		barrier();
}

static unsigned long empty_table[512] __aligned(4096);

/* TCR_EL1: 39-bit VAs through TTBR0 (4 KiB granule), no TTBR1 walks. */
#define TCR_T0SZ_39	25UL
#define TCR_IRGN0_WBWA	(1UL << 8)
#define TCR_ORGN0_WBWA	(1UL << 10)
#define TCR_SH0_INNER	(3UL << 12)
#define TCR_EPD1	(1UL << 23)

static void ht_fault_loop(void)
{
	GUEST_SYNC(1, (unsigned long)empty_table);
	/*
	 * MMU on with nothing mapped: the next fetch is a translation fault,
	 * and so is the fetch of the vector it goes to, forever, without
	 * ever exiting.
	 */
	asm volatile("msr daifset, #0xf" ::: "memory");
	write_sysreg(mair_el1, 0xffUL);
	write_sysreg(tcr_el1, TCR_T0SZ_39 | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA |
		     TCR_SH0_INNER | TCR_EPD1);
	write_sysreg(ttbr0_el1, (unsigned long)empty_table);
	isb();
	asm volatile("tlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | 1);
	isb();
	GUEST_SYNC(2);
}

/* 2 KiB of vectors, every one UDF #0 (the all-zero word). */
static unsigned int udf_vectors[512] __aligned(2048);

static void ht_undef_loop(void)
{
	GUEST_SYNC(1, (unsigned long)udf_vectors);
	asm volatile("msr daifset, #0xf" ::: "memory");
	write_sysreg(vbar_el1, (unsigned long)udf_vectors);
	isb();
	asm volatile("udf #0" ::: "memory");
	GUEST_SYNC(2);
}

static void ht_munmap(void)
{
	volatile unsigned long *p = (volatile unsigned long *)SCRATCH_GPA;
	const unsigned long words = PAGE_SZ / sizeof(*p);
	unsigned long a, b, c, i, pg;

	/*
	 * Pages 1 and 0 are touched (and so pinned) before the munmap, in
	 * that order so that no fault maps page 2 ahead (fault-around).
	 */
	for (pg = 2; pg-- > 0;)
		for (i = 0; i < 8; i++)
			p[pg * words + i] = SCRATCH_PATTERN(pg, i);
	GUEST_SYNC(1);

	/* The host has unmapped the backing: these pages are still ours. */
	a = p[0];
	b = p[words + 7];
	p[1] = GUEST_REWRITE;
	c = p[1];
	GUEST_SYNC(2, a, b, c);

	/* Page 2 was never touched: no memory until the host remaps it. */
	a = p[2 * words];
	b = p[0];
	c = p[3 * words];
	GUEST_SYNC(3, a, b, c);
	GUEST_DONE();
}

static void ht_delete(void)
{
	volatile unsigned long *p = (volatile unsigned long *)SCRATCH_GPA;

	p[0] = 0;
	GUEST_SYNC(1);
	/* Once the slot is gone, the load or the store exits as MMIO. */
	for (;;)
		p[0] = p[0] + 1;
}

void guest_main(unsigned long cpu, unsigned long arg)
{
	unsigned long test = guest_boot_args[1];

	(void)arg;
	GUEST_ASSERT_EQ(cpu, 0);
	switch (test) {
	case HT_SYSREG_GARBAGE:
		ht_sysreg_garbage();
		break;
	case HT_IRQS_OFF_SPIN:
		ht_irqs_off_spin();
		break;
	case HT_FAULT_LOOP:
		ht_fault_loop();
		break;
	case HT_UNDEF_LOOP:
		ht_undef_loop();
		break;
	case HT_MUNMAP:
		ht_munmap();
		break;
	case HT_DELETE:
		ht_delete();
		break;
	default:
		GUEST_ASSERT_EQ(test, 0);
	}
	GUEST_DONE();
}
