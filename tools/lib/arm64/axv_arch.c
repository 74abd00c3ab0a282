// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 parts of libaxvcpu.
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
	/* Linux's arm64 boot protocol: x0 = dtb, x1..x3 = 0. */
	regs.pc = pc;
	regs.x[0] = arg0;
	regs.x[1] = arg1;
	regs.x[2] = 0;
	regs.x[3] = 0;
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
	const struct {
		const char *name;
		uint64_t val;
	} sys[] = {
		{ "sp_el0", regs->sp_el0 },
		{ "sp_el1", regs->sp_el1 },
		{ "elr_el1", regs->elr_el1 },
		{ "spsr_el1", regs->spsr_el1 },
		{ "sctlr_el1", regs->sctlr_el1 },
		{ "vbar_el1", regs->vbar_el1 },
		{ "esr_el1", regs->esr_el1 },
		{ "far_el1", regs->far_el1 },
		{ "cntv_ctl", regs->cntv_ctl_el0 },
		{ "cntv_cval", regs->cntv_cval_el0 },
		{ "cntvoff", regs->cntvoff },
		{ "mpidr", regs->mpidr },
	};
	unsigned int i;

	fprintf(f, "    pc %016llx  pstate %016llx\n",
		(unsigned long long)regs->pc,
		(unsigned long long)regs->pstate);
	for (i = 0; i < 31; i++)
		fprintf(f, "%5s%-2u %016llx%s", "x", i,
			(unsigned long long)regs->x[i],
			i % 4 == 3 ? "\n" : "  ");
	fputc('\n', f);
	for (i = 0; i < ARRAY_SIZE(sys); i++)
		fprintf(f, "%10s %016llx%s", sys[i].name,
			(unsigned long long)sys[i].val,
			i % 3 == 2 ? "\n" : "  ");
	fputc('\n', f);
}
