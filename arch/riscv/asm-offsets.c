// SPDX-License-Identifier: GPL-2.0
/*
 * Offsets of the vCPU context for switch.S; kbuild turns this into
 * axvcpu-asm-offsets.h.
 */
#include <linux/kbuild.h>
#include <linux/stddef.h>

#include "axvcpu_arch.h"

void axvcpu_asm_offsets(void);

void axvcpu_asm_offsets(void)
{
	OFFSET(AXV_GUEST_GPRS, axvcpu_riscv_ctx, gpr);
	OFFSET(AXV_GUEST_SEPC, axvcpu_riscv_ctx, sepc);
	OFFSET(AXV_GUEST_SSTATUS, axvcpu_riscv_ctx, sstatus);
	OFFSET(AXV_GUEST_HSTATUS, axvcpu_riscv_ctx, hstatus);
	OFFSET(AXV_GUEST_SCOUNTEREN, axvcpu_riscv_ctx, scounteren);
	OFFSET(AXV_HOST_GPRS, axvcpu_riscv_ctx, host_gpr);
	OFFSET(AXV_HOST_SSTATUS, axvcpu_riscv_ctx, host_sstatus);
	OFFSET(AXV_HOST_HSTATUS, axvcpu_riscv_ctx, host_hstatus);
	OFFSET(AXV_HOST_SCOUNTEREN, axvcpu_riscv_ctx, host_scounteren);
	OFFSET(AXV_HOST_STVEC, axvcpu_riscv_ctx, host_stvec);
	OFFSET(AXV_TRAP_SCAUSE, axvcpu_riscv_ctx, scause);
	OFFSET(AXV_TRAP_STVAL, axvcpu_riscv_ctx, stval);
	OFFSET(AXV_TRAP_HTVAL, axvcpu_riscv_ctx, htval);
	OFFSET(AXV_TRAP_HTINST, axvcpu_riscv_ctx, htinst);
	DEFINE(AXV_GPR_SIZE, sizeof(((struct axvcpu_riscv_ctx *)0)->gpr[0]));
	BLANK();
	OFFSET(AXV_FP_F, axvcpu_riscv_fp, f);
	OFFSET(AXV_FP_FCSR, axvcpu_riscv_fp, fcsr);
	DEFINE(AXV_FP_SIZE, sizeof(((struct axvcpu_riscv_fp *)0)->f[0]));
}
