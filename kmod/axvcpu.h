/* SPDX-License-Identifier: GPL-2.0 */
/*
 * axvcpu internals shared by the architecture-independent core (kmod/) and
 * the architecture backends (arch/<arch>/).
 */
#ifndef _AXVCPU_H
#define _AXVCPU_H

#include <linux/bits.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/seqlock.h>
#include <linux/smp.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/axvcpu.h>

#include "axvcpu_arch.h"

struct axvcpu_region {
	u64 gpa;
	u64 size;		/* 0: slot unused */
	u64 uaddr;
	u32 flags;
	/*
	 * The pages pinned for the guest, by page index: a directory of
	 * tables of AXVCPU_CHUNK_PAGES pointers (one 4 KiB table per 2 MiB),
	 * each allocated when the first page it covers is pinned.
	 */
	struct page ***chunks;
};

#define AXVCPU_CHUNK_SHIFT	(PAGE_SHIFT - 3)
#define AXVCPU_CHUNK_PAGES	BIT(AXVCPU_CHUNK_SHIFT)
#define AXVCPU_MAX_SLOT_PAGES	((1UL << 31) - 1)

struct axvcpu_vm {
	refcount_t users;	/* the VM fd plus one per vCPU fd */
	struct mm_struct *mm;	/* the creator's; only it may use the fds */
	struct mutex lock;	/* vcpus[] creation, regions, stage-2 tables */
	seqcount_mutex_t regions_seq;	/* lets the run loop look up regions locklessly */
	struct axvcpu_region regions[AXVCPU_MAX_MEM_REGIONS];
	unsigned int nr_regions;	/* slots above this one are all unused */
	/*
	 * Every slot lies in [lo << ram_shift, hi << ram_shift), lo in the
	 * low and hi in the high half of ram_bounds (hi == lo: no RAM), so
	 * that the exit path reads both at once and needs no seqcount to
	 * tell a device outside them.  ram_shift is constant; it makes the
	 * guest-physical space fit 31 bits.
	 */
	u64 ram_bounds;
	unsigned int ram_shift;
	struct axvcpu_vcpu *vcpus[AXVCPU_MAX_VCPUS];
	/* Fault-around (vm.c), under lock: where a sequential run goes next. */
	u64 fa_next_gfn;
	unsigned int fa_window;
	struct axvcpu_arch_vm arch;
};

/* vcpu->mode, for kicks: is the vCPU possibly executing guest code? */
enum {
	AXVCPU_OUTSIDE_GUEST,
	AXVCPU_IN_GUEST,
};

/* vcpu->requests bits: work another thread asks the vCPU to do on entry */
#define AXVCPU_REQ_FENCE_I	0	/* riscv: fence.i */
#define AXVCPU_REQ_TLB_FLUSH	1	/* flush guest translations */
#define AXVCPU_REQ_START	2	/* apply a start request (HSM/PSCI) */

/* What the next RUN must do to complete the exit userspace saw. */
enum axvcpu_completion {
	AXVCPU_COMPLETE_NONE,
	AXVCPU_COMPLETE_MMIO_READ,
	AXVCPU_COMPLETE_MMIO_WRITE,
	AXVCPU_COMPLETE_HYPERCALL,
	AXVCPU_COMPLETE_SYSREG_READ,
	AXVCPU_COMPLETE_SYSREG_WRITE,
	AXVCPU_COMPLETE_SKIP,	/* only advance the pc */
};

struct axvcpu_vcpu {
	struct axvcpu_vm *vm;
	u32 id;
	struct mutex mutex;	/* serialises every ioctl on this vCPU */
	struct axvcpu_run *run;
	struct page *run_page;
	int mode;
	unsigned long requests;
	u32 mp_state;		/* AXVCPU_MP_STATE_*, changed with cmpxchg */
	wait_queue_head_t wq;	/* WFI and stopped-vCPU sleeps */
	call_single_data_t kick_csd;	/* the IPI of axvcpu_kick() */
	int cpu;		/* host CPU while loaded, else -1 */

	/* Completion of the last exit; never read back from the run page. */
	enum axvcpu_completion completion;
	u8 mmio_len;
	u8 mmio_sign;
	u8 mmio_reg;
	u8 insn_len;

	struct axvcpu_arch_vcpu arch;
};

/*
 * Return values of the backend's run and exit handlers: 0 means keep
 * going, negative values are errors for RUN to return.
 */
