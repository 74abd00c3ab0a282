// SPDX-License-Identifier: GPL-2.0
/*
 * Guest half of guest_test: one function per behaviour, picked by a1.
 * Values are reported to the host with GUEST_SYNC() and checked there.
 */
#include "guest.h"
#include "ucall_common.h"
#include "guest_test.h"

static void guest_hypercall(void)
{
	register unsigned long a0 asm("a0") = HCALL_ARG(0);
	register unsigned long a1 asm("a1") = HCALL_ARG(1);
	register unsigned long a2 asm("a2") = HCALL_ARG(2);
	register unsigned long a3 asm("a3") = HCALL_ARG(3);
	register unsigned long a4 asm("a4") = HCALL_ARG(4);
	register unsigned long a5 asm("a5") = HCALL_ARG(5);
	register unsigned long a6 asm("a6") = HCALL_FID;
	register unsigned long a7 asm("a7") = HCALL_EXT;
	unsigned long r[8];

	/* Everything but a0/a1 must survive the call (SBI convention). */
	asm volatile("ecall"
		     : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4),
		       "+r"(a5), "+r"(a6), "+r"(a7)
		     :
		     : "memory");
	/* Copy out before any call can reuse the registers. */
	r[0] = a0;
	r[1] = a1;
	r[2] = a2;
	r[3] = a3;
	r[4] = a4;
	r[5] = a5;
	r[6] = a6;
	r[7] = a7;

	GUEST_ASSERT_EQ(r[2], HCALL_ARG(2));
	GUEST_ASSERT_EQ(r[3], HCALL_ARG(3));
	GUEST_ASSERT_EQ(r[4], HCALL_ARG(4));
	GUEST_ASSERT_EQ(r[5], HCALL_ARG(5));
	GUEST_ASSERT_EQ(r[6], HCALL_FID);
	GUEST_ASSERT_EQ(r[7], HCALL_EXT);
	GUEST_SYNC(1, r[0], r[1]);
}

/*
 * MMIO loads into fixed registers, base in a5 so that the compressed
 * forms (which need x8-x15) are possible.  The step number is the offset.
 */
#define MMIO_LOAD(insn, rd, step)					\
({									\
	register unsigned long __base asm("a5") = MMIO_BASE;		\
	unsigned long __v;						\
	asm volatile(".option push\n.option norvc\n"			\
		     insn " " rd ", %2(%1)\n"				\
		     "mv %0, " rd "\n"					\
		     ".option pop\n"					\
		     : "=r"(__v)					\
		     : "r"(__base), "i"(MMIO_LOAD_OFF(step))		\
		     : rd, "memory");					\
	__v;								\
})

#define MMIO_CLOAD(insn, rd, step)					\
({									\
	register unsigned long __base asm("a5") = MMIO_BASE;		\
	unsigned long __v;						\
	asm volatile(".option push\n.option rvc\n"			\
		     insn " " rd ", %2(%1)\n"				\
		     ".option pop\n"					\
		     "mv %0, " rd "\n"					\
		     : "=r"(__v)					\
		     : "r"(__base), "i"(MMIO_LOAD_OFF(step))		\
		     : rd, "memory");					\
	__v;								\
})

static void guest_mmio_read(void)
{
	GUEST_SYNC(ML_LB, MMIO_LOAD("lb", "t0", ML_LB));
	GUEST_SYNC(ML_LBU, MMIO_LOAD("lbu", "t1", ML_LBU));
	GUEST_SYNC(ML_LH, MMIO_LOAD("lh", "t2", ML_LH));
	GUEST_SYNC(ML_LHU, MMIO_LOAD("lhu", "t3", ML_LHU));
	GUEST_SYNC(ML_LW, MMIO_LOAD("lw", "t4", ML_LW));
	GUEST_SYNC(ML_LWU, MMIO_LOAD("lwu", "t5", ML_LWU));
	GUEST_SYNC(ML_LD, MMIO_LOAD("ld", "t6", ML_LD));
	GUEST_SYNC(ML_C_LW, MMIO_CLOAD("c.lw", "a4", ML_C_LW));
	GUEST_SYNC(ML_C_LD, MMIO_CLOAD("c.ld", "a3", ML_C_LD));
	GUEST_SYNC(ML_LW_POS, MMIO_LOAD("lw", "s2", ML_LW_POS));
	GUEST_SYNC(ML_LH_POS, MMIO_LOAD("lh", "s3", ML_LH_POS));
	GUEST_SYNC(ML_LB_POS, MMIO_LOAD("lb", "s4", ML_LB_POS));
	GUEST_SYNC(ML_C_LW_POS, MMIO_CLOAD("c.lw", "s1", ML_C_LW_POS));
	GUEST_DONE();
}

