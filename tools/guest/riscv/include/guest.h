/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runtime for bare-metal riscv64 axvcpu guests.
 *
 * The guest runs in VS mode with no paging (virtual == guest physical),
 * linked at GUEST_RAM_BASE.  start.S zeroes .bss, gives each hart a stack,
 * installs a trap vector that dispatches to handlers registered with
 * guest_install_handler(), and calls
 *
 *	void guest_main(unsigned long hartid, unsigned long arg);
 *
 * on the boot hart (a0/a1 as the VMM set them; all of a0-a7 are kept in
 * guest_boot_args[]) and, on harts started with SBI HSM hart_start at
 * guest_secondary_entry,
 *
 *	void guest_secondary(unsigned long hartid, unsigned long opaque);
 *
 * When guest_main() returns the system is shut down with SBI SRST; when
 * guest_secondary() returns the hart stops with SBI HSM hart_stop.
 *
 * The boot hart zeroes .bss, every hart's stack included: other harts must
 * not be started before it has reached guest_main().
 */
#ifndef _GUEST_H
#define _GUEST_H

#include "guest_layout.h"

#ifndef __ASSEMBLER__

#include "guest_common.h"

/* CSR access; in VS mode the s* names reach the guest's vs* registers. */
#define __csr_str(x)	#x
#define csr_read(csr)							\
({									\
	unsigned long __v;						\
	asm volatile("csrr %0, " __csr_str(csr) : "=r"(__v) :: "memory"); \
	__v;								\
})
#define csr_write(csr, val)						\
	asm volatile("csrw " __csr_str(csr) ", %0" :: "rK"(val) : "memory")
#define csr_set(csr, val)						\
	asm volatile("csrs " __csr_str(csr) ", %0" :: "rK"(val) : "memory")
#define csr_clear(csr, val)						\
	asm volatile("csrc " __csr_str(csr) ", %0" :: "rK"(val) : "memory")

#define SR_SIE		(1UL << 1)
#define SR_SPIE		(1UL << 5)
#define SR_SPP		(1UL << 8)
#define SR_FS		(3UL << 13)
#define SR_FS_INITIAL	(1UL << 13)

#define IRQ_S_SOFT	1
#define IRQ_S_TIMER	5
#define IRQ_S_EXT	9
#define SIE_SSIE	(1UL << IRQ_S_SOFT)
#define SIE_STIE	(1UL << IRQ_S_TIMER)
#define SIE_SEIE	(1UL << IRQ_S_EXT)
#define SIP_SSIP	SIE_SSIE
#define SIP_STIP	SIE_STIE
#define SIP_SEIP	SIE_SEIE

#define CAUSE_IRQ_FLAG		(1UL << 63)
#define EXC_INST_MISALIGNED	0
#define EXC_INST_ACCESS		1
#define EXC_INST_ILLEGAL	2
#define EXC_BREAKPOINT		3
#define EXC_LOAD_ACCESS		5
#define EXC_STORE_ACCESS	7
#define EXC_ECALL_U		8
#define EXC_INST_PAGE_FAULT	12
#define EXC_LOAD_PAGE_FAULT	13
#define EXC_STORE_PAGE_FAULT	15
#define GUEST_NR_EXCEPTIONS	16
#define GUEST_NR_IRQS		16

static inline uint64_t rdtime(void)
{
	uint64_t t;

	asm volatile("rdtime %0" : "=r"(t));
	return t;
}

static inline void wfi(void)
{
	asm volatile("wfi" ::: "memory");
}

static inline void local_irq_enable(void)
{
	csr_set(sstatus, SR_SIE);
}

static inline void local_irq_disable(void)
{
	csr_clear(sstatus, SR_SIE);
}

/* SBI */
struct sbiret {
	long error;
	long value;
};