enum {
	AXVCPU_RUN_EXIT = 1,	/* exit to userspace, run->exit_reason is set */
	AXVCPU_RUN_RESCHED,	/* the host wants the CPU back */
	AXVCPU_RUN_WFI,		/* the guest waits for an interrupt */
	AXVCPU_RUN_GFAULT,	/* a guest access to RAM needs a stage-2 mapping */
};

/* kmod/vm.c */
struct axvcpu_vm *axvcpu_vm_create(void);
void axvcpu_vm_put(struct axvcpu_vm *vm);
long axvcpu_vm_ioctl(struct axvcpu_vm *vm, unsigned int cmd, unsigned long arg);
int axvcpu_map_gpa(struct axvcpu_vm *vm, u64 gpa, bool write, bool exec);

/*
 * Called with vm->lock held or inside a regions_seq read section.  Inline,
 * as is axvcpu_gpa_is_ram(): every MMIO exit asks.
 */
static inline const struct axvcpu_region *
axvcpu_find_region_nolock(struct axvcpu_vm *vm, u64 gpa)
{
	unsigned int i, n = READ_ONCE(vm->nr_regions);

	/* Look no further than the last slot in use. */
	for (i = 0; i < n; i++) {
		const struct axvcpu_region *r = &vm->regions[i];
		u64 size = READ_ONCE(r->size);

		if (size && gpa - READ_ONCE(r->gpa) < size)
			return r;
	}
	return NULL;
}

/*
 * Is @gpa guest RAM for this kind of access?  Used with interrupts off on
 * the exit path, so it takes no lock; the answer is re-checked under
 * vm->lock before anything is mapped.  Always inline, also where a backend
 * asks from two places.
 */
static __always_inline bool axvcpu_gpa_is_ram(struct axvcpu_vm *vm, u64 gpa,
					      bool write)
{
	u64 bounds = READ_ONCE(vm->ram_bounds), lo = (u32)bounds;
	const struct axvcpu_region *r;
	unsigned int seq;
	bool ram;

	/* Devices usually lie below or above all of RAM. */
	if ((gpa >> vm->ram_shift) - lo >= (bounds >> 32) - lo)
		return false;
	do {
		seq = read_seqcount_begin(&vm->regions_seq);
		r = axvcpu_find_region_nolock(vm, gpa);
		ram = r && !(write && (READ_ONCE(r->flags) & AXVCPU_MEM_READONLY));
	} while (read_seqcount_retry(&vm->regions_seq, seq));
	return ram;
}

/* kmod/vm.c: VMIDs of a @bits-wide space, for the backends */
int axvcpu_vmid_alloc(unsigned int bits, u64 *vmid);
void axvcpu_vmid_free(unsigned int bits, u64 vmid);
void axvcpu_vmid_exit(void);

/*
 * Exits both backends fill the same way.  A guest load or store outside
 * RAM: tell userspace (@value is what a store stores) and remember that the
 * next RUN completes it.  Inline, as is the completion's half: a call costs
 * more than these stores, on every MMIO round trip.
 */
static inline int axvcpu_exit_mmio_run(struct axvcpu_vcpu *vcpu, u64 gpa,
				       unsigned int len, bool store, u64 value)
{
	struct axvcpu_run *run = vcpu->run;

	/* Field by field: a memset() first costs more than the stores. */
	run->mmio.phys_addr = gpa;
	run->mmio.len = len;
	run->mmio.pad = 0;
	if (store) {
		/* The width's bits only: up to the top and back (len <= 8). */
		run->mmio.data = value << (64 - len * 8) >> (64 - len * 8);
		run->exit_reason = AXVCPU_EXIT_MMIO_WRITE;
		vcpu->completion = AXVCPU_COMPLETE_MMIO_WRITE;
	} else {
		run->mmio.data = 0;
		run->exit_reason = AXVCPU_EXIT_MMIO_READ;
		vcpu->completion = AXVCPU_COMPLETE_MMIO_READ;
	}
	return AXVCPU_RUN_EXIT;
}

/*
 * The same, for a backend that keeps how to complete the access in the
 * vCPU: @reg is the load's destination, @insn_len what the pc skips.
 */
static inline int axvcpu_exit_mmio(struct axvcpu_vcpu *vcpu, u64 gpa,
				   unsigned int len, bool store, u64 value,
				   bool sign, u8 reg, u8 insn_len)
{
	vcpu->insn_len = insn_len;
	vcpu->mmio_len = len;
	vcpu->mmio_sign = sign;
	vcpu->mmio_reg = reg;
	return axvcpu_exit_mmio_run(vcpu, gpa, len, store, value);
}

