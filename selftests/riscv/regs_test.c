// SPDX-License-Identifier: GPL-2.0
/*
 * riscv vCPU state through the API, without running a guest:
 * AXVCPU_GET/SET_REGS, AXVCPU_GET/SET_FPU and AXVCPU_IRQ_LINE.
 */
#include <errno.h>
#include <string.h>

#include "harness.h"

#define HSTATUS_SPV		AXVCPU_RISCV_HSTATUS_SPV
#define HSTATUS_SPVP		AXVCPU_RISCV_HSTATUS_SPVP
#define HSTATUS_VSXL		AXVCPU_RISCV_HSTATUS_VSXL
#define HSTATUS_VMM_BITS	(AXVCPU_RISCV_HSTATUS_VTVM |		\
				 AXVCPU_RISCV_HSTATUS_VTW |		\
				 AXVCPU_RISCV_HSTATUS_VTSR)
#define HSTATUS_OWNED_BITS	(AXVCPU_RISCV_HSTATUS_GVA | HSTATUS_SPV |	\
				 HSTATUS_SPVP | HSTATUS_VSXL)

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
		for (i = 0; i < 32; i++) {
			EXPECT_EQ(0ULL, regs.gpr[i]) {
				TH_LOG("vCPU %u x%u", v, i);
			}
		}
		EXPECT_EQ(AXVCPU_RISCV_SSTATUS_SPP |
			  AXVCPU_RISCV_SSTATUS_FS_INITIAL, regs.sstatus);
		EXPECT_EQ(AXVCPU_RISCV_HSTATUS_VTW,
			  regs.hstatus & AXVCPU_RISCV_HSTATUS_VTW);
		EXPECT_EQ(~0ULL, regs.vstimecmp);
		EXPECT_EQ(0ULL, regs.vsie);
		EXPECT_EQ(0ULL, regs.vstvec);
		EXPECT_EQ(0ULL, regs.vsscratch);
		EXPECT_EQ(0ULL, regs.vsepc);
		EXPECT_EQ(0ULL, regs.vscause);
		EXPECT_EQ(0ULL, regs.vstval);
		EXPECT_EQ(0ULL, regs.vsatp);
		for (i = 0; i < ARRAY_SIZE(regs.reserved); i++) {
			EXPECT_EQ(0ULL, regs.reserved[i]) {
				TH_LOG("vCPU %u reserved[%u]", v, i);
			}
		}
	}
}

TEST_F(vcpu, regs_roundtrip)
{
	struct axvcpu_regs regs, out;
	unsigned int i;

	ASSERT_EQ(0, __axv_get_regs(&self->vcpu, &regs));
	regs.pc = 0x80001234;
	for (i = 1; i < 32; i++)
		regs.gpr[i] = 0x0101010101010101ULL * i ^ (0x8000000000000000ULL >> i);
	regs.vsscratch = 0xfedcba9876543210ULL;
	regs.vsepc = 0x80004000;
	regs.vstvec = 0x80002000;
	ASSERT_EQ(0, __axv_set_regs(&self->vcpu, &regs));

	memset(&out, 0xa5, sizeof(out));
	ASSERT_EQ(0, __axv_get_regs(&self->vcpu, &out));
	EXPECT_EQ(regs.pc, out.pc);
	EXPECT_EQ(0ULL, out.gpr[0]);
	for (i = 1; i < 32; i++) {
		EXPECT_EQ(regs.gpr[i], out.gpr[i]) {
			TH_LOG("x%u", i);
		}
	}
	EXPECT_EQ(regs.vsscratch, out.vsscratch);
	EXPECT_EQ(regs.vsepc, out.vsepc);
	EXPECT_EQ(regs.vstvec, out.vstvec);
	EXPECT_EQ(regs.sstatus, out.sstatus);
	EXPECT_EQ(regs.hstatus, out.hstatus);

	/* vCPUs do not share state. */
	ASSERT_EQ(0, __axv_get_regs(&self->vcpu1, &out));
	EXPECT_EQ(0ULL, out.pc);
	EXPECT_EQ(0ULL, out.gpr[1]);
	EXPECT_EQ(0ULL, out.vsscratch);
}

static void expect_set_einval(struct __test_metadata *_metadata,
			      struct axv_vcpu *vcpu,
			      const struct axvcpu_regs *good,
			      const struct axvcpu_regs *bad, const char *what)
{
	struct axvcpu_regs now;

	EXPECT_EQ(-EINVAL, __axv_set_regs(vcpu, bad)) {
		TH_LOG("%s", what);
	}
	/* A rejected SET changes nothing. */
	ASSERT_EQ(0, __axv_get_regs(vcpu, &now));
	EXPECT_EQ(0, memcmp(good, &now, sizeof(now))) {
		TH_LOG("%s: registers changed", what);
	}
}

