// SPDX-License-Identifier: GPL-2.0
/*
 * riscv64 guest runtime: boot state, trap dispatch and the default ends of
 * guest_main()/guest_secondary().
 */
#include "guest.h"

unsigned long guest_boot_args[8];

static guest_trap_handler_t exc_handlers[GUEST_NR_EXCEPTIONS];
static guest_trap_handler_t irq_handlers[GUEST_NR_IRQS];

void guest_install_handler(unsigned long cause, guest_trap_handler_t fn)
{
	unsigned long code = cause & ~CAUSE_IRQ_FLAG;

	if (cause & CAUSE_IRQ_FLAG) {
		if (code < GUEST_NR_IRQS)
			irq_handlers[code] = fn;
	} else if (code < GUEST_NR_EXCEPTIONS) {
		exc_handlers[code] = fn;
	}
}

void __weak guest_unhandled_trap(struct guest_trap_frame *f)
{
	guest_printf("guest: unhandled trap scause %#lx sepc %#lx stval %#lx\n",
		     f->scause, f->sepc, f->stval);
	guest_shutdown(SBI_SRST_REASON_SYSTEM_FAILURE);
}

/* Called from guest_trap_vector in start.S. */
void guest_handle_trap(struct guest_trap_frame *f);
void guest_handle_trap(struct guest_trap_frame *f)
{
	unsigned long code = f->scause & ~CAUSE_IRQ_FLAG;
	guest_trap_handler_t fn = NULL;

	if (f->scause & CAUSE_IRQ_FLAG) {
		if (code < GUEST_NR_IRQS)
			fn = irq_handlers[code];
	} else if (code < GUEST_NR_EXCEPTIONS) {
		fn = exc_handlers[code];
	}

	if (fn)
		fn(f);
	else
		guest_unhandled_trap(f);
}

void __weak guest_secondary(unsigned long hartid, unsigned long opaque)
{
	(void)hartid;
	(void)opaque;
}

/* Where guest_secondary() returns to (start.S). */
void __noreturn guest_hart_stop(void);
void __noreturn guest_hart_stop(void)
{
	sbi_hart_stop();
	guest_shutdown(SBI_SRST_REASON_SYSTEM_FAILURE);
}

void __noreturn guest_shutdown(unsigned long reason)
{
	for (;;) {
		sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, reason);
		wfi();
	}
}
