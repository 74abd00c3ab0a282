// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 stage-2 translation: 4 KiB granule, an IPA of up to 40 bits walked
 * from level 1 (two concatenated root tables for 40 bits), one VMID per VM.
 *
 * VMIDs are handed out (kmod/vm.c) from the top of the VMID space less one,
 * down; the top one is shared by the VMs that find the rest taken.  KVM
 * allocates its own from 1 upwards, without flushing them until its
 * generation rolls over, so it may still give one of ours to its guests.
 * Translations are flushed for a VMID when it is taken and given back
 * (broadcast TLBI, no IPIs needed), when a page is unmapped, locally at
 * every put, so that no other guest finds them, and at load on a CPU
 * where a KVM guest ran since: never on a plain guest entry.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <asm/cacheflush.h>
#include <asm/cpufeature.h>
#include <asm/kvm_arm.h>
#include <asm/sysreg.h>
#include <asm/tlbflush.h>

#include "arm64.h"

/* Stage-2 descriptors (VMSAv8-64, 4 KiB granule) */
#define S2_VALID		BIT_ULL(0)
#define S2_TABLE		(BIT_ULL(1) | S2_VALID)
#define S2_PAGE			(BIT_ULL(1) | S2_VALID)
#define S2_MEMATTR_NORMAL	(0xfULL << 2)	/* outer and inner write-back */
#define S2_MEMATTR_FWB_NORMAL	(0x6ULL << 2)	/* FWB: force write-back */
#define S2_AP_R			BIT_ULL(6)
#define S2_AP_W			BIT_ULL(7)
#define S2_SH_INNER		(3ULL << 8)
#define S2_AF			BIT_ULL(10)
#define S2_XN			BIT_ULL(54)	/* XN[1:0] = 0b10: no execution */
#define S2_ADDR_MASK		GENMASK_ULL(47, 12)

/* ID register fields */
#define AXV_PARANGE_SHIFT	ID_AA64MMFR0_EL1_PARANGE_SHIFT
#define AXV_DMINLINE_SHIFT	16	/* CTR_EL0.DminLine, log2 of words */

#define AXV_MAX_IPA_BITS	40
#define AXV_START_LEVEL		1	/* SL0 = 1 with a 4 KiB granule */

static unsigned int axv_ipa_bits;
static unsigned int axv_root_order;	/* of the root's pages */
static unsigned int axv_vmid_bits;
/* Read on every load and entry: no call for them. */
u64 axvcpu_arm64_vtcr_el2 __ro_after_init;
u64 axvcpu_arm64_hcr_fwb __ro_after_init;	/* HCR_FWB or 0 */
static unsigned int axv_dline;		/* smallest D-cache line, bytes */

unsigned int axvcpu_arm64_ipa_bits(void)
{
	return axv_ipa_bits;
}

/* The same for the VMID in @vttbr, whatever VTTBR_EL2 holds. */
static void axv_flush_vmid(u64 vttbr, bool all_cpus)
{
	unsigned long flags;
	u64 old_vttbr, old_vtcr;

	local_irq_save(flags);
	old_vttbr = read_sysreg(vttbr_el2);
	old_vtcr = read_sysreg(vtcr_el2);
	write_sysreg(axvcpu_arm64_vtcr_el2, vtcr_el2);
	write_sysreg(vttbr, vttbr_el2);
	isb();
	axvcpu_arm64_tlbi_loaded_vmid(all_cpus);
	write_sysreg(old_vttbr, vttbr_el2);
	write_sysreg(old_vtcr, vtcr_el2);
	isb();
	local_irq_restore(flags);
}

/* axvcpu_arm64_tlbi_loaded_vmid(false) with interrupts on. */
void axvcpu_arm64_flush_loaded_vmid(void)
{
	unsigned long flags;

	local_irq_save(flags);
	axvcpu_arm64_tlbi_loaded_vmid(false);
	local_irq_restore(flags);
}

