// SPDX-License-Identifier: GPL-2.0
/*
 * axvm, arm64 part: loading a Linux Image (or a flat guest image), the
 * device tree for it, the GICv3 and PL011 it gets, and the sysreg exits
 * that carry the GIC's CPU interface; and for the KVM backend, the vCPU
 * init, core registers and KVM's in-kernel vGICv3, which replaces gic.c
 * at the same addresses (the device tree is the same on both backends).
 *
 * Guest physical layout (as on QEMU's arm virt board):
 *
 *   0x08000000  GICv3 distributor (64 KiB)
 *   0x080a0000  GICv3 redistributors, 128 KiB per vCPU
 *   0x09000000  PL011 UART, SPI 1 (INTID 33)
 *   0x40000000  RAM; the Image at RAM + text_offset (2 MiB aligned)
 *   below the device tree       the initrd, page aligned
 *   RAM end - AXVM_FDT_MAX_SIZE the device tree
 *
 * vCPU 0 starts at the Image with x0 = the device tree, in EL1h with DAIF
 * masked and the MMU off (the module's reset state, which is what
 * Documentation/arm64/booting.rst asks for); the others wait for PSCI
 * CPU_ON, which the module (or KVM) handles.
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

/* Documentation/arm64/booting.rst */
struct arm64_image_header {
	uint32_t code0;
	uint32_t code1;
	uint64_t text_offset;
	uint64_t image_size;
	uint64_t flags;
	uint64_t res2;
	uint64_t res3;
	uint64_t res4;
	uint32_t magic;		/* "ARM\x64" */
	uint32_t res5;
};

#define ARM64_IMAGE_MAGIC	0x644d5241U
#define ARM64_IMAGE_FLAG_BE	(1ULL << 0)

/* Device tree phandles and interrupt specifiers. */
#define PHANDLE_GIC		1
#define PHANDLE_APB_PCLK	2
#define GIC_FDT_SPI		0
#define GIC_FDT_PPI		1
#define IRQ_TYPE_LEVEL_HIGH	4
#define APB_PCLK_HZ		24000000
/* arm,armv8-timer: secure and non-secure physical, virtual, hypervisor. */
static const uint32_t timer_ppis[] = { 13, 14, 11, 10 };

#define PL011_PATH	"/pl011@9000000"

/* CNTV_CTL_EL0 */
#define CNTV_CTL_ENABLE		(1ULL << 0)
#define CNTV_CTL_IMASK		(1ULL << 1)
#define CNTV_CTL_ISTATUS	(1ULL << 2)

/* @a is a power of two. */
#define FDT_CHECK(expr)	(err = err < 0 ? err : (expr))

static int fdt_u64_pair(void *fdt, const char *name, uint64_t a, uint64_t b)
{
	fdt64_t v[2] = { cpu_to_fdt64(a), cpu_to_fdt64(b) };

	return fdt_property(fdt, name, v, sizeof(v));
}

static int fdt_irq(void *fdt, uint32_t type, uint32_t nr)
{
	fdt32_t v[3] = {
		cpu_to_fdt32(type), cpu_to_fdt32(nr),
		cpu_to_fdt32(IRQ_TYPE_LEVEL_HIGH),
	};

	return fdt_property(fdt, "interrupts", v, sizeof(v));
}

