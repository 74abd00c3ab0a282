/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * axvcpu: a small KVM-like hypervisor interface.
 *
 * Opening /dev/axvcpu creates a VM; the returned fd is the VM fd.  vCPUs are
 * created on the VM fd and each gets its own fd, whose mmap gives the
 * struct axvcpu_run shared with the kernel.  See Documentation/api.rst.
 */
#ifndef _UAPI_LINUX_AXVCPU_H
#define _UAPI_LINUX_AXVCPU_H

#include <linux/types.h>
#include <linux/ioctl.h>
#include <asm/axvcpu.h>

#define AXVCPU_API_VERSION	1

/* Limits reported by AXVCPU_CHECK_EXTENSION. */
#define AXVCPU_MAX_VCPUS	16
#define AXVCPU_MAX_MEM_REGIONS	32

/**
 * struct axvcpu_memory_region - map userspace memory into guest physical space
 * @slot:		region number, below AXVCPU_MAX_MEM_REGIONS
 * @flags:		AXVCPU_MEM_* flags; unknown bits give -EINVAL
 * @guest_phys_addr:	guest physical base, page aligned
 * @memory_size:	bytes, a multiple of the page size; 0 deletes the slot
 * @userspace_addr:	page aligned address of the backing memory in the
 *			calling process
 */
struct axvcpu_memory_region {
	__u32 slot;
	__u32 flags;
	__u64 guest_phys_addr;
	__u64 memory_size;
	__u64 userspace_addr;
};

/* The guest may read but not write the region; writes exit as MMIO. */
#define AXVCPU_MEM_READONLY	(1U << 0)

/*
 * vCPU power state.  vCPU 0 is created RUNNABLE and every other vCPU STOPPED,
 * as on a machine where firmware starts only the boot hart/CPU.  RUN on a
 * stopped vCPU sleeps until another vCPU starts it (SBI HSM hart_start, PSCI
 * CPU_ON) or a signal arrives.
 */
#define AXVCPU_MP_STATE_RUNNABLE	0
#define AXVCPU_MP_STATE_STOPPED		1

struct axvcpu_mp_state {
	__u32 mp_state;
	__u32 pad;	/* must be zero */
};

/**
 * struct axvcpu_irq - raise or lower a guest interrupt line
 * @irq:	architecture interrupt number (see asm/axvcpu.h)
 * @level:	1 raises the line, 0 lowers it
 */
struct axvcpu_irq {
	__u32 irq;
	__u32 level;
};

/* Exit reasons, in struct axvcpu_run.exit_reason. */
#define AXVCPU_EXIT_UNKNOWN		0
#define AXVCPU_EXIT_HYPERCALL		1
#define AXVCPU_EXIT_MMIO_READ		2
#define AXVCPU_EXIT_MMIO_WRITE		3
#define AXVCPU_EXIT_SYSREG_READ		4
#define AXVCPU_EXIT_SYSREG_WRITE	5
#define AXVCPU_EXIT_HALT		6	/* RUN resumes after the WFI */
#define AXVCPU_EXIT_CPU_UP		7
#define AXVCPU_EXIT_CPU_DOWN		8
#define AXVCPU_EXIT_SYSTEM_DOWN		9
#define AXVCPU_EXIT_INTR		10
#define AXVCPU_EXIT_FAIL_ENTRY		11
#define AXVCPU_EXIT_INTERNAL_ERROR	12

/* axvcpu_run.system_down.type */
#define AXVCPU_SYSTEM_SHUTDOWN		1
#define AXVCPU_SYSTEM_RESET_COLD	2
#define AXVCPU_SYSTEM_RESET_WARM	3

/* axvcpu_run.internal.suberror */
#define AXVCPU_INTERNAL_UNHANDLED_TRAP	1	/* a trap axvcpu does not emulate */
#define AXVCPU_INTERNAL_FETCH_FAULT	2	/* instruction fetch outside RAM */
#define AXVCPU_INTERNAL_MMIO_DECODE	3	/* MMIO by an instruction that cannot be emulated */
#define AXVCPU_INTERNAL_GUEST_PT_FAULT	4	/* guest page-table walk outside RAM */
#define AXVCPU_INTERNAL_NO_MEMORY	5	/* backing memory could not be pinned */
#define AXVCPU_INTERNAL_STAGE2_FAULT	6	/* the CPU cannot use a stage-2 mapping */

/* axvcpu_run.hypercall.flags */
#define AXVCPU_HYPERCALL_SMC		(1U << 0)	/* arm64: SMC, not HVC */

/**
 * struct axvcpu_run - shared with the kernel by mmap of the vCPU fd
 *
 * @immediate_exit:	in: if non-zero, RUN returns -EINTR at once with
 *			exit_reason AXVCPU_EXIT_INTR, without entering the
 *			guest (after completing the previous exit)
 * @exit_reason:	out: AXVCPU_EXIT_*
 * @flags:		out: reserved, zero
 *
 * The kernel remembers what each exit needs for its completion (register,
 * width, sign); the only fields it reads back on the next RUN are
 * mmio.data after an MMIO read, sysreg.value after a system-register read,
 * and hypercall.ret after a hypercall.  The guest pc moves past the exiting
 * instruction only then, so an exit can be inspected and retried.
 */
