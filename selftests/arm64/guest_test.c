// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 guest behaviours: hypercalls, MMIO, trapped system registers,
 * PSCI, the virtual timer and WFI, signals and faults.  The guest half is
 * guest_test_guest.c; guest_test.h holds what both agree on, and
 * include/guest_test_host.h the host half the two arches share.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "harness.h"
#include "guest_test.h"

#define TIMEOUT		60
#define GUEST_TEST_VCPUS	2
/* The trapped ACTLR_EL1 of the guest. */
#define REG_ACTLR_EL1	AXVCPU_ARM64_SYSREG(3, 0, 1, 0, 1)
/* Vector number of an IRQ taken at EL1 on SP_EL1 (offset 0x280). */
#define VECTOR_IRQ	5
#define PSCI_VERSION_1_1	0x10001ULL
/* ESR_EL2.EC of an instruction abort from EL1 */
#define EC_IABT_LOW	0x20ULL

#include "guest_test_host.h"

TEST_F_TIMEOUT(guest, hypercall, TIMEOUT)
{
	struct axvcpu_run *run = self->run;
	struct ucall uc;
	unsigned int i;

	start(self->vcpu, GT_HYPERCALL, 0, 0);
	vcpu_run(self->vcpu);
	ASSERT_EXIT_REASON(self->vcpu, AXVCPU_EXIT_HYPERCALL);
	EXPECT_EQ(HCALL_FN, run->hypercall.nr);
	EXPECT_EQ(0ULL, run->hypercall.function);
	for (i = 0; i < 6; i++) {
		EXPECT_EQ(HCALL_ARG(i), run->hypercall.args[i]) {
			TH_LOG("args[%u]", i);
		}
	}
	/* Preset: SMCCC NOT_SUPPORTED, then zeros. */
	EXPECT_EQ((__u64)-1, run->hypercall.ret[0]);
	EXPECT_EQ(0ULL, run->hypercall.ret[1]);
	EXPECT_EQ(0ULL, run->hypercall.ret[2]);
	EXPECT_EQ(0ULL, run->hypercall.ret[3]);
	EXPECT_EQ(0U, run->hypercall.flags);

	for (i = 0; i < 4; i++)
		run->hypercall.ret[i] = HCALL_RET(i);
	vcpu_run_sync(self->vcpu, &uc, 1);
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(HCALL_RET(i), uc.args[1 + i]) {
			TH_LOG("x%u", i);
		}
	}
	vcpu_run_done(self->vcpu);
}

TEST_F_TIMEOUT(guest, mmio_read, TIMEOUT)
{
	static const struct mmio_load_step loads[NR_MMIO_LOADS] = {
		[ML_LDRB]      = { "ldrb w",  1, MMIO_DATA_NEG, 0xffULL },
		[ML_LDRSB_X]   = { "ldrsb x", 1, MMIO_DATA_NEG, 0xffffffffffffffffULL },
		[ML_LDRSB_W]   = { "ldrsb w", 1, MMIO_DATA_NEG, 0xffffffffULL },
		[ML_LDRH]      = { "ldrh w",  2, MMIO_DATA_NEG, 0xeeffULL },
		[ML_LDRSH_X]   = { "ldrsh x", 2, MMIO_DATA_NEG, 0xffffffffffffeeffULL },
		[ML_LDRSH_W]   = { "ldrsh w", 2, MMIO_DATA_NEG, 0xffffeeffULL },
		[ML_LDR_W]     = { "ldr w",   4, MMIO_DATA_NEG, 0xccddeeffULL },
		[ML_LDRSW]     = { "ldrsw x", 4, MMIO_DATA_NEG, 0xffffffffccddeeffULL },
		[ML_LDR_X]     = { "ldr x",   8, MMIO_DATA_NEG, MMIO_DATA_NEG },
		[ML_LDRSW_POS] = { "ldrsw x", 4, MMIO_DATA_POS, 0x76543210ULL },
		[ML_LDRSH_POS] = { "ldrsh x", 2, MMIO_DATA_POS, 0x3210ULL },
		[ML_LDRSB_POS] = { "ldrsb x", 1, MMIO_DATA_POS, 0x10ULL },
	};

	mmio_read_steps(_metadata, self, loads);
}

