// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual-instruction traps (WFI).  Guest page faults, which become MMIO
 * exits, are handled in vcpu.c, inline in the run loop.
 */
#include <asm/csr.h>

#include "riscv.h"

#define INSN_WFI		0x10500073UL

int axvcpu_riscv_virtual_insn(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_riscv_ctx *ctx = &vcpu->arch.ctx;
	u32 insn = ctx->stval;

	if (!insn && !axvcpu_riscv_read_guest_insn(vcpu, &insn)) {
		axvcpu_riscv_internal_error(vcpu, AXVCPU_INTERNAL_UNHANDLED_TRAP);
		return AXVCPU_RUN_EXIT;
	}
	if (insn == INSN_WFI) {
		ctx->sepc += 4;
		/* Nothing the guest enabled can ever wake it: it has halted. */
		if (!(csr_read(CSR_VSIE) & (BIT(IRQ_S_SOFT) | BIT(IRQ_S_TIMER) |
					    BIT(IRQ_S_EXT)))) {
			vcpu->run->exit_reason = AXVCPU_EXIT_HALT;
			return AXVCPU_RUN_EXIT;
		}
		return AXVCPU_RUN_WFI;
	}
	/* What the guest may not do in VS mode is illegal, as on hardware. */
	axvcpu_riscv_redirect_trap(vcpu, EXC_INST_ILLEGAL, insn);
	return 0;
}
