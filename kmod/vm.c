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
#include <linux/idr.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "axvcpu.h"

/*
 * VMIDs, one per VM, counted down from the top of the VMID space less one
 * (KVM counts up from 1, and 0 is nobody's to share).  The top one is
 * shared by the VMs that find the rest taken, and all VMs share 0 where
 * the CPU has no VMIDs (0 is the top one then): the backends flush a VM's
 * VMID on its CPU at every put, so VMs that share one never see each
 * other's translations, and running out is never an error.
 */
static DEFINE_IDA(axvcpu_vmid_ida);

int axvcpu_vmid_alloc(unsigned int bits, u64 *vmid)
{
	u64 max = BIT_ULL(bits) - 1;
	int id = -ENOSPC;

	if (max > 1)
		id = ida_alloc_range(&axvcpu_vmid_ida, 0, max - 2, GFP_KERNEL);
	if (id >= 0) {
		*vmid = max - 1 - id;
		return 0;
	}
	if (id != -ENOSPC)
		return id;
	*vmid = max;
	return 0;
}

void axvcpu_vmid_free(unsigned int bits, u64 vmid)
{
	/* The shared top one was never taken from the IDA. */
	if (vmid != BIT_ULL(bits) - 1)
		ida_free(&axvcpu_vmid_ida, BIT_ULL(bits) - 2 - vmid);
}

void axvcpu_vmid_exit(void)
{
	ida_destroy(&axvcpu_vmid_ida);
}

struct axvcpu_vm *axvcpu_vm_create(void)
{
	struct axvcpu_vm *vm;
	long gpa_bits;
	int ret;

	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm)
		return ERR_PTR(-ENOMEM);
	refcount_set(&vm->users, 1);
	vm->fa_next_gfn = U64_MAX;
	/* Slots end at 1 << gpa_bits at most: hi fits 32 bits. */
	gpa_bits = axvcpu_arch_check_extension(AXVCPU_CAP_GUEST_PHYS_BITS);
	vm->ram_shift = gpa_bits > 31 ? gpa_bits - 31 : 0;
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

/* Entries of the page table directory of a slot of @size bytes. */
static u64 axvcpu_chunks(u64 size)
{
	return DIV_ROUND_UP(size >> PAGE_SHIFT, AXVCPU_CHUNK_PAGES);
}

/* The page pinned at page index @idx of @r, or NULL. */
static struct page *axvcpu_region_page(const struct axvcpu_region *r, u64 idx)
{
	struct page **chunk = r->chunks[idx >> AXVCPU_CHUNK_SHIFT];

	return chunk ? chunk[idx & (AXVCPU_CHUNK_PAGES - 1)] : NULL;
}

static int axvcpu_region_set_page(struct axvcpu_region *r, u64 idx,
				  struct page *page)
{
	struct page ***chunkp = &r->chunks[idx >> AXVCPU_CHUNK_SHIFT];

	if (!*chunkp) {
		*chunkp = (struct page **)get_zeroed_page(GFP_KERNEL_ACCOUNT);
		if (!*chunkp)
			return -ENOMEM;
	}
	(*chunkp)[idx & (AXVCPU_CHUNK_PAGES - 1)] = page;
	return 0;
}

/*
 * Unpin every page of @r, whose page tables are @n: only once no CPU can
 * reach them through stage 2 any more.
 */