TEST_F(vcpu, set_regs_invalid)
{
	static const unsigned int sstatus_bits[] = { 0, 1, 5, 18, 19, 63 };
	/* Not 6, 7, 8, 32, 33: axvcpu's own, ignored when set. */
	static const unsigned int hstatus_bits[] = { 0, 5, 9, 12, 16, 23,
						     34, 63 };
	struct axvcpu_regs good, bad;
	char what[64];
	unsigned int i;

	ASSERT_EQ(0, __axv_get_regs(&self->vcpu, &good));
	good.pc = 0x80000000;
	good.gpr[5] = 0x5555;
	ASSERT_EQ(0, __axv_set_regs(&self->vcpu, &good));
	ASSERT_EQ(0, __axv_get_regs(&self->vcpu, &good));

	bad = good;
	bad.gpr[0] = 1;
	expect_set_einval(_metadata, &self->vcpu, &good, &bad, "gpr[0] = 1");

	for (i = 0; i < ARRAY_SIZE(good.reserved); i++) {
		bad = good;
		bad.reserved[i] = 1ULL << (i * 3 % 64);
		snprintf(what, sizeof(what), "reserved[%u]", i);
		expect_set_einval(_metadata, &self->vcpu, &good, &bad, what);
	}
	for (i = 0; i < ARRAY_SIZE(sstatus_bits); i++) {
		bad = good;
		bad.sstatus |= 1ULL << sstatus_bits[i];
		snprintf(what, sizeof(what), "sstatus bit %u", sstatus_bits[i]);
		expect_set_einval(_metadata, &self->vcpu, &good, &bad, what);
	}
	for (i = 0; i < ARRAY_SIZE(hstatus_bits); i++) {
		bad = good;
		bad.hstatus |= 1ULL << hstatus_bits[i];
		snprintf(what, sizeof(what), "hstatus bit %u", hstatus_bits[i]);
		expect_set_einval(_metadata, &self->vcpu, &good, &bad, what);
	}
}

TEST_F(vcpu, sstatus_bits)
{
	struct axvcpu_regs regs;

	/* SPP and FS are the VMM's to set. */
	ASSERT_EQ(0, __axv_get_regs(&self->vcpu, &regs));
	regs.sstatus = AXVCPU_RISCV_SSTATUS_SPP | (1ULL << 13);
	EXPECT_EQ(0, __axv_set_regs(&self->vcpu, &regs));
	regs.sstatus = 0;
	EXPECT_EQ(0, __axv_set_regs(&self->vcpu, &regs));
	ASSERT_EQ(0, __axv_get_regs(&self->vcpu, &regs));
	EXPECT_EQ(0ULL, regs.sstatus & AXVCPU_RISCV_SSTATUS_SPP);
	regs.sstatus = AXVCPU_RISCV_SSTATUS_SPP;
	EXPECT_EQ(0, __axv_set_regs(&self->vcpu, &regs));
	ASSERT_EQ(0, __axv_get_regs(&self->vcpu, &regs));
	EXPECT_EQ(AXVCPU_RISCV_SSTATUS_SPP,
		  regs.sstatus & AXVCPU_RISCV_SSTATUS_SPP);
}

TEST_F(vcpu, hstatus_bits)
{
	struct axvcpu_regs regs;

	ASSERT_EQ(0, __axv_get_regs(&self->vcpu, &regs));
	/* Owned by axvcpu: read as set... */
	EXPECT_EQ(HSTATUS_SPV, regs.hstatus & HSTATUS_SPV);
	EXPECT_EQ(HSTATUS_SPVP, regs.hstatus & HSTATUS_SPVP);
	EXPECT_NE(0ULL, regs.hstatus & HSTATUS_VSXL);

	/* ...and ignored when written, while VTW/VTSR/VTVM stick. */
	regs.hstatus = HSTATUS_VMM_BITS;
	ASSERT_EQ(0, __axv_set_regs(&self->vcpu, &regs));
	ASSERT_EQ(0, __axv_get_regs(&self->vcpu, &regs));
	EXPECT_EQ(HSTATUS_VMM_BITS, regs.hstatus & HSTATUS_VMM_BITS);
	EXPECT_EQ(HSTATUS_SPV, regs.hstatus & HSTATUS_SPV);

	regs.hstatus = HSTATUS_OWNED_BITS;
	ASSERT_EQ(0, __axv_set_regs(&self->vcpu, &regs));
	ASSERT_EQ(0, __axv_get_regs(&self->vcpu, &regs));
	EXPECT_EQ(0ULL, regs.hstatus & HSTATUS_VMM_BITS);
	EXPECT_EQ(HSTATUS_SPVP, regs.hstatus & HSTATUS_SPVP);

	regs.hstatus = AXVCPU_RISCV_HSTATUS_VTW;
	ASSERT_EQ(0, __axv_set_regs(&self->vcpu, &regs));
	ASSERT_EQ(0, __axv_get_regs(&self->vcpu, &regs));
	EXPECT_EQ(AXVCPU_RISCV_HSTATUS_VTW, regs.hstatus & HSTATUS_VMM_BITS);
}

