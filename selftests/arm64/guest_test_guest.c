// SPDX-License-Identifier: GPL-2.0
/*
 * Guest half of guest_test on arm64: one function per behaviour, picked
 * by x1.  Values are reported to the host with GUEST_SYNC() and checked
 * there.
 */
#include "guest.h"
#include "ucall_common.h"
#include "guest_test.h"

/* ACTLR_EL1: always implemented, trapped to EL2 by HCR_EL2.TACR. */
#define SYS_ACTLR_EL1	s3_0_c1_c0_1
/* The GICv3 CPU interface registers a Linux guest uses most. */
#define SYS_ICC_IAR1_EL1	s3_0_c12_c12_0
#define SYS_ICC_EOIR1_EL1	s3_0_c12_c12_1
#define SYS_ICC_SGI1R_EL1	s3_0_c12_c11_5

static void guest_hypercall(void)
{
	register unsigned long x0 asm("x0") = HCALL_FN;
	register unsigned long x1 asm("x1") = HCALL_ARG(0);
	register unsigned long x2 asm("x2") = HCALL_ARG(1);
	register unsigned long x3 asm("x3") = HCALL_ARG(2);
	register unsigned long x4 asm("x4") = HCALL_ARG(3);
	register unsigned long x5 asm("x5") = HCALL_ARG(4);
	register unsigned long x6 asm("x6") = HCALL_ARG(5);
	unsigned long r[7];

	/* x4-x6 must survive the call (SMCCC 1.1). */
	asm volatile("hvc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),
		       "+r"(x5), "+r"(x6)
		     :
		     : "memory");
	/* Copy out before any call can reuse the registers. */
	r[0] = x0;
	r[1] = x1;
	r[2] = x2;
	r[3] = x3;
	r[4] = x4;
	r[5] = x5;
	r[6] = x6;

	GUEST_ASSERT_EQ(r[4], HCALL_ARG(3));
	GUEST_ASSERT_EQ(r[5], HCALL_ARG(4));
	GUEST_ASSERT_EQ(r[6], HCALL_ARG(5));
	GUEST_SYNC(1, r[0], r[1], r[2], r[3]);
}

/* One load with a fixed base register; the step number is the offset. */
#define MMIO_LOAD(insn, rd, step)					\
({									\
	register unsigned long __base asm("x5") = MMIO_BASE;		\
	register unsigned long __v asm("x7");				\
	asm volatile(insn " " rd ", [%1, %2]\n"				\
		     : "=r"(__v)					\
		     : "r"(__base), "i"(MMIO_LOAD_OFF(step))		\
		     : "memory");					\
	__v;								\
})

static void guest_mmio_read(void)
{
	/* x7 is poisoned first: a W load must clear its top half. */
#define STEP(insn, rd, step)						\
	do {								\
		unsigned long __r;					\
		asm volatile("mov x7, #-1" ::: "x7");			\
		__r = MMIO_LOAD(insn, rd, step);			\
		GUEST_SYNC(step, __r);					\
	} while (0)
	STEP("ldrb", "w7", ML_LDRB);
	STEP("ldrsb", "x7", ML_LDRSB_X);
	STEP("ldrsb", "w7", ML_LDRSB_W);
	STEP("ldrh", "w7", ML_LDRH);
	STEP("ldrsh", "x7", ML_LDRSH_X);
	STEP("ldrsh", "w7", ML_LDRSH_W);
	STEP("ldr", "w7", ML_LDR_W);
	STEP("ldrsw", "x7", ML_LDRSW);
	STEP("ldr", "x7", ML_LDR_X);
	STEP("ldrsw", "x7", ML_LDRSW_POS);
	STEP("ldrsh", "x7", ML_LDRSH_POS);
	STEP("ldrsb", "x7", ML_LDRSB_POS);
#undef STEP
}

#define MMIO_STORE(insn, rs, step, val)					\
do {									\
	register unsigned long __base asm("x5") = MMIO_STORE_BASE;	\
	register unsigned long __v asm("x7") = (val);			\
	asm volatile(insn " " rs ", [%0, %1]\n"				\
		     :							\
		     : "r"(__base), "i"(MMIO_STORE_OFF(step)), "r"(__v) \
		     : "memory");					\
} while (0)

