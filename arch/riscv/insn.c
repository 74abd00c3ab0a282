// SPDX-License-Identifier: GPL-2.0
/*
 * Instruction-level exits: guest page faults outside RAM become MMIO exits,
 * decoded from htinst or, when the CPU leaves htinst zero, from the guest's
 * instruction read with HLVX; virtual-instruction traps (WFI).
 */
#include <asm/csr.h>

#include "riscv.h"

#define INSN_WFI		0x10500073UL
#define OPCODE_LOAD		0x03
#define OPCODE_STORE		0x23

struct axv_mmio_insn {
	bool store;
	bool sign;
	u8 len;		/* access width */
	u8 reg;		/* rd of a load, rs2 of a store */
};

/* Decode a 32-bit load or store; false if it is anything else. */
static bool axv_decode32(u32 insn, struct axv_mmio_insn *d)
{
	u32 funct3 = (insn >> 12) & 7;

	switch (insn & 0x7f) {
	case OPCODE_LOAD:
		if (funct3 == 7)
			return false;
		d->store = false;
		d->len = 1 << (funct3 & 3);
		d->sign = funct3 < 3;	/* LB, LH, LW; LD needs no extension */
		d->reg = (insn >> 7) & 0x1f;
		return true;
	case OPCODE_STORE:
		if (funct3 > 3)
			return false;
		d->store = true;
		d->len = 1 << funct3;
		d->sign = false;
		d->reg = (insn >> 20) & 0x1f;
		return true;
	default:
		return false;
	}
}

/* Decode a compressed integer load or store (RV64C). */
static bool axv_decode16(u16 insn, struct axv_mmio_insn *d)
{
	u32 funct3 = (insn >> 13) & 7;
	u32 quadrant = insn & 3;

	if (quadrant != 0 && quadrant != 2)
		return false;
	switch (funct3) {
	case 2:	/* C.LW, C.LWSP */
	case 3:	/* C.LD, C.LDSP */
		d->store = false;
		d->sign = funct3 == 2;
		break;
	case 6:	/* C.SW, C.SWSP */
	case 7:	/* C.SD, C.SDSP */
		d->store = true;
		d->sign = false;
		break;
	default:	/* FP loads/stores and everything else */
		return false;
	}
	d->len = (funct3 & 1) ? 8 : 4;
	if (quadrant == 0)	/* rd'/rs2' in bits 4:2 name x8-x15 */
		d->reg = 8 + ((insn >> 2) & 7);
	else if (d->store)
		d->reg = (insn >> 2) & 0x1f;
	else
		d->reg = (insn >> 7) & 0x1f;
	return true;
}

static int axv_mmio_exit(struct axvcpu_vcpu *vcpu, u64 gpa,
			 const struct axv_mmio_insn *d, unsigned int insn_len)
{
	struct axvcpu_run *run = vcpu->run;

	memset(&run->mmio, 0, sizeof(run->mmio));
	run->mmio.phys_addr = gpa;
	run->mmio.len = d->len;
	vcpu->insn_len = insn_len;
	vcpu->mmio_len = d->len;
	vcpu->mmio_sign = d->sign;
	vcpu->mmio_reg = d->reg;
	if (d->store) {
		u64 v = vcpu->arch.ctx.gpr[d->reg];	/* x0 reads as 0 */

		if (d->len < 8)
			v &= BIT_ULL(d->len * 8) - 1;
		run->mmio.data = d->reg ? v : 0;
		run->exit_reason = AXVCPU_EXIT_MMIO_WRITE;
		vcpu->completion = AXVCPU_COMPLETE_MMIO_WRITE;
	} else {
		run->exit_reason = AXVCPU_EXIT_MMIO_READ;
		vcpu->completion = AXVCPU_COMPLETE_MMIO_READ;
	}
	return AXVCPU_RUN_EXIT;
}

/* The instruction at the guest pc; interrupts are off, the vCPU loaded. */
static bool axv_read_guest_insn(struct axvcpu_vcpu *vcpu, u32 *insn)
{
	unsigned long cause;

	*insn = axvcpu_riscv_read_insn(vcpu->arch.ctx.sepc,
				       vcpu->arch.ctx.hstatus, &cause);
	return !cause;
}

int axvcpu_riscv_gstage_fault(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_riscv_ctx *ctx = &vcpu->arch.ctx;
	bool write = ctx->scause == EXC_STORE_GUEST_PAGE_FAULT;
	u64 gpa = (ctx->htval << 2) | (ctx->stval & 3);
	struct axv_mmio_insn d;
	unsigned int len;
	u32 insn;

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
	if (ctx->htinst) {
		/*
		 * A transformed instruction: always the 32-bit form, with
		 * bit 1 clear if the original was a 16-bit one.
		 */
		insn = ctx->htinst | 2;
		len = (ctx->htinst & 2) ? 4 : 2;
	} else {
		if (!axv_read_guest_insn(vcpu, &insn))
			goto undecodable;
		len = (insn & 3) == 3 ? 4 : 2;
	}

	if (len == 4 || ctx->htinst) {
		if (!axv_decode32(insn, &d))
			goto undecodable;
	} else if (!axv_decode16(insn, &d)) {
		goto undecodable;
	}
	return axv_mmio_exit(vcpu, gpa, &d, len);

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
