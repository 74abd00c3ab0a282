// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 guests that misbehave on purpose: garbage in every EL1 register
 * the guest can name (and UNDEFINED accesses to EL2 and EL3 ones), jumps
 * to MMIO, past RAM and to the top of the guest physical address space,
 * endless loops with DAIF masked, in translation faults and in undefined
 * instructions: a signal must still end RUN, and the host must not notice
 * (its own EL1/EL0 registers, TLS included, are untouched).  And a VMM
 * that pulls memory away under its guest: the backing of touched and
 * untouched pages unmapped, a slot deleted while the guest uses it.  The guest
 * half is hostile_test_guest.c; hostile_test.h holds what both agree on,
 * and include/hostile_test_host.h the host half the two arches share.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "harness.h"
#include "hostile_test.h"

#define TIMEOUT		120
/* ESR EC values */
#define EC_UNKNOWN	0x00ULL
#define EC_IABT_CUR	0x21ULL
#define EC_DABT_LOW	0x24ULL
#define SCTLR_M		1ULL
/* Vector offset of a synchronous exception from EL1 on SP_EL1. */
#define VEC_CUR_SPX_SYNC	0x200ULL

/* A guest load from @gpa, which has no memory behind it. */
static void expect_no_memory_load(struct __test_metadata *_metadata,
				  const struct axvcpu_run *run, uint64_t gpa)
{
	EXPECT_EQ(4U, run->internal.ndata);
	EXPECT_EQ(EC_DABT_LOW, run->internal.data[0] >> 26 & 0x3f);
	EXPECT_EQ(gpa, run->internal.data[1]);
}

#include "hostile_test_host.h"

static const char *const sysreg_names[NR_SYSREGS] = {
	"sctlr_el1", "tcr_el1", "ttbr0_el1", "ttbr1_el1", "mair_el1",
	"amair_el1", "vbar_el1", "cpacr_el1", "contextidr_el1", "tpidr_el0",
	"tpidrro_el0", "tpidr_el1", "par_el1", "afsr0_el1", "afsr1_el1",
	"esr_el1", "far_el1", "csselr_el1", "cntkctl_el1", "cntv_ctl_el0",
	"cntv_cval_el0", "sp_el0", "elr_el1", "spsr_el1",
	"hcr_el2", "vttbr_el2", "vbar_el2", "sctlr_el2", "tpidr_el2",
	"cnthctl_el2", "scr_el3",
};

/*
 * Garbage in every EL1 register the guest can name: its own take what
 * they can without a trap; EL2 and EL3 registers are UNDEFINED for it, all
 * four accesses.  The guest then finishes normally, its registers as they
 * were, and the host thread's own TLS register is untouched.
 */
TEST_F_TIMEOUT(hostile, sysreg_garbage, TIMEOUT)
{
	const struct sysreg_result *res;
	struct axvcpu_regs before, after;
	void *tp = __builtin_thread_pointer();
	struct ucall uc;
	unsigned int i, n;

	axv_get_regs(self->vcpu, &before);
	start(self->vcpu, HT_SYSREG_GARBAGE);
	vcpu_run_sync(self->vcpu, &uc, 1);
	n = uc.args[2];
	ASSERT_EQ((unsigned int)NR_SYSREGS, n);
	res = test_gpa_to_hva(&self->t, uc.args[1], n * sizeof(*res));
	for (i = 0; i < n; i++) {
		const struct sysreg_result *r = &res[i];

		TH_LOG("%s: wrote %#lx, read %#lx, %lu traps",
		       sysreg_names[i], r->written, r->readback, r->trapped);
		ASSERT_EQ((unsigned long)i, r->id);
		if (i < NR_GUEST_SYSREGS) {
			EXPECT_EQ(0UL, r->trapped) {
				TH_LOG("%s", sysreg_names[i]);
			}
		} else {
			EXPECT_EQ(4UL, r->trapped) {
				TH_LOG("%s", sysreg_names[i]);
			}
		}
		switch (i) {
		/* 64 bits of storage, nothing more */
		case SR_TPIDR_EL0:
		case SR_TPIDRRO_EL0:
		case SR_TPIDR_EL1:
		case SR_FAR_EL1:
		case SR_ELR_EL1:
		case SR_SP_EL0:
		case SR_CNTV_CVAL_EL0:
			EXPECT_EQ(r->written, r->readback) {
				TH_LOG("%s", sysreg_names[i]);
			}
			break;
		}
	}
	vcpu_run_done(self->vcpu);

	EXPECT_EQ(tp, __builtin_thread_pointer());
	axv_get_regs(self->vcpu, &after);
	EXPECT_EQ(before.sctlr_el1, after.sctlr_el1);
	EXPECT_EQ(before.tcr_el1, after.tcr_el1);
	EXPECT_EQ(before.mair_el1, after.mair_el1);
	EXPECT_EQ(before.tpidr_el0, after.tpidr_el0);
	EXPECT_EQ(before.tpidr_el1, after.tpidr_el1);
	EXPECT_EQ(before.contextidr_el1, after.contextidr_el1);
}

