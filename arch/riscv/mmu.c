// SPDX-License-Identifier: GPL-2.0
/*
 * riscv64 G-stage translation: the widest SvNNx4 mode the CPU has, 4 KiB
 * leaves, one VMID per VM.
 *
 * VMIDs are handed out (kmod/vm.c) from the top of the VMID space down.
 * KVM counts up from 1, so the two hypervisors do not normally share a
 * VMID; each VMID is still flushed on every CPU when it is taken and when
 * it is given back, and locally at every put (vcpu.c), so that no
 * translation cached for one VM can serve another.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/smp.h>
#include <asm/csr.h>

#include "riscv.h"

#define PTE_V	BIT(0)
#define PTE_R	BIT(1)
#define PTE_W	BIT(2)
#define PTE_X	BIT(3)
#define PTE_U	BIT(4)
#define PTE_A	BIT(6)
#define PTE_D	BIT(7)
#define PTE_LEAF	(PTE_R | PTE_W | PTE_X)
#define PTE_PPN_SHIFT	10

#define PGD_ORDER	2	/* the x4 root is 16 KiB */

static unsigned long axv_hgatp_mode;
static unsigned int axv_levels;
static unsigned int axv_vmid_bits;

unsigned int axvcpu_riscv_gpa_bits(void)
{
	return PAGE_SHIFT + 9 * axv_levels + 2;
}

static void axv_flush_vmid_ipi(void *info)
{
	axvcpu_riscv_local_flush_vmid((unsigned long)info);
}

static void axv_flush_vmid_all_cpus(unsigned long vmid)
{
	on_each_cpu(axv_flush_vmid_ipi, (void *)vmid, 1);
}

int axvcpu_riscv_mmu_init(void)
{
	static const unsigned long modes[] = {
		HGATP_MODE_SV57X4, HGATP_MODE_SV48X4, HGATP_MODE_SV39X4,
	};
	static const unsigned int levels[] = { 5, 4, 3 };
	unsigned long flags, old, vmid;
	int i;

	/* hgatp is WARL: a mode the CPU lacks does not stick. */
	local_irq_save(flags);
	old = csr_read(CSR_HGATP);
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		csr_write(CSR_HGATP, modes[i] << HGATP_MODE_SHIFT);
		if (csr_read(CSR_HGATP) >> HGATP_MODE_SHIFT == modes[i])
			break;
	}
	if (i < ARRAY_SIZE(modes)) {
		csr_write(CSR_HGATP, (modes[i] << HGATP_MODE_SHIFT) |
			  HGATP_VMID_MASK);
		vmid = (csr_read(CSR_HGATP) & HGATP_VMID_MASK) >>
			HGATP_VMID_SHIFT;
		axv_vmid_bits = fls_long(vmid);
	}
	csr_write(CSR_HGATP, old);
	local_irq_restore(flags);

	if (i == ARRAY_SIZE(modes)) {
		pr_err("axvcpu: no supported G-stage translation mode\n");
		return -ENODEV;
	}
	axv_hgatp_mode = modes[i];
	axv_levels = levels[i];
	pr_info("axvcpu: G-stage Sv%ux4, %u VMID bits\n",
		9 * axv_levels + PAGE_SHIFT, axv_vmid_bits);
	return 0;
}

int axvcpu_arch_vm_init(struct axvcpu_vm *vm)
{
	struct page *pgd;
	int ret;

	ret = axvcpu_vmid_alloc(axv_vmid_bits, &vm->arch.vmid);
	if (ret)
		return ret;
	pgd = alloc_pages(GFP_KERNEL_ACCOUNT | __GFP_ZERO, PGD_ORDER);
	if (!pgd) {
		axvcpu_vmid_free(axv_vmid_bits, vm->arch.vmid);
		return -ENOMEM;
	}
	vm->arch.pgd = page_address(pgd);
	vm->arch.hgatp = (axv_hgatp_mode << HGATP_MODE_SHIFT) |
			 (vm->arch.vmid << HGATP_VMID_SHIFT) |
			 page_to_pfn(pgd);
	axv_flush_vmid_all_cpus(vm->arch.vmid);
	return 0;
}

/* Bits of a GPA that one table at the lowest level translates (2 MiB). */
#define AXV_LEAF_TABLE_SHIFT	(PAGE_SHIFT + 9)

