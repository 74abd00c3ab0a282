// SPDX-License-Identifier: GPL-2.0
/*
 * VM objects and guest memory regions.
 *
 * Guest RAM is userspace memory of the VM's creator.  A page is pinned the
 * first time the guest touches it (or a page just before it, see
 * axvcpu_fault_window()) and stays pinned, and mapped in the stage-2
 * tables, until its region is deleted or the VM goes away: the guest never
 * reaches a host page the module does not hold a pin on.
 */
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "axvcpu.h"

struct axvcpu_vm *axvcpu_vm_create(void)
{
	struct axvcpu_vm *vm;
	int i, ret;

	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm)
		return ERR_PTR(-ENOMEM);
	refcount_set(&vm->users, 1);
	for (i = 0; i < AXVCPU_MAX_MEM_REGIONS; i++)
		xa_init(&vm->regions[i].pages);
	vm->fa_next_gfn = U64_MAX;
	mutex_init(&vm->lock);
	seqcount_mutex_init(&vm->regions_seq, &vm->lock);
	ret = axvcpu_arch_vm_init(vm);
	if (ret) {
		kfree(vm);
		return ERR_PTR(ret);
	}
	mmgrab(current->mm);
	vm->mm = current->mm;
	return vm;
}

/*
 * The pages pinned for a slot are kept in an xarray, so that what a slot
 * costs is what the guest touched, not its size.  Unpin them all: only
 * once no CPU can reach them through stage 2 any more.
 */
static void axvcpu_region_release(struct axvcpu_region *r)
{
	struct page *page;
	unsigned long idx;

	xa_for_each(&r->pages, idx, page) {
		unpin_user_page(page);
		cond_resched();
	}
	xa_destroy(&r->pages);
}

static void axvcpu_vm_destroy(struct axvcpu_vm *vm)
{
	int i;

	for (i = 0; i < AXVCPU_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			axvcpu_vcpu_free(vm->vcpus[i]);
	/* Tear down the tables (and flush) before unpinning what they map. */
	axvcpu_arch_vm_destroy(vm);
	for (i = 0; i < AXVCPU_MAX_MEM_REGIONS; i++)
		axvcpu_region_release(&vm->regions[i]);
	mmdrop(vm->mm);
	kfree(vm);
}

void axvcpu_vm_put(struct axvcpu_vm *vm)
{
	if (refcount_dec_and_test(&vm->users))
		axvcpu_vm_destroy(vm);
}

/*
 * Pin up to @n of the VMM's pages from @hva on for the guest; returns how
 * many were pinned (at least one) or -EFAULT.  A read pin of an untouched
 * private page would pin the shared zero page (or a file's page cache page)
 * on this kernel, which the VMM's later writes copy away from, so the guest
 * would never see them: private mappings are always pinned for write,
 * forced for read-only ones, so that the page pinned is the VMM's own.
 */
static long axvcpu_pin_pages(unsigned long hva, unsigned long n,
			     bool writable, struct page **pages)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned int gup = FOLL_LONGTERM;
	long ret;

	/* The common case needs no look at the VMA. */
	if (writable) {
		ret = pin_user_pages_fast(hva, n, gup | FOLL_WRITE, pages);
		return ret > 0 ? ret : -EFAULT;
	}

	mmap_read_lock(mm);
	vma = vma_lookup(mm, hva);
	if (!vma) {
		mmap_read_unlock(mm);
		return -EFAULT;
	}
	if (!(vma->vm_flags & VM_SHARED))
		gup |= FOLL_WRITE | FOLL_FORCE;
	/* The flags are this VMA's: stay inside it. */
	n = min(n, (vma->vm_end - hva) >> PAGE_SHIFT);
	ret = pin_user_pages(hva, n, gup, pages, NULL);
	mmap_read_unlock(mm);
	return ret > 0 ? ret : -EFAULT;
}

/*
 * Fault-around.  A guest that goes through its RAM page after page (Linux
 * clearing memory at boot, a loader copying an image) would exit once per
 * page, and each exit costs more than pinning one more page.  A fault on
 * the page right after the last ones mapped doubles the window, up to
 * AXVCPU_FAULT_AROUND pages; any other fault puts it back to one page, so
 * a guest that touches its memory here and there gets exactly the pages it
 * touched.  Returns how many pages to pin from @idx of @r on (at least the
 * faulting one, and none that is pinned already).  Called with vm->lock.
 */
