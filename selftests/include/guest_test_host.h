/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host half of guest_test that is the same on both architectures: the
 * fixture, the choice of guest behaviour, the MMIO steps and the signal
 * test.  Included once, by <arch>/guest_test.c, after harness.h and its
 * guest_test.h (the behaviours, MMIO_* and SPIN_FLAG), with TIMEOUT and
 * GUEST_TEST_VCPUS defined.
 */
#ifndef _GUEST_TEST_HOST_H
#define _GUEST_TEST_HOST_H

#include <errno.h>

DECLARE_GUEST_IMAGE(guest_test_guest);

FIXTURE(guest) {
	struct test_vm t;
	struct axv_vcpu *vcpu;
	struct axvcpu_run *run;
};

FIXTURE_SETUP(guest)
{
	struct guest_image img = GUEST_IMAGE(guest_test_guest);

	test_vm_create(&self->t, &img, GUEST_TEST_VCPUS);
	self->vcpu = &self->t.vcpu[0];
	self->run = self->vcpu->run;
}

FIXTURE_TEARDOWN(guest)
{
	test_vm_destroy(&self->t);
}

/* Select the guest behaviour and its parameters (argument registers 1-3). */
static void start(struct axv_vcpu *vcpu, enum guest_test test, uint64_t p0,
		  uint64_t p1)
{
	vcpu_set_arg(vcpu, 1, test);
	vcpu_set_arg(vcpu, 2, p0);
	vcpu_set_arg(vcpu, 3, p1);
}

/* After a guest fault: a new VM still runs a good guest to completion. */
static void check_host_still_fine(void)
{
	struct guest_image img = GUEST_IMAGE(guest_test_guest);
	struct test_vm t;

	test_vm_create(&t, &img, 1);
	start(&t.vcpu[0], GT_GOOD, 0, 0);
	vcpu_run_done(&t.vcpu[0]);
	test_vm_destroy(&t);
}

/* One load of GT_MMIO_READ: the exit it makes, and what the guest gets. */
struct mmio_load_step {
	const char *insn;
	uint32_t len;
	uint64_t data;		/* the VMM's answer */
	uint64_t value;		/* what the guest register gets */
};

/* GT_MMIO_READ: load i reads MMIO_BASE + MMIO_LOAD_OFF(i). */
static void mmio_read_steps(struct __test_metadata *_metadata,
			    FIXTURE_DATA(guest) *self,
			    const struct mmio_load_step *loads)
{
	struct axvcpu_run *run = self->run;
	struct ucall uc;
	unsigned int i;

	start(self->vcpu, GT_MMIO_READ, 0, 0);
	for (i = 0; i < NR_MMIO_LOADS; i++) {
		vcpu_run(self->vcpu);
		ASSERT_EXIT_REASON(self->vcpu, AXVCPU_EXIT_MMIO_READ);
		EXPECT_EQ(MMIO_BASE + MMIO_LOAD_OFF(i), run->mmio.phys_addr) {
			TH_LOG("%s", loads[i].insn);
		}
		EXPECT_EQ(loads[i].len, run->mmio.len) {
			TH_LOG("%s", loads[i].insn);
		}
		run->mmio.data = loads[i].data;
		vcpu_run_sync(self->vcpu, &uc, i);
		EXPECT_EQ(loads[i].value, uc.args[1]) {
			TH_LOG("%s of %#llx", loads[i].insn,
			       (unsigned long long)loads[i].data);
		}
	}
	vcpu_run_done(self->vcpu);
}

/* One store of GT_MMIO_WRITE: its width and the register it stores. */
struct mmio_store_step {
	const char *insn;
	uint32_t len;
	uint64_t data;
};

/* GT_MMIO_WRITE: store i writes MMIO_STORE_BASE + MMIO_STORE_OFF(i). */
static void mmio_write_steps(struct __test_metadata *_metadata,
			     FIXTURE_DATA(guest) *self,
			     const struct mmio_store_step *stores)
{
	struct axvcpu_run *run = self->run;
	unsigned int i;

	start(self->vcpu, GT_MMIO_WRITE, 0, 0);
	for (i = 0; i < NR_MMIO_STORES; i++) {
		uint64_t mask = stores[i].len == 8 ? ~0ULL :
				(1ULL << (8 * stores[i].len)) - 1;

		vcpu_run(self->vcpu);
		ASSERT_EXIT_REASON(self->vcpu, AXVCPU_EXIT_MMIO_WRITE);
		EXPECT_EQ(MMIO_STORE_BASE + MMIO_STORE_OFF(i),
			  run->mmio.phys_addr) {
			TH_LOG("%s", stores[i].insn);
		}
		EXPECT_EQ(stores[i].len, run->mmio.len) {
			TH_LOG("%s", stores[i].insn);
		}
		/* The bytes above the width are 0, not the register's. */
		EXPECT_EQ(stores[i].data & mask, run->mmio.data) {
			TH_LOG("%s", stores[i].insn);
		}
	}
	vcpu_run_done(self->vcpu);
}

/*
 * A signal ends a RUN whose guest never exits by itself with EINTR, and
 * the next RUN carries on where the guest was.
 */
TEST_F_TIMEOUT(guest, signal_interrupts_run, TIMEOUT)
{
	volatile uint64_t *flag;
	struct kicker k;
	struct ucall uc;
	int ret;

	test_install_sigusr1();

	start(self->vcpu, GT_SPIN, 0, 0);
	vcpu_run_sync(self->vcpu, &uc, 1);
	flag = test_gpa_to_hva(&self->t, uc.args[1], 8);

	ASSERT_EQ(0, kicker_start(&k, 0, 20));
	ret = axv_vcpu_run(self->vcpu);
	kicker_stop(&k);
	ASSERT_EQ(-EINTR, ret) {
		test_dump_vcpu(self->vcpu);
	}
	ASSERT_EXIT_REASON(self->vcpu, AXVCPU_EXIT_INTR);

	/* The guest carries on in its loop, not from the start. */
	*flag = SPIN_FLAG;
	vcpu_run_sync(self->vcpu, &uc, 2);
	EXPECT_LT(0ULL, uc.args[1]);
	EXPECT_EQ(SPIN_FLAG, uc.args[2]);
	vcpu_run_done(self->vcpu);
}

#endif /* _GUEST_TEST_HOST_H */