static void guest_mmio_write(void)
{
	MMIO_STORE("strb", "w7", MS_STRB, MMIO_STORE_VAL(MS_STRB));
	MMIO_STORE("strh", "w7", MS_STRH, MMIO_STORE_VAL(MS_STRH));
	MMIO_STORE("str", "w7", MS_STR_W, MMIO_STORE_VAL(MS_STR_W));
	MMIO_STORE("str", "x7", MS_STR_X, MMIO_STORE_VAL(MS_STR_X));
	MMIO_STORE("str", "xzr", MS_STR_XZR, 0);
	MMIO_STORE("strb", "wzr", MS_STRB_WZR, 0);
}

static void guest_sysreg(void)
{
	unsigned long v = read_sysreg(SYS_ACTLR_EL1);

	GUEST_SYNC(1, v);
	write_sysreg(SYS_ACTLR_EL1, SYSREG_WRITE_VAL);
	GUEST_SYNC(2);
}

/*
 * A GIC the VMM emulates: every CPU interface access must reach it.  Each
 * read is reported so that the host sees the value it gave come back.
 */
/*
 * The feature ID registers, by encoding (the assembler may not know the
 * names): AA64PFR0/1, AA64ZFR0, AA64ISAR0/1, AA64DFR0, AA64MMFR1, then a
 * reserved one.
 */
static void guest_id_regs(void)
{
	GUEST_SYNC(1, read_sysreg(s3_0_c0_c4_0), read_sysreg(s3_0_c0_c4_1),
		   read_sysreg(s3_0_c0_c4_4), read_sysreg(s3_0_c0_c6_0),
		   read_sysreg(s3_0_c0_c6_1));
	GUEST_SYNC(2, read_sysreg(s3_0_c0_c5_0), read_sysreg(s3_0_c0_c7_1),
		   read_sysreg(s3_0_c0_c7_7));
}

static void guest_gic_cpuif(void)
{
	unsigned long iar = read_sysreg(SYS_ICC_IAR1_EL1);

	GUEST_SYNC(1, iar);
	write_sysreg(SYS_ICC_EOIR1_EL1, iar);
	write_sysreg(SYS_ICC_SGI1R_EL1, GIC_SGI1R_VAL);
	GUEST_SYNC(2);
}

static void guest_psci_version(void)
{
	struct smccc_res r = smccc_hvc(PSCI_0_2_FN_PSCI_VERSION,
				       0, 0, 0, 0, 0, 0);

	GUEST_SYNC(1, r.a0);
}

static void guest_cntp_traps(void)
{
	unsigned long rounds = guest_boot_args[2];
	unsigned long calls = guest_boot_args[3];
	unsigned long i, j;

	for (i = 0; i < rounds; i++) {
		for (j = 0; j < calls; j++)
			smccc_hvc(PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0, 0, 0, 0);
		(void)read_sysreg(cntp_ctl_el0);
	}
}

void guest_secondary(unsigned long cpu, unsigned long context_id)
{
	GUEST_SYNC(2, cpu, context_id, read_sysreg(mpidr_el1));
	/* Returning calls PSCI CPU_OFF. */
}

static void guest_cpu_on(void)
{
	long ret = psci_cpu_on(CPU_ON_TARGET,
			       (unsigned long)guest_secondary_entry,
			       CPU_ON_CONTEXT);

	GUEST_SYNC(1, ret, (unsigned long)guest_secondary_entry);
}

static void guest_system_off(void)
{
	smccc_hvc(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0, 0, 0, 0);
	/* Not reached if the host stops; a second exit if it runs us on. */
	GUEST_SYNC(1);
}

static volatile unsigned long irq_count, irq_esr_vector;

static void timer_irq(struct guest_trap_frame *f)
{
	irq_count++;
	irq_esr_vector = f->vector;
	/* Level-triggered: disable the timer or it fires again. */
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	/*
	 * HCR_EL2.VI follows the timer only at exits (there is no vGIC to
	 * acknowledge at): any trap will do, PSCI VERSION stays in the kernel.
	 */
	smccc_hvc(PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0, 0, 0, 0);
}