#define MMIO_STORE(insn, rs, step)					\
do {									\
	register unsigned long __base asm("a5") = MMIO_STORE_BASE;	\
	register unsigned long __v asm(rs) = MMIO_STORE_VAL(step);	\
	asm volatile(".option push\n.option norvc\n"			\
		     insn " %0, %2(%1)\n"				\
		     ".option pop\n"					\
		     :							\
		     : "r"(__v), "r"(__base), "i"(MMIO_STORE_OFF(step))	\
		     : "memory");					\
} while (0)

#define MMIO_CSTORE(insn, rs, step)					\
do {									\
	register unsigned long __base asm("a5") = MMIO_STORE_BASE;	\
	register unsigned long __v asm(rs) = MMIO_STORE_VAL(step);	\
	asm volatile(".option push\n.option rvc\n"			\
		     insn " %0, %2(%1)\n"				\
		     ".option pop\n"					\
		     :							\
		     : "r"(__v), "r"(__base), "i"(MMIO_STORE_OFF(step))	\
		     : "memory");					\
} while (0)

#define MMIO_STORE_ZERO(insn, step)					\
do {									\
	register unsigned long __base asm("a5") = MMIO_STORE_BASE;	\
	asm volatile(".option push\n.option norvc\n"			\
		     insn " zero, %1(%0)\n"				\
		     ".option pop\n"					\
		     :							\
		     : "r"(__base), "i"(MMIO_STORE_OFF(step))		\
		     : "memory");					\
} while (0)

static void guest_mmio_write(void)
{
	MMIO_STORE("sb", "t0", MS_SB);
	MMIO_STORE("sh", "t1", MS_SH);
	MMIO_STORE("sw", "t2", MS_SW);
	MMIO_STORE("sd", "s5", MS_SD);
	MMIO_CSTORE("c.sw", "a4", MS_C_SW);
	MMIO_CSTORE("c.sd", "s0", MS_C_SD);
	MMIO_STORE_ZERO("sd", MS_SD_ZERO);
	MMIO_STORE_ZERO("sb", MS_SB_ZERO);
	GUEST_DONE();
}

static void guest_readonly_mem(void)
{
	volatile unsigned long *ro = (volatile unsigned long *)RO_GPA;
	volatile unsigned int *ro32 = (volatile unsigned int *)RO_GPA;

	GUEST_SYNC(1, ro[0], ro[1], ro[511]);
	/* Each store exits as an MMIO write and leaves memory alone. */
	ro[1] = 0xdeadbeefcafef00dUL;
	ro32[5] = 0x76543210;
	GUEST_SYNC(2, ro[0], ro[1], ro[2]);
	GUEST_DONE();
}

static volatile unsigned long shared[SHARED_WORDS];

static void guest_shared_mem(void)
{
	unsigned long sum = 0;
	unsigned int i;

	for (i = 0; i < SHARED_WORDS; i++)
		shared[i] = GUEST_PATTERN(i);
	GUEST_SYNC(1, (unsigned long)shared, SHARED_WORDS);
	for (i = 0; i < SHARED_WORDS; i++) {
		GUEST_ASSERT_EQ(shared[i], HOST_PATTERN(i));
		sum += shared[i];
	}
	GUEST_SYNC(2, sum);
	GUEST_DONE();
}