int axvcpu_arm64_mmu_init(void)
{
	u64 mmfr0 = read_sanitised_ftr_reg(SYS_ID_AA64MMFR0_EL1);
	u64 mmfr1 = read_sanitised_ftr_reg(SYS_ID_AA64MMFR1_EL1);
	u64 ctr = read_sanitised_ftr_reg(SYS_CTR_EL0);
	unsigned int parange, pa_bits;

	parange = cpuid_feature_extract_unsigned_field(mmfr0, AXV_PARANGE_SHIFT);
	/* 52-bit output needs LPA2 descriptors with 4 KiB pages: stay at 48. */
	if (parange > ID_AA64MMFR0_EL1_PARANGE_48)
		parange = ID_AA64MMFR0_EL1_PARANGE_48;
	pa_bits = id_aa64mmfr0_parange_to_phys_shift(parange);
	axv_ipa_bits = min_t(unsigned int, pa_bits, AXV_MAX_IPA_BITS);
	/* Level 1 resolves 9 bits above 30; more need concatenated tables. */
	axv_root_order = axv_ipa_bits > 39 ? axv_ipa_bits - 39 : 0;
	axv_vmid_bits = get_vmid_bits(mmfr1);
	axvcpu_arm64_hcr_fwb = cpus_have_final_cap(ARM64_HAS_STAGE2_FWB) ?
			       HCR_FWB : 0;
	axv_dline = 4U << cpuid_feature_extract_unsigned_field(ctr,
							       AXV_DMINLINE_SHIFT);

	axvcpu_arm64_vtcr_el2 = VTCR_EL2_RES1 | (64 - axv_ipa_bits) |
				(1UL << VTCR_EL2_SL0_SHIFT) |
				VTCR_EL2_IRGN0_WBWA | VTCR_EL2_ORGN0_WBWA |
				VTCR_EL2_SH0_INNER | VTCR_EL2_TG0_4K |
				((u64)parange << VTCR_EL2_PS_SHIFT);
	if (axv_vmid_bits == 16)
		axvcpu_arm64_vtcr_el2 |= VTCR_EL2_VS_16BIT;

	pr_info("axvcpu: stage 2 with %u-bit IPA, %u VMID bits%s\n",
		axv_ipa_bits, axv_vmid_bits, axvcpu_arm64_hcr_fwb ? ", FWB" : "");
	return 0;
}

int axvcpu_arch_vm_init(struct axvcpu_vm *vm)
{
	struct page *root;
	int ret;

	ret = axvcpu_vmid_alloc(axv_vmid_bits, &vm->arch.vmid);
	if (ret)
		return ret;

	root = alloc_pages(GFP_KERNEL_ACCOUNT | __GFP_ZERO, axv_root_order);
	if (!root)
		goto err_vmid;
	vm->arch.pgd = page_address(root);
	vm->arch.vttbr = page_to_phys(root) |
			 (vm->arch.vmid << VTTBR_VMID_SHIFT);
	axv_flush_vmid(vm->arch.vttbr, true);
	return 0;

err_vmid:
	axvcpu_vmid_free(axv_vmid_bits, vm->arch.vmid);
	return -ENOMEM;
}

static unsigned int axv_index(u64 gpa, unsigned int level)
{
	unsigned int shift = PAGE_SHIFT + 9 * (3 - level);
	u64 mask = level == AXV_START_LEVEL ?
		   BIT_ULL(axv_ipa_bits - shift) - 1 : 511;

	return (gpa >> shift) & mask;
}

static u64 *axv_table(u64 desc)
{
	return phys_to_virt(desc & S2_ADDR_MASK);
}

/* The level-3 descriptor for @gpa, allocating tables on the way if @alloc. */
static u64 *axv_walk(struct axvcpu_vm *vm, u64 gpa, bool alloc)
{
	u64 *table = vm->arch.pgd;
	unsigned int level;

	for (level = AXV_START_LEVEL; level < 3; level++) {
		u64 *descp = &table[axv_index(gpa, level)];
		u64 desc = READ_ONCE(*descp);

		if (!(desc & S2_VALID)) {
			unsigned long next;

			if (!alloc)
				return NULL;
			next = get_zeroed_page(GFP_KERNEL_ACCOUNT);
			if (!next)
				return NULL;
			desc = virt_to_phys((void *)next) | S2_TABLE;
			/* The zeroed table is visible before the walker can reach it. */
			dsb(ishst);
			WRITE_ONCE(*descp, desc);
		}
		table = axv_table(desc);
	}
	return &table[axv_index(gpa, 3)];
}