TEST_F_TIMEOUT(guest, mmio_write, TIMEOUT)
{
	static const struct mmio_store_step stores[NR_MMIO_STORES] = {
		[MS_STRB]     = { "strb w",   1, MMIO_STORE_VAL(MS_STRB) },
		[MS_STRH]     = { "strh w",   2, MMIO_STORE_VAL(MS_STRH) },
		[MS_STR_W]    = { "str w",    4, MMIO_STORE_VAL(MS_STR_W) },
		[MS_STR_X]    = { "str x",    8, MMIO_STORE_VAL(MS_STR_X) },
		[MS_STR_XZR]  = { "str xzr",  8, 0 },
		[MS_STRB_WZR] = { "strb wzr", 1, 0 },
	};

	mmio_write_steps(_metadata, self, stores);
}

TEST_F_TIMEOUT(guest, sysreg_trap, TIMEOUT)
{
	struct axvcpu_run *run = self->run;
	struct ucall uc;

	start(self->vcpu, GT_SYSREG, 0, 0);
	vcpu_run_exit(self->vcpu, AXVCPU_EXIT_SYSREG_READ);
	EXPECT_EQ((__u64)REG_ACTLR_EL1, run->sysreg.reg);
	run->sysreg.value = SYSREG_READ_VAL;
	vcpu_run_sync(self->vcpu, &uc, 1);
	EXPECT_EQ(SYSREG_READ_VAL, uc.args[1]);

	vcpu_run_exit(self->vcpu, AXVCPU_EXIT_SYSREG_WRITE);
	EXPECT_EQ((__u64)REG_ACTLR_EL1, run->sysreg.reg);
	EXPECT_EQ(SYSREG_WRITE_VAL, run->sysreg.value);
	vcpu_run_sync(self->vcpu, &uc, 2);
	vcpu_run_done(self->vcpu);
}

/* Where each of GT_EL1_REGS's registers is in struct axvcpu_regs. */
static const struct {
	const char *name;
	size_t off;
	__u64 set;	/* what the host sets in phase two; 0: left alone */
} el1_regs[NR_EL1_REGS] = {	/* in enum el1_reg's order */
#define EL1(f, v)	{ #f, offsetof(struct axvcpu_regs, f), v }
	EL1(elr_el1, 0x0102030405060708ULL),
	EL1(spsr_el1, 0),
	EL1(sctlr_el1, 0),
	EL1(tcr_el1, 0),
	EL1(ttbr0_el1, 0x0003000080000000ULL),
	EL1(ttbr1_el1, 0x0004000080100000ULL),
	EL1(mair_el1, 0x0000000044ff0400ULL),
	EL1(amair_el1, 0),
	EL1(vbar_el1, 0x0000000066660000ULL),
	EL1(cpacr_el1, 0),
	EL1(contextidr_el1, 0x87654321ULL),
	EL1(tpidr_el1, 0x0a0b0c0d0e0f1011ULL),
	EL1(tpidr_el0, 0x1213141516171819ULL),
	EL1(tpidrro_el0, 0x2021222324252627ULL),
	EL1(afsr0_el1, 0),
	EL1(afsr1_el1, 0),
	EL1(esr_el1, 0x5a000001ULL),
	EL1(far_el1, 0x2829303132333435ULL),
	EL1(csselr_el1, 0),
	EL1(cntkctl_el1, 0),
	EL1(par_el1, 0),
#undef EL1
};

static __u64 *el1_field(struct axvcpu_regs *regs, unsigned int i)
{
	return (__u64 *)((char *)regs + el1_regs[i].off);
}

/*
 * The guest's EL1 registers go through put (GET_REGS shows what the guest
 * wrote) and load (the guest reads what SET_REGS gave): each in its own
 * field, none swapped with a neighbour.
 */
