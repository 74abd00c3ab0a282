/* SPDX-License-Identifier: GPL-2.0 */
/* Declarations private to the riscv64 backend. */
#ifndef _AXVCPU_RISCV_H
#define _AXVCPU_RISCV_H

#include "axvcpu.h"

/* Guest-visible interrupt bits, in hvip positions. */
#define AXV_VSSIP	BIT(IRQ_VS_SOFT)
#define AXV_VSTIP	BIT(IRQ_VS_TIMER)
#define AXV_VSEIP	BIT(IRQ_VS_EXT)

extern bool axvcpu_riscv_has_sstc;

/*
 * switch.S; axvcpu_riscv_switch() is called from asm (see axv_switch()), as
 * is axvcpu_riscv_insn_fault (see axvcpu_riscv_read_guest_insn())
 */
void axvcpu_riscv_fp_save(struct axvcpu_riscv_fp *fp);
void axvcpu_riscv_fp_restore(const struct axvcpu_riscv_fp *fp);

/* mmu.c */
int axvcpu_riscv_mmu_init(void);
unsigned int axvcpu_riscv_gpa_bits(void);

/* Local fences, inline: put runs the first on every exit to userspace. */
static inline void axvcpu_riscv_local_flush_vmid(unsigned long vmid)
{
	/* hfence.gvma zero, vmid */
	asm volatile(".insn r 0x73, 0, 0x31, x0, x0, %0" : : "r" (vmid) : "memory");
}

static inline void axvcpu_riscv_local_flush_gpa(unsigned long vmid, u64 gpa)
{
	/* hfence.gvma gpa >> 2, vmid */
	asm volatile(".insn r 0x73, 0, 0x31, x0, %0, %1"
		     : : "r" (gpa >> 2), "r" (vmid) : "memory");
}

static inline void axvcpu_riscv_local_flush_vs(void)
{
	/* hfence.vvma zero, zero: the current VMID's VS-stage entries */
	asm volatile(".insn r 0x73, 0, 0x11, x0, x0, x0" : : : "memory");
}

/*
 * The instruction at the guest pc, false if it cannot be read.  HLVX reads
 * it with the guest's own translation and execute permission, at the
 * privilege in hstatus.SPVP.  A fault lands in axvcpu_riscv_insn_fault
 * (switch.S), which sets t2 and skips the HLVX: a bad guest pc is a false
 * return, never a host oops.  No host memory is touched.  Inline, as every
 * MMIO exit reads one on a CPU that leaves htinst 0; interrupts are off, as
 * stvec is ours meanwhile.
 */
static __always_inline bool axvcpu_riscv_read_guest_insn(struct axvcpu_vcpu *vcpu,
							 u32 *insn)
{
	register unsigned long failed asm("t2") = 0;
	unsigned long gva = vcpu->arch.ctx.sepc;
	unsigned long hstatus = vcpu->arch.ctx.hstatus;
	unsigned long stvec, lo, hi;

	asm volatile("	la	%[stvec], axvcpu_riscv_insn_fault\n"
		     "	csrrw	%[stvec], stvec, %[stvec]\n"
		     "	csrrw	%[hs], hstatus, %[hs]\n"
		     "	.insn r 0x73, 0x4, 0x32, %[lo], %[gva], x3\n"
		     "	bnez	%[failed], 1f\n"
		     /* Bits 1:0 both set: the first half of a 32-bit one. */
		     "	andi	%[hi], %[lo], 3\n"
		     "	addi	%[hi], %[hi], -3\n"
		     "	bnez	%[hi], 1f\n"
		     "	addi	%[gva], %[gva], 2\n"
		     "	.insn r 0x73, 0x4, 0x32, %[hi], %[gva], x3\n"
		     "	slli	%[hi], %[hi], 16\n"
		     "	or	%[lo], %[lo], %[hi]\n"
		     "1:	csrw	hstatus, %[hs]\n"
		     "	csrw	stvec, %[stvec]\n"
		     : [failed] "+r" (failed), [stvec] "=&r" (stvec),
		       [hs] "+r" (hstatus), [lo] "=&r" (lo), [hi] "=&r" (hi),
		       [gva] "+r" (gva)
		     :
		     : "t6");
	*insn = lo;
	return !failed;
}

/* vcpu.c */
void axvcpu_riscv_set_irq(struct axvcpu_vcpu *vcpu, unsigned long bit,
			  bool level);
void axvcpu_riscv_set_timer(struct axvcpu_vcpu *vcpu, u64 cmp);
void axvcpu_riscv_internal_error(struct axvcpu_vcpu *vcpu, u32 suberror);
void axvcpu_riscv_redirect_trap(struct axvcpu_vcpu *vcpu, unsigned long cause,
				unsigned long tval);

/* sbi.c */
int axvcpu_riscv_sbi_ecall(struct axvcpu_vcpu *vcpu);

/* insn.c */
int axvcpu_riscv_virtual_insn(struct axvcpu_vcpu *vcpu);

#endif /* _AXVCPU_RISCV_H */
