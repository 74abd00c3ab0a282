// SPDX-License-Identifier: GPL-2.0
/*
 * riscv multi-vCPU behaviours: SBI HSM (hart start/stop/status), stopped
 * vCPUs sleeping in RUN, and SBI IPIs between vCPUs on two threads.  The
 * guest half is smp_test_guest.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "smp_test.h"

#define TIMEOUT		60
#define SIP_SSIP	(1ULL << 1)

DECLARE_GUEST_IMAGE(smp_test_guest);

FIXTURE(smp) {
	struct test_vm t;
	struct axv_vcpu *vcpu0;
	struct axv_vcpu *vcpu1;
	uint64_t entry;		/* guest_secondary_entry */
};

FIXTURE_SETUP(smp)
{
	struct guest_image img = GUEST_IMAGE(smp_test_guest);

	test_vm_create(&self->t, &img, 2);
	self->vcpu0 = &self->t.vcpu[0];
	self->vcpu1 = &self->t.vcpu[1];
	self->entry = guest_image_secondary_entry(&img);
}

FIXTURE_TEARDOWN(smp)
{
	test_vm_destroy(&self->t);
}

TEST_F_TIMEOUT(smp, hsm_start_status_stop, TIMEOUT)
{
	struct axvcpu_run *run0 = self->vcpu0->run;
	struct axvcpu_regs regs;
	struct ucall uc;

	vcpu_set_arg(self->vcpu0, 1, ST_HSM);
	vcpu_run_sync(self->vcpu0, &uc, 1);
	ASSERT_EQ(self->entry, uc.args[1]);

	/* hart_start: the target is started when userspace hears of it. */
	vcpu_run_exit(self->vcpu0, AXVCPU_EXIT_CPU_UP);
	EXPECT_EQ(1ULL, run0->cpu_up.target);
	EXPECT_EQ(self->entry, run0->cpu_up.entry);
	EXPECT_EQ(HSM_OPAQUE, run0->cpu_up.arg);
	EXPECT_EQ((uint32_t)AXVCPU_MP_STATE_RUNNABLE,
		  axv_get_mp_state(self->vcpu1));
	axv_get_regs(self->vcpu1, &regs);
	EXPECT_EQ(self->entry, regs.pc);
	EXPECT_EQ(1ULL, regs.gpr[AXV_REG_A0]);
	EXPECT_EQ(HSM_OPAQUE, regs.gpr[AXV_REG_A1]);

	vcpu_run_sync(self->vcpu0, &uc, 2);
	EXPECT_EQ(0ULL, uc.args[1]);			/* hart_start */
	vcpu_run_sync(self->vcpu0, &uc, 3);
	EXPECT_EQ(0ULL, uc.args[1]);			/* get_status */
	EXPECT_EQ(0ULL, uc.args[2]);			/* STARTED */
	vcpu_run_sync(self->vcpu0, &uc, 4);
	EXPECT_EQ((uint64_t)-6, uc.args[1]);		/* ALREADY_AVAILABLE */
	vcpu_run_sync(self->vcpu0, &uc, 5);
	EXPECT_EQ((uint64_t)-3, uc.args[1]);		/* INVALID_PARAM */

	/* vCPU 1 runs from the entry with its hart id and the opaque. */
	vcpu_run_sync(self->vcpu1, &uc, SECONDARY_TAG);
	EXPECT_EQ(1ULL, uc.args[1]);
	EXPECT_EQ(HSM_OPAQUE, uc.args[2]);
	vcpu_run_exit(self->vcpu1, AXVCPU_EXIT_CPU_DOWN);
	EXPECT_EQ((uint32_t)AXVCPU_MP_STATE_STOPPED,
		  axv_get_mp_state(self->vcpu1));

	vcpu_run_sync(self->vcpu0, &uc, 6);
	EXPECT_EQ(0ULL, uc.args[1]);
	EXPECT_EQ(1ULL, uc.args[2]);			/* STOPPED */
	vcpu_run_done(self->vcpu0);
}

