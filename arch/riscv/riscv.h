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

/* switch.S; axvcpu_riscv_switch() is called from asm, see axv_switch() */
unsigned long axvcpu_riscv_read_insn(unsigned long gva,
				     unsigned long guest_hstatus);
void axvcpu_riscv_fp_save(struct axvcpu_riscv_fp *fp);
void axvcpu_riscv_fp_restore(const struct axvcpu_riscv_fp *fp);

/* mmu.c */
int axvcpu_riscv_mmu_init(void);
unsigned int axvcpu_riscv_gpa_bits(void);
void axvcpu_riscv_local_flush_vmid(unsigned long vmid);
void axvcpu_riscv_local_flush_gpa(unsigned long vmid, u64 gpa);
void axvcpu_riscv_local_flush_vs(void);

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
int axvcpu_riscv_gstage_fault(struct axvcpu_vcpu *vcpu);
int axvcpu_riscv_virtual_insn(struct axvcpu_vcpu *vcpu);

#endif /* _AXVCPU_RISCV_H */