TEST_F_TIMEOUT(guest, el1_registers_through_put_and_load, TIMEOUT)
{
	__u64 first[NR_EL1_REGS], want;
	struct axvcpu_regs regs;
	const __u64 *seen;
	struct ucall uc;
	unsigned int i;

	start(self->vcpu, GT_EL1_REGS, 0, 0);
	vcpu_run_sync(self->vcpu, &uc, 1);
	vcpu_run_sync(self->vcpu, &uc, 2);
	seen = test_gpa_to_hva(&self->t, uc.args[1], sizeof(first));
	memcpy(first, seen, sizeof(first));
	/* The guest's writes reached the CPU (a RAZ register may read 0). */
	EXPECT_EQ((__u64)EL1_WRITE_ELR, first[ER_ELR]);
	EXPECT_EQ((__u64)EL1_WRITE_TPIDR_EL1, first[ER_TPIDR_EL1]);
	EXPECT_EQ((__u64)EL1_WRITE_FAR, first[ER_FAR]);
	axv_get_regs(self->vcpu, &regs);
	for (i = 0; i < NR_EL1_REGS; i++) {
		EXPECT_EQ(first[i], *el1_field(&regs, i)) {
			TH_LOG("GET_REGS %s", el1_regs[i].name);
		}
		if (el1_regs[i].set)
			*el1_field(&regs, i) = el1_regs[i].set;
	}
	axv_set_regs(self->vcpu, &regs);

	vcpu_run_sync(self->vcpu, &uc, 3);
	for (i = 0; i < NR_EL1_REGS; i++) {
		want = el1_regs[i].set ? el1_regs[i].set : first[i];
		EXPECT_EQ(want, seen[i]) {
			TH_LOG("guest's %s", el1_regs[i].name);
		}
	}
	vcpu_run_done(self->vcpu);
}

#define CNTP_ROUNDS	300
#define CNTP_CALLS	200

/*
 * The guest's EL1 physical timer traps to the VMM, also while KVM turns on
 * and off underneath a loaded vCPU.
 */
TEST_F_TIMEOUT(guest, cntp_traps_while_kvm_toggles, TIMEOUT)
{
	struct axvcpu_run *run = self->run;
	unsigned long traps = 0;
	struct kvm_toggler tg;
	struct ucall uc;
	uint64_t cmd;
	int kvm;

	/* KVM (built in) turning on ORs EL1PCEN into CNTHCTL_EL2. */
	kvm = test_kvm_open();
	if (kvm < 0)
		SKIP(return, "/dev/kvm: %s", strerror(-kvm));
	start(self->vcpu, GT_CNTP_TRAPS, CNTP_ROUNDS, CNTP_CALLS);
	ASSERT_EQ(0, kvm_toggler_start(&tg, kvm));
	for (;;) {
		ASSERT_EQ(0, axv_vcpu_run(self->vcpu));
		if (run->exit_reason != AXVCPU_EXIT_SYSREG_READ)
			break;
		ASSERT_EQ((__u64)REG_CNTP_CTL_EL0, run->sysreg.reg);
		run->sysreg.value = 0;
		traps++;
	}
	kvm_toggler_stop(&tg);
	close(kvm);
	cmd = get_ucall(self->vcpu, &uc);
	EXPECT_EQ((uint64_t)UCALL_DONE, cmd);
	EXPECT_EQ(0, tg.err);
	TH_LOG("KVM turned on and off %lu times, %lu traps", tg.rounds, traps);
	EXPECT_LT(0UL, tg.rounds);
	EXPECT_EQ((unsigned long)CNTP_ROUNDS, traps);
}

/* What GT_ID_REGS reports, in its order. */
enum { PFR0, PFR1, ZFR0, ISAR0, ISAR1, DFR0, MMFR1, RESERVED, NR_ID_REGS };

/* A 4-bit field of ID register @reg, and what it reads when absent. */
struct id_field {
	const char *name;
	unsigned int reg, shift, absent;
};

#define ID_FIELD(v, shift)	((unsigned int)((v) >> (shift)) & 0xf)