#define SBI_EXT_0_1_CONSOLE_PUTCHAR	0x01
#define SBI_EXT_BASE			0x10
#define SBI_EXT_TIME			0x54494D45
#define SBI_EXT_IPI			0x735049
#define SBI_EXT_RFENCE			0x52464E43
#define SBI_EXT_HSM			0x48534D
#define SBI_EXT_SRST			0x53525354
#define SBI_EXT_DBCN			0x4442434E

enum sbi_base_fid {
	SBI_BASE_GET_SPEC_VERSION = 0,
	SBI_BASE_GET_IMPL_ID,
	SBI_BASE_GET_IMPL_VERSION,
	SBI_BASE_PROBE_EXT,
	SBI_BASE_GET_MVENDORID,
	SBI_BASE_GET_MARCHID,
	SBI_BASE_GET_MIMPID,
};

enum sbi_hsm_fid {
	SBI_HSM_HART_START = 0,
	SBI_HSM_HART_STOP,
	SBI_HSM_HART_GET_STATUS,
	SBI_HSM_HART_SUSPEND,
};

#define SBI_HSM_STATE_STARTED		0
#define SBI_HSM_STATE_STOPPED		1

#define SBI_SRST_TYPE_SHUTDOWN		0
#define SBI_SRST_TYPE_COLD_REBOOT	1
#define SBI_SRST_TYPE_WARM_REBOOT	2
#define SBI_SRST_REASON_NONE		0
#define SBI_SRST_REASON_SYSTEM_FAILURE	1

#define SBI_DBCN_WRITE			0
#define SBI_DBCN_WRITE_BYTE		2

#define SBI_SUCCESS			0
#define SBI_ERR_FAILED			(-1)
#define SBI_ERR_NOT_SUPPORTED		(-2)
#define SBI_ERR_INVALID_PARAM		(-3)
#define SBI_ERR_DENIED			(-4)
#define SBI_ERR_INVALID_ADDRESS		(-5)
#define SBI_ERR_ALREADY_AVAILABLE	(-6)

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid,
			unsigned long arg0, unsigned long arg1,
			unsigned long arg2, unsigned long arg3,
			unsigned long arg4, unsigned long arg5);
long sbi_probe_extension(unsigned long ext);
struct sbiret sbi_set_timer(uint64_t stime);
struct sbiret sbi_send_ipi(unsigned long hart_mask,
			   unsigned long hart_mask_base);
struct sbiret sbi_hart_start(unsigned long hartid, unsigned long entry,
			     unsigned long opaque);
struct sbiret sbi_hart_stop(void);
struct sbiret sbi_hart_get_status(unsigned long hartid);
struct sbiret sbi_system_reset(unsigned long type, unsigned long reason);
void __noreturn guest_shutdown(unsigned long reason);

/* Console: SBI DBCN when the VMM offers it, else legacy console_putchar. */

/* Traps */
struct guest_trap_frame {
	unsigned long regs[32];	/* regs[0] is unused (x0) */
	unsigned long sepc;	/* written back on return: may be changed */
	unsigned long scause;
	unsigned long stval;
	unsigned long sstatus;
};

typedef void (*guest_trap_handler_t)(struct guest_trap_frame *frame);

/* @cause: exception code, or CAUSE_IRQ_FLAG | interrupt number. */
void guest_install_handler(unsigned long cause, guest_trap_handler_t fn);
/* Called for a trap with no handler; weak, tests override it. */
void guest_unhandled_trap(struct guest_trap_frame *frame);
/* Length in bytes of the instruction at @pc (2 or 4). */
static inline unsigned long insn_len(unsigned long pc)
{
	return (*(const volatile uint16_t *)pc & 3) == 3 ? 4 : 2;
}

/* Entry points and boot state (start.S) */
extern unsigned long guest_boot_args[8];
extern char guest_secondary_entry[];
extern char guest_trap_vector[];
void guest_main(unsigned long hartid, unsigned long arg);
void guest_secondary(unsigned long hartid, unsigned long opaque);

#endif /* !__ASSEMBLER__ */
#endif /* _GUEST_H */
