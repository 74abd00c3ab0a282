// SPDX-License-Identifier: GPL-2.0
/*
 * axvm, arm64 part: boot registers and the console hypercall, the one
 * call the kernel leaves to userspace that axvm answers.
 */
#include <stdio.h>

#include "axvm.h"

/* Unsupported calls are reported, but only so often. */
#define MAX_WARNINGS	16

int axvm_arch_setup_boot_vcpu(struct axvm *m, uint64_t entry)
{
	/* x0 = device tree (none yet), x1..x3 = 0. */
	return __axv_arch_set_boot_regs(&m->vcpu, entry, 0, 0);
}

enum axvm_action axvm_arch_hypercall(struct axvm *m, struct axvcpu_run *run)
{
	static unsigned int warnings;
	unsigned char c;

	(void)m;
	if (run->hypercall.nr == AXV_HVC_CONSOLE_PUTCHAR) {
		c = (unsigned char)run->hypercall.args[0];
		fwrite(&c, 1, 1, stdout);
		fflush(stdout);
		run->hypercall.ret[0] = SMCCC_RET_SUCCESS;
		return AXVM_CONTINUE;
	}

	/* Leave ret[0] as preset (SMCCC NOT_SUPPORTED) and go on. */
	if (warnings++ < MAX_WARNINGS)
		fprintf(stderr, "axvm: unsupported %s: function %#llx\n",
			run->hypercall.flags & AXVCPU_HYPERCALL_SMC ?
			"SMC" : "HVC",
			(unsigned long long)run->hypercall.nr);
	return AXVM_CONTINUE;
}

/* PSCI SYSTEM_OFF carries no reason to report a failure with. */
int axvm_arch_shutdown_failed(const struct axvcpu_run *run)
{
	(void)run;
	return 0;
}
