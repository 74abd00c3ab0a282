// SPDX-License-Identifier: GPL-2.0
/*
 * riscv parts of the selftest helpers: argument registers and ucall
 * decoding (an SBI call to UCALL_EXT, see ucall_common.h).
 */
#include <string.h>

#include "test_util.h"

void vcpu_set_arg(struct axv_vcpu *vcpu, unsigned int n, uint64_t val)
{
	struct axvcpu_regs regs;

	TEST_ASSERT(n < 8, "no argument register a%u", n);
	axv_get_regs(vcpu, &regs);
	regs.gpr[AXV_REG_A(n)] = val;
	axv_set_regs(vcpu, &regs);
}

uint64_t get_ucall(struct axv_vcpu *vcpu, struct ucall *uc)
{
	struct axvcpu_run *run = vcpu->run;

	if (uc)
		memset(uc, 0, sizeof(*uc));
	if (run->exit_reason != AXVCPU_EXIT_HYPERCALL ||
	    run->hypercall.nr != UCALL_EXT)
		return UCALL_NONE;
	if (run->hypercall.function == UCALL_NONE ||
	    run->hypercall.function > UCALL_UNHANDLED)
		return UCALL_NONE;

	if (uc) {
		uc->cmd = run->hypercall.function;
		memcpy(uc->args, run->hypercall.args, sizeof(uc->args));
	}
	/* SBI success, value 0 unless ucall_reply() says otherwise. */
	run->hypercall.ret[0] = 0;
	run->hypercall.ret[1] = 0;
	return run->hypercall.function;
}

void ucall_reply(struct axv_vcpu *vcpu, uint64_t val)
{
	vcpu->run->hypercall.ret[1] = val;
}
