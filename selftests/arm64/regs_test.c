// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 vCPU state through the API, without running a guest:
 * AXVCPU_GET/SET_REGS as documented in asm/axvcpu.h.
 */
#include <errno.h>
#include <string.h>

#include "harness.h"

#define PSTATE_DAIF	(AXVCPU_ARM64_PSTATE_D | AXVCPU_ARM64_PSTATE_A | \
			 AXVCPU_ARM64_PSTATE_I | AXVCPU_ARM64_PSTATE_F)
/* SCTLR_EL1 bits that are RES1 in ARMv8.0: 11, 20, 22, 23, 28, 29. */
#define SCTLR_RES1	((1ULL << 11) | (1ULL << 20) | (1ULL << 22) | \
			 (1ULL << 23) | (1ULL << 28) | (1ULL << 29))
#define MPIDR_RES1	(1ULL << 31)

FIXTURE(vcpu) {
	struct axv_vm vm;
	struct axv_vcpu vcpu;
	struct axv_vcpu vcpu1;
};

FIXTURE_SETUP(vcpu)
{
	self->vcpu.fd = self->vcpu1.fd = -1;
	ASSERT_VM_OPEN(&self->vm);
	ASSERT_EQ(0, __axv_vcpu_create(&self->vm, 0, &self->vcpu));
	ASSERT_EQ(0, __axv_vcpu_create(&self->vm, 1, &self->vcpu1));
}

FIXTURE_TEARDOWN(vcpu)
{
	if (self->vcpu.fd >= 0)
		axv_vcpu_close(&self->vcpu);
	if (self->vcpu1.fd >= 0)
		axv_vcpu_close(&self->vcpu1);
	axv_vm_close(&self->vm);
}

TEST_F(vcpu, initial_regs)
{
	struct axv_vcpu *vcpus[] = { &self->vcpu, &self->vcpu1 };
	struct axvcpu_regs regs;
	unsigned int v, i;

	for (v = 0; v < ARRAY_SIZE(vcpus); v++) {
		memset(&regs, 0xa5, sizeof(regs));
		ASSERT_EQ(0, __axv_get_regs(vcpus[v], &regs));

		EXPECT_EQ(0ULL, regs.pc);
		for (i = 0; i < 31; i++) {
			EXPECT_EQ(0ULL, regs.x[i]) {
				TH_LOG("vCPU %u x%u", v, i);
			}
		}
		EXPECT_EQ(AXVCPU_ARM64_PSTATE_MODE_EL1H | PSTATE_DAIF,
			  regs.pstate);
		EXPECT_EQ(SCTLR_RES1, regs.sctlr_el1);
		EXPECT_EQ(MPIDR_RES1 | v, regs.mpidr);
		EXPECT_EQ(0ULL, regs.sp_el0);
		EXPECT_EQ(0ULL, regs.sp_el1);
		EXPECT_EQ(0ULL, regs.vbar_el1);
		EXPECT_EQ(0ULL, regs.ttbr0_el1);
		EXPECT_EQ(0ULL, regs.tcr_el1);
		EXPECT_EQ(0ULL, regs.cntv_ctl_el0);
		EXPECT_EQ(0ULL, regs.cntv_cval_el0);
		for (i = 0; i < ARRAY_SIZE(regs.reserved); i++) {
			EXPECT_EQ(0ULL, regs.reserved[i]) {
				TH_LOG("vCPU %u reserved[%u]", v, i);
			}
		}
	}
}

TEST_F(vcpu, regs_roundtrip)
{
	struct axvcpu_regs regs, back;
	unsigned int i;

	ASSERT_EQ(0, __axv_get_regs(&self->vcpu, &regs));
	for (i = 0; i < 31; i++)
		regs.x[i] = 0x0101010101010101ULL * (i + 1);
	regs.sp_el0 = 0x40001000;
	regs.sp_el1 = 0x40002000;
	regs.pc = 0x40000040;
	regs.pstate = AXVCPU_ARM64_PSTATE_MODE_EL1T | AXVCPU_ARM64_PSTATE_I |
		      (1ULL << 31);	/* N */
	regs.vbar_el1 = 0x40000800;
	regs.tpidr_el1 = 0x1234567890abcdefULL;
	regs.cntv_cval_el0 = 0xfedcba9876543210ULL;
	regs.cntv_ctl_el0 = 2;	/* IMASK */
	regs.mpidr = MPIDR_RES1 | 0x0302;
	ASSERT_EQ(0, __axv_set_regs(&self->vcpu, &regs));

	memset(&back, 0xa5, sizeof(back));
	ASSERT_EQ(0, __axv_get_regs(&self->vcpu, &back));
	for (i = 0; i < 31; i++) {
		EXPECT_EQ(regs.x[i], back.x[i]) {
			TH_LOG("x%u", i);
		}
	}
	EXPECT_EQ(regs.sp_el0, back.sp_el0);
	EXPECT_EQ(regs.sp_el1, back.sp_el1);
	EXPECT_EQ(regs.pc, back.pc);
	EXPECT_EQ(regs.pstate, back.pstate);
	EXPECT_EQ(regs.vbar_el1, back.vbar_el1);
	EXPECT_EQ(regs.tpidr_el1, back.tpidr_el1);
	EXPECT_EQ(regs.cntv_cval_el0, back.cntv_cval_el0);
	EXPECT_EQ(regs.cntv_ctl_el0, back.cntv_ctl_el0);
	EXPECT_EQ(regs.mpidr, back.mpidr);

	/* The other vCPU is untouched. */
	ASSERT_EQ(0, __axv_get_regs(&self->vcpu1, &back));
	EXPECT_EQ(0ULL, back.x[0]);
	EXPECT_EQ(MPIDR_RES1 | 1, back.mpidr);
}

TEST_F(vcpu, invalid_regs)
{
	static const uint64_t bad_pstate[] = {
		0x9,			/* EL2h */
		0xd,			/* EL3h */
		0x10,			/* AArch32 */
		AXVCPU_ARM64_PSTATE_MODE_EL1H | (1ULL << 20),	/* IL */
	};
	struct axvcpu_regs regs, back;
	unsigned int i;

	ASSERT_EQ(0, __axv_get_regs(&self->vcpu, &regs));
	for (i = 0; i < ARRAY_SIZE(bad_pstate); i++) {
		struct axvcpu_regs r = regs;

		r.pstate = bad_pstate[i];
		EXPECT_EQ(-EINVAL, __axv_set_regs(&self->vcpu, &r)) {
			TH_LOG("pstate %#llx", (unsigned long long)r.pstate);
		}
	}
	{
		struct axvcpu_regs r = regs;

		r.reserved[3] = 1;
		EXPECT_EQ(-EINVAL, __axv_set_regs(&self->vcpu, &r));
		r = regs;
		r.mpidr = 1ULL << 40;	/* bits 39:32 are Aff3, 40 is RES0 */
		EXPECT_EQ(-EINVAL, __axv_set_regs(&self->vcpu, &r));
		r = regs;
		r.cntv_ctl_el0 = 8;
		EXPECT_EQ(-EINVAL, __axv_set_regs(&self->vcpu, &r));
	}
	/* A refused SET changes nothing. */
	ASSERT_EQ(0, __axv_get_regs(&self->vcpu, &back));
	EXPECT_EQ(0, memcmp(&regs, &back, sizeof(regs)));
}

TEST_HARNESS_MAIN
