/* SPDX-License-Identifier: GPL-2.0 */
/*
 * axvm: the interfaces between the generic VMM (axvm.c), its backends
 * (backend_axvcpu.c for /dev/axvcpu, backend_kvm.c for /dev/kvm), its
 * devices (console.c, uart.c, gic.c, pl011.c) and its per-architecture
 * part ($(ARCH).c).
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

/*
 * The 16550 UART, where QEMU's virt boards put theirs on riscv (arm64
 * guests get a PL011 instead, where QEMU's arm virt board has it).
 */
#define AXVM_UART_BASE		0x10000000ULL
#define AXVM_UART_SIZE		0x100ULL
#define AXVM_UART_CLOCK		3686400

/* arm64: the GICv3 and the PL011, where QEMU's arm virt board has them. */
#define AXVM_GICD_BASE		0x08000000ULL
#define AXVM_GICD_SIZE		0x10000ULL
#define AXVM_GICR_BASE		0x080a0000ULL
#define AXVM_GICR_STRIDE	0x20000ULL	/* RD_base + SGI_base frames */
#define AXVM_PL011_BASE		0x09000000ULL
#define AXVM_PL011_SIZE		0x1000ULL
#define AXVM_PL011_SPI		1		/* INTID 33 */

/* What the usage text tells of the consoles. */
#ifdef __aarch64__
#define AXVM_DEFAULT_CMDLINE	"console=ttyAMA0"
#define AXVM_CONSOLE_HVC	"the putchar HVC of flat guests"
#define AXVM_CONSOLE_UART	"PL011"
#define AXVM_CONSOLE_UART_BASE	AXVM_PL011_BASE
#else
#define AXVM_DEFAULT_CMDLINE	"console=ttyS0,115200"
#define AXVM_CONSOLE_HVC	"SBI debug console and legacy putchar"
#define AXVM_CONSOLE_UART	"16550"
#define AXVM_CONSOLE_UART_BASE	AXVM_UART_BASE
#endif

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
	AXVM_EXIT_SYSREG,	/* arm64: trapped MRS/MSR */
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
			uint32_t reg;		/* AXVCPU_ARM64_SYSREG() */
			uint64_t value;		/* in for writes, out for reads */
			bool write;
		} sysreg;
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
	/*
	 * Once every vCPU exists: set up the hypervisor's own interrupt
	 * controller if the architecture uses one (kvm on arm64: the
	 * vGICv3), setting m->irqchip_in_kernel.  NULL: axvm emulates it.
	 */
	int (*setup_irqchip)(struct axvm *m);
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

struct axvm_pl011 {
	pthread_mutex_t lock;
	uint32_t ibrd, fbrd, lcr_h, cr, ifls, imsc;
	bool irq_level;
};

struct axvm_gic;

struct axvm {
	const struct axvm_backend *be;
	/* backend state */
	struct axv_vm axv;	/* axvcpu */
	int kvm_fd, vm_fd;	/* kvm */
	int vgic_fd;		/* kvm (arm64) */
	/* The backend's interrupt controller serves the guest, not gic.c. */
	bool irqchip_in_kernel;

	void *ram;
	uint64_t ram_base;
	uint64_t ram_size;

	unsigned int nr_vcpus;
	struct axvm_vcpu vcpus[AXVM_MAX_VCPUS];

	struct axvm_uart uart;
	struct axvm_pl011 pl011;	/* arm64 */
	struct axvm_gic *gic;		/* arm64 */
	/* Called by the console's input thread when input arrives, or NULL. */
	void (*console_input)(struct axvm *m);

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

/* Where axvm_place_linux() put a Linux guest's pieces (guest physical). */
struct axvm_linux_layout {
	uint64_t kernel, kernel_end;	/* the Image and its .bss */
	uint64_t fdt;			/* AXVM_FDT_MAX_SIZE bytes */
	uint64_t initrd_start, initrd_end;	/* 0, 0 without --initrd */
};

#define AXVM_FDT_MAX_SIZE	0x10000ULL
int axvm_place_linux(struct axvm *m, const void *kbuf, size_t klen,
		     uint64_t text_offset, uint64_t image_size,
		     struct axvm_linux_layout *l);
void axvm_print_linux_layout(const struct axvm_linux_layout *l);

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

/* gic.c (arm64): a GICv3 whose output is each vCPU's VI line. */
struct axvm_gic *axvm_gic_create(struct axvm *m);
bool axvm_gic_mmio(struct axvm_gic *g, struct axvm_exit *e);
/* @vtimer: the level of the vCPU's virtual timer (PPI 27). */
bool axvm_gic_sysreg(struct axvm_gic *g, struct axvm_vcpu *v,
		     struct axvm_exit *e, bool vtimer);
void axvm_gic_set_spi(struct axvm_gic *g, unsigned int spi, bool level);

/* pl011.c (arm64): m->pl011, its interrupt on AXVM_PL011_SPI. */
void axvm_pl011_init(struct axvm_pl011 *u);
void axvm_pl011_access(struct axvm *m, uint64_t offset, struct axvm_exit *e);
/* Console input arrived: the receive interrupt may be due. */
void axvm_pl011_input(struct axvm *m);

/* arm64.c: drive SPI @spi of whichever GIC the guest has. */
void axvm_arm64_set_spi(struct axvm *m, unsigned int spi, bool level);

/*
 * $(ARCH).c.  load_linux: put the Image (and initrd, device tree) into
 * guest RAM, set vCPU 0's boot registers and the devices up; 0, or -1
 * after printing why.  check_flat: whether a flat image can run here (-1
 * after printing why not).  linux_image: what an Image is, for messages.
 */
bool axvm_arch_is_linux_image(const void *buf, size_t len);
int axvm_arch_load_linux(struct axvm *m, const void *kbuf, size_t klen);
int axvm_arch_check_flat(struct axvm *m);
extern const char axvm_arch_linux_image[];
enum axvm_action axvm_arch_hypercall(struct axvm_vcpu *v, struct axvm_exit *e);
/* The architecture's own devices: false if none is at e->mmio.addr. */
bool axvm_arch_mmio(struct axvm_vcpu *v, struct axvm_exit *e);
/* A trapped system register: AXVM_CONTINUE, or the VM stops with a dump. */
enum axvm_action axvm_arch_sysreg(struct axvm_vcpu *v, struct axvm_exit *e);
/* Does this AXVM_EXIT_SYSTEM_DOWN shutdown report a failure of the guest? */
bool axvm_arch_shutdown_failed(const struct axvm_exit *e);

/* $(ARCH).c, for backend_kvm.c: all return -errno. */
struct kvm_run;
int axvm_arch_kvm_init_vcpu(struct axvm_vcpu *v);
/* After every vCPU exists; may set m->irqchip_in_kernel. */
int axvm_arch_kvm_setup_irqchip(struct axvm *m);
int axvm_arch_kvm_set_boot_regs(struct axvm_vcpu *v, uint64_t pc,
				uint64_t arg0, uint64_t arg1);
/* Translate an arch-specific KVM exit; false if it is not one. */
bool axvm_arch_kvm_exit(struct kvm_run *run, struct axvm_exit *e);
void axvm_arch_kvm_complete(struct kvm_run *run, const struct axvm_exit *e);
void axvm_arch_kvm_dump_regs(struct axvm_vcpu *v, FILE *f);

#endif /* _AXVM_H */
