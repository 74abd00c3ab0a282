// SPDX-License-Identifier: GPL-2.0
/*
 * Guest half of hostile_test: guests that misbehave on purpose.  One
 * function per behaviour, picked by a1 (see hostile_test.h).
 */
#include "guest.h"
#include "ucall_common.h"
#include "hostile_test.h"

#define SATP_MODE_SHIFT	60
#define SATP_MODE_SV39	8UL

static void ht_munmap(void)
{
	volatile unsigned long *p = (volatile unsigned long *)SCRATCH_GPA;
	const unsigned long words = PAGE_SZ / sizeof(*p);
	unsigned long a, b, c, i, pg;

	/*
	 * Pages 1 and 0 are touched (and so pinned) before the munmap, in
	 * that order so that no fault maps page 2 ahead (fault-around).
	 */
	for (pg = 2; pg-- > 0;)
		for (i = 0; i < 8; i++)
			p[pg * words + i] = SCRATCH_PATTERN(pg, i);
	GUEST_SYNC(1);

	/* The host has unmapped the backing: these pages are still ours. */
	a = p[0];
	b = p[words + 7];
	p[1] = GUEST_REWRITE;
	c = p[1];
	GUEST_SYNC(2, a, b, c);

	/* Page 2 was never touched: no memory until the host remaps it. */
	a = p[2 * words];
	b = p[0];
	c = p[3 * words];
	GUEST_SYNC(3, a, b, c);
	GUEST_DONE();
}

static void ht_delete(void)
{
	volatile unsigned long *p = (volatile unsigned long *)SCRATCH_GPA;

	p[0] = 0;
	GUEST_SYNC(1);
	/* Once the slot is gone, the load or the store exits as MMIO. */
	for (;;)
		p[0] = p[0] + 1;
}

static volatile unsigned long trap_count;

static void skip_illegal(struct guest_trap_frame *f)
{
	trap_count++;
	f->sepc += insn_len(f->sepc);
}

static struct csr_result results[NR_CSR_RESULTS];
static unsigned int nr_results;

/*
 * Read, write @val, read back and restore CSR @num.  Each of the four
 * instructions may trap as illegal; skip_illegal() counts and skips it.
 */