static int build_fdt(struct axvm *m, void *fdt, uint64_t initrd_start,
		     uint64_t initrd_end)
{
	fdt32_t timer[3 * 4];
	fdt64_t gic_reg[4];
	char name[64];
	unsigned int i;
	int err = 0;

	FDT_CHECK(fdt_create(fdt, AXVM_FDT_MAX_SIZE));
	FDT_CHECK(fdt_finish_reservemap(fdt));
	FDT_CHECK(fdt_begin_node(fdt, ""));
	FDT_CHECK(fdt_property_u32(fdt, "#address-cells", 2));
	FDT_CHECK(fdt_property_u32(fdt, "#size-cells", 2));
	FDT_CHECK(fdt_property_string(fdt, "compatible", "linux,dummy-virt"));
	FDT_CHECK(fdt_property_string(fdt, "model", "axvm"));
	FDT_CHECK(fdt_property_u32(fdt, "interrupt-parent", PHANDLE_GIC));

	FDT_CHECK(fdt_begin_node(fdt, "chosen"));
	FDT_CHECK(fdt_property_string(fdt, "bootargs",
				      m->cmdline ? m->cmdline :
				      AXVM_DEFAULT_CMDLINE));
	FDT_CHECK(fdt_property_string(fdt, "stdout-path", PL011_PATH));
	if (initrd_end > initrd_start) {
		FDT_CHECK(fdt_property_u64(fdt, "linux,initrd-start",
					   initrd_start));
		FDT_CHECK(fdt_property_u64(fdt, "linux,initrd-end",
					   initrd_end));
	}
	FDT_CHECK(fdt_end_node(fdt));

	FDT_CHECK(fdt_begin_node(fdt, "aliases"));
	FDT_CHECK(fdt_property_string(fdt, "serial0", PL011_PATH));
	FDT_CHECK(fdt_end_node(fdt));

	FDT_CHECK(fdt_begin_node(fdt, "psci"));
	FDT_CHECK(fdt_property(fdt, "compatible", "arm,psci-1.0\0arm,psci-0.2",
			       sizeof("arm,psci-1.0\0arm,psci-0.2")));
	FDT_CHECK(fdt_property_string(fdt, "method", "hvc"));
	FDT_CHECK(fdt_end_node(fdt));

	/* reg = MPIDR affinity: Aff0 = vCPU id, as the module resets it. */
	FDT_CHECK(fdt_begin_node(fdt, "cpus"));
	FDT_CHECK(fdt_property_u32(fdt, "#address-cells", 1));
	FDT_CHECK(fdt_property_u32(fdt, "#size-cells", 0));
	for (i = 0; i < m->nr_vcpus; i++) {
		snprintf(name, sizeof(name), "cpu@%u", i);
		FDT_CHECK(fdt_begin_node(fdt, name));
		FDT_CHECK(fdt_property_string(fdt, "device_type", "cpu"));
		FDT_CHECK(fdt_property_string(fdt, "compatible", "arm,armv8"));
		FDT_CHECK(fdt_property_u32(fdt, "reg", i));
		FDT_CHECK(fdt_property_string(fdt, "enable-method", "psci"));
		FDT_CHECK(fdt_end_node(fdt));
	}
	FDT_CHECK(fdt_end_node(fdt));

	snprintf(name, sizeof(name), "memory@%llx",
		 (unsigned long long)m->ram_base);
	FDT_CHECK(fdt_begin_node(fdt, name));
	FDT_CHECK(fdt_property_string(fdt, "device_type", "memory"));
	FDT_CHECK(fdt_u64_pair(fdt, "reg", m->ram_base, m->ram_size));
	FDT_CHECK(fdt_end_node(fdt));

	/* The guest's timers; axvcpu delivers only the virtual one (27). */
	FDT_CHECK(fdt_begin_node(fdt, "timer"));
	FDT_CHECK(fdt_property_string(fdt, "compatible", "arm,armv8-timer"));
	for (i = 0; i < 4; i++) {
		timer[3 * i] = cpu_to_fdt32(GIC_FDT_PPI);
		timer[3 * i + 1] = cpu_to_fdt32(timer_ppis[i]);
		timer[3 * i + 2] = cpu_to_fdt32(IRQ_TYPE_LEVEL_HIGH);
	}
	FDT_CHECK(fdt_property(fdt, "interrupts", timer, sizeof(timer)));
	FDT_CHECK(fdt_property(fdt, "always-on", NULL, 0));
	FDT_CHECK(fdt_end_node(fdt));

	snprintf(name, sizeof(name), "intc@%llx",
		 (unsigned long long)AXVM_GICD_BASE);
	FDT_CHECK(fdt_begin_node(fdt, name));
	FDT_CHECK(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
	FDT_CHECK(fdt_property_u32(fdt, "#interrupt-cells", 3));
	FDT_CHECK(fdt_property(fdt, "interrupt-controller", NULL, 0));
	FDT_CHECK(fdt_property_u32(fdt, "#redistributor-regions", 1));
	gic_reg[0] = cpu_to_fdt64(AXVM_GICD_BASE);
	gic_reg[1] = cpu_to_fdt64(AXVM_GICD_SIZE);
	gic_reg[2] = cpu_to_fdt64(AXVM_GICR_BASE);
	gic_reg[3] = cpu_to_fdt64(m->nr_vcpus * AXVM_GICR_STRIDE);
	FDT_CHECK(fdt_property(fdt, "reg", gic_reg, sizeof(gic_reg)));
	FDT_CHECK(fdt_property_u32(fdt, "phandle", PHANDLE_GIC));
	FDT_CHECK(fdt_end_node(fdt));

	/* The PL011's bus clock, which the AMBA bus insists on. */
	FDT_CHECK(fdt_begin_node(fdt, "apb-pclk"));
	FDT_CHECK(fdt_property_string(fdt, "compatible", "fixed-clock"));
	FDT_CHECK(fdt_property_u32(fdt, "#clock-cells", 0));
	FDT_CHECK(fdt_property_u32(fdt, "clock-frequency", APB_PCLK_HZ));
	FDT_CHECK(fdt_property_string(fdt, "clock-output-names", "clk24mhz"));
	FDT_CHECK(fdt_property_u32(fdt, "phandle", PHANDLE_APB_PCLK));
	FDT_CHECK(fdt_end_node(fdt));

	FDT_CHECK(fdt_begin_node(fdt, PL011_PATH + 1));
	FDT_CHECK(fdt_property(fdt, "compatible", "arm,pl011\0arm,primecell",
			       sizeof("arm,pl011\0arm,primecell")));
	FDT_CHECK(fdt_u64_pair(fdt, "reg", AXVM_PL011_BASE, AXVM_PL011_SIZE));
	FDT_CHECK(fdt_irq(fdt, GIC_FDT_SPI, AXVM_PL011_SPI));
	{
		fdt32_t clk[2] = { cpu_to_fdt32(PHANDLE_APB_PCLK),
				   cpu_to_fdt32(PHANDLE_APB_PCLK) };

		FDT_CHECK(fdt_property(fdt, "clocks", clk, sizeof(clk)));
	}
	FDT_CHECK(fdt_property(fdt, "clock-names", "uartclk\0apb_pclk",
			       sizeof("uartclk\0apb_pclk")));
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
	const struct arm64_image_header *h = buf;

	return len >= sizeof(*h) && h->magic == ARM64_IMAGE_MAGIC;
}

void axvm_arm64_set_spi(struct axvm *m, unsigned int spi, bool level)
{
	struct kvm_irq_level irq = {
		.irq = KVM_ARM_IRQ_TYPE_SPI << KVM_ARM_IRQ_TYPE_SHIFT |
		       (32 + spi) << KVM_ARM_IRQ_NUM_SHIFT,
		.level = level,
	};

	if (m->gic) {
		axvm_gic_set_spi(m->gic, spi, level);
		return;
	}
	/* Cannot fail for an SPI below NR_IRQS of an initialized vGIC. */
	if (ioctl(m->vm_fd, KVM_IRQ_LINE, &irq) < 0)
		axvm_err("KVM_IRQ_LINE of SPI %u: %s", spi, strerror(errno));
}

int axvm_arch_load_linux(struct axvm *m, const void *kbuf, size_t klen)
{
	const struct arm64_image_header *h = kbuf;
	struct axvm_linux_layout l;
	int ret;

	if (h->flags & ARM64_IMAGE_FLAG_BE) {
		axvm_err("'%s' is a big-endian arm64 Image; axvm runs little-endian guests only",
			 m->kernel);
		return -1;
	}
	/*
	 * Loaded at a 2 MiB aligned base (RAM's) plus text_offset; an
	 * image_size of 0 is a kernel older than 3.17 (text_offset 0x80000).
	 */
	if (axvm_place_linux(m, kbuf, klen, h->text_offset, h->image_size, &l))
		return -1;
	if (build_fdt(m, axvm_gpa_to_hva(m, l.fdt, AXVM_FDT_MAX_SIZE),
		      l.initrd_start, l.initrd_end))
		return -1;

	if (!m->irqchip_in_kernel) {
		m->gic = axvm_gic_create(m);
		if (!m->gic) {
			axvm_err("no memory for the GIC");
			return -1;
		}
	}
	axvm_pl011_init(&m->pl011);
	m->console_input = axvm_pl011_input;

	/* x0 = device tree, x1..x3 = 0. */
	ret = m->be->set_boot_regs(&m->vcpus[0], l.kernel, l.fdt, 0);
	if (ret < 0) {
		axvm_err("cannot set the boot registers: %s", strerror(-ret));
		return -1;
	}
	if (m->verbose)
		axvm_print_linux_layout(&l);
	return 0;
}

const char axvm_arch_linux_image[] =
	"an arm64 Linux Image (no \"ARM\\x64\" magic at 0x38)";

int axvm_arch_check_flat(struct axvm *m)
{
	/* KVM answers every HVC itself: the guest's putchar would be lost. */
	if (m->be == &axvm_kvm_backend) {
		axvm_err("'%s' is not a Linux Image: flat guests print through an HVC that KVM does not pass on; use --backend axvcpu",
			 m->kernel);
		return -1;
	}
	return 0;
}

bool axvm_arch_mmio(struct axvm_vcpu *v, struct axvm_exit *e)
{
	struct axvm *m = v->m;

	/* Flat guests have neither device. */
	if (!m->linux_guest)
		return false;
	if (e->mmio.addr >= AXVM_PL011_BASE &&
	    e->mmio.addr - AXVM_PL011_BASE < AXVM_PL011_SIZE) {
		axvm_pl011_access(m, e->mmio.addr - AXVM_PL011_BASE, e);
		return true;
	}
	/* KVM's vGIC serves its own frames: no exit reaches here then. */
	return m->gic && axvm_gic_mmio(m->gic, e);
}

/*
 * The level of @v's virtual timer, for the GIC's PPI 27.  The module
 * raises VI for it; axvm needs it only when the guest acknowledges.
 */
static bool vtimer_level(struct axvm_vcpu *v)
{
	struct axvcpu_regs regs;
	uint64_t ctl;

	if (__axv_get_regs(&v->axv, &regs) < 0)
		return false;
	ctl = regs.cntv_ctl_el0;
	return (ctl & (CNTV_CTL_ENABLE | CNTV_CTL_IMASK | CNTV_CTL_ISTATUS)) ==
	       (CNTV_CTL_ENABLE | CNTV_CTL_ISTATUS);
}

/* ICC_IAR1_EL1 and ICC_HPPIR1_EL1: the reads that may return PPI 27. */
#define ICC_IAR1_EL1	AXVCPU_ARM64_SYSREG(3, 0, 12, 12, 0)
#define ICC_HPPIR1_EL1	AXVCPU_ARM64_SYSREG(3, 0, 12, 12, 2)

enum axvm_action axvm_arch_sysreg(struct axvm_vcpu *v, struct axvm_exit *e)
{
	static unsigned int warnings;
	struct axvm *m = v->m;
	bool vtimer = false;
	uint32_t r = e->sysreg.reg;

	if (m->gic) {
		if (!e->sysreg.write &&
		    (r == ICC_IAR1_EL1 || r == ICC_HPPIR1_EL1))
			vtimer = vtimer_level(v);
		if (axvm_gic_sysreg(m->gic, v, e, vtimer))
			return AXVM_CONTINUE;
	}
	/*
	 * Anything else reads as zero and ignores writes, as KVM does for
	 * most of it.  Linux sets up the debug registers (op0 2: MDSCR, the
	 * OS lock) and PMUSERENR (CRn 9) at boot; only others are worth a
	 * warning.
	 */
	if (m->verbose ||
	    ((r >> 14 & 3) != 2 && (r >> 7 & 15) != 9 &&
	     __atomic_fetch_add(&warnings, 1, __ATOMIC_RELAXED) < MAX_WARNINGS))
		axvm_err("vCPU %u: %s of system register op0=%u op1=%u CRn=%u CRm=%u op2=%u ignored",
			 v->id, e->sysreg.write ? "write" : "read",
			 r >> 14 & 3, r >> 11 & 7, r >> 7 & 15, r >> 3 & 15,
			 r & 7);
	if (!e->sysreg.write)
		e->sysreg.value = 0;
	return AXVM_CONTINUE;
}

enum axvm_action axvm_arch_hypercall(struct axvm_vcpu *v, struct axvm_exit *e)
{
	static unsigned int warnings;
	unsigned char c;

	if (e->hypercall.nr == AXV_HVC_CONSOLE_PUTCHAR) {
		c = (unsigned char)e->hypercall.args[0];
		axvm_console_write(&c, 1);
		e->hypercall.ret[0] = SMCCC_RET_SUCCESS;
		return AXVM_CONTINUE;
	}

	/* Leave ret[0] as preset (SMCCC NOT_SUPPORTED) and go on. */
	if (v->m->verbose ||
	    __atomic_fetch_add(&warnings, 1, __ATOMIC_RELAXED) < MAX_WARNINGS)
		axvm_err("vCPU %u: unsupported %s: function %#llx", v->id,
			 e->hypercall.flags & AXVCPU_HYPERCALL_SMC ?
			 "SMC" : "HVC",
			 (unsigned long long)e->hypercall.nr);
	return AXVM_CONTINUE;
}

/* PSCI SYSTEM_OFF carries no reason to report a failure with. */
bool axvm_arch_shutdown_failed(const struct axvm_exit *e)
{
	(void)e;
	return false;
}

/* KVM: a 64-bit core register, a field of struct kvm_regs. */
#define KVM_CORE_REG(name)						\
	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE |		\
	 KVM_REG_ARM_CORE_REG(name))

