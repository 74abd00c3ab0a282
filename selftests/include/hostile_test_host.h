/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host half of hostile_test that is the same on both architectures:
 * the fixture, the choice of misbehaviour, the scratch slot, a RUN that
 * only a signal ends, and a VMM that unmaps or deletes memory under its
 * guest.  Included once, by <arch>/hostile_test.c, after harness.h and its
 * hostile_test.h, with TIMEOUT and expect_no_memory_load() (the internal
 * error of a guest load from an address without memory) defined.
 */
#ifndef _HOSTILE_TEST_HOST_H
#define _HOSTILE_TEST_HOST_H

#include <errno.h>
#include <unistd.h>
#include <sys/mman.h>

DECLARE_GUEST_IMAGE(hostile_test_guest);

FIXTURE(hostile) {
	struct test_vm t;
	struct axv_vcpu *vcpu;
	struct axvcpu_run *run;
	void *scratch;
};

FIXTURE_SETUP(hostile)
{
	struct guest_image img = GUEST_IMAGE(hostile_test_guest);

	test_vm_create(&self->t, &img, 1);
	self->vcpu = &self->t.vcpu[0];
	self->run = self->vcpu->run;
	self->scratch = NULL;
}

FIXTURE_TEARDOWN(hostile)
{
	test_vm_destroy(&self->t);
	if (self->scratch)
		munmap(self->scratch, SCRATCH_PAGES * PAGE_SZ);
}

/* Select the guest's misbehaviour. */
static void start(struct axv_vcpu *vcpu, enum hostile_test test)
{
	vcpu_set_arg(vcpu, 1, test);
}

/* SCRATCH_PAGES of fresh VMM memory at SCRATCH_GPA, or NULL. */
static void *add_scratch(FIXTURE_DATA(hostile) *self)
{
	self->scratch = mmap(NULL, SCRATCH_PAGES * PAGE_SZ,
			     PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (self->scratch == MAP_FAILED) {
		self->scratch = NULL;
		return NULL;
	}
	axv_set_memory_region(&self->t.vm, SCRATCH_SLOT, 0, SCRATCH_GPA,
			      SCRATCH_PAGES * PAGE_SZ, self->scratch);
	return self->scratch;
}

/*
 * A guest stuck in a loop that never exits by itself: RUN stays in the
 * kernel until a signal, then returns EINTR; twice.
 */
static void stuck_until_signal(struct __test_metadata *_metadata,
			       struct axv_vcpu *vcpu)
{
	struct runner r;
	int i;

	test_install_sigusr1();
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, runner_start(&r, vcpu->fd));
		usleep(300000);
		ASSERT_FALSE(atomic_load(&r.done)) {
			TH_LOG("RUN returned %d", r.ret);
			test_dump_vcpu(vcpu);
		}
		ASSERT_TRUE(runner_stop(&r));
		ASSERT_EQ(-EINTR, r.ret);
		ASSERT_EXIT_REASON(vcpu, AXVCPU_EXIT_INTR);
	}
}

/*
 * The VMM unmaps a slot's backing while the guest uses it.  Pages the
 * guest touched stay pinned: it keeps reading and writing them.  Its first
 * touch of another page ends RUN with NO_MEMORY (again on every retry)
 * until memory is mapped there again, which the guest then sees - while
 * the old pinned pages stay what they were.
 */
