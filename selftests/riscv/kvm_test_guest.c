// SPDX-License-Identifier: GPL-2.0
/*
 * Guest half of kvm_test: the same image runs under axvcpu and under KVM.
 * It keeps a value of its own in an FP register and takes a timer
 * interrupt, so that state one hypervisor leaves behind (FP registers,
 * delegation, VS CSRs, interrupt enables) shows up in the other's guest.
 */
#include "guest.h"
#include "ucall_common.h"
#include "kvm_test.h"

static volatile unsigned long ticks;

static void timer_handler(struct guest_trap_frame *f)
{
	(void)f;
	ticks++;
	sbi_set_timer(~0UL);
}

/* ft11 is never used by the compiler here: the guest does no FP math. */
static unsigned long fp_get(void)
{
	unsigned long v;

	asm volatile("fmv.x.d %0, ft11" : "=r" (v));
	return v;
}

static void fp_set(unsigned long v)
{
	asm volatile("fmv.d.x ft11, %0" : : "r" (v));
}

/*
 * Calls the kernel answers, many of them, each followed by a look at sie:
 * a host that lets another hypervisor rewrite the VS CSRs between two of
 * them shows up as enables the guest never cleared going away.
 */
static void toggle_guest(void)
{
	const unsigned long want = SIE_SSIE | SIE_STIE;
	unsigned long i;

	csr_write(sie, want);
	for (i = 0; i < KVM_TEST_TOGGLE_CALLS; i++) {
		GUEST_ASSERT_EQ(sbi_probe_extension(SBI_EXT_BASE), 1);
		GUEST_ASSERT_EQ(csr_read(sie), want);
	}
	GUEST_DONE();
}

void guest_main(unsigned long hartid, unsigned long seed)
{
	unsigned long i, reply;
	uint64_t t0;

	(void)hartid;
	if (seed == KVM_TEST_TOGGLE_SEED)
		toggle_guest();
	csr_set(sstatus, SR_FS_INITIAL);
	fp_set(seed);
	for (i = 0; i < KVM_TEST_ROUNDS; i++) {
		reply = GUEST_SYNC(1, i, seed);
		GUEST_ASSERT_EQ(reply, KVM_TEST_REPLY(i, seed));
		GUEST_ASSERT_EQ(fp_get(), seed + i);
		fp_set(seed + i + 1);
	}

	guest_install_handler(CAUSE_IRQ_FLAG | IRQ_S_TIMER, timer_handler);
	csr_write(sie, SIE_STIE);
	local_irq_enable();
	t0 = rdtime();
	sbi_set_timer(t0 + 1000);
	while (!READ_ONCE(ticks) && rdtime() - t0 < 100000000)
		;
	local_irq_disable();
	GUEST_ASSERT_EQ(ticks, 1);
	GUEST_DONE();
}