/* Spinning with D, A, I and F masked: only a signal ends RUN. */
TEST_F_TIMEOUT(hostile, irqs_masked_spin_needs_signal, TIMEOUT)
{
	struct axvcpu_regs regs;

	start(self->vcpu, HT_IRQS_OFF_SPIN);
	vcpu_run_sync(self->vcpu, NULL, 1);
	stuck_until_signal(_metadata, self->vcpu);
	axv_get_regs(self->vcpu, &regs);
	EXPECT_EQ(0xfULL << 6, regs.pstate & (0xfULL << 6));
	EXPECT_LE(TEST_RAM_BASE, regs.pc);
	EXPECT_GT(TEST_RAM_BASE + TEST_RAM_SIZE, regs.pc);
}

/*
 * The guest takes its own translation faults forever (the vector's fetch
 * faults too), without one exit: a signal ends RUN, and the state shows
 * the guest at its vector with an instruction abort for that address.
 */
TEST_F_TIMEOUT(hostile, own_translation_faults_forever, TIMEOUT)
{
	struct axvcpu_regs regs;
	uint64_t vector;
	struct ucall uc;

	start(self->vcpu, HT_FAULT_LOOP);
	vcpu_run_sync(self->vcpu, &uc, 1);
	stuck_until_signal(_metadata, self->vcpu);
	axv_get_regs(self->vcpu, &regs);
	vector = regs.vbar_el1 + VEC_CUR_SPX_SYNC;
	EXPECT_EQ(SCTLR_M, regs.sctlr_el1 & SCTLR_M);
	EXPECT_EQ(uc.args[1], regs.ttbr0_el1 & ~0xfffULL);
	EXPECT_EQ(EC_IABT_CUR, regs.esr_el1 >> 26 & 0x3f);
	EXPECT_EQ(vector, regs.pc);
	EXPECT_EQ(vector, regs.elr_el1);
	EXPECT_EQ(vector, regs.far_el1);
}

/* Vectors of UDF: undefined-instruction exceptions forever, no exits. */
TEST_F_TIMEOUT(hostile, own_undef_forever, TIMEOUT)
{
	struct axvcpu_regs regs;
	struct ucall uc;

	start(self->vcpu, HT_UNDEF_LOOP);
	vcpu_run_sync(self->vcpu, &uc, 1);
	stuck_until_signal(_metadata, self->vcpu);
	axv_get_regs(self->vcpu, &regs);
	EXPECT_EQ(uc.args[1], regs.vbar_el1);
	EXPECT_EQ(EC_UNKNOWN, regs.esr_el1 >> 26 & 0x3f);
	EXPECT_EQ(uc.args[1] + VEC_CUR_SPX_SYNC, regs.pc);
	EXPECT_EQ(uc.args[1] + VEC_CUR_SPX_SYNC, regs.elr_el1);
}

/*
 * Jumps to MMIO, past RAM and to the last page below the 40-bit IPA limit:
 * a FETCH_FAULT that names the pc, every time, never a host problem.
 */
TEST_F_TIMEOUT(hostile, fetch_outside_ram, TIMEOUT)
{
	static const uint64_t pcs[] = {
		MMIO_ADDR, TEST_RAM_BASE + TEST_RAM_SIZE, 0, 1ULL << 39,
		(1ULL << 40) - 4096,
	};
	struct axvcpu_run *run = self->run;
	struct axvcpu_regs regs;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pcs); i++) {
		axv_get_regs(self->vcpu, &regs);
		regs.pc = pcs[i];
		axv_set_regs(self->vcpu, &regs);
		vcpu_run(self->vcpu);
		ASSERT_EXIT_REASON(self->vcpu, AXVCPU_EXIT_INTERNAL_ERROR);
		EXPECT_EQ((__u32)AXVCPU_INTERNAL_FETCH_FAULT,
			  run->internal.suberror) {
			TH_LOG("pc %#llx: suberror %u, esr %#llx",
			       (unsigned long long)pcs[i],
			       run->internal.suberror,
			       (unsigned long long)run->internal.data[0]);
		}
		EXPECT_EQ(pcs[i], run->internal.data[3]) {
			TH_LOG("pc %#llx", (unsigned long long)pcs[i]);
		}
	}
}

TEST_HARNESS_MAIN