static void guest_sbi_base(void)
{
	static const unsigned long exts[] = {
		SBI_EXT_TIME, SBI_EXT_IPI, SBI_EXT_RFENCE, SBI_EXT_HSM,
		SBI_EXT_SRST,
	};
	struct sbiret r;
	unsigned int i;

	r = sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0, 0, 0, 0);
	GUEST_SYNC(1, r.error, r.value);
	for (i = 0; i < ARRAY_SIZE(exts); i++) {
		r = sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, exts[i],
			      0, 0, 0, 0, 0);
		GUEST_SYNC(2, exts[i], r.error, r.value);
	}
	for (i = SBI_BASE_GET_MVENDORID; i <= SBI_BASE_GET_MIMPID; i++) {
		r = sbi_ecall(SBI_EXT_BASE, i, 0, 0, 0, 0, 0, 0);
		GUEST_SYNC(3, i, r.error, r.value);
	}
	GUEST_DONE();
}

static void guest_sbi_probe_forward(void)
{
	struct sbiret r;

	r = sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, EXT_DBCN, 0, 0, 0, 0, 0);
	GUEST_SYNC(1, r.error, r.value);
	r = sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, EXT_UNKNOWN,
		      0, 0, 0, 0, 0);
	GUEST_SYNC(2, r.error, r.value);
	GUEST_DONE();
}

static volatile unsigned long irq_count, irq_cause;

/* How many interrupts arrive in a short window with SIE set. */
static unsigned long irqs_taken_briefly(void)
{
	unsigned long before = READ_ONCE(irq_count);
	int i;

	local_irq_enable();
	for (i = 0; i < 1000; i++)
		barrier();
	local_irq_disable();
	return READ_ONCE(irq_count) - before;
}

static void timer_handler(struct guest_trap_frame *f)
{
	irq_count++;
	irq_cause = f->scause;
	/* Stop the timer, or it fires again as soon as we return. */
	sbi_set_timer(~0UL);
}

static void guest_timer_irq(void)
{
	unsigned long t0;
	struct sbiret r;

	guest_install_handler(CAUSE_IRQ_FLAG | IRQ_S_TIMER, timer_handler);
	csr_write(sie, SIE_STIE);
	local_irq_enable();

	t0 = rdtime();
	r = sbi_set_timer(t0 + TIMER_DELTA);
	GUEST_ASSERT_EQ(r.error, 0);
	while (!READ_ONCE(irq_count) && rdtime() - t0 < TIMER_TIMEOUT)
		;
	t0 = rdtime() - t0;
	local_irq_disable();
	/* Stopped by the handler: enabled again, it must not fire again. */
	GUEST_SYNC(1, irq_count, irq_cause, t0, irqs_taken_briefly());
	GUEST_DONE();
}

static void guest_wfi_timer(void)
{
	unsigned long t0, t1, taken;

	/* Enabled in sie but masked by sstatus.SIE: wfi wakes, no trap. */
	local_irq_disable();
	guest_install_handler(CAUSE_IRQ_FLAG | IRQ_S_TIMER, timer_handler);
	csr_write(sie, SIE_STIE);
	t0 = rdtime();
	sbi_set_timer(t0 + WFI_DELTA);
	wfi();
	t1 = rdtime();
	/*
	 * The timer is pending: taken as soon as SIE allows.  (QEMU 7.2 does
	 * not show STIP in a VS guest's sip, so take it rather than read it.)
	 */
	taken = irqs_taken_briefly();
	GUEST_SYNC(1, t0, t1, taken, irq_cause);
	GUEST_DONE();
}

static void guest_wfi_halt(void)
{
	local_irq_disable();
	csr_write(sie, 0);
	GUEST_SYNC(1);
	wfi();
	GUEST_SYNC(2);
	GUEST_DONE();
}

static void ext_irq_handler(struct guest_trap_frame *f)
{
	irq_count++;
	irq_cause = f->scause;
	/* The host lowers the line when it sees this. */
	GUEST_SYNC(2, f->scause);
}

static void guest_irq_inject(unsigned long irq)
{
	unsigned long bit = 1UL << irq;
	int i;

	local_irq_disable();
	GUEST_SYNC(1);

	/*
	 * Raised by the host before RUN: taken as soon as it is enabled
	 * (step 2, in the handler, where the host lowers it).  Lowered, it is
	 * not taken again.
	 */
	guest_install_handler(CAUSE_IRQ_FLAG | irq, ext_irq_handler);
	csr_write(sie, bit);
	local_irq_enable();
	for (i = 0; i < 1000; i++)
		barrier();
	local_irq_disable();
	GUEST_SYNC(3, irq_count, irq_cause);
	GUEST_DONE();
}