/* What an MMIO load of @len bytes returns: @data, sign- or zero-extended. */
static inline u64 axvcpu_mmio_extend(u64 data, unsigned int len, bool sign)
{
	/* Up to the top and back: the width's bits only, extended. */
	unsigned int shift = 64 - len * 8;
	u64 v = data << shift;

	return sign ? (u64)((s64)v >> shift) : v >> shift;
}

/* What the MMIO read that axvcpu_exit_mmio() described returns. */
static inline u64 axvcpu_mmio_read_value(struct axvcpu_vcpu *vcpu)
{
	return axvcpu_mmio_extend(READ_ONCE(vcpu->run->mmio.data),
				  vcpu->mmio_len, vcpu->mmio_sign);
}

/* kmod/exit.c */
int axvcpu_exit_internal(struct axvcpu_vcpu *vcpu, u32 suberror,
			 const u64 *data, unsigned int ndata);

/* kmod/vcpu.c */
int axvcpu_vcpu_create(struct axvcpu_vm *vm, unsigned long id);
void axvcpu_vcpu_free(struct axvcpu_vcpu *vcpu);
void axvcpu_kick(struct axvcpu_vcpu *vcpu);
void axvcpu_make_request(struct axvcpu_vcpu *vcpu, int req);
bool axvcpu_vcpu_start(struct axvcpu_vcpu *vcpu);
bool axvcpu_vcpu_stop(struct axvcpu_vcpu *vcpu);

static inline struct axvcpu_vcpu *axvcpu_get_vcpu(struct axvcpu_vm *vm,
						  u64 id)
{
	if (id >= AXVCPU_MAX_VCPUS)
		return NULL;
	/* Pairs with smp_store_release() when the vCPU is published. */
	return smp_load_acquire(&vm->vcpus[id]);
}

static inline bool axvcpu_check_request(struct axvcpu_vcpu *vcpu, int req)
{
	return test_and_clear_bit(req, &vcpu->requests);
}

/* Backend interface, implemented once per architecture. */
int axvcpu_arch_init(void);
void axvcpu_arch_exit(void);
long axvcpu_arch_check_extension(unsigned long cap);
int axvcpu_arch_vm_init(struct axvcpu_vm *vm);
void axvcpu_arch_vm_destroy(struct axvcpu_vm *vm);
int axvcpu_arch_stage2_map(struct axvcpu_vm *vm, u64 gpa, struct page *page,
			   bool writable, bool exec);
/* Clear the leaf of one page; stage2_flush() makes the clears take effect. */
void axvcpu_arch_stage2_clear(struct axvcpu_vm *vm, u64 gpa);
void axvcpu_arch_stage2_flush(struct axvcpu_vm *vm);
int axvcpu_arch_vcpu_init(struct axvcpu_vcpu *vcpu);
void axvcpu_arch_vcpu_destroy(struct axvcpu_vcpu *vcpu);
int axvcpu_arch_get_regs(struct axvcpu_vcpu *vcpu, struct axvcpu_regs *regs);
int axvcpu_arch_set_regs(struct axvcpu_vcpu *vcpu, const struct axvcpu_regs *regs);
int axvcpu_arch_get_fpu(struct axvcpu_vcpu *vcpu, struct axvcpu_fpu *fpu);
int axvcpu_arch_set_fpu(struct axvcpu_vcpu *vcpu, const struct axvcpu_fpu *fpu);
int axvcpu_arch_irq_line(struct axvcpu_vcpu *vcpu, u32 irq, u32 level);
void axvcpu_arch_complete(struct axvcpu_vcpu *vcpu);
void axvcpu_arch_apply_start(struct axvcpu_vcpu *vcpu);
/* Load the vCPU on @cpu, run it until the core must act, put it back. */
int axvcpu_arch_run(struct axvcpu_vcpu *vcpu, int cpu);
int axvcpu_arch_handle_gfault(struct axvcpu_vcpu *vcpu);
bool axvcpu_arch_wakeup_pending(struct axvcpu_vcpu *vcpu);
u64 axvcpu_arch_wfi_deadline_ns(struct axvcpu_vcpu *vcpu);

#endif /* _AXVCPU_H */
