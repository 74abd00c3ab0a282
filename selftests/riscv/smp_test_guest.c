// SPDX-License-Identifier: GPL-2.0
/*
 * Guest half of smp_test: the boot hart's part picked by a1, a secondary
 * hart's by the low byte of its opaque argument.
 */
#include "guest.h"
#include "ucall_common.h"
#include "smp_test.h"

static void guest_hsm(void)
{
	unsigned long entry = (unsigned long)guest_secondary_entry;
	struct sbiret r;

	GUEST_SYNC(1, entry);
	r = sbi_hart_start(1, entry, HSM_OPAQUE);
	GUEST_SYNC(2, r.error, r.value);
	r = sbi_hart_get_status(1);
	GUEST_SYNC(3, r.error, r.value);
	/* Both refused by the kernel without an exit. */
	r = sbi_hart_start(1, entry, HSM_OPAQUE);
	GUEST_SYNC(4, r.error);
	r = sbi_hart_start(99, entry, HSM_OPAQUE);
	GUEST_SYNC(5, r.error);
	/* The host runs hart 1 to its hart_stop before resuming us. */
	r = sbi_hart_get_status(1);
	GUEST_SYNC(6, r.error, r.value);
	GUEST_DONE();
}

static void guest_hsm_wake(void)
{
	struct sbiret r;

	r = sbi_hart_start(1, (unsigned long)guest_secondary_entry,
			   HSM_WAKE_OPAQUE);
	GUEST_SYNC(1, r.error);
	GUEST_DONE();
}

static void guest_ipi_send(void)
{
	struct sbiret r;

	/* Memory is set up: the host may start hart 1 now. */
	GUEST_SYNC(1);
	/* hart_mask bit 1, base 0: hart 1 */
	r = sbi_send_ipi(1UL << 1, 0);
	GUEST_SYNC(2, r.error);
	GUEST_DONE();
}

static void guest_ipi_receive(void)
{
	unsigned long sip, sip_after, wfis = 0;

	/* Wake-up source enabled, but no trap: sstatus.SIE stays 0. */
	local_irq_disable();
	csr_write(sie, SIE_SSIE);
	GUEST_SYNC(1);
	do {
		wfi();
		wfis++;
		sip = csr_read(sip);
	} while (!(sip & SIP_SSIP) && wfis < 1000);
	csr_clear(sip, SIP_SSIP);
	sip_after = csr_read(sip);
	GUEST_SYNC(2, sip, sip_after, wfis);
}

void guest_main(unsigned long hartid, unsigned long test)
{
	GUEST_ASSERT_EQ(hartid, 0);
	switch (test) {
	case ST_HSM:
		guest_hsm();
		break;
	case ST_HSM_WAKE:
		guest_hsm_wake();
		break;
	case ST_IPI:
		guest_ipi_send();
		break;
	default:
		GUEST_ASSERT_EQ(test, 0);
	}
	GUEST_DONE();
}

/* Returning stops the hart (SBI HSM hart_stop). */
void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	switch (ST_TEST(opaque)) {
	case ST_HSM:
	case ST_HSM_WAKE:
		GUEST_SYNC(SECONDARY_TAG, hartid, opaque);
		break;
	case ST_IPI:
		guest_ipi_receive();
		break;
	default:
		GUEST_ASSERT_EQ(opaque, 0);
	}
}
