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
	OFFSET(AXV_GUEST_X, axvcpu_arm64_ctx, x);
	OFFSET(AXV_GUEST_SP_EL0, axvcpu_arm64_ctx, sp_el0);
	OFFSET(AXV_GUEST_PC, axvcpu_arm64_ctx, pc);
	OFFSET(AXV_GUEST_PSTATE, axvcpu_arm64_ctx, pstate);
	OFFSET(AXV_GUEST_HCR, axvcpu_arm64_ctx, hcr);
	OFFSET(AXV_GUEST_CPTR, axvcpu_arm64_ctx, cptr);
	OFFSET(AXV_GUEST_MDSCR, axvcpu_arm64_ctx, mdscr);
	OFFSET(AXV_HOST_SP_EL0, axvcpu_arm64_ctx, host_sp_el0);
	OFFSET(AXV_HOST_HCR, axvcpu_arm64_ctx, host_hcr);
	OFFSET(AXV_HOST_VBAR, axvcpu_arm64_ctx, host_vbar);
	OFFSET(AXV_HOST_CPTR, axvcpu_arm64_ctx, host_cptr);
	OFFSET(AXV_HOST_MDSCR, axvcpu_arm64_ctx, host_mdscr);
	OFFSET(AXV_EXIT_TYPE, axvcpu_arm64_ctx, exit_type);
	OFFSET(AXV_EXIT_ESR, axvcpu_arm64_ctx, esr);
	OFFSET(AXV_EXIT_FAR, axvcpu_arm64_ctx, far);
	OFFSET(AXV_EXIT_HPFAR, axvcpu_arm64_ctx, hpfar);
	BLANK();
	DEFINE(AXV_VEC_SYNC, AXV_EXIT_SYNC);
	DEFINE(AXV_VEC_IRQ, AXV_EXIT_IRQ);
	DEFINE(AXV_VEC_FIQ, AXV_EXIT_FIQ);
	DEFINE(AXV_VEC_SERROR, AXV_EXIT_SERROR);
}
