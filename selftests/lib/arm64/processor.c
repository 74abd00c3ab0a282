// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 parts of the selftest helpers: argument registers and ucall
 * decoding (an HVC with x0 = UCALL_EXT, see ucall_common.h).
 */
#include <string.h>

#include "test_util.h"

void vcpu_set_arg(struct axv_vcpu *vcpu, unsigned int n, uint64_t val)
{
	struct axvcpu_regs regs;

	TEST_ASSERT(n < 8, "no argument register x%u", n);
	axv_get_regs(vcpu, &regs);
	regs.x[AXV_REG_X(n)] = val;
	axv_set_regs(vcpu, &regs);
}

uint64_t get_ucall(struct axv_vcpu *vcpu, struct ucall *uc)
{
	struct axvcpu_run *run = vcpu->run;
	uint64_t cmd = run->hypercall.args[0] & UCALL_CMD_MASK;

	if (uc)
		memset(uc, 0, sizeof(*uc));
	if (run->exit_reason != AXVCPU_EXIT_HYPERCALL ||
	    run->hypercall.nr != UCALL_EXT ||
	    (run->hypercall.flags & AXVCPU_HYPERCALL_SMC))
		return UCALL_NONE;
	if (cmd == UCALL_NONE || cmd > UCALL_UNHANDLED)
		return UCALL_NONE;

	/* x1 = cmd | a5 << 8, x2-x6 = a0-a4 */
	if (uc) {
		uc->cmd = cmd;
		memcpy(uc->args, &run->hypercall.args[1], 5 * sizeof(uc->args[0]));
		uc->args[5] = run->hypercall.args[0] >> UCALL_CMD_BITS;
	}
	/* SMCCC success, value 0 unless ucall_reply() says otherwise. */
	run->hypercall.ret[0] = 0;
	run->hypercall.ret[1] = 0;
	return cmd;
}

void ucall_reply(struct axv_vcpu *vcpu, uint64_t val)
{
	vcpu->run->hypercall.ret[1] = val;
}
