/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the host and guest halves of kvm_test. */
#ifndef _KVM_TEST_H
#define _KVM_TEST_H

#define KVM_TEST_ROUNDS		64

/* What the host answers to round i of a guest started with @seed. */
#define KVM_TEST_REPLY(i, seed)	((i) * 3 + (seed))

#endif /* _KVM_TEST_H */