#define AXVCPU_FAULT_AROUND	16

static unsigned long axvcpu_fault_window(struct axvcpu_vm *vm,
					 struct axvcpu_region *r, u64 idx)
{
	u64 gfn = (r->gpa >> PAGE_SHIFT) + idx;
	u64 left = (r->size >> PAGE_SHIFT) - idx;
	unsigned long n = 1, win = 1;

	if (gfn == vm->fa_next_gfn)
		win = min_t(unsigned long, vm->fa_window * 2,
			    AXVCPU_FAULT_AROUND);
	while (n < win && n < left && !xa_load(&r->pages, idx + n))
		n++;
	vm->fa_window = win;
	vm->fa_next_gfn = gfn + n;
	return n;
}

/*
 * Pin the page behind @gpa (and maybe the ones after it) and map it into
 * the guest; @exec if the fault was an instruction fetch (a backend may map
 * other pages without execute permission until one is fetched from).
 * Returns 0 when the guest may retry the access, -ENOENT if @gpa is not (or
 * no longer) RAM for this access, -EFAULT if the backing memory cannot be
 * pinned, -ENOMEM, or -EEXIST if the backend found @gpa mapped already
 * (riscv).
 */
int axvcpu_map_gpa(struct axvcpu_vm *vm, u64 gpa, bool write, bool exec)
{
	struct page *page, *batch[AXVCPU_FAULT_AROUND];
	const struct axvcpu_region *cr;
	struct axvcpu_region *r;
	bool writable;
	long i, n;
	u64 idx;
	int ret;

	mutex_lock(&vm->lock);
	cr = axvcpu_find_region_nolock(vm, gpa);
	if (!cr || (write && (cr->flags & AXVCPU_MEM_READONLY))) {
		ret = -ENOENT;
		goto out;
	}
	r = (struct axvcpu_region *)cr;
	writable = !(r->flags & AXVCPU_MEM_READONLY);
	idx = (gpa - r->gpa) >> PAGE_SHIFT;
	page = xa_load(&r->pages, idx);
	if (!page) {
		n = axvcpu_pin_pages(r->uaddr + (idx << PAGE_SHIFT),
				     axvcpu_fault_window(vm, r, idx), writable,
				     batch);
		if (n < 0) {
			ret = n;
			goto out;
		}
		for (i = 0; i < n; i++) {
			ret = xa_err(xa_store(&r->pages, idx + i, batch[i],
					      GFP_KERNEL_ACCOUNT));
			if (ret) {
				unpin_user_pages(batch + i, n - i);
				if (!i)
					goto out;
				n = i;
				break;
			}
		}
		/*
		 * The pages after the faulting one are not mapped yet (a page
		 * is mapped only once pinned).  One that cannot be mapped now
		 * stays pinned and gets mapped when the guest touches it.
		 */
		for (i = 1; i < n; i++) {
			u64 next = r->gpa + ((idx + i) << PAGE_SHIFT);

			if (axvcpu_arch_stage2_map(vm, next, batch[i], writable,
						   false))
				break;
		}
		page = batch[0];
	}
	ret = axvcpu_arch_stage2_map(vm, gpa & PAGE_MASK, page, writable, exec);
out:
	mutex_unlock(&vm->lock);
	return ret;
}

static bool axvcpu_ranges_overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

/* The whole user range must be mapped, and writable unless @readonly. */
static int axvcpu_check_user_range(u64 uaddr, u64 size, bool readonly)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	u64 addr = uaddr, end = uaddr + size;
	int ret = 0;

	mmap_read_lock(mm);
	while (addr < end) {
		vma = vma_lookup(mm, addr);
		if (!vma || !(vma->vm_flags & VM_READ) ||
		    (!readonly && !(vma->vm_flags & VM_WRITE)) ||
		    (vma->vm_flags & (VM_IO | VM_PFNMAP))) {
			ret = -EFAULT;
			break;
		}
		addr = vma->vm_end;
	}
	mmap_read_unlock(mm);
	return ret;
}

static int axvcpu_delete_region(struct axvcpu_vm *vm, struct axvcpu_region *r)
{
	struct page *page;
	unsigned long idx;

	write_seqcount_begin(&vm->regions_seq);
	WRITE_ONCE(r->size, 0);
	while (vm->nr_regions && !vm->regions[vm->nr_regions - 1].size)
		WRITE_ONCE(vm->nr_regions, vm->nr_regions - 1);
	write_seqcount_end(&vm->regions_seq);
	/* Only pinned pages are mapped: clear those, then flush. */
	xa_for_each(&r->pages, idx, page) {
		axvcpu_arch_stage2_clear(vm, r->gpa + ((u64)idx << PAGE_SHIFT));
		cond_resched();
	}
	/* No vCPU can reach the pages once this returns. */
	axvcpu_arch_stage2_flush(vm);
	axvcpu_region_release(r);
	return 0;
}

