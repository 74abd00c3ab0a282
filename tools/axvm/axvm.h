/* SPDX-License-Identifier: GPL-2.0 */
/*
 * axvm: the interfaces between the generic VMM (axvm.c), its backends
 * (axvcpu.c for /dev/axvcpu, kvm.c for /dev/kvm), its devices (console.c,
 * uart.c) and its per-architecture part ($(ARCH).c).
 */
#ifndef _AXVM_H
#define _AXVM_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "axvcpu_lib.h"

#define AXVM_MAX_VCPUS		AXVCPU_MAX_VCPUS

/* Guest RAM base of this architecture's machine. */
#define AXVM_RAM_BASE		AXV_RAM_BASE

/* The 16550 UART, where QEMU's virt boards put theirs on riscv. */
#define AXVM_UART_BASE		0x10000000ULL
#define AXVM_UART_SIZE		0x100ULL
#define AXVM_UART_CLOCK		3686400

/* Exit status of axvm. */
#define AXVM_EXIT_OK		0
#define AXVM_EXIT_FAIL		1	/* guest failure or VMM error */
#define AXVM_EXIT_USAGE		2	/* bad command line */

struct axvm;
struct axvm_vcpu;

/*
 * One exit, in the backend-independent form the generic code handles.  The
 * backend fills it after RUN and, before the next RUN, copies back what the
 * handler set (hypercall.ret[], mmio.data of a read).
 */
enum axvm_exit_kind {
	AXVM_EXIT_NONE,
	AXVM_EXIT_HYPERCALL,	/* riscv: SBI call; arm64: HVC/SMC */
	AXVM_EXIT_MMIO,
	AXVM_EXIT_SYSTEM_DOWN,	/* shutdown or reset */
	AXVM_EXIT_CPU_UP,	/* informational: the target already runs */
	AXVM_EXIT_CPU_DOWN,	/* the vCPU stopped itself */
	AXVM_EXIT_HALT,		/* WFI that nothing can ever wake */
	AXVM_EXIT_INTR,		/* signal or immediate_exit */
	AXVM_EXIT_UNHANDLED,	/* anything else: the backend can dump it */
};

struct axvm_exit {
	enum axvm_exit_kind kind;
	union {
		struct {
			uint64_t nr;		/* riscv: extension id (a7) */
			uint64_t function;	/* riscv: function id (a6) */
			uint64_t args[6];
			uint64_t ret[4];	/* preset by the backend */
			uint32_t flags;		/* AXVCPU_HYPERCALL_* */
		} hypercall;
		struct {
			uint64_t addr;
			uint64_t data;		/* low @len bytes */
			uint32_t len;
			bool write;
		} mmio;
		struct {
			uint32_t type;		/* AXVCPU_SYSTEM_* */
			uint64_t reason;
		} system_down;
		struct {
			uint64_t target;
			uint64_t entry;
		} cpu_up;
	};
};

/* What a vCPU thread does after an exit. */
enum axvm_action {
	AXVM_CONTINUE,
	AXVM_STOP_OK,		/* exit status 0 */
	AXVM_STOP_ERROR,	/* exit status 1 */
};

/* A hypervisor interface: /dev/axvcpu or /dev/kvm.  All return -errno. */
struct axvm_backend {
	const char *name;
	const char *device;
	int (*create_vm)(struct axvm *m);
	int (*add_ram)(struct axvm *m, uint32_t slot, uint64_t gpa,
		       uint64_t size, void *hva);
	int (*create_vcpu)(struct axvm *m, struct axvm_vcpu *v);
	/* Point @v at @pc with the boot protocol's first two arguments. */
	int (*set_boot_regs)(struct axvm_vcpu *v, uint64_t pc, uint64_t arg0,
			     uint64_t arg1);
	/* Complete v->exit, run, and describe the next exit in v->exit. */
	int (*run)(struct axvm_vcpu *v);
	/* Make the next or current RUN of @v return early (any thread). */
	void (*kick)(struct axvm_vcpu *v);
	/* Print the last exit and the registers of @v. */
	void (*dump)(struct axvm_vcpu *v, FILE *f);
};

