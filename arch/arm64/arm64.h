/* SPDX-License-Identifier: GPL-2.0 */
/* Declarations private to the arm64 backend. */
#ifndef _AXVCPU_ARM64_H
#define _AXVCPU_ARM64_H

#include "axvcpu.h"

#define AXV_INSN_LEN		4

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

/* vcpu.c */
void axvcpu_arm64_internal_error(struct axvcpu_vcpu *vcpu, u32 suberror);
bool axvcpu_arm64_wfi_should_halt(struct axvcpu_vcpu *vcpu);

/* exit.c */
int axvcpu_arm64_handle_sync(struct axvcpu_vcpu *vcpu);
int axvcpu_arm64_wfi(struct axvcpu_vcpu *vcpu);

/* psci.c */
int axvcpu_arm64_smccc_call(struct axvcpu_vcpu *vcpu, bool smc);

#endif /* _AXVCPU_ARM64_H */