TEST_F_TIMEOUT(smp, stopped_vcpu_sleeps, TIMEOUT)
{
	struct kicker k;
	uint64_t t0, t1;
	int ret;

	test_install_sigusr1();

	/* Nobody starts vCPU 1: RUN sleeps until the signal. */
	ASSERT_EQ(0, kicker_start(&k, 300, 50));
	t0 = test_now_ns();
	ret = axv_vcpu_run(self->vcpu1);
	t1 = test_now_ns();
	kicker_stop(&k);

	ASSERT_EQ(-EINTR, ret) {
		test_dump_vcpu(self->vcpu1);
	}
	ASSERT_EXIT_REASON(self->vcpu1, AXVCPU_EXIT_INTR);
	EXPECT_LE(200000000ULL, t1 - t0);
	EXPECT_EQ((uint32_t)AXVCPU_MP_STATE_STOPPED,
		  axv_get_mp_state(self->vcpu1));
}

/* Runs vCPU 1 on its own thread. */
struct secondary {
	struct axv_vcpu *vcpu;
	sem_t ready;
	struct ucall uc;
};

static void *hsm_wake_fn(void *arg)
{
	struct secondary *s = arg;

	/* Sleeps in RUN until vCPU 0 starts us. */
	sem_post(&s->ready);
	vcpu_run_sync(s->vcpu, &s->uc, SECONDARY_TAG);
	vcpu_run_exit(s->vcpu, AXVCPU_EXIT_CPU_DOWN);
	return NULL;
}

TEST_F_TIMEOUT(smp, hart_start_wakes_sleeping_vcpu, TIMEOUT)
{
	struct secondary s = { .vcpu = self->vcpu1 };
	pthread_t thread;
	struct ucall uc;

	ASSERT_EQ(0, sem_init(&s.ready, 0, 0));
	ASSERT_EQ(0, pthread_create(&thread, NULL, hsm_wake_fn, &s));
	ASSERT_EQ(0, sem_wait(&s.ready));
	usleep(100000);		/* let it get into RUN */

	vcpu_set_arg(self->vcpu0, 1, ST_HSM_WAKE);
	vcpu_run_exit(self->vcpu0, AXVCPU_EXIT_CPU_UP);
	EXPECT_EQ(1ULL, self->vcpu0->run->cpu_up.target);
	EXPECT_EQ(HSM_WAKE_OPAQUE, self->vcpu0->run->cpu_up.arg);

	/* vCPU 1 runs without anything more from vCPU 0. */
	ASSERT_EQ(0, pthread_join(thread, NULL));
	EXPECT_EQ(1ULL, s.uc.args[1]);
	EXPECT_EQ(HSM_WAKE_OPAQUE, s.uc.args[2]);

	vcpu_run_sync(self->vcpu0, &uc, 1);
	EXPECT_EQ(0ULL, uc.args[1]);
	vcpu_run_done(self->vcpu0);
	sem_destroy(&s.ready);
}

static void *ipi_receiver_fn(void *arg)
{
	struct secondary *s = arg;

	vcpu_run_sync(s->vcpu, NULL, 1);
	sem_post(&s->ready);
	/* In wfi until the IPI arrives. */
	vcpu_run_sync(s->vcpu, &s->uc, 2);
	vcpu_run_exit(s->vcpu, AXVCPU_EXIT_CPU_DOWN);
	return NULL;
}

TEST_F_TIMEOUT(smp, ipi, TIMEOUT)
{
	struct secondary s = { .vcpu = self->vcpu1 };
	pthread_t thread;
	struct ucall uc;

	/* The boot hart first: it zeroes .bss, the other stacks included. */
	vcpu_set_arg(self->vcpu0, 1, ST_IPI);
	vcpu_run_sync(self->vcpu0, NULL, 1);

	/* Then vCPU 1, started by us, into wfi on its own thread. */
	axv_arch_set_boot_regs(self->vcpu1, self->entry, 1, ST_IPI);
	axv_set_mp_state(self->vcpu1, AXVCPU_MP_STATE_RUNNABLE);
	ASSERT_EQ(0, sem_init(&s.ready, 0, 0));
	ASSERT_EQ(0, pthread_create(&thread, NULL, ipi_receiver_fn, &s));
	ASSERT_EQ(0, sem_wait(&s.ready));

	vcpu_run_sync(self->vcpu0, &uc, 2);
	EXPECT_EQ(0ULL, uc.args[1]);			/* send_ipi */
	vcpu_run_done(self->vcpu0);

	ASSERT_EQ(0, pthread_join(thread, NULL));
	EXPECT_EQ(SIP_SSIP, s.uc.args[1] & SIP_SSIP);	/* woke with SSIP */
	EXPECT_EQ(0ULL, s.uc.args[2] & SIP_SSIP);	/* and cleared it */
	sem_destroy(&s.ready);
}

TEST_HARNESS_MAIN