/* What the guest has: AArch64 EL0 and EL1, FP and AdvSIMD, AES. */
static const struct id_field id_present[] = {
	{ "AA64PFR0.EL0", PFR0, 0, 0 },
	{ "AA64PFR0.EL1", PFR0, 4, 0 },
	{ "AA64PFR0.FP", PFR0, 16, 0xf },
	{ "AA64PFR0.AdvSIMD", PFR0, 20, 0xf },
	{ "AA64ISAR0.AES", ISAR0, 4, 0 },
};

/* What it does not: EL2, SVE, AMU, MTE, SME, PAuth, PMU, SPE, VHE. */
static const struct id_field id_hidden[] = {
	{ "AA64PFR0.EL2", PFR0, 8, 0 },
	{ "AA64PFR0.SVE", PFR0, 32, 0 },
	{ "AA64PFR0.AMU", PFR0, 44, 0 },
	{ "AA64PFR1.MTE", PFR1, 8, 0 },
	{ "AA64PFR1.SME", PFR1, 24, 0 },
	{ "AA64ISAR1.APA", ISAR1, 4, 0 },
	{ "AA64ISAR1.API", ISAR1, 8, 0 },
	{ "AA64ISAR1.GPA", ISAR1, 24, 0 },
	{ "AA64ISAR1.GPI", ISAR1, 28, 0 },
	{ "AA64DFR0.PMUVer", DFR0, 8, 0 },
	{ "AA64DFR0.PMSVer", DFR0, 32, 0 },
	{ "AA64MMFR1.VH", MMFR1, 8, 0 },
};

/*
 * The feature ID registers trap (HCR_EL2.TID3) and come from the host's
 * sanitised view, less what a guest cannot use under axvcpu.  QEMU's "max"
 * CPU has pointer authentication, a PMU and VHE, whose fields would read
 * non-zero from the hardware.  SVE's own ID register and a reserved
 * encoding of the ID space read as zero.
 */
TEST_F_TIMEOUT(guest, id_registers_hide_what_axvcpu_does_not_switch, TIMEOUT)
{
	uint64_t id[NR_ID_REGS];
	struct ucall uc;
	unsigned int i;

	start(self->vcpu, GT_ID_REGS, 0, 0);
	vcpu_run_sync(self->vcpu, &uc, 1);
	for (i = PFR0; i <= ISAR1; i++)
		id[i] = uc.args[1 + i - PFR0];
	vcpu_run_sync(self->vcpu, &uc, 2);
	for (i = DFR0; i <= RESERVED; i++)
		id[i] = uc.args[1 + i - DFR0];
	vcpu_run_done(self->vcpu);
	TH_LOG("AA64PFR0 %#lx PFR1 %#lx ISAR0 %#lx ISAR1 %#lx DFR0 %#lx MMFR1 %#lx",
	       id[PFR0], id[PFR1], id[ISAR0], id[ISAR1], id[DFR0], id[MMFR1]);

	for (i = 0; i < ARRAY_SIZE(id_present); i++) {
		const struct id_field *f = &id_present[i];

		EXPECT_NE(f->absent, ID_FIELD(id[f->reg], f->shift)) {
			TH_LOG("%s absent", f->name);
		}
	}
	for (i = 0; i < ARRAY_SIZE(id_hidden); i++) {
		const struct id_field *f = &id_hidden[i];

		EXPECT_EQ(0U, ID_FIELD(id[f->reg], f->shift)) {
			TH_LOG("%s not hidden", f->name);
		}
	}
	EXPECT_EQ(0UL, id[ZFR0]);
	EXPECT_EQ(0UL, id[RESERVED]);
}

/* Does the host have a GICv3?  Its interrupts are listed under that chip. */
static bool host_has_gicv3(void)
{
	char line[256];
	bool found = false;
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, "GICv3");
	fclose(f);
	return found;
}

/*
 * The ICC_* registers a guest acknowledges, ends and sends interrupts with
 * trap to the VMM, which is how an arm64 Linux guest is to get its GICv3
 * from axvm (Documentation/design.rst).  Without a GICv3 on the host they
 * do not exist, and the guest's access is UNDEFINED.  (ICC_SRE_EL1 does
 * not trap: the virtual interface reads it as SRE = 1.)
 */
