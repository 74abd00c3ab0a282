/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding of the riscv64 loads and stores that reach MMIO: pure functions
 * of the instruction bits, shared with a userspace unit test
 * (selftests/riscv/decode_test.c) that defines u8, u16, u32, bool and
 * __always_inline.  Always inline: the MMIO exit path pays for each call.
 */
#ifndef _AXVCPU_RISCV_INSN_DECODE_H
#define _AXVCPU_RISCV_INSN_DECODE_H

#define AXV_OPCODE_LOAD		0x03
#define AXV_OPCODE_STORE	0x23

struct axv_mmio_insn {
	bool store;
	bool sign;	/* the loaded value is sign-extended */
	u8 len;		/* access width in bytes */
	u8 reg;		/* rd of a load, rs2 of a store */
	u8 insn_len;	/* of the guest's instruction: 2 or 4 */
};

/* A 32-bit integer load or store; false for anything else. */
static __always_inline bool axv_decode32(u32 insn, struct axv_mmio_insn *d)
{
	u32 funct3 = (insn >> 12) & 7;

	switch (insn & 0x7f) {
	case AXV_OPCODE_LOAD:
		if (funct3 == 7)
			return false;
		d->store = false;
		d->len = 1 << (funct3 & 3);
		d->sign = funct3 < 3;	/* LB, LH, LW; LD needs no extension */
		d->reg = (insn >> 7) & 0x1f;
		return true;
	case AXV_OPCODE_STORE:
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

/* A compressed integer load or store (RV64C), sp-relative forms included. */
static __always_inline bool axv_decode16(u16 insn, struct axv_mmio_insn *d)
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
	default:	/* FP loads and stores, and everything else */
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

/*
 * The access behind a guest page fault.  @htinst is the trap's htinst: 0,
 * or a transformed instruction (bit 0 set), always in its 32-bit form with
 * bit 1 clear when the original was a 16-bit one.  @insn is the instruction
 * read from the guest, used when @htinst is 0.
 */
static __always_inline bool axv_decode_mmio(unsigned long htinst,
					    u32 insn,
					    struct axv_mmio_insn *d)
{
	if (htinst) {
		if (!(htinst & 1))	/* a pseudo-instruction */
			return false;
		d->insn_len = (htinst & 2) ? 4 : 2;
		return axv_decode32((u32)htinst | 2, d);
	}
	if ((insn & 3) == 3) {
		d->insn_len = 4;
		return axv_decode32(insn, d);
	}
	d->insn_len = 2;
	return axv_decode16(insn, d);
}

#endif /* _AXVCPU_RISCV_INSN_DECODE_H */
