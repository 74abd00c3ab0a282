/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the host and guest halves of kvm_test. */
#ifndef _KVM_TEST_H
#define _KVM_TEST_H

#define KVM_TEST_ROUNDS		64

/* What the host answers to round i of a guest started with @seed. */
#define KVM_TEST_REPLY(i, seed)	((i) * 3 + (seed))

/*
 * A guest started with this seed makes KVM_TEST_TOGGLE_CALLS SBI calls that
 * the kernel answers while the host turns KVM on and off underneath it.
 */
#define KVM_TEST_TOGGLE_SEED	0x3333000000000000ULL
#define KVM_TEST_TOGGLE_CALLS	100000

#endif /* _KVM_TEST_H */