static volatile unsigned long spin_flag;

static void guest_spin(void)
{
	unsigned long count = 0;

	GUEST_SYNC(1, (unsigned long)&spin_flag);
	while (!READ_ONCE(spin_flag))
		count++;
	GUEST_SYNC(2, count, spin_flag);
	GUEST_DONE();
}

static void guest_reply(void)
{
	unsigned long v = GUEST_SYNC(1);

	GUEST_SYNC(2, v);
	GUEST_DONE();
}

static void guest_srst(unsigned long type, unsigned long reason)
{
	struct sbiret r = sbi_system_reset(type, reason);

	/* Only reached when the kernel refuses the request. */
	GUEST_SYNC(1, r.error, r.value);
	GUEST_DONE();
}

static volatile unsigned long trap_cause, trap_epc, trap_count;

static void illegal_handler(struct guest_trap_frame *f)
{
	trap_count++;
	trap_cause = f->scause;
	trap_epc = f->sepc;
	f->sepc += insn_len(f->sepc);
}

static void guest_illegal_handled(void)
{
	unsigned long addr;

	guest_install_handler(EXC_INST_ILLEGAL, illegal_handler);
	/* c.unimp: the all-zero 16-bit encoding is defined illegal. */
	asm volatile("lla %0, 1f\n"
		     "1: .2byte 0\n"
		     : "=r"(addr) : : "memory");
	GUEST_SYNC(1, trap_count, trap_cause, trap_epc, addr);
	GUEST_DONE();
}

static void guest_illegal_no_handler(void)
{
	/* Trap to address 0, which is not guest RAM. */
	csr_write(stvec, 0);
	asm volatile(".2byte 0" ::: "memory");
	GUEST_SYNC(1);
}

static void guest_jump_outside_ram(void)
{
	void (*fn)(void) = (void (*)(void))NOT_RAM_GPA;

	barrier();
	fn();
	GUEST_SYNC(1);
}

static void guest_fpu(void)
{
	unsigned long bits;

	/* FP instructions trap until the guest turns its FPU on. */
	csr_set(sstatus, SR_FS_INITIAL);
	asm volatile("fmv.x.d %0, fa0" : "=r"(bits));
	GUEST_SYNC(1, bits);
	asm volatile("fmv.d.x fa1, %0" : : "r"(FPU_E));
	asm volatile("fmv.x.d %0, fa1" : "=r"(bits));
	GUEST_SYNC(2, bits, csr_read(sstatus) & SR_FS);
	GUEST_DONE();
}

void guest_main(unsigned long hartid, unsigned long test)
{
	unsigned long p0 = guest_boot_args[2], p1 = guest_boot_args[3];

	GUEST_ASSERT_EQ(hartid, 0);
	switch (test) {
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
	case GT_READONLY_MEM:
		guest_readonly_mem();
		break;
	case GT_SHARED_MEM:
		guest_shared_mem();
		break;
	case GT_SBI_BASE:
		guest_sbi_base();
		break;
	case GT_SBI_PROBE_FORWARD:
		guest_sbi_probe_forward();
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
	case GT_IRQ_INJECT:
		guest_irq_inject(p0);
		break;
	case GT_SPIN:
		guest_spin();
		break;
	case GT_REPLY:
		guest_reply();
		break;
	case GT_SRST:
		guest_srst(p0, p1);
		break;
	case GT_ILLEGAL_HANDLED:
		guest_illegal_handled();
		break;
	case GT_ILLEGAL_NO_HANDLER:
		guest_illegal_no_handler();
		break;
	case GT_JUMP_OUTSIDE_RAM:
		guest_jump_outside_ram();
		break;
	case GT_FPU:
		guest_fpu();
		break;
	default:
		GUEST_ASSERT_EQ(test, 0);
	}
	GUEST_DONE();
}
