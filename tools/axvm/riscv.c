// SPDX-License-Identifier: GPL-2.0
/*
 * axvm, riscv64 part: loading a Linux Image (or a flat guest image), the
 * device tree for it, the SBI calls the kernel leaves to userspace, and
 * the riscv registers and SBI exit of the KVM backend.
 *
 * Guest physical layout (RAM at 0x80000000, as on QEMU's virt board):
 *
 *   0x10000000  16550 UART (AXVM_UART_BASE)
 *   RAM + text_offset (2 MiB)   the Image, image_size bytes with its .bss
 *   ...                         free for the kernel
 *   below the device tree       the initrd, page aligned
 *   RAM end - AXVM_FDT_MAX_SIZE the device tree
 *
 * The boot hart (vCPU 0) starts at the Image with a0 = hart id and a1 = the
 * device tree, in S mode with the MMU off; the others wait for SBI HSM
 * hart_start, which the kernel module handles.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/kvm.h>

#include <libfdt.h>

#include "axvm.h"

/* Unsupported calls are reported, but only so often. */
#define MAX_WARNINGS	16

#define SZ_2M		0x200000ULL

#define DEFAULT_TIMEBASE 10000000U	/* QEMU virt's, if the host has no DT */
#define HOST_DT_CPUS	"/proc/device-tree/cpus"

/* @a is a power of two. */
/* Documentation/riscv/boot-image-header.rst */
struct riscv_image_header {
	uint32_t code0;
	uint32_t code1;
	uint64_t text_offset;
	uint64_t image_size;
	uint64_t flags;
	uint32_t version;
	uint32_t res1;
	uint64_t res2;
	uint64_t magic;		/* "RISCV\0\0\0", deprecated */
	uint32_t magic2;	/* "RSC\x05" */
	uint32_t res3;
};

#define RISCV_IMAGE_MAGIC	0x5643534952ULL
#define RISCV_IMAGE_MAGIC2	0x05435352U

/* A host device-tree property, as raw bytes; -1 if absent. */
static int read_host_dt(const char *path, void *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size);
	close(fd);
	return n;
}

/* The guest's timer ticks at the host's rate: the time CSR is shared. */
static uint32_t host_timebase(void)
{
	uint32_t be;

	if (read_host_dt(HOST_DT_CPUS "/timebase-frequency", &be,
			 sizeof(be)) != sizeof(be))
		return DEFAULT_TIMEBASE;
	return __builtin_bswap32(be);
}

/*
 * The guest's riscv,isa: the host's base letters that the guest may use
 * (not H: neither axvcpu nor KVM virtualises it) and, of the multi-letter
 * extensions, only Sstc, which both hand to the guest through henvcfg.
 * Anything else the host has may need hypervisor support first.
 */
static void guest_isa(char *isa, size_t size)
{
	static const char letters[] = "imafdc";
	char host[512] = "";
	const char *ext;
	size_t len;
	int n;

	n = read_host_dt(HOST_DT_CPUS "/cpu@0/riscv,isa", host,
			 sizeof(host) - 1);
	if (n <= 4 || strncmp(host, "rv64", 4)) {
		snprintf(isa, size, "rv64imafdc");
		return;
	}
	host[n] = '\0';
	len = strcspn(host + 4, "_");
	snprintf(isa, size, "rv64");
	for (const char *l = letters; *l; l++)
		if (memchr(host + 4, *l, len))
			strncat(isa, (char[]){ *l, '\0' }, size - strlen(isa) - 1);
	for (ext = strchr(host, '_'); ext; ext = strchr(ext + 1, '_'))
		if (!strncmp(ext, "_sstc", 5) && (ext[5] == '_' || !ext[5]))
			strncat(isa, "_sstc", size - strlen(isa) - 1);
}

static void host_mmu_type(char *mmu, size_t size)
{
	int n = read_host_dt(HOST_DT_CPUS "/cpu@0/mmu-type", mmu, size - 1);

	if (n <= 0 || strncmp(mmu, "riscv,sv", 8)) {
		snprintf(mmu, size, "riscv,sv39");
		return;
	}
	mmu[n] = '\0';
}

/* Keep the first libfdt error in @err and skip the calls after it. */
#define FDT_CHECK(expr)	(err = err < 0 ? err : (expr))

static int fdt_u64_pair(void *fdt, const char *name, uint64_t a, uint64_t b)
{
	fdt64_t v[2] = { cpu_to_fdt64(a), cpu_to_fdt64(b) };

	return fdt_property(fdt, name, v, sizeof(v));
}

#define UART_PATH	"/soc/serial@10000000"

