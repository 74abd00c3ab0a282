/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runtime for bare-metal arm64 axvcpu guests.
 *
 * The guest runs at EL1h with the MMU off (virtual == guest physical),
 * linked at GUEST_RAM_BASE.  start.S zeroes .bss, gives each CPU a stack
 * (by MPIDR Aff0), installs a vector table that dispatches to handlers
 * registered with guest_install_handler(), and calls
 *
 *	void guest_main(unsigned long cpu, unsigned long arg);
 *
 * on the boot CPU (arg = x0 as the VMM set it; all of x0-x7 are kept in
 * guest_boot_args[]) and, on CPUs started with PSCI CPU_ON at
 * guest_secondary_entry,
 *
 *	void guest_secondary(unsigned long cpu, unsigned long context_id);
 *
 * When guest_main() returns the system is switched off with PSCI
 * SYSTEM_OFF; when guest_secondary() returns the CPU calls PSCI CPU_OFF.
 *
 * The boot CPU zeroes .bss, every CPU's stack included: other CPUs must
 * not be started before it has reached guest_main().
 */
#ifndef _GUEST_H
#define _GUEST_H

#include "guest_layout.h"

#ifndef __ASSEMBLER__

#include "guest_common.h"

/* System registers by name (or by s<op0>_<op1>_c<n>_c<m>_<op2>). */
#define __sysreg_str(x)	#x
#define read_sysreg(r)							\
({									\
	unsigned long __v;						\
	asm volatile("mrs %0, " __sysreg_str(r) : "=r"(__v) :: "memory"); \
	__v;								\
})
#define write_sysreg(r, val)						\
	asm volatile("msr " __sysreg_str(r) ", %x0"			\
		     :: "rZ"((unsigned long)(val)) : "memory")
#define isb()		asm volatile("isb" ::: "memory")

/* PSTATE.DAIF */
#define DAIF_F		(1UL << 6)
#define DAIF_I		(1UL << 7)
#define DAIF_A		(1UL << 8)
#define DAIF_D		(1UL << 9)

/* CNTV_CTL_EL0 */
#define CNTV_CTL_ENABLE		(1UL << 0)
#define CNTV_CTL_IMASK		(1UL << 1)
#define CNTV_CTL_ISTATUS	(1UL << 2)

/* ESR_EL1 */
#define ESR_EC_SHIFT		26
#define ESR_EC(esr)		(((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_EC_UNKNOWN		0x00
#define ESR_EC_IABT_CUR		0x21
#define ESR_EC_DABT_CUR		0x25
#define ESR_EC_BRK		0x3c
#define GUEST_NR_EXCEPTIONS	64

/* Vector numbers (offset / 0x80) of the table in start.S. */
#define VECTOR_CUR_SP0_SYNC	0
#define VECTOR_CUR_SPX_SYNC	4
#define VECTOR_CUR_SPX_IRQ	5
#define VECTOR_CUR_SPX_FIQ	6
#define VECTOR_CUR_SPX_SERROR	7

/* guest_install_handler() causes: an ESR EC, or one of these. */
#define GUEST_CAUSE_IRQ		0x100
#define GUEST_CAUSE_FIQ		0x101

static inline uint64_t read_cntvct(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

static inline uint64_t read_cntfrq(void)
{
	return read_sysreg(cntfrq_el0);
}

static inline void wfi(void)
{
	asm volatile("wfi" ::: "memory");
}

static inline void local_irq_enable(void)
{
	asm volatile("msr daifclr, #2" ::: "memory");
}

static inline void local_irq_disable(void)
{
	asm volatile("msr daifset, #2" ::: "memory");
}

/* SMCCC over HVC */
#define SMCCC_RET_SUCCESS		0
#define SMCCC_RET_NOT_SUPPORTED		(-1)
#define PSCI_0_2_FN_PSCI_VERSION	0x84000000UL
#define PSCI_0_2_FN_CPU_OFF		0x84000002UL
#define PSCI_0_2_FN64_CPU_ON		0xC4000003UL
#define PSCI_0_2_FN64_AFFINITY_INFO	0xC4000004UL
#define PSCI_0_2_FN_SYSTEM_OFF		0x84000008UL
#define PSCI_0_2_FN_SYSTEM_RESET	0x84000009UL
/* axvm's console: x1 = character (vendor hypervisor service range). */
#define AXV_HVC_CONSOLE_PUTCHAR		0x86000001UL

struct smccc_res {
	unsigned long a0, a1, a2, a3;
};

/* HVC #0 with x0 = @fn, x1-x6 = @args; x0-x3 come back in the result. */
struct smccc_res smccc_hvc(unsigned long fn, unsigned long a1,
			   unsigned long a2, unsigned long a3,
			   unsigned long a4, unsigned long a5,
			   unsigned long a6);
long psci_cpu_on(unsigned long target, unsigned long entry,
		 unsigned long context_id);
void __noreturn psci_cpu_off(void);
/* reason != 0 (a failure) asks for SYSTEM_RESET instead of SYSTEM_OFF. */
void __noreturn guest_shutdown(unsigned long reason);

/* Console: one axvm hypercall per character. */

/* Traps */
struct guest_trap_frame {
	unsigned long regs[31];	/* x0-x30 */
	unsigned long sp;	/* before the exception */
	unsigned long elr;	/* written back on return: may be changed */
	unsigned long spsr;	/* written back on return: may be changed */
	unsigned long esr;
	unsigned long far;
	unsigned long vector;	/* VECTOR_* */
	unsigned long pad;
};

typedef void (*guest_trap_handler_t)(struct guest_trap_frame *frame);

/* @cause: ESR EC of a synchronous exception, or GUEST_CAUSE_IRQ/FIQ. */
void guest_install_handler(unsigned long cause, guest_trap_handler_t fn);
/* Called for a trap with no handler; weak, tests override it. */
void guest_unhandled_trap(struct guest_trap_frame *frame);
/* A64 instructions are always 4 bytes. */
static inline unsigned long insn_len(unsigned long pc)
{
	(void)pc;
	return 4;
}

/* Entry points and boot state (start.S) */
extern unsigned long guest_boot_args[8];
extern char guest_secondary_entry[];
extern char guest_vectors[];
void guest_main(unsigned long cpu, unsigned long arg);
void guest_secondary(unsigned long cpu, unsigned long context_id);

#endif /* !__ASSEMBLER__ */
#endif /* _GUEST_H */
