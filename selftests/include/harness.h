/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Include kselftest_harness.h through this header, once per test program.
 *
 * The harness of the kernels we build against is not -Wextra clean: its
 * TEST() wrappers and SIGALRM handler have unused parameters, reported
 * where the macros are used.  That warning is off for the rest of the
 * test file; everything else stays on.
 */
#ifndef _AXV_HARNESS_H
#define _AXV_HARNESS_H

#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"

#include "test_util.h"

/* Open a VM, failing (not skipping) when there is no /dev/axvcpu. */
#define ASSERT_VM_OPEN(vm)						\
do {									\
	int __ret = __axv_vm_open(vm);					\
	ASSERT_EQ(0, __ret) {						\
		TH_LOG("open(%s): %s", AXV_DEVICE, strerror(-__ret));	\
	}								\
} while (0)

/* Exit reason check with names in the message. */
#define ASSERT_EXIT_REASON(vcpu, reason)				\
	ASSERT_EQ((__u32)(reason), (vcpu)->run->exit_reason) {		\
		TH_LOG("vCPU %u: expected exit %s, got %s", (vcpu)->id,	\
		       axv_exit_name(reason),				\
		       axv_exit_name((vcpu)->run->exit_reason));	\
		test_dump_vcpu(vcpu);					\
	}

#endif /* _AXV_HARNESS_H */
