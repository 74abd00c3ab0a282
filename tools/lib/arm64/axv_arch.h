/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64 specifics of libaxvcpu.  RAM sits where QEMU's "virt" board puts
 * it, so that guests built for that board feel at home.
 */
#ifndef _AXV_ARCH_H
#define _AXV_ARCH_H

#define AXV_ARCH_ID		AXVCPU_ARCH_ARM64
#define AXV_ARCH_NAME		"arm64"
/* The backend's stage 2 covers 40 bits of IPA. */
#define AXV_ARCH_MIN_GPA_BITS	40

#define AXV_RAM_BASE		0x40000000ULL

/* Register numbers in struct axvcpu_regs.x[] */
#define AXV_REG_X(n)		(n)
#define AXV_REG_LR		30

/* SMCCC / PSCI, as the kernel handles or forwards them. */
#define SMCCC_RET_SUCCESS		0
#define SMCCC_RET_NOT_SUPPORTED		(-1)
/* PSCI function ids: the uapi header, which <linux/kvm.h> includes too. */
#include <linux/psci.h>

/*
 * Console hypercall of axvm and the selftests' guests: an SMCCC function
 * id outside PSCI (vendor hypervisor service range), x1 = character.
 */
#define AXV_HVC_CONSOLE_PUTCHAR		0x86000001U

#endif /* _AXV_ARCH_H */
