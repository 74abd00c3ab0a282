// SPDX-License-Identifier: GPL-2.0
/*
 * riscv64 parts of libaxvcpu.
 */
#include <errno.h>
#include <string.h>

#include "axvcpu_lib.h"

int __axv_arch_set_boot_regs(struct axv_vcpu *vcpu, uint64_t pc,
			     uint64_t arg0, uint64_t arg1)
{
	struct axvcpu_regs regs;
	int ret;

	ret = __axv_get_regs(vcpu, &regs);
	if (ret < 0)
		return ret;
	regs.pc = pc;
	regs.gpr[AXV_REG_A0] = arg0;
	regs.gpr[AXV_REG_A1] = arg1;
	return __axv_set_regs(vcpu, &regs);
}

void axv_arch_set_boot_regs(struct axv_vcpu *vcpu, uint64_t pc,
			    uint64_t arg0, uint64_t arg1)
{
	int ret = __axv_arch_set_boot_regs(vcpu, pc, arg0, arg1);

	if (ret < 0)
		axv_die(__FILE__, __LINE__,
			"setting boot registers of vCPU %u: %s", vcpu->id,
			strerror(-ret));
}

void axv_arch_dump_regs(FILE *f, const struct axvcpu_regs *regs)
{
	static const char * const names[32] = {
		"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
		"s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
		"a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
		"s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
	};
	const struct {
		const char *name;
		uint64_t val;
	} csrs[] = {
		{ "sstatus", regs->sstatus },
		{ "hstatus", regs->hstatus },
		{ "vsstatus", regs->vsstatus },
		{ "vsie", regs->vsie },
		{ "vstvec", regs->vstvec },
		{ "vsscratch", regs->vsscratch },
		{ "vsepc", regs->vsepc },
		{ "vscause", regs->vscause },
		{ "vstval", regs->vstval },
		{ "vsatp", regs->vsatp },
		{ "scounteren", regs->scounteren },
		{ "htimedelta", regs->htimedelta },
		{ "vstimecmp", regs->vstimecmp },
	};
	unsigned int i;

	fprintf(f, " pc %016llx\n", (unsigned long long)regs->pc);
	for (i = 0; i < 32; i++)
		fprintf(f, "%4s %016llx%s", names[i],
			(unsigned long long)regs->gpr[i],
			i % 4 == 3 ? "\n" : "  ");
	fputc('\n', f);
	for (i = 0; i < ARRAY_SIZE(csrs); i++)
		fprintf(f, "%10s %016llx%s", csrs[i].name,
			(unsigned long long)csrs[i].val,
			i % 3 == 2 ? "\n" : "  ");
	fputc('\n', f);
}
