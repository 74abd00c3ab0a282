/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ucall: how selftest guests talk to their host test.
 *
 * A ucall is a hypercall that the kernel does not handle and so forwards to
 * userspace as AXVCPU_EXIT_HYPERCALL.  On riscv it is an SBI call of an
 * extension in the experimental range (0x08000000-0x08FFFFFF):
 *
 *	a7 = UCALL_EXT, a6 = command (UCALL_*), a0-a5 = arguments
 *
 * and the host answers in hypercall.ret[0] (SBI error, 0) and ret[1] (a
 * value the guest gets back from ucall()).  Arguments by command:
 *
 *	UCALL_SYNC	a0 = tag chosen by the test, a1-a5 = values
 *	UCALL_DONE	none; the guest is finished
 *	UCALL_FAIL	a0 = line, a1 = file name, a2 = failed expression
 *			(guest addresses of NUL-terminated strings),
 *			a3, a4 = values, a5 = how many of them are valid
 *	UCALL_UNHANDLED	a0 = scause, a1 = sepc, a2 = stval of a trap the
 *			guest had no handler for
 *
 * On arm64 it is an HVC with a function id that is not PSCI's, so that
 * the kernel forwards it with x1-x6 as arguments:
 *
 *	x0 = UCALL_EXT, x1 = command | a5 << UCALL_CMD_BITS, x2-x6 = a0-a4
 *
 * (a5 loses its top UCALL_CMD_BITS bits) and the host answers in ret[0]
 * (SMCCC status, 0) and ret[1], which the guest gets back in x1.  For
 * UCALL_UNHANDLED the arguments are esr, elr, far and the vector number.
 *
 * This header is shared by guest code (built with -DAXV_GUEST) and host
 * code, so it holds constants and, for the guest, the GUEST_* macros.
 */
#ifndef _UCALL_COMMON_H
#define _UCALL_COMMON_H

#define UCALL_EXT	0x08A0C0DE
/* arm64: the command's bits in x1 */
#define UCALL_CMD_BITS	8
#define UCALL_CMD_MASK	((1UL << UCALL_CMD_BITS) - 1)

enum ucall_cmd {
	UCALL_NONE,	/* host side only: the exit was not a ucall */
	UCALL_SYNC,
	UCALL_DONE,
	UCALL_FAIL,
	UCALL_UNHANDLED,
};

#ifdef AXV_GUEST

/* Returns the host's answer (hypercall.ret[1]). */
unsigned long ucall(unsigned long cmd, unsigned long a0, unsigned long a1,
		    unsigned long a2, unsigned long a3, unsigned long a4,
		    unsigned long a5);

void __attribute__((noreturn))
guest_assert_fail(const char *file, unsigned long line, const char *expr,
		  unsigned long a, unsigned long b, unsigned long nvals);

/* Pad a list of up to six values with zeros. */
#define __UCALL_ARGS(a0, a1, a2, a3, a4, a5, ...)			\
	(unsigned long)(a0), (unsigned long)(a1), (unsigned long)(a2),	\
	(unsigned long)(a3), (unsigned long)(a4), (unsigned long)(a5)

/* GUEST_SYNC(tag, values...): up to five values after the tag. */
#define GUEST_SYNC(...)							\
	ucall(UCALL_SYNC, __UCALL_ARGS(__VA_ARGS__, 0, 0, 0, 0, 0, 0))
#define GUEST_DONE()	ucall(UCALL_DONE, 0, 0, 0, 0, 0, 0)

#define GUEST_ASSERT(cond)						\
do {									\
	if (!(cond))							\
		guest_assert_fail(__FILE__, __LINE__, #cond, 0, 0, 0);	\
} while (0)

#define GUEST_ASSERT_EQ(a, b)						\
do {									\
	unsigned long __a = (unsigned long)(a);				\
	unsigned long __b = (unsigned long)(b);				\
	if (__a != __b)							\
		guest_assert_fail(__FILE__, __LINE__, #a " == " #b,	\
				  __a, __b, 2);				\
} while (0)

#endif /* AXV_GUEST */
#endif /* _UCALL_COMMON_H */