static void axvcpu_region_release(struct axvcpu_region *r, u64 n)
{
	unsigned long i;
	u64 c;

	for (c = 0; c < n; c++) {
		struct page **chunk = r->chunks[c];

		if (!chunk)
			continue;
		for (i = 0; i < AXVCPU_CHUNK_PAGES; i++)
			if (chunk[i])
				unpin_user_page(chunk[i]);
		free_page((unsigned long)chunk);
		cond_resched();
	}
	kvfree(r->chunks);
	r->chunks = NULL;
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
		if (vm->regions[i].size)
			axvcpu_region_release(&vm->regions[i],
					      axvcpu_chunks(vm->regions[i].size));
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
	while (n < win && n < left && !axvcpu_region_page(r, idx + n))
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
	page = axvcpu_region_page(r, idx);
	if (!page) {
		n = axvcpu_pin_pages(r->uaddr + (idx << PAGE_SHIFT),
				     axvcpu_fault_window(vm, r, idx), writable,
				     batch);
		if (n < 0) {
			ret = n;
			goto out;
		}
		for (i = 0; i < n; i++) {
			ret = axvcpu_region_set_page(r, idx + i, batch[i]);
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

/* Inside the regions_seq write section: the bounds of all slots, anew. */
static void axvcpu_update_ram_bounds(struct axvcpu_vm *vm)
{
	u64 lo = U64_MAX, hi = 0;
	unsigned int i;

	for (i = 0; i < vm->nr_regions; i++) {
		const struct axvcpu_region *r = &vm->regions[i];

		if (!r->size)
			continue;
		lo = min(lo, r->gpa);
		hi = max(hi, r->gpa + r->size);
	}
	if (!hi) {
		WRITE_ONCE(vm->ram_bounds, 0);
		return;
	}
	lo >>= vm->ram_shift;
	hi = ((hi - 1) >> vm->ram_shift) + 1;	/* rounded up */
	/* One store: the exit path reads it without the seqcount. */
	WRITE_ONCE(vm->ram_bounds, hi << 32 | lo);
}

static int axvcpu_delete_region(struct axvcpu_vm *vm, struct axvcpu_region *r)
{
	u64 c, n = axvcpu_chunks(r->size);
	unsigned long i;

	write_seqcount_begin(&vm->regions_seq);
	WRITE_ONCE(r->size, 0);
	while (vm->nr_regions && !vm->regions[vm->nr_regions - 1].size)
		WRITE_ONCE(vm->nr_regions, vm->nr_regions - 1);
	axvcpu_update_ram_bounds(vm);
	write_seqcount_end(&vm->regions_seq);
	/* Only pinned pages are mapped: clear those, then flush. */
	for (c = 0; c < n; c++) {
		struct page **chunk = r->chunks[c];

		if (!chunk)
			continue;
		for (i = 0; i < AXVCPU_CHUNK_PAGES; i++) {
			u64 gpa = r->gpa +
				  ((c * AXVCPU_CHUNK_PAGES + i) << PAGE_SHIFT);

			if (chunk[i])
				axvcpu_arch_stage2_clear(vm, gpa);
		}
		cond_resched();
	}
	/* No vCPU can reach the pages once this returns. */
	axvcpu_arch_stage2_flush(vm);
	axvcpu_region_release(r, n);
	return 0;
}

static int axvcpu_set_memory_region(struct axvcpu_vm *vm,
				    const struct axvcpu_memory_region *m)
{
	u64 gpa_limit = 1ULL << axvcpu_arch_check_extension(AXVCPU_CAP_GUEST_PHYS_BITS);
	bool readonly = m->flags & AXVCPU_MEM_READONLY;
	struct axvcpu_region *r;
	struct page ***chunks;
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
	/* KVM's limit too; it keeps a slot's directory within 32 MiB. */
	if (m->memory_size >> PAGE_SHIFT > AXVCPU_MAX_SLOT_PAGES)
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

	/* One pointer per 2 MiB up front; the rest as the guest touches it. */
	chunks = kvcalloc(axvcpu_chunks(m->memory_size), sizeof(*chunks),
			  GFP_KERNEL_ACCOUNT);
	if (!chunks)
		return -ENOMEM;

	write_seqcount_begin(&vm->regions_seq);
	r->gpa = m->guest_phys_addr;
	r->uaddr = m->userspace_addr;
	r->flags = m->flags;
	r->chunks = chunks;
	WRITE_ONCE(r->size, m->memory_size);
	if (m->slot >= vm->nr_regions)
		WRITE_ONCE(vm->nr_regions, m->slot + 1);
	axvcpu_update_ram_bounds(vm);
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

/* Out of line, so that the ioctls that only answer need no frame. */
static noinline long axvcpu_set_memory_region_ioctl(struct axvcpu_vm *vm,
						    void __user *argp)
{
	struct axvcpu_memory_region m;
	long ret;

	if (copy_from_user(&m, argp, sizeof(m)))
		return -EFAULT;
	mutex_lock(&vm->lock);
	ret = axvcpu_set_memory_region(vm, &m);
	mutex_unlock(&vm->lock);
	return ret;
}

long axvcpu_vm_ioctl(struct axvcpu_vm *vm, unsigned int cmd, unsigned long arg)
{
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
	case AXVCPU_SET_USER_MEMORY_REGION:
		return axvcpu_set_memory_region_ioctl(vm, (void __user *)arg);
	case AXVCPU_CREATE_VCPU:
		return axvcpu_vcpu_create(vm, arg);
	default:
		return -ENOTTY;
	}
}