static void guest_timer_irq(void)
{
	uint64_t start, now;

	guest_install_handler(GUEST_CAUSE_IRQ, timer_irq);
	start = read_cntvct();
	write_sysreg(cntv_cval_el0, start + TIMER_DELTA);
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	local_irq_enable();
	do {
		now = read_cntvct();
	} while (!READ_ONCE(irq_count) && now - start < TIMER_TIMEOUT);
	local_irq_disable();
	GUEST_SYNC(1, irq_count, irq_esr_vector, now - start,
		   read_sysreg(cntv_ctl_el0));
}

static void guest_wfi_timer(void)
{
	uint64_t t0, t1;

	guest_install_handler(GUEST_CAUSE_IRQ, timer_irq);
	/* IRQs masked: WFI wakes on the pending timer, no vector is taken. */
	t0 = read_cntvct();
	write_sysreg(cntv_cval_el0, t0 + WFI_DELTA);
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	do {
		wfi();
		t1 = read_cntvct();
	} while (t1 - t0 < WFI_DELTA);
	local_irq_enable();
	isb();
	local_irq_disable();
	GUEST_SYNC(1, t0, t1, irq_count, irq_esr_vector);
}

static void guest_wfi_halt(void)
{
	/* DAIF all masked (as at reset) and the timer off: a HALT exit. */
	GUEST_SYNC(1, read_sysreg(daif));
	wfi();
	GUEST_SYNC(2);
}

static volatile unsigned long spin_flag;

static void guest_spin(void)
{
	unsigned long loops = 0;

	GUEST_SYNC(1, (unsigned long)&spin_flag);
	while (READ_ONCE(spin_flag) != SPIN_FLAG)
		loops++;
	GUEST_SYNC(2, loops, spin_flag);
}

static void guest_jump_outside_ram(void)
{
	void (*fn)(void) = (void (*)(void))NOT_RAM_GPA;

	fn();
	GUEST_SYNC(1);
}

static void guest_ldp_mmio(void)
{
	register unsigned long base asm("x5") = MMIO_BASE;
	unsigned long a, b;

	/* A pair has no valid syndrome: the kernel cannot emulate it. */
	asm volatile("ldp %0, %1, [%2]" : "=r"(a), "=r"(b) : "r"(base)
		     : "memory");
	GUEST_SYNC(1, a, b);
}

static unsigned long el1_seen[NR_EL1_REGS];

static void el1_read_all(void)
{
	el1_seen[ER_ELR] = read_sysreg(elr_el1);
	el1_seen[ER_SPSR] = read_sysreg(spsr_el1);
	el1_seen[ER_SCTLR] = read_sysreg(sctlr_el1);
	el1_seen[ER_TCR] = read_sysreg(tcr_el1);
	el1_seen[ER_TTBR0] = read_sysreg(ttbr0_el1);
	el1_seen[ER_TTBR1] = read_sysreg(ttbr1_el1);
	el1_seen[ER_MAIR] = read_sysreg(mair_el1);
	el1_seen[ER_AMAIR] = read_sysreg(amair_el1);
	el1_seen[ER_VBAR] = read_sysreg(vbar_el1);
	el1_seen[ER_CPACR] = read_sysreg(cpacr_el1);
	el1_seen[ER_CONTEXTIDR] = read_sysreg(contextidr_el1);
	el1_seen[ER_TPIDR_EL1] = read_sysreg(tpidr_el1);
	el1_seen[ER_TPIDR_EL0] = read_sysreg(tpidr_el0);
	el1_seen[ER_TPIDRRO_EL0] = read_sysreg(tpidrro_el0);
	el1_seen[ER_AFSR0] = read_sysreg(afsr0_el1);
	el1_seen[ER_AFSR1] = read_sysreg(afsr1_el1);
	el1_seen[ER_ESR] = read_sysreg(esr_el1);
	el1_seen[ER_FAR] = read_sysreg(far_el1);
	el1_seen[ER_CSSELR] = read_sysreg(csselr_el1);
	el1_seen[ER_CNTKCTL] = read_sysreg(cntkctl_el1);
	el1_seen[ER_PAR] = read_sysreg(par_el1);
}