static int build_fdt(struct axvm *m, void *fdt, uint64_t initrd_start,
		     uint64_t initrd_end)
{
	char name[64], isa[128], mmu[32];
	unsigned int i;
	int err = 0;

	guest_isa(isa, sizeof(isa));
	host_mmu_type(mmu, sizeof(mmu));

	FDT_CHECK(fdt_create(fdt, AXVM_FDT_MAX_SIZE));
	FDT_CHECK(fdt_finish_reservemap(fdt));
	FDT_CHECK(fdt_begin_node(fdt, ""));
	FDT_CHECK(fdt_property_u32(fdt, "#address-cells", 2));
	FDT_CHECK(fdt_property_u32(fdt, "#size-cells", 2));
	FDT_CHECK(fdt_property_string(fdt, "compatible", "linux,dummy-virt"));
	FDT_CHECK(fdt_property_string(fdt, "model", "axvm"));

	FDT_CHECK(fdt_begin_node(fdt, "chosen"));
	FDT_CHECK(fdt_property_string(fdt, "bootargs",
				      m->cmdline ? m->cmdline :
				      AXVM_DEFAULT_CMDLINE));
	FDT_CHECK(fdt_property_string(fdt, "stdout-path", UART_PATH));
	if (initrd_end > initrd_start) {
		FDT_CHECK(fdt_property_u64(fdt, "linux,initrd-start",
					   initrd_start));
		FDT_CHECK(fdt_property_u64(fdt, "linux,initrd-end",
					   initrd_end));
	}
	FDT_CHECK(fdt_end_node(fdt));

	FDT_CHECK(fdt_begin_node(fdt, "aliases"));
	FDT_CHECK(fdt_property_string(fdt, "serial0", UART_PATH));
	FDT_CHECK(fdt_end_node(fdt));

	FDT_CHECK(fdt_begin_node(fdt, "cpus"));
	FDT_CHECK(fdt_property_u32(fdt, "#address-cells", 1));
	FDT_CHECK(fdt_property_u32(fdt, "#size-cells", 0));
	FDT_CHECK(fdt_property_u32(fdt, "timebase-frequency",
				   host_timebase()));
	for (i = 0; i < m->nr_vcpus; i++) {
		snprintf(name, sizeof(name), "cpu@%u", i);
		FDT_CHECK(fdt_begin_node(fdt, name));
		FDT_CHECK(fdt_property_string(fdt, "device_type", "cpu"));
		FDT_CHECK(fdt_property_u32(fdt, "reg", i));
		FDT_CHECK(fdt_property_string(fdt, "status", "okay"));
		FDT_CHECK(fdt_property_string(fdt, "compatible", "riscv"));
		FDT_CHECK(fdt_property_string(fdt, "riscv,isa", isa));
		FDT_CHECK(fdt_property_string(fdt, "mmu-type", mmu));
		/* The hart's local interrupts: timer and software (IPI). */
		FDT_CHECK(fdt_begin_node(fdt, "interrupt-controller"));
		FDT_CHECK(fdt_property_u32(fdt, "#interrupt-cells", 1));
		FDT_CHECK(fdt_property(fdt, "interrupt-controller", NULL, 0));
		FDT_CHECK(fdt_property_string(fdt, "compatible",
					      "riscv,cpu-intc"));
		FDT_CHECK(fdt_property_u32(fdt, "phandle", i + 1));
		FDT_CHECK(fdt_end_node(fdt));
		FDT_CHECK(fdt_end_node(fdt));
	}
	FDT_CHECK(fdt_end_node(fdt));

	snprintf(name, sizeof(name), "memory@%llx",
		 (unsigned long long)m->ram_base);
	FDT_CHECK(fdt_begin_node(fdt, name));
	FDT_CHECK(fdt_property_string(fdt, "device_type", "memory"));
	FDT_CHECK(fdt_u64_pair(fdt, "reg", m->ram_base, m->ram_size));
	FDT_CHECK(fdt_end_node(fdt));

	FDT_CHECK(fdt_begin_node(fdt, "soc"));
	FDT_CHECK(fdt_property_u32(fdt, "#address-cells", 2));
	FDT_CHECK(fdt_property_u32(fdt, "#size-cells", 2));
	FDT_CHECK(fdt_property_string(fdt, "compatible", "simple-bus"));
	FDT_CHECK(fdt_property(fdt, "ranges", NULL, 0));
	/* No "interrupts": there is no PLIC, the 8250 driver polls. */
	FDT_CHECK(fdt_begin_node(fdt, UART_PATH + strlen("/soc/")));
	FDT_CHECK(fdt_property_string(fdt, "compatible", "ns16550a"));
	FDT_CHECK(fdt_u64_pair(fdt, "reg", AXVM_UART_BASE, AXVM_UART_SIZE));
	FDT_CHECK(fdt_property_u32(fdt, "clock-frequency", AXVM_UART_CLOCK));
	FDT_CHECK(fdt_end_node(fdt));
	FDT_CHECK(fdt_end_node(fdt));

	FDT_CHECK(fdt_end_node(fdt));
	FDT_CHECK(fdt_finish(fdt));
	if (err < 0) {
		axvm_err("cannot build the device tree: %s", fdt_strerror(err));
		return -1;
	}
	return 0;
}

