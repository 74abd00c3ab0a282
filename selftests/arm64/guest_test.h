/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by guest_test.c (host) and guest_test_guest.c (guest) on arm64:
 * which guest behaviour to run and the values both sides must agree on.
 *
 * The host starts vCPU 0 at the image with x0 = 0, x1 = the test
 * (enum guest_test) and x2, x3 = its parameters.
 */
#ifndef _GUEST_TEST_H
#define _GUEST_TEST_H

enum guest_test {
	GT_GOOD = 1,		/* just GUEST_DONE() */
	GT_HYPERCALL,
	GT_MMIO_READ,
	GT_MMIO_WRITE,
	GT_SYSREG,
	GT_PSCI_VERSION,
	GT_CPU_ON,
	GT_SYSTEM_OFF,
	GT_TIMER_IRQ,
	GT_WFI_TIMER,
	GT_WFI_HALT,
	GT_SPIN,
	GT_JUMP_OUTSIDE_RAM,
	GT_LDP_MMIO,
	GT_GIC_CPUIF,
	GT_CNTP_TRAPS,
	GT_ID_REGS,
	GT_EL1_REGS,
};

/*
 * GT_CNTP_TRAPS: x2 rounds of x3 PSCI calls (answered in the kernel) and one
 * read of CNTP_CTL_EL0, which must trap to the VMM every time.
 */
#define REG_CNTP_CTL_EL0	AXVCPU_ARM64_SYSREG(3, 3, 14, 2, 1)

/* GT_GIC_CPUIF: the interrupt the host acknowledges, and the SGI sent. */
#define GIC_IAR_VAL		27UL
#define GIC_SGI1R_VAL		((1UL << 24) | 1UL)	/* SGI 1 to CPU 0 */

/* Outside RAM and any memory slot: every access exits as MMIO. */
#define MMIO_BASE		0x10000000UL

/* GT_MMIO_READ: one load per step from MMIO_BASE + MMIO_LOAD_OFF(step). */
enum mmio_load {
	ML_LDRB, ML_LDRSB_X, ML_LDRSB_W, ML_LDRH, ML_LDRSH_X, ML_LDRSH_W,
	ML_LDR_W, ML_LDRSW, ML_LDR_X, ML_LDRSW_POS, ML_LDRSH_POS, ML_LDRSB_POS,
	NR_MMIO_LOADS
};
#define MMIO_LOAD_OFF(i)	((i) * 8)
/* What the host returns: top bit of every width set, or clear. */
#define MMIO_DATA_NEG		0x8899aabbccddeeffUL
#define MMIO_DATA_POS		0x0123456776543210UL

/* GT_MMIO_WRITE: one store per step to MMIO_STORE_BASE + 8 * step. */
enum mmio_store {
	MS_STRB, MS_STRH, MS_STR_W, MS_STR_X, MS_STR_XZR, MS_STRB_WZR,
	NR_MMIO_STORES
};
#define MMIO_STORE_BASE		(MMIO_BASE + 0x100)
#define MMIO_STORE_OFF(i)	((i) * 8)
#define MMIO_STORE_VAL(i)	(0x0123456789abcdefUL ^ (0x1111111111111111UL * (i)))

/* Not RAM: instruction fetches from it fail. */
#define NOT_RAM_GPA		0x20000000UL

/* GT_HYPERCALL: an SMCCC function id outside PSCI that nobody handles. */
#define HCALL_FN		0xC6000042UL
#define HCALL_ARG(i)		(0x0123456789abcdefUL * ((i) + 1) ^ (0xa5UL << (8 * (i))))
#define HCALL_RET(i)		(0xfedcba9876543210UL ^ (0x0101010101010101UL * ((i) + 1)))

/* GT_SYSREG: values the host gives for reads, the guest writes. */
#define SYSREG_READ_VAL		0x5eed0000cafe0001UL
#define SYSREG_WRITE_VAL	0x0123456789abcdefUL

/* GT_CPU_ON */
#define CPU_ON_TARGET		1UL
#define CPU_ON_CONTEXT		0xc0ffee0012345678UL

/* Timer deltas in counter ticks, and how long a guest waits at most. */
#define TIMER_DELTA		10000UL
#define WFI_DELTA		200000UL
#define TIMER_TIMEOUT		100000000UL

/*
 * GT_EL1_REGS: the guest's EL1 registers through one put and one load.
 * After a first sync (so that no stage-2 fault puts the vCPU in between)
 * the guest writes EL1_WRITE_* (all but SCTLR and CPACR, which keep its
 * MMU off and FP on), reads every register back into an array of
 * NR_EL1_REGS (what the CPU kept) and syncs again: GET_REGS must show
 * those values.  The host then sets other values in the registers that
 * hold any value, and at the third sync the guest's second reading must
 * show them, and the first reading's values for the rest.
 */
enum el1_reg {
	ER_ELR, ER_SPSR, ER_SCTLR, ER_TCR, ER_TTBR0, ER_TTBR1, ER_MAIR,
	ER_AMAIR, ER_VBAR, ER_CPACR, ER_CONTEXTIDR, ER_TPIDR_EL1, ER_TPIDR_EL0,
	ER_TPIDRRO_EL0, ER_AFSR0, ER_AFSR1, ER_ESR, ER_FAR, ER_CSSELR,
	ER_CNTKCTL, ER_PAR, NR_EL1_REGS
};

#define EL1_WRITE_ELR		0x1111222233334440UL
#define EL1_WRITE_SPSR		0x3c5UL		/* EL1h, DAIF masked */
#define EL1_WRITE_TCR		0x00000001b5193519UL
#define EL1_WRITE_TTBR0		0x0001000040000000UL
#define EL1_WRITE_TTBR1		0x0002000040100000UL
#define EL1_WRITE_MAIR		0x000000ff440c0400UL
#define EL1_WRITE_AMAIR		0x1234UL
#define EL1_WRITE_VBAR		0x0000000055550800UL
#define EL1_WRITE_CONTEXTIDR	0x12345678UL
#define EL1_WRITE_TPIDR_EL1	0xaaaabbbbccccddddUL
#define EL1_WRITE_TPIDR_EL0	0x1111111122222222UL
#define EL1_WRITE_TPIDRRO_EL0	0x3333333344444444UL
#define EL1_WRITE_AFSR0		0x55UL
#define EL1_WRITE_AFSR1		0x66UL
#define EL1_WRITE_ESR		0x96000045UL
#define EL1_WRITE_FAR		0x777788889999aaaaUL
#define EL1_WRITE_CSSELR	1UL		/* the L1 instruction cache */
#define EL1_WRITE_CNTKCTL	3UL		/* EL0 counter access */
#define EL1_WRITE_PAR		0xff00000040000000UL

/* GT_SPIN: what the host writes into the guest's flag. */
#define SPIN_FLAG		0x5a5aUL

#endif /* _GUEST_TEST_H */
