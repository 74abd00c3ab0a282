// SPDX-License-Identifier: GPL-2.0
/*
 * riscv guest behaviours: hypercalls, MMIO, memory, SBI, timer and
 * interrupts, signals, system reset, faults and the FPU.  The guest half
 * is guest_test_guest.c; guest_test.h holds what both agree on, and
 * include/guest_test_host.h the host half the two arches share.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "harness.h"
#include "guest_test.h"

#define TIMEOUT		60
#define GUEST_TEST_VCPUS	1
#define SCAUSE_IRQ	(1ULL << 63)
#define EXC_INST_GUEST_PAGE_FAULT	20ULL

#include "guest_test_host.h"

TEST_F_TIMEOUT(guest, hypercall, TIMEOUT)
{
	struct axvcpu_run *run = self->run;
	struct ucall uc;
	unsigned int i;

	start(self->vcpu, GT_HYPERCALL, 0, 0);
	vcpu_run(self->vcpu);
	ASSERT_EXIT_REASON(self->vcpu, AXVCPU_EXIT_HYPERCALL);
	EXPECT_EQ(HCALL_EXT, run->hypercall.nr);
	EXPECT_EQ(HCALL_FID, run->hypercall.function);
	for (i = 0; i < 6; i++) {
		EXPECT_EQ(HCALL_ARG(i), run->hypercall.args[i]) {
			TH_LOG("args[%u]", i);
		}
	}
	EXPECT_EQ((__u64)-2, run->hypercall.ret[0]);
	EXPECT_EQ(0ULL, run->hypercall.ret[1]);
	EXPECT_EQ(0ULL, run->hypercall.ret[2]);
	EXPECT_EQ(0ULL, run->hypercall.ret[3]);
	EXPECT_EQ(0U, run->hypercall.flags);

	run->hypercall.ret[0] = HCALL_RET0;
	run->hypercall.ret[1] = HCALL_RET1;
	vcpu_run_sync(self->vcpu, &uc, 1);
	EXPECT_EQ(HCALL_RET0, uc.args[1]);
	EXPECT_EQ(HCALL_RET1, uc.args[2]);
	vcpu_run_done(self->vcpu);
}

TEST_F_TIMEOUT(guest, mmio_read, TIMEOUT)
{
	static const struct mmio_load_step loads[NR_MMIO_LOADS] = {
		[ML_LB]	      = { "lb",   1, MMIO_DATA_NEG, 0xffffffffffffffffULL },
		[ML_LBU]      = { "lbu",  1, MMIO_DATA_NEG, 0xffULL },
		[ML_LH]	      = { "lh",   2, MMIO_DATA_NEG, 0xffffffffffffeeffULL },
		[ML_LHU]      = { "lhu",  2, MMIO_DATA_NEG, 0xeeffULL },
		[ML_LW]	      = { "lw",   4, MMIO_DATA_NEG, 0xffffffffccddeeffULL },
		[ML_LWU]      = { "lwu",  4, MMIO_DATA_NEG, 0xccddeeffULL },
		[ML_LD]	      = { "ld",   8, MMIO_DATA_NEG, MMIO_DATA_NEG },
		[ML_C_LW]     = { "c.lw", 4, MMIO_DATA_NEG, 0xffffffffccddeeffULL },
		[ML_C_LD]     = { "c.ld", 8, MMIO_DATA_NEG, MMIO_DATA_NEG },
		[ML_LW_POS]   = { "lw",   4, MMIO_DATA_POS, 0x76543210ULL },
		[ML_LH_POS]   = { "lh",   2, MMIO_DATA_POS, 0x3210ULL },
		[ML_LB_POS]   = { "lb",   1, MMIO_DATA_POS, 0x10ULL },
		[ML_C_LW_POS] = { "c.lw", 4, MMIO_DATA_POS, 0x76543210ULL },
	};

	mmio_read_steps(_metadata, self, loads);
}

TEST_F_TIMEOUT(guest, mmio_write, TIMEOUT)
{
	static const struct mmio_store_step stores[NR_MMIO_STORES] = {
		[MS_SB]	     = { "sb",      1, MMIO_STORE_VAL(MS_SB) },
		[MS_SH]	     = { "sh",      2, MMIO_STORE_VAL(MS_SH) },
		[MS_SW]	     = { "sw",      4, MMIO_STORE_VAL(MS_SW) },
		[MS_SD]	     = { "sd",      8, MMIO_STORE_VAL(MS_SD) },
		[MS_C_SW]    = { "c.sw",    4, MMIO_STORE_VAL(MS_C_SW) },
		[MS_C_SD]    = { "c.sd",    8, MMIO_STORE_VAL(MS_C_SD) },
		[MS_SD_ZERO] = { "sd zero", 8, 0 },
		[MS_SB_ZERO] = { "sb zero", 1, 0 },
	};

	mmio_write_steps(_metadata, self, stores);
}

TEST_F_TIMEOUT(guest, readonly_memory, TIMEOUT)
{
	struct axvcpu_run *run = self->run;
	size_t pg = getpagesize();
	uint64_t *ro;
	struct ucall uc;
	unsigned int i;

	ro = mmap(NULL, pg, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	for (i = 0; i < pg / 8; i++)
		ro[i] = RO_PATTERN(i);
	ASSERT_EQ(0, mprotect(ro, pg, PROT_READ));
	ASSERT_EQ(0, __axv_set_memory_region(&self->t.vm, 1,
			AXVCPU_MEM_READONLY, RO_GPA, pg, ro));

	start(self->vcpu, GT_READONLY_MEM, 0, 0);
	vcpu_run_sync(self->vcpu, &uc, 1);
	EXPECT_EQ(RO_PATTERN(0), uc.args[1]);
	EXPECT_EQ(RO_PATTERN(1), uc.args[2]);
	EXPECT_EQ(RO_PATTERN(511), uc.args[3]);

	vcpu_run(self->vcpu);
	ASSERT_EXIT_REASON(self->vcpu, AXVCPU_EXIT_MMIO_WRITE);
	EXPECT_EQ(RO_GPA + 8, run->mmio.phys_addr);
	EXPECT_EQ(8U, run->mmio.len);
	EXPECT_EQ(0xdeadbeefcafef00dULL, run->mmio.data);

	vcpu_run(self->vcpu);
	ASSERT_EXIT_REASON(self->vcpu, AXVCPU_EXIT_MMIO_WRITE);
	EXPECT_EQ(RO_GPA + 20, run->mmio.phys_addr);
	EXPECT_EQ(4U, run->mmio.len);
	EXPECT_EQ(0x76543210ULL, run->mmio.data & 0xffffffffULL);

	/* Neither store reached the memory. */
	vcpu_run_sync(self->vcpu, &uc, 2);
	EXPECT_EQ(RO_PATTERN(0), uc.args[1]);
	EXPECT_EQ(RO_PATTERN(1), uc.args[2]);
	EXPECT_EQ(RO_PATTERN(2), uc.args[3]);
	EXPECT_EQ(RO_PATTERN(1), ro[1]);
	EXPECT_EQ(RO_PATTERN(2), ro[2]);
	vcpu_run_done(self->vcpu);

	axv_delete_memory_region(&self->t.vm, 1);
	munmap(ro, pg);
}