static int kvm_set_reg(struct axvm_vcpu *v, uint64_t id, uint64_t val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&val };

	return ioctl(v->fd, KVM_SET_ONE_REG, &reg) < 0 ? -errno : 0;
}

static int kvm_get_reg(struct axvm_vcpu *v, uint64_t id, __u64 *val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)val };

	return ioctl(v->fd, KVM_GET_ONE_REG, &reg) < 0 ? -errno : 0;
}

/*
 * The host's own CPU model, PSCI 0.2+ in the kernel (CPU_ON, SYSTEM_OFF),
 * and every vCPU but 0 powered off until CPU_ON: the axvcpu reset state.
 * KVM_ARM_VCPU_INIT also resets PSTATE to EL1h with DAIF masked.
 */
int axvm_arch_kvm_init_vcpu(struct axvm_vcpu *v)
{
	struct kvm_vcpu_init init;

	if (ioctl(v->m->vm_fd, KVM_ARM_PREFERRED_TARGET, &init) < 0)
		return -errno;
	init.features[0] |= 1U << KVM_ARM_VCPU_PSCI_0_2;
	if (v->id)
		init.features[0] |= 1U << KVM_ARM_VCPU_POWER_OFF;
	return ioctl(v->fd, KVM_ARM_VCPU_INIT, &init) < 0 ? -errno : 0;
}

