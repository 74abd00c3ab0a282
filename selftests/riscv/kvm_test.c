// SPDX-License-Identifier: GPL-2.0
/*
 * axvcpu and KVM in one boot: the same guest image runs under each, one
 * after the other and interleaved exit by exit in one thread, and each
 * must see only its own state.  The benchmarks rely on this, and so does
 * anyone who loads both.  The guest half is kvm_test_guest.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/kvm.h>

#include "harness.h"
#include "kvm_test.h"

#define TIMEOUT		120

DECLARE_GUEST_IMAGE(kvm_test_guest);

struct kvm_guest {
	int kvm, vm, vcpu;
	struct kvm_run *run;
	size_t run_size;
	void *ram;
};

static int kvm_set_reg(struct kvm_guest *g, uint64_t id, uint64_t val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&val };

	return ioctl(g->vcpu, KVM_SET_ONE_REG, &reg);
}

#define KVM_CORE_REG(name)						\
	(KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_CORE |	\
	 KVM_REG_RISCV_CORE_REG(name))

static void kvm_guest_create(struct __test_metadata *_metadata,
			     struct kvm_guest *g, const struct guest_image *img,
			     uint64_t seed)
{
	struct kvm_userspace_memory_region mem = {
		.slot = 0,
		.guest_phys_addr = TEST_RAM_BASE,
		.memory_size = TEST_RAM_SIZE,
	};
	int size;

	g->kvm = test_kvm_open();
	ASSERT_LE(0, g->kvm) {
		TH_LOG("/dev/kvm: %s (the test kernel has KVM=m and the initramfs %s)",
		       strerror(-g->kvm), TEST_KVM_MODULE);
	}
	g->vm = ioctl(g->kvm, KVM_CREATE_VM, 0);
	ASSERT_LE(0, g->vm);
	g->ram = mmap(NULL, TEST_RAM_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, g->ram);
	ASSERT_GE((size_t)TEST_RAM_SIZE, img->size);
	memcpy(g->ram, img->data, img->size);
	mem.userspace_addr = (uintptr_t)g->ram;
	ASSERT_EQ(0, ioctl(g->vm, KVM_SET_USER_MEMORY_REGION, &mem));

	g->vcpu = ioctl(g->vm, KVM_CREATE_VCPU, 0);
	ASSERT_LE(0, g->vcpu);
	size = ioctl(g->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	ASSERT_LT(0, size);
	g->run_size = size;
	g->run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      g->vcpu, 0);
	ASSERT_NE(MAP_FAILED, g->run);
	ASSERT_EQ(0, kvm_set_reg(g, KVM_CORE_REG(regs.pc), TEST_RAM_BASE));
	ASSERT_EQ(0, kvm_set_reg(g, KVM_CORE_REG(regs.a0), 0));
	ASSERT_EQ(0, kvm_set_reg(g, KVM_CORE_REG(regs.a1), seed));
}

static void kvm_guest_destroy(struct kvm_guest *g)
{
	munmap(g->run, g->run_size);
	close(g->vcpu);
	close(g->vm);
	close(g->kvm);
	munmap(g->ram, TEST_RAM_SIZE);
}

/* Run to the next ucall and return its command (args in @uc). */
static uint64_t kvm_guest_run(struct __test_metadata *_metadata,
			      struct kvm_guest *g, struct ucall *uc)
{
	struct kvm_run *run = g->run;

	EXPECT_EQ(0, ioctl(g->vcpu, KVM_RUN, 0));
	EXPECT_EQ((__u32)KVM_EXIT_RISCV_SBI, run->exit_reason);
	EXPECT_EQ((unsigned long)UCALL_EXT, run->riscv_sbi.extension_id);
	memcpy(uc->args, run->riscv_sbi.args, sizeof(uc->args));
	if (run->riscv_sbi.function_id == UCALL_FAIL)
		TH_LOG("KVM guest assertion failed at line %lu: %#lx vs %#lx",
		       (unsigned long)uc->args[0], (unsigned long)uc->args[3],
		       (unsigned long)uc->args[4]);
	run->riscv_sbi.ret[0] = 0;
	run->riscv_sbi.ret[1] = 0;
	return run->riscv_sbi.function_id;
}

/* One round of the guest's loop under KVM: a SYNC answered as it wants. */
static void kvm_guest_round(struct __test_metadata *_metadata,
			    struct kvm_guest *g, uint64_t i, uint64_t seed)
{
	struct ucall uc;

	ASSERT_EQ((uint64_t)UCALL_SYNC, kvm_guest_run(_metadata, g, &uc));
	ASSERT_EQ(1ULL, uc.args[0]);
	ASSERT_EQ(i, uc.args[1]);
	g->run->riscv_sbi.ret[1] = KVM_TEST_REPLY(i, seed);
}