TEST_F_TIMEOUT(guest, shared_memory, TIMEOUT)
{
	volatile uint64_t *mem;
	uint64_t sum = 0;
	struct ucall uc;
	unsigned int i;

	start(self->vcpu, GT_SHARED_MEM, 0, 0);
	vcpu_run_sync(self->vcpu, &uc, 1);
	ASSERT_EQ((uint64_t)SHARED_WORDS, uc.args[2]);
	mem = test_gpa_to_hva(&self->t, uc.args[1], SHARED_WORDS * 8);

	/* The guest's writes are in our mapping... */
	for (i = 0; i < SHARED_WORDS; i++) {
		ASSERT_EQ(GUEST_PATTERN(i), mem[i]) {
			TH_LOG("word %u", i);
		}
	}
	/* ...and ours in the guest's memory. */
	for (i = 0; i < SHARED_WORDS; i++) {
		mem[i] = HOST_PATTERN(i);
		sum += HOST_PATTERN(i);
	}
	vcpu_run_sync(self->vcpu, &uc, 2);
	EXPECT_EQ(sum, uc.args[1]);
	vcpu_run_done(self->vcpu);
}

TEST_F_TIMEOUT(guest, sbi_base_in_kernel, TIMEOUT)
{
	static const uint64_t exts[] = {
		0x54494D45, 0x735049, 0x52464E43, 0x48534D, 0x53525354,
	};
	struct ucall uc;
	unsigned int i;

	/* Each vcpu_run_sync() fails on any exit but the ucall. */
	start(self->vcpu, GT_SBI_BASE, 0, 0);
	vcpu_run_sync(self->vcpu, &uc, 1);
	EXPECT_EQ(0ULL, uc.args[1]);
	EXPECT_LE(0x01000000ULL, uc.args[2]);
	EXPECT_GT(0x80000000ULL, uc.args[2]);	/* bit 31 must be 0 */

	for (i = 0; i < ARRAY_SIZE(exts); i++) {
		vcpu_run_sync(self->vcpu, &uc, 2);
		EXPECT_EQ(exts[i], uc.args[1]);
		EXPECT_EQ(0ULL, uc.args[2]) {
			TH_LOG("probe %#llx", (unsigned long long)exts[i]);
		}
		EXPECT_EQ(1ULL, uc.args[3]) {
			TH_LOG("probe %#llx", (unsigned long long)exts[i]);
		}
	}
	for (i = 4; i <= 6; i++) {
		vcpu_run_sync(self->vcpu, &uc, 3);
		EXPECT_EQ((uint64_t)i, uc.args[1]);
		EXPECT_EQ(0ULL, uc.args[2]) {
			TH_LOG("base function %u", i);
		}
		EXPECT_EQ(0ULL, uc.args[3]) {
			TH_LOG("base function %u", i);
		}
	}
	vcpu_run_done(self->vcpu);
}