bool axvm_arch_is_linux_image(const void *buf, size_t len)
{
	const struct riscv_image_header *h = buf;

	return len >= sizeof(*h) &&
	       (h->magic2 == RISCV_IMAGE_MAGIC2 || h->magic == RISCV_IMAGE_MAGIC);
}

int axvm_arch_load_linux(struct axvm *m, const void *kbuf, size_t klen)
{
	const struct riscv_image_header *h = kbuf;
	struct axvm_linux_layout l;
	int ret;

	/* The Image must land on a 2 MiB boundary (riscv boot protocol). */
	if (h->text_offset % SZ_2M) {
		axvm_err("'%s': corrupt Image header: text_offset %#llx is not a multiple of 2 MiB",
			 m->kernel, (unsigned long long)h->text_offset);
		return -1;
	}
	if (axvm_place_linux(m, kbuf, klen, h->text_offset, h->image_size, &l))
		return -1;
	if (build_fdt(m, axvm_gpa_to_hva(m, l.fdt, AXVM_FDT_MAX_SIZE),
		      l.initrd_start, l.initrd_end))
		return -1;

	/* a0 = hart id, a1 = device tree. */
	ret = m->be->set_boot_regs(&m->vcpus[0], l.kernel, 0, l.fdt);
	if (ret < 0) {
		axvm_err("cannot set the boot registers: %s", strerror(-ret));
		return -1;
	}
	if (m->verbose)
		axvm_print_linux_layout(&l);
	return 0;
}

const char axvm_arch_linux_image[] =
	"a riscv64 Linux Image (no \"RSC\\x05\" magic at 0x38)";

int axvm_arch_check_flat(struct axvm *m)
{
	(void)m;
	return 0;
}

static void dbcn(struct axvm *m, struct axvm_exit *e)
{
	uint64_t *args = e->hypercall.args;
	uint64_t *ret = e->hypercall.ret;
	unsigned char c;
	void *buf;

	switch (e->hypercall.function) {
	case SBI_DBCN_WRITE:
		/* args: num_bytes, base_addr_lo, base_addr_hi */
		buf = args[2] ? NULL : axvm_gpa_to_hva(m, args[1], args[0]);
		if (!buf && args[0]) {
			ret[0] = SBI_ERR_INVALID_PARAM;
			break;
		}
		if (args[0])
			axvm_console_write(buf, args[0]);
		ret[0] = SBI_SUCCESS;
		ret[1] = args[0];
		break;
	case SBI_DBCN_READ:
		/* args: num_bytes, base_addr_lo, base_addr_hi */
		buf = args[2] ? NULL : axvm_gpa_to_hva(m, args[1], args[0]);
		if (!buf && args[0]) {
			ret[0] = SBI_ERR_INVALID_PARAM;
			break;
		}
		ret[0] = SBI_SUCCESS;
		ret[1] = 0;
		while (ret[1] < args[0]) {
			int ch = axvm_console_getc();

			if (ch < 0)
				break;
			((unsigned char *)buf)[ret[1]++] = ch;
		}
		break;
	case SBI_DBCN_WRITE_BYTE:
		c = (unsigned char)args[0];
		axvm_console_write(&c, 1);
		ret[0] = SBI_SUCCESS;
		break;
	default:
		ret[0] = (uint64_t)SBI_ERR_NOT_SUPPORTED;
		break;
	}
}

static int have_extension(uint64_t ext)
{
	return ext == SBI_EXT_DBCN || ext == SBI_EXT_0_1_CONSOLE_PUTCHAR ||
	       ext == SBI_EXT_0_1_CONSOLE_GETCHAR;
}

enum axvm_action axvm_arch_hypercall(struct axvm_vcpu *v, struct axvm_exit *e)
{
	static unsigned int warnings;
	uint64_t *ret = e->hypercall.ret;
	unsigned char c;

	switch (e->hypercall.nr) {
	case SBI_EXT_0_1_CONSOLE_PUTCHAR:
		c = (unsigned char)e->hypercall.args[0];
		axvm_console_write(&c, 1);
		ret[0] = 0;
		return AXVM_CONTINUE;
	case SBI_EXT_0_1_CONSOLE_GETCHAR:
		ret[0] = (uint64_t)(int64_t)axvm_console_getc();	/* -1: none */
		return AXVM_CONTINUE;
	case SBI_EXT_DBCN:
		dbcn(v->m, e);
		return AXVM_CONTINUE;
	case SBI_EXT_BASE:
		if (e->hypercall.function == SBI_BASE_PROBE_EXT) {
			ret[0] = SBI_SUCCESS;
			ret[1] = have_extension(e->hypercall.args[0]);
			return AXVM_CONTINUE;
		}
		break;
	default:
		break;
	}