TEST_F_TIMEOUT(guest, gic_cpuif_traps_to_vmm, TIMEOUT)
{
	struct axvcpu_run *run = self->run;
	struct ucall uc;

	if (!host_has_gicv3())
		SKIP(return, "the host has no GICv3 (QEMU gic-version=3)");
	start(self->vcpu, GT_GIC_CPUIF, 0, 0);
	vcpu_run_exit(self->vcpu, AXVCPU_EXIT_SYSREG_READ);
	EXPECT_EQ((__u64)AXVCPU_ARM64_SYSREG(3, 0, 12, 12, 0), run->sysreg.reg);
	run->sysreg.value = GIC_IAR_VAL;
	vcpu_run_sync(self->vcpu, &uc, 1);
	EXPECT_EQ(GIC_IAR_VAL, uc.args[1]);

	vcpu_run_exit(self->vcpu, AXVCPU_EXIT_SYSREG_WRITE);
	EXPECT_EQ((__u64)AXVCPU_ARM64_SYSREG(3, 0, 12, 12, 1), run->sysreg.reg);
	EXPECT_EQ(GIC_IAR_VAL, run->sysreg.value);
	vcpu_run_exit(self->vcpu, AXVCPU_EXIT_SYSREG_WRITE);
	EXPECT_EQ((__u64)AXVCPU_ARM64_SYSREG(3, 0, 12, 11, 5), run->sysreg.reg);
	EXPECT_EQ(GIC_SGI1R_VAL, run->sysreg.value);
	vcpu_run_sync(self->vcpu, &uc, 2);
	vcpu_run_done(self->vcpu);
}

TEST_F_TIMEOUT(guest, psci_version_in_kernel, TIMEOUT)
{
	struct ucall uc;

	start(self->vcpu, GT_PSCI_VERSION, 0, 0);
	/* No exit for the call itself. */
	vcpu_run_sync(self->vcpu, &uc, 1);
	EXPECT_EQ(PSCI_VERSION_1_1, uc.args[1]);
	vcpu_run_done(self->vcpu);
}

TEST_F_TIMEOUT(guest, psci_cpu_on, TIMEOUT)
{
	struct guest_image img = GUEST_IMAGE(guest_test_guest);
	struct axv_vcpu *vcpu1 = &self->t.vcpu[1];
	struct axvcpu_run *run = self->run;
	uint64_t entry = guest_image_secondary_entry(&img);
	struct ucall uc;

	start(self->vcpu, GT_CPU_ON, 0, 0);
	vcpu_run_exit(self->vcpu, AXVCPU_EXIT_CPU_UP);
	EXPECT_EQ(CPU_ON_TARGET, run->cpu_up.target);
	EXPECT_EQ(entry, run->cpu_up.entry);
	EXPECT_EQ(CPU_ON_CONTEXT, run->cpu_up.arg);
	vcpu_run_sync(self->vcpu, &uc, 1);
	EXPECT_EQ(0ULL, uc.args[1]);		/* PSCI SUCCESS */
	EXPECT_EQ(entry, uc.args[2]);

	/* The target runs from entry with x0 = the context id. */
	vcpu_run_sync(vcpu1, &uc, 2);
	EXPECT_EQ(1ULL, uc.args[1]);			/* its Aff0 */
	EXPECT_EQ(CPU_ON_CONTEXT, uc.args[2]);
	EXPECT_EQ((1ULL << 31) | 1, uc.args[3]);	/* MPIDR_EL1 */
	vcpu_run_exit(vcpu1, AXVCPU_EXIT_CPU_DOWN);

	vcpu_run_done(self->vcpu);
}

TEST_F_TIMEOUT(guest, psci_system_off, TIMEOUT)
{
	start(self->vcpu, GT_SYSTEM_OFF, 0, 0);
	vcpu_run_exit(self->vcpu, AXVCPU_EXIT_SYSTEM_DOWN);
	EXPECT_EQ((__u32)AXVCPU_SYSTEM_SHUTDOWN,
		  self->run->system_down.type);
	EXPECT_EQ(0U, self->run->system_down.reason);
}