static int vgic_attr(struct axvm *m, uint32_t group, uint64_t attr,
		     void *val)
{
	struct kvm_device_attr a = {
		.group = group,
		.attr = attr,
		.addr = (uintptr_t)val,
	};

	return ioctl(m->vgic_fd, KVM_SET_DEVICE_ATTR, &a) < 0 ? -errno : 0;
}

/*
 * KVM's vGICv3 where the device tree puts gic.c's; its redistributor
 * region grows with the number of vCPUs, which is why this comes after
 * they are created.  64 INTIDs, as gic.c has: the PL011's SPI is all the
 * guest needs.  KVM then handles all of the GIC, the virtual timer's PPI
 * included; only the PL011's line is axvm's to drive.
 */
int axvm_arch_kvm_setup_irqchip(struct axvm *m)
{
	struct kvm_create_device cd = { .type = KVM_DEV_TYPE_ARM_VGIC_V3 };
	uint64_t dist = AXVM_GICD_BASE, redist = AXVM_GICR_BASE;
	uint32_t nr_irqs = 64;
	int ret;

	if (ioctl(m->vm_fd, KVM_CREATE_DEVICE, &cd) < 0)
		return -errno;
	m->vgic_fd = cd.fd;
	ret = vgic_attr(m, KVM_DEV_ARM_VGIC_GRP_ADDR,
			KVM_VGIC_V3_ADDR_TYPE_DIST, &dist);
	if (!ret)
		ret = vgic_attr(m, KVM_DEV_ARM_VGIC_GRP_ADDR,
				KVM_VGIC_V3_ADDR_TYPE_REDIST, &redist);
	if (!ret)
		ret = vgic_attr(m, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr_irqs);
	if (!ret)
		ret = vgic_attr(m, KVM_DEV_ARM_VGIC_GRP_CTRL,
				KVM_DEV_ARM_VGIC_CTRL_INIT, NULL);
	if (!ret)
		m->irqchip_in_kernel = true;
	return ret;
}

