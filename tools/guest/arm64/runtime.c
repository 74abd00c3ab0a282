// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 guest runtime: boot state, exception dispatch, PSCI and the
 * default ends of guest_main()/guest_secondary().
 */
#include "guest.h"

unsigned long guest_boot_args[8];

static guest_trap_handler_t exc_handlers[GUEST_NR_EXCEPTIONS];
static guest_trap_handler_t irq_handler, fiq_handler;

void guest_install_handler(unsigned long cause, guest_trap_handler_t fn)
{
	if (cause == GUEST_CAUSE_IRQ)
		irq_handler = fn;
	else if (cause == GUEST_CAUSE_FIQ)
		fiq_handler = fn;
	else if (cause < GUEST_NR_EXCEPTIONS)
		exc_handlers[cause] = fn;
}

void __weak guest_unhandled_trap(struct guest_trap_frame *f)
{
	guest_printf("guest: unhandled exception vector %lu esr %#lx elr %#lx far %#lx\n",
		     f->vector, f->esr, f->elr, f->far);
	guest_shutdown(1);
}

/* Called from the vectors in start.S. */
void guest_handle_trap(struct guest_trap_frame *f);
void guest_handle_trap(struct guest_trap_frame *f)
{
	guest_trap_handler_t fn = NULL;

	/* Only exceptions taken at EL1 with SP_EL1 are expected. */
	switch (f->vector) {
	case VECTOR_CUR_SPX_SYNC:
		fn = exc_handlers[ESR_EC(f->esr)];
		break;
	case VECTOR_CUR_SPX_IRQ:
		fn = irq_handler;
		break;
	case VECTOR_CUR_SPX_FIQ:
		fn = fiq_handler;
		break;
	default:
		break;
	}

	if (fn)
		fn(f);
	else
		guest_unhandled_trap(f);
}

struct smccc_res smccc_hvc(unsigned long fn, unsigned long a1,
			   unsigned long a2, unsigned long a3,
			   unsigned long a4, unsigned long a5,
			   unsigned long a6)
{
	register unsigned long x0 asm("x0") = fn;
	register unsigned long x1 asm("x1") = a1;
	register unsigned long x2 asm("x2") = a2;
	register unsigned long x3 asm("x3") = a3;
	register unsigned long x4 asm("x4") = a4;
	register unsigned long x5 asm("x5") = a5;
	register unsigned long x6 asm("x6") = a6;

	/* SMCCC 1.1: x4-x17 are preserved, x0-x3 are the results. */
	asm volatile("hvc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
		     : "r"(x4), "r"(x5), "r"(x6)
		     : "memory");
	return (struct smccc_res){ x0, x1, x2, x3 };
}

long psci_cpu_on(unsigned long target, unsigned long entry,
		 unsigned long context_id)
{
	return smccc_hvc(PSCI_0_2_FN64_CPU_ON, target, entry, context_id,
			 0, 0, 0).a0;
}

void __noreturn psci_cpu_off(void)
{
	smccc_hvc(PSCI_0_2_FN_CPU_OFF, 0, 0, 0, 0, 0, 0);
	guest_shutdown(1);
}

void __weak guest_secondary(unsigned long cpu, unsigned long context_id)
{
	(void)cpu;
	(void)context_id;
}

/* Where guest_secondary() returns to (start.S). */
void __noreturn guest_cpu_stop(void);
void __noreturn guest_cpu_stop(void)
{
	psci_cpu_off();
}

void __noreturn guest_shutdown(unsigned long reason)
{
	for (;;) {
		smccc_hvc(reason ? PSCI_0_2_FN_SYSTEM_RESET :
			  PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0, 0, 0, 0);
		wfi();
	}
}