TEST_F_TIMEOUT(guest, sbi_probe_forwarded, TIMEOUT)
{
	struct axvcpu_run *run = self->run;
	struct ucall uc;

	start(self->vcpu, GT_SBI_PROBE_FORWARD, 0, 0);

	/* Not the kernel's to answer: userspace says "available". */
	vcpu_run(self->vcpu);
	ASSERT_EXIT_REASON(self->vcpu, AXVCPU_EXIT_HYPERCALL);
	EXPECT_EQ(0x10ULL, run->hypercall.nr);
	EXPECT_EQ(3ULL, run->hypercall.function);
	EXPECT_EQ(EXT_DBCN, run->hypercall.args[0]);
	EXPECT_EQ(0ULL, run->hypercall.ret[0]);
	EXPECT_EQ(0ULL, run->hypercall.ret[1]);
	run->hypercall.ret[1] = 1;
	vcpu_run_sync(self->vcpu, &uc, 1);
	EXPECT_EQ(0ULL, uc.args[1]);
	EXPECT_EQ(1ULL, uc.args[2]);

	/* Left alone, the preset answer is "success, not available". */
	vcpu_run(self->vcpu);
	ASSERT_EXIT_REASON(self->vcpu, AXVCPU_EXIT_HYPERCALL);
	EXPECT_EQ(0x10ULL, run->hypercall.nr);
	EXPECT_EQ(3ULL, run->hypercall.function);
	EXPECT_EQ(EXT_UNKNOWN, run->hypercall.args[0]);
	vcpu_run_sync(self->vcpu, &uc, 2);
	EXPECT_EQ(0ULL, uc.args[1]);
	EXPECT_EQ(0ULL, uc.args[2]);
	vcpu_run_done(self->vcpu);
}

TEST_F_TIMEOUT(guest, timer_interrupt, TIMEOUT)
{
	struct ucall uc;

	start(self->vcpu, GT_TIMER_IRQ, 0, 0);
	vcpu_run_sync(self->vcpu, &uc, 1);
	EXPECT_EQ(1ULL, uc.args[1]);			/* interrupts taken */
	EXPECT_EQ(SCAUSE_IRQ | 5, uc.args[2]);		/* scause */
	EXPECT_LE((uint64_t)TIMER_DELTA, uc.args[3]);	/* not early */
	EXPECT_EQ(0ULL, uc.args[4]);			/* stopped: not again */
	vcpu_run_done(self->vcpu);
}

TEST_F_TIMEOUT(guest, wfi_waits_for_timer, TIMEOUT)
{
	struct ucall uc;

	/* No HALT exit: the kernel sleeps until the timer is due. */
	start(self->vcpu, GT_WFI_TIMER, 0, 0);
	vcpu_run_sync(self->vcpu, &uc, 1);
	EXPECT_LE((uint64_t)WFI_DELTA, uc.args[2] - uc.args[1]);
	/* Woken by the pending timer, which is then taken exactly once. */
	EXPECT_EQ(1ULL, uc.args[3]);
	EXPECT_EQ(SCAUSE_IRQ | 5, uc.args[4]);
	vcpu_run_done(self->vcpu);
}