#define CSR_TRY(num, val)						\
do {									\
	struct csr_result *__r = &results[nr_results++];		\
	unsigned long __old = 0, __rb = 0, __v = (val);			\
									\
	trap_count = 0;							\
	asm volatile("csrr %0, " #num : "+r"(__old) : : "memory");	\
	asm volatile("csrw " #num ", %0" : : "r"(__v) : "memory");	\
	asm volatile("csrr %0, " #num : "+r"(__rb) : : "memory");	\
	asm volatile("csrw " #num ", %0" : : "r"(__old) : "memory");	\
	__r->csr = num;							\
	__r->written = __v;						\
	__r->readback = __rb;						\
	__r->trapped = trap_count;					\
} while (0)

static void ht_csr_garbage(void)
{
	const unsigned long junk = 0xa5a5f00dcafe5a5bUL;

	local_irq_disable();
	csr_write(sie, 0);
	guest_install_handler(EXC_INST_ILLEGAL, skip_illegal);

	/* The guest's own supervisor CSRs: accepted (WARL), no trap. */
	CSR_TRY(0x100, ~0UL);			/* sstatus */
	CSR_TRY(0x104, ~0UL);			/* sie */
	CSR_TRY(0x144, ~0UL);			/* sip */
	CSR_TRY(0x105, junk);			/* stvec */
	CSR_TRY(0x106, ~0UL);			/* scounteren */
	CSR_TRY(0x140, junk);			/* sscratch */
	CSR_TRY(0x141, junk);			/* sepc */
	CSR_TRY(0x142, junk);			/* scause */
	CSR_TRY(0x143, junk);			/* stval */
	/* satp with modes no hart has: the write is ignored. */
	CSR_TRY(0x180, (1UL << SATP_MODE_SHIFT) | 0x12345);
	CSR_TRY(0x180, (7UL << SATP_MODE_SHIFT) | junk >> 20);
	CSR_TRY(0x180, (11UL << SATP_MODE_SHIFT) | junk >> 20);
	CSR_TRY(0x180, (15UL << SATP_MODE_SHIFT) | ~0UL >> 4);
	/* Not the guest's: illegal instructions, every access. */
	CSR_TRY(0x600, ~0UL);			/* hstatus */
	CSR_TRY(0x602, ~0UL);			/* hedeleg */
	CSR_TRY(0x603, ~0UL);			/* hideleg */
	CSR_TRY(0x645, ~0UL);			/* hvip */
	CSR_TRY(0x680, junk);			/* hgatp */
	CSR_TRY(0x200, ~0UL);			/* vsstatus */
	CSR_TRY(0x280, junk);			/* vsatp */
	CSR_TRY(0x300, ~0UL);			/* mstatus */
	CSR_TRY(0x305, junk);			/* mtvec */
	CSR_TRY(0x302, ~0UL);			/* medeleg */
	CSR_TRY(0x3a0, ~0UL);			/* pmpcfg0 */
	CSR_TRY(0xc01, junk);			/* time: read only */
	/* stimecmp: the guest's with Sstc, illegal without. */
	CSR_TRY(0x14d, ~0UL);

	GUEST_SYNC(1, (unsigned long)results, nr_results);
	GUEST_DONE();
}

static void ht_irqs_off_spin(void)
{
	local_irq_disable();
	csr_write(sie, 0);
	GUEST_SYNC(1);
	for (;;)
		barrier();
}

static void ht_wfi_forever(void)
{
	/* An enabled interrupt that never comes: the kernel sleeps. */
	local_irq_disable();
	csr_write(sie, SIE_SEIE);
	GUEST_SYNC(1);
	for (;;)
		wfi();
}

static void ht_mmio_loop(void)
{
	volatile unsigned long *mmio = (volatile unsigned long *)MMIO_ADDR;
	unsigned long i, sum = 0;

	for (i = 0; i < MMIO_LOOPS; i++)
		sum += *mmio;
	GUEST_SYNC(1, sum);
	GUEST_DONE();
}

static unsigned long empty_root[PAGE_SZ / 8] __aligned(PAGE_SZ);

static void ht_page_fault_loop(void)
{
	/*
	 * Paging on with nothing mapped: the next fetch faults, and so does
	 * the fetch of the trap vector, forever, without ever exiting.
	 */
	GUEST_SYNC(1, (unsigned long)empty_root);
	csr_write(satp, (SATP_MODE_SV39 << SATP_MODE_SHIFT) |
		  ((unsigned long)empty_root >> 12));
	asm volatile("sfence.vma" : : : "memory");
	GUEST_SYNC(2);
}

static void ht_pt_outside_ram(void)
{
	GUEST_SYNC(1);
	csr_write(satp, (SATP_MODE_SV39 << SATP_MODE_SHIFT) |
		  (NOT_RAM_ROOT >> 12));
	asm volatile("sfence.vma" : : : "memory");
	GUEST_SYNC(2);
}

static void ht_ro_read(void)
{
	volatile unsigned long *ro = (volatile unsigned long *)RO_GPA;

	GUEST_SYNC(1, ro[0]);
	GUEST_SYNC(2, ro[0]);
	GUEST_DONE();
}

static void ht_touch(void)
{
	volatile unsigned long *p = (volatile unsigned long *)guest_boot_args[2];

	p[0] = TOUCH_PATTERN;
	GUEST_SYNC(1, p[0], p[511]);
	GUEST_DONE();
}

void guest_main(unsigned long hartid, unsigned long test)
{
	GUEST_ASSERT_EQ(hartid, 0);
	switch (test) {
	case HT_MUNMAP:
		ht_munmap();
		break;
	case HT_DELETE:
		ht_delete();
		break;
	case HT_CSR_GARBAGE:
		ht_csr_garbage();
		break;
	case HT_IRQS_OFF_SPIN:
		ht_irqs_off_spin();
		break;
	case HT_WFI_FOREVER:
		ht_wfi_forever();
		break;
	case HT_MMIO_LOOP:
		ht_mmio_loop();
		break;
	case HT_PAGE_FAULT_LOOP:
		ht_page_fault_loop();
		break;
	case HT_PT_OUTSIDE_RAM:
		ht_pt_outside_ram();
		break;
	case HT_RO_READ:
		ht_ro_read();
		break;
	case HT_TOUCH:
		ht_touch();
		break;
	default:
		GUEST_ASSERT_EQ(test, 0);
	}
	GUEST_DONE();
}