	/* Leave ret[] as preset (SBI_ERR_NOT_SUPPORTED) and go on. */
	if (v->m->verbose ||
	    __atomic_fetch_add(&warnings, 1, __ATOMIC_RELAXED) < MAX_WARNINGS)
		axvm_err("vCPU %u: unsupported SBI call: extension %#llx function %#llx",
			 v->id, (unsigned long long)e->hypercall.nr,
			 (unsigned long long)e->hypercall.function);
	return AXVM_CONTINUE;
}

bool axvm_arch_shutdown_failed(const struct axvm_exit *e)
{
	return e->system_down.reason == SBI_SRST_REASON_SYSTEM_FAILURE;
}

/* KVM: core register i of struct kvm_riscv_core (0 = pc, then x1..x31). */
#define KVM_CORE_REG(i)							\
	(KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_CORE | (i))

static int kvm_set_reg(struct axvm_vcpu *v, uint64_t id, uint64_t val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&val };

	return ioctl(v->fd, KVM_SET_ONE_REG, &reg) < 0 ? -errno : 0;
}

static int kvm_get_reg(struct axvm_vcpu *v, uint64_t id, uint64_t *val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)val };

	return ioctl(v->fd, KVM_GET_ONE_REG, &reg) < 0 ? -errno : 0;
}

int axvm_arch_kvm_init_vcpu(struct axvm_vcpu *v)
{
	(void)v;
	return 0;
}

/* The 16550 has no interrupt line: nothing to set up. */
int axvm_arch_kvm_setup_irqchip(struct axvm *m)
{
	(void)m;
	return 0;
}

int axvm_arch_kvm_set_boot_regs(struct axvm_vcpu *v, uint64_t pc,
				uint64_t arg0, uint64_t arg1)
{
	int ret;

	ret = kvm_set_reg(v, KVM_CORE_REG(KVM_REG_RISCV_CORE_REG(regs.pc)), pc);
	if (!ret)
		ret = kvm_set_reg(v, KVM_CORE_REG(KVM_REG_RISCV_CORE_REG(regs.a0)),
				  arg0);
	if (!ret)
		ret = kvm_set_reg(v, KVM_CORE_REG(KVM_REG_RISCV_CORE_REG(regs.a1)),
				  arg1);
	return ret;
}

bool axvm_arch_kvm_exit(struct kvm_run *run, struct axvm_exit *e)
{
	if (run->exit_reason != KVM_EXIT_RISCV_SBI)
		return false;
	e->kind = AXVM_EXIT_HYPERCALL;
	e->hypercall.nr = run->riscv_sbi.extension_id;
	e->hypercall.function = run->riscv_sbi.function_id;
	memcpy(e->hypercall.args, run->riscv_sbi.args,
	       sizeof(e->hypercall.args));
	e->hypercall.ret[0] = run->riscv_sbi.ret[0];
	e->hypercall.ret[1] = run->riscv_sbi.ret[1];
	return true;
}

void axvm_arch_kvm_complete(struct kvm_run *run, const struct axvm_exit *e)
{
	run->riscv_sbi.ret[0] = e->hypercall.ret[0];
	run->riscv_sbi.ret[1] = e->hypercall.ret[1];
}

void axvm_arch_kvm_dump_regs(struct axvm_vcpu *v, FILE *f)
{
	struct axvcpu_regs regs = { 0 };
	unsigned int i;

	for (i = 0; i < 32; i++) {
		uint64_t val = 0;
		int ret = kvm_get_reg(v, KVM_CORE_REG(i), &val);

		if (ret < 0) {
			fprintf(f, "(cannot read registers: %s)\n",
				strerror(-ret));
			return;
		}
		if (i)
			regs.gpr[i] = val;
		else
			regs.pc = val;
	}
	axv_arch_dump_regs(f, &regs);
}

/* riscv has no device of its own besides the 16550. */
bool axvm_arch_mmio(struct axvm_vcpu *v, struct axvm_exit *e)
{
	(void)v;
	(void)e;
	return false;
}

/*
 * The kernel handles every CSR access it traps; one that comes here is
 * reported with the register dump of an unhandled exit.
 */
enum axvm_action axvm_arch_sysreg(struct axvm_vcpu *v, struct axvm_exit *e)
{
	axvm_err("vCPU %u: unexpected CSR %s exit (csr %#x)", v->id,
		 e->sysreg.write ? "write" : "read", e->sysreg.reg);
	return AXVM_STOP_ERROR;
}