static unsigned long *axv_table(unsigned long pte)
{
	return pfn_to_virt(pte >> PTE_PPN_SHIFT);
}

/*
 * The leaf PTE for @gpa, allocating tables on the way if @alloc; called
 * with vm->lock held.  The lowest-level table last walked to is
 * remembered (tables are never freed while the VM lives), so that a guest
 * touching its RAM page after page walks one level instead of five.
 */
static unsigned long *axv_walk(struct axvcpu_vm *vm, u64 gpa, bool alloc)
{
	struct axvcpu_arch_vm *av = &vm->arch;
	unsigned int shift = PAGE_SHIFT + 9 * (axv_levels - 1);
	unsigned long *table = av->pgd;
	/* The x4 root has 2048 entries, every other table 512. */
	unsigned long mask = 0x7ff;

	if (av->leaf_table && gpa >> AXV_LEAF_TABLE_SHIFT == av->leaf_gfn)
		return &av->leaf_table[(gpa >> PAGE_SHIFT) & 0x1ff];

	for (; shift > PAGE_SHIFT; shift -= 9, mask = 0x1ff) {
		unsigned long *ptep = &table[(gpa >> shift) & mask];
		unsigned long pte = READ_ONCE(*ptep);

		if (!(pte & PTE_V)) {
			unsigned long next;

			if (!alloc)
				return NULL;
			next = get_zeroed_page(GFP_KERNEL_ACCOUNT);
			if (!next)
				return NULL;
			pte = (virt_to_pfn(next) << PTE_PPN_SHIFT) | PTE_V;
			WRITE_ONCE(*ptep, pte);
		}
		table = axv_table(pte);
	}
	av->leaf_table = table;
	av->leaf_gfn = gpa >> AXV_LEAF_TABLE_SHIFT;
	return &table[(gpa >> PAGE_SHIFT) & mask];
}

/*
 * Called with vm->lock held.  Returns -EEXIST if @gpa is mapped already:
 * another vCPU mapped it first, and the faulting CPU needs only a flush.
 */
int axvcpu_arch_stage2_map(struct axvcpu_vm *vm, u64 gpa, struct page *page,
			   bool writable, bool exec)
{
	unsigned long *ptep = axv_walk(vm, gpa, true);
	unsigned long pte;

	if (!ptep)
		return -ENOMEM;
	if (READ_ONCE(*ptep) & PTE_V)
		return -EEXIST;
	/* G-stage leaves must have U set; A and D preset as nothing updates them. */
	pte = (page_to_pfn(page) << PTE_PPN_SHIFT) | PTE_V | PTE_R | PTE_X |
	      PTE_U | PTE_A;
	if (writable)
		pte |= PTE_W | PTE_D;
	WRITE_ONCE(*ptep, pte);
	return 0;
}

/* Called with vm->lock held. */
void axvcpu_arch_stage2_clear(struct axvcpu_vm *vm, u64 gpa)
{
	unsigned long *ptep = axv_walk(vm, gpa, false);

	if (ptep)
		WRITE_ONCE(*ptep, 0);
}

/* No CPU can use a cleared mapping afterwards. */
void axvcpu_arch_stage2_flush(struct axvcpu_vm *vm)
{
	/* The IPI also pulls every vCPU of this VM out of the guest. */
	axv_flush_vmid_all_cpus(vm->arch.vmid);
}

static void axv_free_table(unsigned long *table, unsigned int level)
{
	unsigned int i, n = level == axv_levels - 1 ? 2048 : 512;

	if (level > 0) {
		for (i = 0; i < n; i++) {
			unsigned long pte = table[i];

			if ((pte & PTE_V) && !(pte & PTE_LEAF))
				axv_free_table(axv_table(pte), level - 1);
		}
	}
	if (level == axv_levels - 1)
		free_pages((unsigned long)table, PGD_ORDER);
	else
		free_page((unsigned long)table);
}

void axvcpu_arch_vm_destroy(struct axvcpu_vm *vm)
{
	axv_flush_vmid_all_cpus(vm->arch.vmid);
	axv_free_table(vm->arch.pgd, axv_levels - 1);
	axvcpu_vmid_free(axv_vmid_bits, vm->arch.vmid);
}