static int axvcpu_set_memory_region(struct axvcpu_vm *vm,
				    const struct axvcpu_memory_region *m)
{
	u64 gpa_limit = 1ULL << axvcpu_arch_check_extension(AXVCPU_CAP_GUEST_PHYS_BITS);
	bool readonly = m->flags & AXVCPU_MEM_READONLY;
	struct axvcpu_region *r;
	int i, ret;

	if (m->slot >= AXVCPU_MAX_MEM_REGIONS)
		return -EINVAL;
	if (m->flags & ~AXVCPU_MEM_READONLY)
		return -EINVAL;
	if (!PAGE_ALIGNED(m->guest_phys_addr) || !PAGE_ALIGNED(m->memory_size) ||
	    !PAGE_ALIGNED(m->userspace_addr))
		return -EINVAL;

	r = &vm->regions[m->slot];
	if (!m->memory_size) {
		if (!r->size)
			return -EINVAL;
		return axvcpu_delete_region(vm, r);
	}

	if (m->guest_phys_addr + m->memory_size < m->guest_phys_addr ||
	    m->guest_phys_addr + m->memory_size > gpa_limit)
		return -EINVAL;
	if (m->userspace_addr + m->memory_size < m->userspace_addr ||
	    m->userspace_addr + m->memory_size > TASK_SIZE)
		return -EINVAL;
	if (r->size)
		return -EEXIST;
	for (i = 0; i < AXVCPU_MAX_MEM_REGIONS; i++) {
		struct axvcpu_region *o = &vm->regions[i];

		if (o->size && axvcpu_ranges_overlap(o->gpa, o->size,
						     m->guest_phys_addr,
						     m->memory_size))
			return -EEXIST;
	}
	ret = axvcpu_check_user_range(m->userspace_addr, m->memory_size,
				      readonly);
	if (ret)
		return ret;

	/* r->pages is empty: the slot was never used or deleted. */
	write_seqcount_begin(&vm->regions_seq);
	r->gpa = m->guest_phys_addr;
	r->uaddr = m->userspace_addr;
	r->flags = m->flags;
	WRITE_ONCE(r->size, m->memory_size);
	if (m->slot >= vm->nr_regions)
		WRITE_ONCE(vm->nr_regions, m->slot + 1);
	write_seqcount_end(&vm->regions_seq);
	return 0;
}

static long axvcpu_check_extension(unsigned long cap)
{
	switch (cap) {
	case AXVCPU_CAP_NR_VCPUS:
		return AXVCPU_MAX_VCPUS;
	case AXVCPU_CAP_NR_MEM_REGIONS:
		return AXVCPU_MAX_MEM_REGIONS;
	case AXVCPU_CAP_READONLY_MEM:
	case AXVCPU_CAP_IMMEDIATE_EXIT:
	case AXVCPU_CAP_MP_STATE:
	case AXVCPU_CAP_FPU:
		return 1;
	default:
		return axvcpu_arch_check_extension(cap);
	}
}

long axvcpu_vm_ioctl(struct axvcpu_vm *vm, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	long ret;

	switch (cmd) {
	case AXVCPU_GET_API_VERSION:
		if (arg)
			return -EINVAL;
		return AXVCPU_API_VERSION;
	case AXVCPU_CHECK_EXTENSION:
		return axvcpu_check_extension(arg);
	case AXVCPU_GET_VCPU_MMAP_SIZE:
		if (arg)
			return -EINVAL;
		return PAGE_SIZE;
	case AXVCPU_SET_USER_MEMORY_REGION: {
		struct axvcpu_memory_region m;

		if (copy_from_user(&m, argp, sizeof(m)))
			return -EFAULT;
		mutex_lock(&vm->lock);
		ret = axvcpu_set_memory_region(vm, &m);
		mutex_unlock(&vm->lock);
		return ret;
	}
	case AXVCPU_CREATE_VCPU:
		return axvcpu_vcpu_create(vm, arg);
	default:
		return -ENOTTY;
	}
}