TEST_F_TIMEOUT(guest, wfi_halt, TIMEOUT)
{
	start(self->vcpu, GT_WFI_HALT, 0, 0);
	vcpu_run_sync(self->vcpu, NULL, 1);
	vcpu_run_exit(self->vcpu, AXVCPU_EXIT_HALT);
	/* Resumes after the wfi, and does not halt again. */
	vcpu_run_sync(self->vcpu, NULL, 2);
	vcpu_run_done(self->vcpu);
}

static void irq_injection(struct __test_metadata *_metadata,
			  FIXTURE_DATA(guest) *self, uint32_t irq)
{
	struct ucall uc;

	axv_irq_line(self->vcpu, irq, 1);
	start(self->vcpu, GT_IRQ_INJECT, irq, 0);

	vcpu_run_sync(self->vcpu, &uc, 1);
	/* Enabled, the pending line is taken at once. */
	vcpu_run_sync(self->vcpu, &uc, 2);		/* in the handler */
	EXPECT_EQ(SCAUSE_IRQ | irq, uc.args[1]);
	axv_irq_line(self->vcpu, irq, 0);

	/* Lowered: taken exactly once. */
	vcpu_run_sync(self->vcpu, &uc, 3);
	EXPECT_EQ(1ULL, uc.args[1]);
	EXPECT_EQ(SCAUSE_IRQ | irq, uc.args[2]);
	vcpu_run_done(self->vcpu);
}

TEST_F_TIMEOUT(guest, irq_line_external, TIMEOUT)
{
	irq_injection(_metadata, self, AXVCPU_RISCV_IRQ_SEI);
}

TEST_F_TIMEOUT(guest, irq_line_software, TIMEOUT)
{
	irq_injection(_metadata, self, AXVCPU_RISCV_IRQ_SSI);
}

TEST_F_TIMEOUT(guest, immediate_exit_completes_exit, TIMEOUT)
{
	struct ucall uc;

	start(self->vcpu, GT_REPLY, 0, 0);
	vcpu_run_sync(self->vcpu, &uc, 1);
	ucall_reply(self->vcpu, REPLY_VALUE);

	self->run->immediate_exit = 1;
	EXPECT_EQ(-EINTR, axv_vcpu_run(self->vcpu));
	ASSERT_EXIT_REASON(self->vcpu, AXVCPU_EXIT_INTR);
	EXPECT_EQ(-EINTR, axv_vcpu_run(self->vcpu));
	ASSERT_EXIT_REASON(self->vcpu, AXVCPU_EXIT_INTR);
	self->run->immediate_exit = 0;

	/* The ucall was completed with our answer exactly once. */
	vcpu_run_sync(self->vcpu, &uc, 2);
	EXPECT_EQ(REPLY_VALUE, uc.args[1]);
	vcpu_run_done(self->vcpu);
}

TEST_F_TIMEOUT(guest, srst_invalid_type, TIMEOUT)
{
	struct ucall uc;

	start(self->vcpu, GT_SRST, 5, 0);
	vcpu_run_sync(self->vcpu, &uc, 1);
	EXPECT_EQ((uint64_t)-3, uc.args[1]);	/* SBI_ERR_INVALID_PARAM */
	vcpu_run_done(self->vcpu);
}

TEST_F_TIMEOUT(guest, illegal_insn_handled, TIMEOUT)
{
	struct ucall uc;

	start(self->vcpu, GT_ILLEGAL_HANDLED, 0, 0);
	vcpu_run_sync(self->vcpu, &uc, 1);
	EXPECT_EQ(1ULL, uc.args[1]);		/* taken once, by the guest */
	EXPECT_EQ(2ULL, uc.args[2]);		/* illegal instruction */
	EXPECT_EQ(uc.args[4], uc.args[3]);	/* at the c.unimp */
	vcpu_run_done(self->vcpu);
}

