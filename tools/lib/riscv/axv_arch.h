/* SPDX-License-Identifier: GPL-2.0 */
/*
 * riscv64 specifics of libaxvcpu.  Addresses follow QEMU's "virt" board so
 * that guests built for it feel at home.
 */
#ifndef _AXV_ARCH_H
#define _AXV_ARCH_H

#define AXV_ARCH_ID		AXVCPU_ARCH_RISCV64
#define AXV_ARCH_NAME		"riscv64"
/* Sv39x4 G-stage: the narrowest a host may offer. */
#define AXV_ARCH_MIN_GPA_BITS	41

#define AXV_RAM_BASE		0x80000000ULL

/* Register numbers in struct axvcpu_regs.gpr[] */
#define AXV_REG_RA		1
#define AXV_REG_SP		2
#define AXV_REG_A0		10
#define AXV_REG_A1		11
#define AXV_REG_A(n)		(10 + (n))

/* SBI, as the kernel forwards it in AXVCPU_EXIT_HYPERCALL. */
#define SBI_EXT_0_1_CONSOLE_PUTCHAR	0x01
#define SBI_EXT_0_1_CONSOLE_GETCHAR	0x02
#define SBI_EXT_BASE			0x10
#define SBI_EXT_TIME			0x54494D45
#define SBI_EXT_IPI			0x735049
#define SBI_EXT_RFENCE			0x52464E43
#define SBI_EXT_HSM			0x48534D
#define SBI_EXT_SRST			0x53525354
#define SBI_EXT_DBCN			0x4442434E

#define SBI_BASE_GET_SPEC_VERSION	0
#define SBI_BASE_PROBE_EXT		3

#define SBI_DBCN_WRITE			0
#define SBI_DBCN_READ			1
#define SBI_DBCN_WRITE_BYTE		2

#define SBI_SUCCESS			0
#define SBI_ERR_FAILED			(-1)
#define SBI_ERR_NOT_SUPPORTED		(-2)
#define SBI_ERR_INVALID_PARAM		(-3)
#define SBI_ERR_DENIED			(-4)
#define SBI_ERR_INVALID_ADDRESS		(-5)
#define SBI_ERR_ALREADY_AVAILABLE	(-6)

#define SBI_SRST_REASON_NONE		0
#define SBI_SRST_REASON_SYSTEM_FAILURE	1

#endif /* _AXV_ARCH_H */