TEST_F_TIMEOUT(guest, timer_interrupt, TIMEOUT)
{
	struct ucall uc;

	start(self->vcpu, GT_TIMER_IRQ, 0, 0);
	vcpu_run_sync(self->vcpu, &uc, 1);
	EXPECT_EQ(1ULL, uc.args[1]);			/* interrupts taken */
	EXPECT_EQ((uint64_t)VECTOR_IRQ, uc.args[2]);
	EXPECT_LE((uint64_t)TIMER_DELTA, uc.args[3]);	/* not early */
	EXPECT_EQ(0ULL, uc.args[4]);			/* stopped */
	vcpu_run_done(self->vcpu);
}

TEST_F_TIMEOUT(guest, wfi_waits_for_timer, TIMEOUT)
{
	struct ucall uc;

	/* No HALT exit: the kernel sleeps until the timer is due. */
	start(self->vcpu, GT_WFI_TIMER, 0, 0);
	vcpu_run_sync(self->vcpu, &uc, 1);
	EXPECT_LE((uint64_t)WFI_DELTA, uc.args[2] - uc.args[1]);
	/* Pending once unmasked: taken exactly once. */
	EXPECT_EQ(1ULL, uc.args[3]);
	EXPECT_EQ((uint64_t)VECTOR_IRQ, uc.args[4]);
	vcpu_run_done(self->vcpu);
}

TEST_F_TIMEOUT(guest, wfi_halt, TIMEOUT)
{
	struct ucall uc;

	start(self->vcpu, GT_WFI_HALT, 0, 0);
	vcpu_run_sync(self->vcpu, &uc, 1);
	EXPECT_EQ((uint64_t)(AXVCPU_ARM64_PSTATE_D | AXVCPU_ARM64_PSTATE_A |
			     AXVCPU_ARM64_PSTATE_I | AXVCPU_ARM64_PSTATE_F),
		  uc.args[1]);
	vcpu_run_exit(self->vcpu, AXVCPU_EXIT_HALT);
	/* Resumes after the wfi, and does not halt again. */
	vcpu_run_sync(self->vcpu, NULL, 2);
	vcpu_run_done(self->vcpu);
}

TEST_F_TIMEOUT(guest, fetch_outside_ram, TIMEOUT)
{
	struct axvcpu_run *run = self->run;

	start(self->vcpu, GT_JUMP_OUTSIDE_RAM, 0, 0);
	vcpu_run_exit(self->vcpu, AXVCPU_EXIT_INTERNAL_ERROR);
	EXPECT_EQ((__u32)AXVCPU_INTERNAL_FETCH_FAULT, run->internal.suberror);
	EXPECT_LE(4U, run->internal.ndata);
	EXPECT_EQ(EC_IABT_LOW, run->internal.data[0] >> 26 & 0x3f);
	EXPECT_EQ(NOT_RAM_GPA, run->internal.data[1]);		/* FAR */
	EXPECT_EQ(NOT_RAM_GPA >> 8, run->internal.data[2]);	/* HPFAR */
	EXPECT_EQ(NOT_RAM_GPA, run->internal.data[3]);		/* PC */

	check_host_still_fine();
}

TEST_F_TIMEOUT(guest, ldp_mmio_decode, TIMEOUT)
{
	struct axvcpu_run *run = self->run;

	start(self->vcpu, GT_LDP_MMIO, 0, 0);
	vcpu_run_exit(self->vcpu, AXVCPU_EXIT_INTERNAL_ERROR);
	EXPECT_EQ((__u32)AXVCPU_INTERNAL_MMIO_DECODE, run->internal.suberror);
	EXPECT_LE(4U, run->internal.ndata);
	EXPECT_EQ(MMIO_BASE, run->internal.data[1]);		/* FAR */

	check_host_still_fine();
}

TEST_HARNESS_MAIN