/* Clean and invalidate to PoC, for a guest that runs with its MMU off. */
static void axv_dcache_clean_inval_poc(unsigned long start, unsigned long end)
{
	unsigned long addr;

	for (addr = ALIGN_DOWN(start, axv_dline); addr < end; addr += axv_dline)
		asm volatile("dc civac, %0" : : "r" (addr) : "memory");
	dsb(ish);
}

/*
 * Called with vm->lock held.  As KVM does, a page is mapped executable only
 * once the guest fetches from it (@exec): making the instruction cache
 * coherent with it costs about 260 instructions per page, and most pages
 * are only ever data.  A fetch from a page mapped for data faults again
 * and upgrades the mapping.
 */
int axvcpu_arch_stage2_map(struct axvcpu_vm *vm, u64 gpa, struct page *page,
			   bool writable, bool exec)
{
	unsigned long va = (unsigned long)page_address(page);
	u64 *descp = axv_walk(vm, gpa, true);
	u64 desc, old;

	if (!descp)
		return -ENOMEM;
	desc = page_to_phys(page) | S2_PAGE | S2_AF | S2_SH_INNER | S2_AP_R |
	       (axvcpu_arm64_hcr_fwb ? S2_MEMATTR_FWB_NORMAL : S2_MEMATTR_NORMAL);
	if (writable)
		desc |= S2_AP_W;
	if (!exec)
		desc |= S2_XN;
	old = READ_ONCE(*descp);
	/* Another vCPU faulted on the same page, or mapped it executable. */
	if (old == desc || old == (desc & ~S2_XN))
		return 0;

	/*
	 * Without FWB a guest with its MMU (or caches) off reads memory
	 * directly: what the VMM wrote must be there, not in a cache (done
	 * once, when the page is first mapped).  Its instruction fetches must
	 * see it too.
	 */
	if (!axvcpu_arm64_hcr_fwb && !(old & S2_VALID))
		axv_dcache_clean_inval_poc(va, va + PAGE_SIZE);
	if (exec)
		caches_clean_inval_pou(va, va + PAGE_SIZE);

	if (old & S2_VALID) {
		/* Break before make. */
		WRITE_ONCE(*descp, 0);
		axv_flush_vmid(vm->arch.vttbr, true);
	}
	dsb(ishst);
	WRITE_ONCE(*descp, desc);
	dsb(ishst);
	return 0;
}

/* Called with vm->lock held. */
void axvcpu_arch_stage2_clear(struct axvcpu_vm *vm, u64 gpa)
{
	u64 *descp = axv_walk(vm, gpa, false);

	if (descp)
		WRITE_ONCE(*descp, 0);
}

/* No CPU can use a cleared mapping afterwards. */
void axvcpu_arch_stage2_flush(struct axvcpu_vm *vm)
{
	dsb(ishst);
	axv_flush_vmid(vm->arch.vttbr, true);
}

static void axv_free_table(u64 *table, unsigned int level)
{
	unsigned int i, n = level == AXV_START_LEVEL ?
			    512U << axv_root_order : 512;

	if (level < 2) {
		for (i = 0; i < n; i++)
			if (table[i] & S2_VALID)
				axv_free_table(axv_table(table[i]), level + 1);
	} else if (level == 2) {
		for (i = 0; i < n; i++)
			if (table[i] & S2_VALID)
				free_page((unsigned long)axv_table(table[i]));
	}
	if (level == AXV_START_LEVEL)
		free_pages((unsigned long)table, axv_root_order);
	else
		free_page((unsigned long)table);
}

void axvcpu_arch_vm_destroy(struct axvcpu_vm *vm)
{
	axv_flush_vmid(vm->arch.vttbr, true);
	axv_free_table(vm->arch.pgd, AXV_START_LEVEL);
	axvcpu_vmid_free(axv_vmid_bits, vm->arch.vmid);
}