static void guest_el1_regs(void)
{
	unsigned long vbar = read_sysreg(vbar_el1);

	/*
	 * Another put and load between the writes and the sync (a stage-2
	 * fault on el1_seen[] or on the ucall code, touched for the first
	 * time) would undo a swap at put: touch both first.
	 */
	el1_read_all();
	GUEST_SYNC(1);
	/* No exception may meet the values about to be in these. */
	asm volatile("msr daifset, #0xf" ::: "memory");
	write_sysreg(elr_el1, EL1_WRITE_ELR);
	write_sysreg(spsr_el1, EL1_WRITE_SPSR);
	write_sysreg(tcr_el1, EL1_WRITE_TCR);
	write_sysreg(ttbr0_el1, EL1_WRITE_TTBR0);
	write_sysreg(ttbr1_el1, EL1_WRITE_TTBR1);
	write_sysreg(mair_el1, EL1_WRITE_MAIR);
	write_sysreg(amair_el1, EL1_WRITE_AMAIR);
	write_sysreg(vbar_el1, EL1_WRITE_VBAR);
	write_sysreg(contextidr_el1, EL1_WRITE_CONTEXTIDR);
	write_sysreg(tpidr_el1, EL1_WRITE_TPIDR_EL1);
	write_sysreg(tpidr_el0, EL1_WRITE_TPIDR_EL0);
	write_sysreg(tpidrro_el0, EL1_WRITE_TPIDRRO_EL0);
	write_sysreg(afsr0_el1, EL1_WRITE_AFSR0);
	write_sysreg(afsr1_el1, EL1_WRITE_AFSR1);
	write_sysreg(esr_el1, EL1_WRITE_ESR);
	write_sysreg(far_el1, EL1_WRITE_FAR);
	write_sysreg(csselr_el1, EL1_WRITE_CSSELR);
	write_sysreg(cntkctl_el1, EL1_WRITE_CNTKCTL);
	write_sysreg(par_el1, EL1_WRITE_PAR);
	isb();
	el1_read_all();
	GUEST_SYNC(2, (unsigned long)el1_seen);
	el1_read_all();
	write_sysreg(vbar_el1, vbar);
	isb();
	GUEST_SYNC(3, (unsigned long)el1_seen);
}

void guest_main(unsigned long cpu, unsigned long arg)
{
	(void)cpu;
	(void)arg;

	switch (guest_boot_args[1]) {
	case GT_GOOD:
		break;
	case GT_HYPERCALL:
		guest_hypercall();
		break;
	case GT_MMIO_READ:
		guest_mmio_read();
		break;
	case GT_MMIO_WRITE:
		guest_mmio_write();
		break;
	case GT_SYSREG:
		guest_sysreg();
		break;
	case GT_PSCI_VERSION:
		guest_psci_version();
		break;
	case GT_ID_REGS:
		guest_id_regs();
		break;
	case GT_CNTP_TRAPS:
		guest_cntp_traps();
		break;
	case GT_CPU_ON:
		guest_cpu_on();
		break;
	case GT_SYSTEM_OFF:
		guest_system_off();
		break;
	case GT_TIMER_IRQ:
		guest_timer_irq();
		break;
	case GT_WFI_TIMER:
		guest_wfi_timer();
		break;
	case GT_WFI_HALT:
		guest_wfi_halt();
		break;
	case GT_SPIN:
		guest_spin();
		break;
	case GT_JUMP_OUTSIDE_RAM:
		guest_jump_outside_ram();
		break;
	case GT_LDP_MMIO:
		guest_ldp_mmio();
		break;
	case GT_GIC_CPUIF:
		guest_gic_cpuif();
		break;
	case GT_EL1_REGS:
		guest_el1_regs();
		break;
	default:
		GUEST_ASSERT_EQ(guest_boot_args[1], 0);
	}
	GUEST_DONE();
}
