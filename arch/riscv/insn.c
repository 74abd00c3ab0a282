// SPDX-License-Identifier: GPL-2.0
/*
 * Instruction-level exits: guest page faults outside RAM become MMIO exits,
 * decoded from htinst or, when the CPU leaves htinst zero, from the guest's
 * instruction read with HLVX; virtual-instruction traps (WFI).
 */
#include <asm/csr.h>

#include "riscv.h"
#include "insn_decode.h"

#define INSN_WFI		0x10500073UL

/* The instruction at the guest pc; interrupts are off, the vCPU loaded. */
static bool axv_read_guest_insn(struct axvcpu_vcpu *vcpu, u32 *insn)
{
	unsigned long v = axvcpu_riscv_read_insn(vcpu->arch.ctx.sepc,
						 vcpu->arch.ctx.hstatus);

	*insn = v;
	return !(v >> 32);
}

int axvcpu_riscv_gstage_fault(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_riscv_ctx *ctx = &vcpu->arch.ctx;
	bool write = ctx->scause == EXC_STORE_GUEST_PAGE_FAULT;
	u64 gpa = (ctx->htval << 2) | (ctx->stval & 3);
	struct axv_mmio_insn d;
	u32 insn = 0;

	if (axvcpu_gpa_is_ram(vcpu->vm, gpa, write)) {
		vcpu->arch.fault_gpa = gpa;
		vcpu->arch.fault_write = write;
		return AXVCPU_RUN_GFAULT;
	}
	if (ctx->scause == EXC_INST_GUEST_PAGE_FAULT) {
		axvcpu_riscv_internal_error(vcpu, AXVCPU_INTERNAL_FETCH_FAULT);
		return AXVCPU_RUN_EXIT;
	}

	if (ctx->htinst && !(ctx->htinst & 1)) {
		/* A pseudo-instruction: the guest's own page-table walk. */
		axvcpu_riscv_internal_error(vcpu, AXVCPU_INTERNAL_GUEST_PT_FAULT);
		return AXVCPU_RUN_EXIT;
	}
	if (!ctx->htinst && !axv_read_guest_insn(vcpu, &insn))
		goto undecodable;
	if (!axv_decode_mmio(ctx->htinst, insn, &d))
		goto undecodable;
	/* x0 reads as 0 and takes no value. */
	return axvcpu_exit_mmio(vcpu, gpa, d.len, d.store,
				d.reg ? ctx->gpr[d.reg] : 0, d.sign, d.reg,
				d.insn_len);

undecodable:
	axvcpu_riscv_internal_error(vcpu, AXVCPU_INTERNAL_MMIO_DECODE);
	return AXVCPU_RUN_EXIT;
}

int axvcpu_riscv_virtual_insn(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_riscv_ctx *ctx = &vcpu->arch.ctx;
	u32 insn = ctx->stval;

	if (!insn && !axv_read_guest_insn(vcpu, &insn)) {
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
