/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by hostile_test.c (host) and hostile_test_guest.c (guest) on
 * arm64.  The host starts vCPU 0 at the image with x0 = 0 and x1 = the
 * behaviour.
 */
#ifndef _HOSTILE_TEST_H
#define _HOSTILE_TEST_H

enum hostile_test {
	HT_SYSREG_GARBAGE = 1,	/* garbage to every EL1 register it can name */
	HT_IRQS_OFF_SPIN,	/* spin forever with DAIF all masked */
	HT_FAULT_LOOP,		/* MMU on with an empty table: faults forever */
	HT_UNDEF_LOOP,		/* vectors made of UDF: undefined forever */
	HT_MUNMAP,		/* touch scratch pages, use them after munmap */
	HT_DELETE,		/* increment a scratch word forever */
};

/* A second memory slot, SCRATCH_PAGES pages. */
#define SCRATCH_SLOT		1
#define SCRATCH_GPA		0x50000000UL
#define SCRATCH_PAGES		4
#define PAGE_SZ			4096UL
#define SCRATCH_PATTERN(pg, i)	(0x5c5c000000000000UL | ((unsigned long)(pg) << 16) | (i))
#define HOST_MARKER(pg)		(0x4d4d4d4d00000000UL | (pg))
#define GUEST_REWRITE		0x7777777777777777UL

/* Outside RAM and any slot: accesses exit as MMIO. */
#define MMIO_ADDR		0x10000000UL

/*
 * HT_SYSREG_GARBAGE: one result per register.  Each register is read,
 * written, read back and restored; "trapped" counts the UNDEF exceptions
 * the guest took on the way (EL2 and EL3 registers: all four accesses).
 */
struct sysreg_result {
	unsigned long id;	/* SYSREG_* below */
	unsigned long written;
	unsigned long readback;
	unsigned long trapped;
};

enum {
	/* the guest's own: no trap */
	SR_SCTLR_EL1, SR_TCR_EL1, SR_TTBR0_EL1, SR_TTBR1_EL1, SR_MAIR_EL1,
	SR_AMAIR_EL1, SR_VBAR_EL1, SR_CPACR_EL1, SR_CONTEXTIDR_EL1,
	SR_TPIDR_EL0, SR_TPIDRRO_EL0, SR_TPIDR_EL1, SR_PAR_EL1,
	SR_AFSR0_EL1, SR_AFSR1_EL1, SR_ESR_EL1, SR_FAR_EL1, SR_CSSELR_EL1,
	SR_CNTKCTL_EL1, SR_CNTV_CTL_EL0, SR_CNTV_CVAL_EL0, SR_SP_EL0,
	SR_ELR_EL1, SR_SPSR_EL1,
	NR_GUEST_SYSREGS,
	/* EL2 and EL3 registers: UNDEFINED at EL1 */
	SR_HCR_EL2 = NR_GUEST_SYSREGS, SR_VTTBR_EL2, SR_VBAR_EL2,
	SR_SCTLR_EL2, SR_TPIDR_EL2, SR_CNTHCTL_EL2, SR_SCR_EL3,
	NR_SYSREGS,
};

#endif /* _HOSTILE_TEST_H */