static void axv_guest_round(struct axv_vcpu *vcpu, uint64_t i, uint64_t seed)
{
	struct ucall uc;

	vcpu_run_sync(vcpu, &uc, 1);
	TEST_ASSERT(uc.args[1] == i, "round %llu, want %llu",
		    (unsigned long long)uc.args[1], (unsigned long long)i);
	ucall_reply(vcpu, KVM_TEST_REPLY(i, seed));
}

static void axv_guest_start(struct test_vm *t, uint64_t seed)
{
	struct guest_image img = GUEST_IMAGE(kvm_test_guest);

	test_vm_create(t, &img, 1);
	vcpu_set_arg(&t->vcpu[0], 1, seed);
}

static void kvm_guest_finish(struct __test_metadata *_metadata,
			     struct kvm_guest *g)
{
	struct ucall uc;

	EXPECT_EQ((uint64_t)UCALL_DONE, kvm_guest_run(_metadata, g, &uc));
}

#define AXV_SEED	0x1111000000000000ULL
#define KVM_SEED	0x2222000000000000ULL

/* No state: only for the harness's per-test timeout. */
FIXTURE(coexist) {
	int unused;
};

FIXTURE_SETUP(coexist)
{
}

FIXTURE_TEARDOWN(coexist)
{
}

TEST_F_TIMEOUT(coexist, axvcpu_kvm_axvcpu, TIMEOUT)
{
	struct guest_image img = GUEST_IMAGE(kvm_test_guest);
	struct kvm_guest g;
	struct test_vm t;
	uint64_t i;

	axv_guest_start(&t, AXV_SEED);
	for (i = 0; i < KVM_TEST_ROUNDS; i++)
		axv_guest_round(&t.vcpu[0], i, AXV_SEED);
	vcpu_run_done(&t.vcpu[0]);
	test_vm_destroy(&t);

	kvm_guest_create(_metadata, &g, &img, KVM_SEED);
	for (i = 0; i < KVM_TEST_ROUNDS; i++)
		kvm_guest_round(_metadata, &g, i, KVM_SEED);
	kvm_guest_finish(_metadata, &g);
	kvm_guest_destroy(&g);

	axv_guest_start(&t, AXV_SEED + 1);
	for (i = 0; i < KVM_TEST_ROUNDS; i++)
		axv_guest_round(&t.vcpu[0], i, AXV_SEED + 1);
	vcpu_run_done(&t.vcpu[0]);
	test_vm_destroy(&t);
}

TEST_F_TIMEOUT(coexist, interleaved_exit_by_exit, TIMEOUT)
{
	struct guest_image img = GUEST_IMAGE(kvm_test_guest);
	struct kvm_guest g;
	struct test_vm t;
	uint64_t i;

	axv_guest_start(&t, AXV_SEED);
	kvm_guest_create(_metadata, &g, &img, KVM_SEED);
	for (i = 0; i < KVM_TEST_ROUNDS; i++) {
		axv_guest_round(&t.vcpu[0], i, AXV_SEED);
		kvm_guest_round(_metadata, &g, i, KVM_SEED);
	}
	/* Both take a timer interrupt, each through its own hypervisor. */
	vcpu_run_done(&t.vcpu[0]);
	kvm_guest_finish(_metadata, &g);
	kvm_guest_destroy(&g);
	test_vm_destroy(&t);
}

/*
 * KVM's on/off IPIs reach a CPU while an axvcpu vCPU is loaded on it: the
 * guest must keep its interrupt enables (and its delegation) all the same.
 */
TEST_F_TIMEOUT(coexist, kvm_toggled_while_running, TIMEOUT)
{
	struct kvm_toggler tg;
	struct test_vm t;
	struct ucall uc;
	uint64_t cmd;
	int kvm;

	kvm = test_kvm_open();
	ASSERT_LE(0, kvm);
	axv_guest_start(&t, KVM_TEST_TOGGLE_SEED);
	ASSERT_EQ(0, kvm_toggler_start(&tg, kvm));
	/*
	 * KVM's on/off IPIs write hedeleg, hideleg, hvip and vsie.  A guest
	 * assertion fails the test here, with its values.
	 */
	cmd = vcpu_run_ucall(&t.vcpu[0], &uc);
	kvm_toggler_stop(&tg);
	EXPECT_EQ(0, tg.err);
	TH_LOG("KVM turned on and off %lu times during the run", tg.rounds);
	EXPECT_LT(0UL, tg.rounds);
	EXPECT_EQ((uint64_t)UCALL_DONE, cmd);
	test_vm_destroy(&t);
	close(kvm);
}

TEST_HARNESS_MAIN