/* PSTATE is KVM_ARM_VCPU_INIT's: only PC and the arguments are set. */
int axvm_arch_kvm_set_boot_regs(struct axvm_vcpu *v, uint64_t pc,
				uint64_t arg0, uint64_t arg1)
{
	int ret;

	ret = kvm_set_reg(v, KVM_CORE_REG(regs.pc), pc);
	if (!ret)
		ret = kvm_set_reg(v, KVM_CORE_REG(regs.regs[0]), arg0);
	if (!ret)
		ret = kvm_set_reg(v, KVM_CORE_REG(regs.regs[1]), arg1);
	return ret;
}

/* MMIO and PSCI's system events are all arm64 brings, and both generic. */
bool axvm_arch_kvm_exit(struct kvm_run *run, struct axvm_exit *e)
{
	(void)run;
	(void)e;
	return false;
}

void axvm_arch_kvm_complete(struct kvm_run *run, const struct axvm_exit *e)
{
	(void)run;
	(void)e;
}

/* The general registers, in the layout axvcpu's dump prints. */
void axvm_arch_kvm_dump_regs(struct axvm_vcpu *v, FILE *f)
{
	struct axvcpu_regs regs = { 0 };
	unsigned int i;
	int ret = 0;

	for (i = 0; i < 31 && !ret; i++)
		ret = kvm_get_reg(v, KVM_CORE_REG(regs.regs[i]), &regs.x[i]);
	if (!ret)
		ret = kvm_get_reg(v, KVM_CORE_REG(regs.sp), &regs.sp_el0);
	if (!ret)
		ret = kvm_get_reg(v, KVM_CORE_REG(regs.pc), &regs.pc);
	if (!ret)
		ret = kvm_get_reg(v, KVM_CORE_REG(regs.pstate), &regs.pstate);
	if (!ret)
		ret = kvm_get_reg(v, KVM_CORE_REG(sp_el1), &regs.sp_el1);
	if (!ret)
		ret = kvm_get_reg(v, KVM_CORE_REG(elr_el1), &regs.elr_el1);
	if (ret < 0) {
		fprintf(f, "(cannot read registers: %s)\n", strerror(-ret));
		return;
	}
	axv_arch_dump_regs(f, &regs);
}