TEST_F(vcpu, fpu_roundtrip)
{
	struct axvcpu_fpu fpu, out;
	unsigned int i;

	memset(&fpu, 0, sizeof(fpu));
	ASSERT_EQ(0, __axv_get_fpu(&self->vcpu, &fpu));
	for (i = 0; i < 32; i++)
		fpu.f[i] = 0x4000000000000000ULL | (0x0102030405060708ULL * i);
	fpu.fcsr = 0x25;	/* frm = RTZ, fflags = NX | OF */
	ASSERT_EQ(0, __axv_set_fpu(&self->vcpu, &fpu));

	memset(&out, 0xa5, sizeof(out));
	ASSERT_EQ(0, __axv_get_fpu(&self->vcpu, &out));
	for (i = 0; i < 32; i++) {
		EXPECT_EQ(fpu.f[i], out.f[i]) {
			TH_LOG("f%u", i);
		}
	}
	EXPECT_EQ(fpu.fcsr, out.fcsr);
	EXPECT_EQ(0U, out.pad);

	ASSERT_EQ(0, __axv_get_fpu(&self->vcpu1, &out));
	EXPECT_NE(fpu.f[1], out.f[1]);
}

TEST_F(vcpu, fpu_pad_einval)
{
	struct axvcpu_fpu fpu, out;

	memset(&fpu, 0, sizeof(fpu));
	ASSERT_EQ(0, __axv_get_fpu(&self->vcpu, &fpu));
	fpu.f[3] = 0x1234;
	fpu.pad = 1;
	EXPECT_EQ(-EINVAL, __axv_set_fpu(&self->vcpu, &fpu));
	fpu.pad = 0x80000000;
	EXPECT_EQ(-EINVAL, __axv_set_fpu(&self->vcpu, &fpu));
	ASSERT_EQ(0, __axv_get_fpu(&self->vcpu, &out));
	EXPECT_NE(0x1234ULL, out.f[3]);
}

TEST_F(vcpu, irq_line)
{
	static const uint32_t bad_irqs[] = { 0, 2, 3, 5, 7, 8, 10, 11, 13,
					     16, 32, 0xffffffff };
	unsigned int i;

	EXPECT_EQ(0, __axv_irq_line(&self->vcpu, AXVCPU_RISCV_IRQ_SSI, 1));
	EXPECT_EQ(0, __axv_irq_line(&self->vcpu, AXVCPU_RISCV_IRQ_SSI, 0));
	EXPECT_EQ(0, __axv_irq_line(&self->vcpu, AXVCPU_RISCV_IRQ_SEI, 1));
	EXPECT_EQ(0, __axv_irq_line(&self->vcpu, AXVCPU_RISCV_IRQ_SEI, 0));
	/* Lowering a line that is low, on a stopped vCPU too. */
	EXPECT_EQ(0, __axv_irq_line(&self->vcpu1, AXVCPU_RISCV_IRQ_SEI, 0));
	EXPECT_EQ(0, __axv_irq_line(&self->vcpu1, AXVCPU_RISCV_IRQ_SSI, 1));

	for (i = 0; i < ARRAY_SIZE(bad_irqs); i++) {
		EXPECT_EQ(-EINVAL, __axv_irq_line(&self->vcpu, bad_irqs[i], 1)) {
			TH_LOG("irq %u", bad_irqs[i]);
		}
	}
	EXPECT_EQ(-EINVAL, __axv_irq_line(&self->vcpu, AXVCPU_RISCV_IRQ_SEI, 2));
	EXPECT_EQ(-EINVAL, __axv_irq_line(&self->vcpu, AXVCPU_RISCV_IRQ_SSI,
					  0xffffffff));
}

TEST_HARNESS_MAIN