TEST_F_TIMEOUT(guest, illegal_insn_no_handler, TIMEOUT)
{
	struct axvcpu_run *run = self->run;

	/* Trapping to vstvec = 0 fetches from GPA 0, which is not RAM. */
	start(self->vcpu, GT_ILLEGAL_NO_HANDLER, 0, 0);
	vcpu_run_exit(self->vcpu, AXVCPU_EXIT_INTERNAL_ERROR);
	EXPECT_EQ((__u32)AXVCPU_INTERNAL_FETCH_FAULT, run->internal.suberror);
	EXPECT_LE(5U, run->internal.ndata);
	EXPECT_EQ(EXC_INST_GUEST_PAGE_FAULT, run->internal.data[0]);
	EXPECT_EQ(0ULL, run->internal.data[4]);

	check_host_still_fine();
}

TEST_F_TIMEOUT(guest, fetch_outside_ram, TIMEOUT)
{
	struct axvcpu_run *run = self->run;

	start(self->vcpu, GT_JUMP_OUTSIDE_RAM, 0, 0);
	vcpu_run_exit(self->vcpu, AXVCPU_EXIT_INTERNAL_ERROR);
	EXPECT_EQ((__u32)AXVCPU_INTERNAL_FETCH_FAULT, run->internal.suberror);
	EXPECT_LE(5U, run->internal.ndata);
	EXPECT_EQ(EXC_INST_GUEST_PAGE_FAULT, run->internal.data[0]);
	EXPECT_EQ(NOT_RAM_GPA >> 2, run->internal.data[2]);	/* htval */
	EXPECT_EQ(NOT_RAM_GPA, run->internal.data[4]);		/* sepc */

	check_host_still_fine();
}

TEST_F_TIMEOUT(guest, fpu_state, TIMEOUT)
{
	struct axvcpu_fpu fpu;
	struct ucall uc;

	memset(&fpu, 0, sizeof(fpu));
	axv_get_fpu(self->vcpu, &fpu);
	fpu.f[10] = FPU_PI;
	axv_set_fpu(self->vcpu, &fpu);

	start(self->vcpu, GT_FPU, 0, 0);
	vcpu_run_sync(self->vcpu, &uc, 1);
	EXPECT_EQ(FPU_PI, uc.args[1]);		/* our fa0 in the guest */
	vcpu_run_sync(self->vcpu, &uc, 2);
	EXPECT_EQ(FPU_E, uc.args[1]);

	/* The guest's fa1 in GET_FPU, fa0 untouched. */
	memset(&fpu, 0, sizeof(fpu));
	axv_get_fpu(self->vcpu, &fpu);
	EXPECT_EQ(FPU_E, fpu.f[11]);
	EXPECT_EQ(FPU_PI, fpu.f[10]);
	vcpu_run_done(self->vcpu);
}

/* SBI SRST: one variant per reset type. */
FIXTURE(srst) {
	struct test_vm t;
};

FIXTURE_VARIANT(srst) {
	uint64_t type;
	uint64_t reason;
	uint32_t exit_type;
};

FIXTURE_VARIANT_ADD(srst, shutdown) {
	.type = 0, .reason = 0, .exit_type = AXVCPU_SYSTEM_SHUTDOWN,
};

FIXTURE_VARIANT_ADD(srst, shutdown_system_failure) {
	.type = 0, .reason = 1, .exit_type = AXVCPU_SYSTEM_SHUTDOWN,
};

FIXTURE_VARIANT_ADD(srst, cold_reboot) {
	.type = 1, .reason = 0, .exit_type = AXVCPU_SYSTEM_RESET_COLD,
};

FIXTURE_VARIANT_ADD(srst, warm_reboot) {
	.type = 2, .reason = 0xf0000007, .exit_type = AXVCPU_SYSTEM_RESET_WARM,
};

FIXTURE_SETUP(srst)
{
	struct guest_image img = GUEST_IMAGE(guest_test_guest);

	test_vm_create(&self->t, &img, 1);
}

FIXTURE_TEARDOWN(srst)
{
	test_vm_destroy(&self->t);
}

TEST_F_TIMEOUT(srst, system_down, TIMEOUT)
{
	struct axv_vcpu *vcpu = &self->t.vcpu[0];

	start(vcpu, GT_SRST, variant->type, variant->reason);
	vcpu_run_exit(vcpu, AXVCPU_EXIT_SYSTEM_DOWN);
	EXPECT_EQ(variant->exit_type, vcpu->run->system_down.type);
	EXPECT_EQ((uint32_t)variant->reason, vcpu->run->system_down.reason);
}

TEST_HARNESS_MAIN
