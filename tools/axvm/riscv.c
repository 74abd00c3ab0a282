// SPDX-License-Identifier: GPL-2.0
/*
 * axvm, riscv64 part: boot registers and the SBI calls the kernel leaves
 * to userspace (console and the base extension's probe of them).
 */
#include <stdio.h>

#include "axvm.h"

/* Unsupported calls are reported, but only so often. */
#define MAX_WARNINGS	16

int axvm_arch_setup_boot_vcpu(struct axvm *m, uint64_t entry)
{
	/* a0 = hart id, a1 = device tree (none yet). */
	return __axv_arch_set_boot_regs(&m->vcpu, entry, 0, 0);
}

static void console_out(const void *buf, size_t len)
{
	fwrite(buf, 1, len, stdout);
	fflush(stdout);
}

static void dbcn(struct axvm *m, struct axvcpu_run *run)
{
	__u64 *args = run->hypercall.args;
	__u64 *ret = run->hypercall.ret;
	unsigned char c;
	void *buf;

	switch (run->hypercall.function) {
	case SBI_DBCN_WRITE:
		/* args: num_bytes, base_addr_lo, base_addr_hi */
		buf = args[2] ? NULL :
		      axv_gpa_to_hva(&m->vm, args[1], args[0]);
		if (!buf && args[0]) {
			ret[0] = SBI_ERR_INVALID_PARAM;
			break;
		}
		if (args[0])
			console_out(buf, args[0]);
		ret[0] = SBI_SUCCESS;
		ret[1] = args[0];
		break;
	case SBI_DBCN_READ:
		/* No console input: nothing read. */
		ret[0] = SBI_SUCCESS;
		ret[1] = 0;
		break;
	case SBI_DBCN_WRITE_BYTE:
		c = (unsigned char)args[0];
		console_out(&c, 1);
		ret[0] = SBI_SUCCESS;
		break;
	default:
		ret[0] = SBI_ERR_NOT_SUPPORTED;
		break;
	}
}

static int have_extension(uint64_t ext)
{
	return ext == SBI_EXT_DBCN || ext == SBI_EXT_0_1_CONSOLE_PUTCHAR ||
	       ext == SBI_EXT_0_1_CONSOLE_GETCHAR;
}

enum axvm_action axvm_arch_hypercall(struct axvm *m, struct axvcpu_run *run)
{
	static unsigned int warnings;
	__u64 *ret = run->hypercall.ret;
	unsigned char c;

	switch (run->hypercall.nr) {
	case SBI_EXT_0_1_CONSOLE_PUTCHAR:
		c = (unsigned char)run->hypercall.args[0];
		console_out(&c, 1);
		ret[0] = 0;
		return AXVM_CONTINUE;
	case SBI_EXT_0_1_CONSOLE_GETCHAR:
		ret[0] = (uint64_t)-1;	/* no input */
		return AXVM_CONTINUE;
	case SBI_EXT_DBCN:
		dbcn(m, run);
		return AXVM_CONTINUE;
	case SBI_EXT_BASE:
		if (run->hypercall.function == SBI_BASE_PROBE_EXT) {
			ret[0] = SBI_SUCCESS;
			ret[1] = have_extension(run->hypercall.args[0]);
			return AXVM_CONTINUE;
		}
		break;
	default:
		break;
	}

	/* Leave ret[] as preset (SBI_ERR_NOT_SUPPORTED) and go on. */
	if (warnings++ < MAX_WARNINGS)
		fprintf(stderr,
			"axvm: unsupported SBI call: extension %#llx function %#llx\n",
			(unsigned long long)run->hypercall.nr,
			(unsigned long long)run->hypercall.function);
	return AXVM_CONTINUE;
}

int axvm_arch_shutdown_failed(const struct axvcpu_run *run)
{
	return run->system_down.reason == SBI_SRST_REASON_SYSTEM_FAILURE;
}