struct axvcpu_run {
	__u8 immediate_exit;
	__u8 pad0[7];
	__u32 exit_reason;
	__u32 flags;
	union {
		/* AXVCPU_EXIT_HYPERCALL */
		struct {
			__u64 nr;	/* riscv: SBI extension id (a7); arm64: x0 */
			__u64 function;	/* riscv: SBI function id (a6); arm64: 0 */
			__u64 args[6];	/* riscv: a0-a5; arm64: x1-x6 */
			/*
			 * in: results (riscv: a0, a1; arm64: x0-x3), preset to
			 * "not supported" (riscv: {-2, 0}; for a forwarded
			 * SBI probe_extension: {0, 0}, i.e. not available)
			 */
			__u64 ret[4];
			__u32 flags;	/* AXVCPU_HYPERCALL_* */
			__u32 pad;
		} hypercall;
		/* AXVCPU_EXIT_MMIO_READ, AXVCPU_EXIT_MMIO_WRITE */
		struct {
			__u64 phys_addr;
			/*
			 * Value in the low @len bytes: out for writes (the
			 * bytes above are 0), in for reads (the kernel sign-
			 * or zero-extends it as the guest's instruction
			 * requires).
			 */
			__u64 data;
			__u32 len;	/* 1, 2, 4 or 8 */
			__u32 pad;
		} mmio;
		/* AXVCPU_EXIT_SYSREG_READ, AXVCPU_EXIT_SYSREG_WRITE */
		struct {
			__u64 value;	/* out for writes, in for reads */
			__u32 reg;	/* arm64: AXVCPU_ARM64_SYSREG(); riscv: CSR number */
			__u32 pad;
		} sysreg;
		/* AXVCPU_EXIT_CPU_UP: the target is already started */
		struct {
			__u64 target;	/* riscv: hart id; arm64: MPIDR affinity */
			__u64 entry;
			__u64 arg;
		} cpu_up;
		/* AXVCPU_EXIT_CPU_DOWN: this vCPU is now stopped */
		struct {
			__u64 state;	/* reserved, zero */
		} cpu_down;
		/* AXVCPU_EXIT_SYSTEM_DOWN */
		struct {
			__u32 type;	/* AXVCPU_SYSTEM_* */
			__u32 reason;	/* riscv: SBI SRST reason; arm64: 0 */
		} system_down;
		/* AXVCPU_EXIT_FAIL_ENTRY */
		struct {
			__u64 hardware_entry_failure_reason;
			__u32 cpu;
			__u32 pad;
		} fail_entry;
		/*
		 * AXVCPU_EXIT_INTERNAL_ERROR.  riscv: data[] = scause, stval,
		 * htval, htinst, sepc; arm64: ESR_EL2, FAR_EL2, HPFAR_EL2, PC.
		 */
		struct {
			__u32 suberror;
			__u32 ndata;
			__u64 data[8];
		} internal;
		__u8 pad1[256];
	};
};

/* AXVCPU_CHECK_EXTENSION: returns 0 when absent, else a positive value. */
#define AXVCPU_CAP_NR_VCPUS		1	/* AXVCPU_MAX_VCPUS */
#define AXVCPU_CAP_NR_MEM_REGIONS	2	/* AXVCPU_MAX_MEM_REGIONS */
#define AXVCPU_CAP_READONLY_MEM		3
#define AXVCPU_CAP_IMMEDIATE_EXIT	4
#define AXVCPU_CAP_MP_STATE		5
#define AXVCPU_CAP_FPU			6	/* AXVCPU_GET_FPU/AXVCPU_SET_FPU */
#define AXVCPU_CAP_ARCH			7	/* AXVCPU_ARCH_* of this host */
#define AXVCPU_CAP_GUEST_PHYS_BITS	8	/* width of guest physical addresses */

#define AXVCPU_ARCH_RISCV64		1
#define AXVCPU_ARCH_ARM64		2

#define AXVCPUIO	0xB2

/* On the VM fd (/dev/axvcpu) */
#define AXVCPU_GET_API_VERSION		_IO(AXVCPUIO, 0x00)
#define AXVCPU_CHECK_EXTENSION		_IO(AXVCPUIO, 0x01)
#define AXVCPU_GET_VCPU_MMAP_SIZE	_IO(AXVCPUIO, 0x02)
#define AXVCPU_SET_USER_MEMORY_REGION	_IOW(AXVCPUIO, 0x03, struct axvcpu_memory_region)
#define AXVCPU_CREATE_VCPU		_IO(AXVCPUIO, 0x04)

/* On a vCPU fd */
#define AXVCPU_RUN			_IO(AXVCPUIO, 0x80)
#define AXVCPU_GET_REGS			_IOR(AXVCPUIO, 0x81, struct axvcpu_regs)
#define AXVCPU_SET_REGS			_IOW(AXVCPUIO, 0x82, struct axvcpu_regs)
#define AXVCPU_GET_FPU			_IOR(AXVCPUIO, 0x83, struct axvcpu_fpu)
#define AXVCPU_SET_FPU			_IOW(AXVCPUIO, 0x84, struct axvcpu_fpu)
#define AXVCPU_IRQ_LINE			_IOW(AXVCPUIO, 0x85, struct axvcpu_irq)
#define AXVCPU_GET_MP_STATE		_IOR(AXVCPUIO, 0x86, struct axvcpu_mp_state)
#define AXVCPU_SET_MP_STATE		_IOW(AXVCPUIO, 0x87, struct axvcpu_mp_state)

#endif /* _UAPI_LINUX_AXVCPU_H */
