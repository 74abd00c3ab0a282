/* SPDX-License-Identifier: GPL-2.0 */
/* Declarations private to the arm64 backend. */
#ifndef _AXVCPU_ARM64_H
#define _AXVCPU_ARM64_H

#include <asm/esr.h>
#include <asm/kvm_arm.h>
#include <asm/sysreg.h>
#include <asm/tlbflush.h>

#include "axvcpu.h"

#define AXV_INSN_LEN		4

/* 2 for a 16-bit T32 instruction, which an AArch32 EL0 may trap on. */
static inline unsigned int axv_insn_len(u64 esr)
{
	return esr & ESR_ELx_IL ? AXV_INSN_LEN : 2;
}

/* A data abort's transfer register (31: XZR). */
#define AXV_ESR_SRT(esr)	(((esr) & ESR_ELx_SRT_MASK) >> ESR_ELx_SRT_SHIFT)

/* switch.S */
void axvcpu_arm64_switch(struct axvcpu_arm64_ctx *ctx);
void axvcpu_arm64_fp_save(struct user_fpsimd_state *fp);
void axvcpu_arm64_fp_restore(const struct user_fpsimd_state *fp);
void __noreturn axvcpu_arm64_hyp_panic(u64 esr, u64 elr, u64 far, u64 spsr);

/* mmu.c */
int axvcpu_arm64_mmu_init(void);
unsigned int axvcpu_arm64_ipa_bits(void);
extern u64 axvcpu_arm64_vtcr_el2;
/* With FWB, stage 2 alone makes guest RAM write-back, MMU on or off. */
extern u64 axvcpu_arm64_hcr_fwb;
void axvcpu_arm64_flush_loaded_vmid(void);

/*
 * Flush the stage 1 and 2 translations of the VMID in VTTBR_EL2, on every
 * CPU or only this one, with interrupts off.  "E1" TLB maintenance acts on
 * the host's EL2&0 regime while HCR_EL2.TGE is set, so TGE is cleared
 * around it, with the VM's stage 2 (and VTCR_EL2, for the VMID width) in
 * place, as KVM does.  On this CPU: at put, what the VM left, as KVM hands
 * out its VMIDs without flushing them until its generation rolls over and
 * may give a guest of its one of ours at any time; at load, what a KVM
 * guest left.  Inline: put runs it on every exit to userspace.
 */
static __always_inline void axvcpu_arm64_tlbi_loaded_vmid(bool all_cpus)
{
	u64 hcr = read_sysreg(hcr_el2);

	write_sysreg(hcr & ~HCR_TGE, hcr_el2);
	isb();
	if (all_cpus) {
		__tlbi(vmalls12e1is);
		dsb(ish);
	} else {
		__tlbi(vmalls12e1);
		/* VMID-tagged instruction caches too */
		asm volatile("ic iallu");
		dsb(nsh);
	}
	isb();
	write_sysreg(hcr, hcr_el2);
	isb();
}

/* vcpu.c */
void axvcpu_arm64_internal_error(struct axvcpu_vcpu *vcpu, u32 suberror);
bool axvcpu_arm64_wfi_should_halt(struct axvcpu_vcpu *vcpu);

/* exit.c */
int axvcpu_arm64_abort(struct axvcpu_vcpu *vcpu, bool data);
int axvcpu_arm64_dabt(struct axvcpu_vcpu *vcpu);
int axvcpu_arm64_sysreg(struct axvcpu_vcpu *vcpu);
int axvcpu_arm64_wfx(struct axvcpu_vcpu *vcpu);
int axvcpu_arm64_wfi(struct axvcpu_vcpu *vcpu);

/* psci.c */
int axvcpu_arm64_smccc_call(struct axvcpu_vcpu *vcpu, bool smc);

#endif /* _AXVCPU_ARM64_H */