TEST_F_TIMEOUT(hostile, munmap_backing, TIMEOUT)
{
	struct axvcpu_run *run = self->run;
	volatile uint64_t *mem;
	struct ucall uc;
	unsigned int i, pg;
	void *again;

	mem = add_scratch(self);
	ASSERT_NE(NULL, mem);
	start(self->vcpu, HT_MUNMAP);
	vcpu_run_sync(self->vcpu, &uc, 1);
	EXPECT_EQ(SCRATCH_PATTERN(0, 0), mem[0]);
	EXPECT_EQ(SCRATCH_PATTERN(1, 7), mem[PAGE_SZ / 8 + 7]);

	ASSERT_EQ(0, munmap(self->scratch, SCRATCH_PAGES * PAGE_SZ));
	vcpu_run_sync(self->vcpu, &uc, 2);
	EXPECT_EQ(SCRATCH_PATTERN(0, 0), uc.args[1]);
	EXPECT_EQ(SCRATCH_PATTERN(1, 7), uc.args[2]);
	EXPECT_EQ(GUEST_REWRITE, uc.args[3]);

	for (i = 0; i < 2; i++) {
		vcpu_run(self->vcpu);
		ASSERT_EXIT_REASON(self->vcpu, AXVCPU_EXIT_INTERNAL_ERROR);
		EXPECT_EQ((__u32)AXVCPU_INTERNAL_NO_MEMORY,
			  run->internal.suberror);
		expect_no_memory_load(_metadata, run, SCRATCH_GPA + 2 * PAGE_SZ);
	}

	again = mmap(self->scratch, SCRATCH_PAGES * PAGE_SZ,
		     PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ASSERT_EQ(self->scratch, again);
	for (pg = 0; pg < SCRATCH_PAGES; pg++)
		mem[pg * PAGE_SZ / 8] = HOST_MARKER(pg);
	vcpu_run_sync(self->vcpu, &uc, 3);
	EXPECT_EQ(HOST_MARKER(2), uc.args[1]);
	EXPECT_EQ(SCRATCH_PATTERN(0, 0), uc.args[2]);
	EXPECT_EQ(HOST_MARKER(3), uc.args[3]);
	/* And the guest's writes to its old page never reach the new one. */
	EXPECT_EQ(0ULL, mem[1]);
	vcpu_run_done(self->vcpu);
	axv_delete_memory_region(&self->t.vm, SCRATCH_SLOT);
}

/*
 * Another thread deletes a slot the guest is incrementing a word of:
 * RUN returns by itself with an MMIO exit at that word, and from then on
 * the guest's accesses are MMIO, its host memory untouched.
 */
TEST_F_TIMEOUT(hostile, delete_region_while_running, TIMEOUT)
{
	struct axvcpu_run *run = self->run;
	volatile uint64_t *mem;
	struct runner r;
	uint64_t last;

	test_install_sigusr1();
	mem = add_scratch(self);
	ASSERT_NE(NULL, mem);
	start(self->vcpu, HT_DELETE);
	vcpu_run_sync(self->vcpu, NULL, 1);
	ASSERT_EQ(0, runner_start(&r, self->vcpu->fd));
	usleep(200000);
	ASSERT_FALSE(atomic_load(&r.done));
	axv_delete_memory_region(&self->t.vm, SCRATCH_SLOT);
	if (!runner_wait(&r, 5000)) {
		runner_stop(&r);
		ASSERT_TRUE(0) {
			TH_LOG("RUN did not return after the delete");
		}
	}
	ASSERT_EQ(0, r.ret);
	last = mem[0];
	EXPECT_LT(0ULL, last);
	EXPECT_EQ(SCRATCH_GPA, run->mmio.phys_addr);
	EXPECT_EQ(8U, run->mmio.len);
	if (run->exit_reason == AXVCPU_EXIT_MMIO_WRITE) {
		/* Loaded from RAM, stored after the delete. */
		EXPECT_EQ(last + 1, run->mmio.data);
		vcpu_run(self->vcpu);
	}
	ASSERT_EXIT_REASON(self->vcpu, AXVCPU_EXIT_MMIO_READ);
	EXPECT_EQ(SCRATCH_GPA, run->mmio.phys_addr);
	run->mmio.data = 1000;
	vcpu_run(self->vcpu);
	ASSERT_EXIT_REASON(self->vcpu, AXVCPU_EXIT_MMIO_WRITE);
	EXPECT_EQ(SCRATCH_GPA, run->mmio.phys_addr);
	EXPECT_EQ(1001ULL, run->mmio.data);
	EXPECT_EQ(last, mem[0]);
}

#endif /* _HOSTILE_TEST_HOST_H */