extern const struct axvm_backend axvm_axvcpu_backend;
extern const struct axvm_backend axvm_kvm_backend;

struct axvm_vcpu {
	struct axvm *m;
	unsigned int id;
	pthread_t thread;
	bool started;		/* thread created */
	struct axvm_exit exit;
	/* backend state */
	struct axv_vcpu axv;	/* axvcpu */
	int fd;			/* kvm */
	void *run;		/* kvm: struct kvm_run */
	size_t run_size;
};

struct axvm_uart {
	pthread_mutex_t lock;
	uint8_t ier, iir_fifo, lcr, mcr, msr, scr, dll, dlm;
	bool thr_ipending;	/* a THR-empty interrupt is pending */
};

struct axvm {
	const struct axvm_backend *be;
	/* backend state */
	struct axv_vm axv;	/* axvcpu */
	int kvm_fd, vm_fd;	/* kvm */

	void *ram;
	uint64_t ram_base;
	uint64_t ram_size;

	unsigned int nr_vcpus;
	struct axvm_vcpu vcpus[AXVM_MAX_VCPUS];

	struct axvm_uart uart;

	/* What to boot (from the command line). */
	const char *kernel;
	const char *initrd;
	const char *cmdline;
	uint64_t entry;
	bool have_entry;
	bool flat;
	bool verbose;
	bool linux_guest;	/* the loader found a Linux Image */

	/* Ending the VM: the first stop request wins. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stopping;
	int status;
	unsigned int halted;
	bool panicked;		/* the console showed a guest kernel panic */
	double panic_deadline;
};

/* axvm.c */
void __attribute__((format(printf, 1, 2))) axvm_err(const char *fmt, ...);
void axvm_stop(struct axvm *m, int status);
void axvm_panic_seen(struct axvm *m, bool end);
uint64_t axvm_page_size(void);
void *axvm_gpa_to_hva(struct axvm *m, uint64_t gpa, uint64_t len);
void *axvm_read_file(const char *what, const char *path, uint64_t max,
		     size_t *lenp);
bool axvm_is_guest_image(const void *buf, size_t len);

/* console.c: everything the guest prints or reads goes through here. */
void axvm_console_init(struct axvm *m);
void axvm_console_write(const void *buf, size_t len);
bool axvm_console_has_input(void);
int axvm_console_getc(void);	/* the next input byte, or -1 */
bool axvm_console_used(void);	/* has the guest printed anything? */
void axvm_console_dump_tail(FILE *f);

/* uart.c: a 16550 without interrupt line (the guest driver polls it). */
void axvm_uart_init(struct axvm_uart *u);
void axvm_uart_access(struct axvm_uart *u, uint64_t offset,
		      struct axvm_exit *e);

/*
 * $(ARCH).c.  load: put the kernel (and initrd, device tree) into guest RAM
 * and set vCPU 0's boot registers; 0, or -1 after printing why.
 */
int axvm_arch_load(struct axvm *m);
enum axvm_action axvm_arch_hypercall(struct axvm_vcpu *v, struct axvm_exit *e);
/* Does this AXVM_EXIT_SYSTEM_DOWN shutdown report a failure of the guest? */
bool axvm_arch_shutdown_failed(const struct axvm_exit *e);

/* $(ARCH).c, for kvm.c: -EOPNOTSUPP where KVM is not supported yet. */
struct kvm_run;
int axvm_arch_kvm_init_vcpu(struct axvm_vcpu *v);
int axvm_arch_kvm_set_boot_regs(struct axvm_vcpu *v, uint64_t pc,
				uint64_t arg0, uint64_t arg1);
/* Translate an arch-specific KVM exit; false if it is not one. */
bool axvm_arch_kvm_exit(struct kvm_run *run, struct axvm_exit *e);
void axvm_arch_kvm_complete(struct kvm_run *run, const struct axvm_exit *e);
void axvm_arch_kvm_dump_regs(struct axvm_vcpu *v, FILE *f);

#endif /* _AXVM_H */
