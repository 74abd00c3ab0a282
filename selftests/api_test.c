// SPDX-License-Identifier: GPL-2.0
/*
 * axvcpu API tests that need no guest code: the VM fd ioctls, memory
 * regions, vCPU creation, the run structure mapping, fd lifetimes and
 * fork().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "harness.h"

/* A GPA that is free in every VM of this file. */
#define GPA	0x80000000ULL

/* ioctl() returning -errno, for fds that libaxvcpu does not wrap. */
static int raw_ioctl(int fd, unsigned long cmd, unsigned long arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

static void *map_anon(size_t size, int prot)
{
	void *p = mmap(NULL, size, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

TEST(api_version)
{
	struct axv_vm vm;

	ASSERT_VM_OPEN(&vm);
	EXPECT_EQ(AXVCPU_API_VERSION, __axv_get_api_version(&vm));
	EXPECT_EQ(1, __axv_get_api_version(&vm));
	axv_vm_close(&vm);
}

TEST(check_extension)
{
	struct axv_vm vm;

	ASSERT_VM_OPEN(&vm);
	EXPECT_EQ(AXVCPU_MAX_VCPUS,
		  __axv_check_extension(&vm, AXVCPU_CAP_NR_VCPUS));
	EXPECT_EQ(16, __axv_check_extension(&vm, AXVCPU_CAP_NR_VCPUS));
	EXPECT_EQ(32, __axv_check_extension(&vm, AXVCPU_CAP_NR_MEM_REGIONS));
	EXPECT_EQ(1, __axv_check_extension(&vm, AXVCPU_CAP_READONLY_MEM));
	EXPECT_EQ(1, __axv_check_extension(&vm, AXVCPU_CAP_IMMEDIATE_EXIT));
	EXPECT_EQ(1, __axv_check_extension(&vm, AXVCPU_CAP_MP_STATE));
	EXPECT_EQ(1, __axv_check_extension(&vm, AXVCPU_CAP_FPU));
	EXPECT_EQ(AXV_ARCH_ID, __axv_check_extension(&vm, AXVCPU_CAP_ARCH));
	EXPECT_LE(AXV_ARCH_MIN_GPA_BITS,
		  __axv_check_extension(&vm, AXVCPU_CAP_GUEST_PHYS_BITS));
	EXPECT_GE(64, __axv_check_extension(&vm, AXVCPU_CAP_GUEST_PHYS_BITS));

	/* Unknown capabilities are absent, not errors. */
	EXPECT_EQ(0, __axv_check_extension(&vm, 0));
	EXPECT_EQ(0, __axv_check_extension(&vm, 9));
	EXPECT_EQ(0, __axv_check_extension(&vm, 9999));
	EXPECT_EQ(0, __axv_check_extension(&vm, ~0UL));
	axv_vm_close(&vm);
}

TEST(vcpu_mmap_size)
{
	struct axv_vm vm;

	ASSERT_VM_OPEN(&vm);
	EXPECT_EQ(getpagesize(), __axv_get_vcpu_mmap_size(&vm));
	axv_vm_close(&vm);
}

TEST(unknown_ioctl_enotty)
{
	struct axv_vcpu vcpu;
	struct axv_vm vm;
	uint64_t buf[64] = { 0 };

	ASSERT_VM_OPEN(&vm);
	ASSERT_EQ(0, __axv_vcpu_create(&vm, 0, &vcpu));

	/* Unused numbers, a known number with the wrong size or direction,
	 * another driver's type, and each fd's ioctls on the other fd.
	 */
	EXPECT_EQ(-ENOTTY, raw_ioctl(vm.fd, _IO(AXVCPUIO, 0x7f), 0));
	EXPECT_EQ(-ENOTTY, raw_ioctl(vm.fd, _IO(AXVCPUIO, 0xff), 0));
	EXPECT_EQ(-ENOTTY, raw_ioctl(vm.fd, _IOW(AXVCPUIO, 0x03, __u64),
				     (unsigned long)buf));
	EXPECT_EQ(-ENOTTY, raw_ioctl(vm.fd, _IOR(AXVCPUIO, 0x03,
					     struct axvcpu_memory_region),
				     (unsigned long)buf));
	EXPECT_EQ(-ENOTTY, raw_ioctl(vm.fd, _IO(0xAE, 0x00), 0));
	EXPECT_EQ(-ENOTTY, raw_ioctl(vm.fd, AXVCPU_RUN, 0));
	EXPECT_EQ(-ENOTTY, raw_ioctl(vm.fd, AXVCPU_GET_REGS,
				     (unsigned long)buf));

	EXPECT_EQ(-ENOTTY, raw_ioctl(vcpu.fd, _IO(AXVCPUIO, 0x7f), 0));
	EXPECT_EQ(-ENOTTY, raw_ioctl(vcpu.fd, _IO(AXVCPUIO, 0xff), 0));
	EXPECT_EQ(-ENOTTY, raw_ioctl(vcpu.fd, _IOR(AXVCPUIO, 0x81, __u64),
				     (unsigned long)buf));
	EXPECT_EQ(-ENOTTY, raw_ioctl(vcpu.fd, _IO(0xAE, 0x80), 0));
	EXPECT_EQ(-ENOTTY, raw_ioctl(vcpu.fd, AXVCPU_GET_API_VERSION, 0));
	EXPECT_EQ(-ENOTTY, raw_ioctl(vcpu.fd, AXVCPU_CREATE_VCPU, 1));
	EXPECT_EQ(-ENOTTY, raw_ioctl(vcpu.fd, AXVCPU_SET_USER_MEMORY_REGION,
				     (unsigned long)buf));

	axv_vcpu_close(&vcpu);
	axv_vm_close(&vm);
}

TEST(bad_pointer_efault)
{
	struct axv_vcpu vcpu;
	struct axv_vm vm;

	ASSERT_VM_OPEN(&vm);
	ASSERT_EQ(0, __axv_vcpu_create(&vm, 0, &vcpu));
	EXPECT_EQ(-EFAULT, raw_ioctl(vm.fd, AXVCPU_SET_USER_MEMORY_REGION, 0));
	EXPECT_EQ(-EFAULT, raw_ioctl(vcpu.fd, AXVCPU_GET_REGS, 0));
	EXPECT_EQ(-EFAULT, raw_ioctl(vcpu.fd, AXVCPU_SET_REGS, 0));
	EXPECT_EQ(-EFAULT, raw_ioctl(vcpu.fd, AXVCPU_GET_FPU, 0));
	EXPECT_EQ(-EFAULT, raw_ioctl(vcpu.fd, AXVCPU_SET_FPU, 0));
	EXPECT_EQ(-EFAULT, raw_ioctl(vcpu.fd, AXVCPU_IRQ_LINE, 0));
	EXPECT_EQ(-EFAULT, raw_ioctl(vcpu.fd, AXVCPU_GET_MP_STATE, 0));
	EXPECT_EQ(-EFAULT, raw_ioctl(vcpu.fd, AXVCPU_SET_MP_STATE, 0));
	axv_vcpu_close(&vcpu);
	axv_vm_close(&vm);
}

/* Memory regions */

FIXTURE(memslot) {
	struct axv_vm vm;
	size_t page;
	int gpa_bits;
	void *mem;		/* 8 writable pages */
	size_t mem_size;
};

FIXTURE_SETUP(memslot)
{
	ASSERT_VM_OPEN(&self->vm);
	self->page = getpagesize();
	self->gpa_bits = __axv_check_extension(&self->vm,
					       AXVCPU_CAP_GUEST_PHYS_BITS);
	ASSERT_LE(AXV_ARCH_MIN_GPA_BITS, self->gpa_bits);
	ASSERT_GT(64, self->gpa_bits);
	self->mem_size = 8 * self->page;
	self->mem = map_anon(self->mem_size, PROT_READ | PROT_WRITE);
	ASSERT_NE(NULL, self->mem);
}

FIXTURE_TEARDOWN(memslot)
{
	axv_vm_close(&self->vm);
	if (self->mem)
		munmap(self->mem, self->mem_size);
}

TEST_F(memslot, add_and_delete)
{
	void *hva;

	ASSERT_EQ(0, __axv_set_memory_region(&self->vm, 0, 0, GPA,
					     self->mem_size, self->mem));
	hva = axv_gpa_to_hva(&self->vm, GPA + self->page, 8);
	EXPECT_EQ((char *)self->mem + self->page, hva);

	ASSERT_EQ(0, __axv_delete_memory_region(&self->vm, 0));
	/* The slot and its GPA range are free again. */
	ASSERT_EQ(0, __axv_set_memory_region(&self->vm, 0, 0, GPA + 0x100000,
					     self->page, self->mem));
	ASSERT_EQ(0, __axv_set_memory_region(&self->vm, 1, 0, GPA,
					     self->mem_size, self->mem));
	ASSERT_EQ(0, __axv_delete_memory_region(&self->vm, 0));
	ASSERT_EQ(0, __axv_delete_memory_region(&self->vm, 1));
}

TEST_F(memslot, bad_slot)
{
	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm,
			AXVCPU_MAX_MEM_REGIONS, 0, GPA, self->page, self->mem));
	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm, 1000, 0, GPA,
						   self->page, self->mem));
	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm, ~0U, 0, GPA,
						   self->page, self->mem));
}

TEST_F(memslot, all_slots)
{
	uint64_t size = 32 * self->page;
	char *mem = map_anon(size, PROT_READ | PROT_WRITE);
	unsigned int i;

	ASSERT_NE(NULL, mem);
	for (i = 0; i < AXVCPU_MAX_MEM_REGIONS; i++) {
		ASSERT_EQ(0, __axv_set_memory_region(&self->vm, i, 0,
				GPA + 2 * i * self->page, self->page,
				mem + i * self->page)) {
			TH_LOG("slot %u", i);
		}
	}
	/* Full: no slot 32, and no slot is free for a redefinition. */
	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm,
			AXVCPU_MAX_MEM_REGIONS, 0, GPA + 0x100000, self->page,
			mem));
	for (i = 0; i < AXVCPU_MAX_MEM_REGIONS; i++)
		ASSERT_EQ(0, __axv_delete_memory_region(&self->vm, i));
	munmap(mem, size);
}

TEST_F(memslot, bad_flags)
{
	unsigned int bit;

	for (bit = 1; bit < 32; bit++) {
		EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm, 0,
				1U << bit, GPA, self->page, self->mem)) {
			TH_LOG("flag bit %u", bit);
		}
	}
}

TEST_F(memslot, unaligned)
{
	char *mem = self->mem;
	size_t pg = self->page;

	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm, 0, 0,
						   GPA + 1, pg, mem));
	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm, 0, 0,
						   GPA + pg / 2, pg, mem));
	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm, 0, 0,
						   GPA, pg + 1, mem));
	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm, 0, 0,
						   GPA, pg / 2, mem));
	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm, 0, 0,
						   GPA, pg, mem + 8));
	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm, 0, 0,
						   GPA, pg, mem + pg / 2));
}

TEST_F(memslot, delete_empty_slot)
{
	EXPECT_EQ(-EINVAL, __axv_delete_memory_region(&self->vm, 0));
	EXPECT_EQ(-EINVAL, __axv_delete_memory_region(&self->vm, 31));
	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm, 3, 0, GPA, 0,
						   self->mem));
}

TEST_F(memslot, gpa_limits)
{
	uint64_t limit = 1ULL << self->gpa_bits;
	size_t pg = self->page;

	/* Wrapping around zero. */
	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm, 0, 0,
			-(uint64_t)pg, 2 * pg, self->mem));
	/* Crossing, and starting at, the guest physical limit. */
	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm, 0, 0,
			limit - pg, 2 * pg, self->mem));
	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm, 0, 0,
			limit, pg, self->mem));
	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm, 0, 0,
			1ULL << 63, pg, self->mem));
	/* Ending exactly at the limit is fine. */
	EXPECT_EQ(0, __axv_set_memory_region(&self->vm, 0, 0,
			limit - pg, pg, self->mem));
}

TEST_F(memslot, hva_limits)
{
	size_t pg = self->page;

	/* Wrapping around, and above the user address space. */
	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm, 0, 0, GPA,
			2 * pg, (void *)(uintptr_t)-(uint64_t)pg));
	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm, 0, 0, GPA,
			pg, (void *)(uintptr_t)(1ULL << 63)));
	EXPECT_EQ(-EINVAL, __axv_set_memory_region(&self->vm, 0, 0, GPA,
			pg, (void *)(uintptr_t)-(uint64_t)pg));
}

TEST_F(memslot, overlap_eexist)
{
	char *mem = self->mem;
	size_t pg = self->page;

	ASSERT_EQ(0, __axv_set_memory_region(&self->vm, 0, 0, GPA + 2 * pg,
					     2 * pg, mem));
	/* Inside, across either end, covering, identical. */
	EXPECT_EQ(-EEXIST, __axv_set_memory_region(&self->vm, 1, 0,
			GPA + 3 * pg, pg, mem + 4 * pg));
	EXPECT_EQ(-EEXIST, __axv_set_memory_region(&self->vm, 1, 0,
			GPA + pg, 2 * pg, mem + 4 * pg));
	EXPECT_EQ(-EEXIST, __axv_set_memory_region(&self->vm, 1, 0,
			GPA + 3 * pg, 2 * pg, mem + 4 * pg));
	EXPECT_EQ(-EEXIST, __axv_set_memory_region(&self->vm, 1, 0,
			GPA, 8 * pg, mem));
	EXPECT_EQ(-EEXIST, __axv_set_memory_region(&self->vm, 1, 0,
			GPA + 2 * pg, 2 * pg, mem));
	/* Right next to it on both sides is fine. */
	EXPECT_EQ(0, __axv_set_memory_region(&self->vm, 1, 0,
			GPA + pg, pg, mem + 4 * pg));
	EXPECT_EQ(0, __axv_set_memory_region(&self->vm, 2, 0,
			GPA + 4 * pg, pg, mem + 5 * pg));
}

TEST_F(memslot, redefine_eexist)
{
	char *mem = self->mem;
	size_t pg = self->page;

	ASSERT_EQ(0, __axv_set_memory_region(&self->vm, 5, 0, GPA, pg, mem));
	EXPECT_EQ(-EEXIST, __axv_set_memory_region(&self->vm, 5, 0, GPA,
						   pg, mem));
	EXPECT_EQ(-EEXIST, __axv_set_memory_region(&self->vm, 5, 0,
			GPA + 0x100000, pg, mem + pg));
	EXPECT_EQ(-EEXIST, __axv_set_memory_region(&self->vm, 5,
			AXVCPU_MEM_READONLY, GPA, pg, mem));
	/* Still usable after the failed attempts. */
	EXPECT_EQ(0, __axv_delete_memory_region(&self->vm, 5));
	EXPECT_EQ(0, __axv_set_memory_region(&self->vm, 5, 0,
			GPA + 0x100000, pg, mem + pg));
}

TEST_F(memslot, unmapped_efault)
{
	size_t pg = self->page;
	char *mem = map_anon(3 * pg, PROT_READ | PROT_WRITE);

	ASSERT_NE(NULL, mem);
	/* A hole in the middle, then nothing mapped at all. */
	ASSERT_EQ(0, munmap(mem + pg, pg));
	EXPECT_EQ(-EFAULT, __axv_set_memory_region(&self->vm, 0, 0, GPA,
						   3 * pg, mem));
	EXPECT_EQ(-EFAULT, __axv_set_memory_region(&self->vm, 0, 0, GPA,
						   2 * pg, mem));
	ASSERT_EQ(0, munmap(mem, 3 * pg));
	EXPECT_EQ(-EFAULT, __axv_set_memory_region(&self->vm, 0, 0, GPA,
						   pg, mem));
	/* Nothing was half-added: the GPA range is still free. */
	EXPECT_EQ(0, __axv_set_memory_region(&self->vm, 0, 0, GPA, pg,
					     self->mem));
}

TEST_F(memslot, readonly_mapping)
{
	size_t pg = self->page;
	void *ro = map_anon(2 * pg, PROT_READ);

	ASSERT_NE(NULL, ro);
	EXPECT_EQ(-EFAULT, __axv_set_memory_region(&self->vm, 0, 0, GPA,
						   2 * pg, ro));
	EXPECT_EQ(0, __axv_set_memory_region(&self->vm, 0,
			AXVCPU_MEM_READONLY, GPA, 2 * pg, ro));
	/* A read-only region over writable memory is fine too. */
	EXPECT_EQ(0, __axv_set_memory_region(&self->vm, 1,
			AXVCPU_MEM_READONLY, GPA + 2 * pg, pg, self->mem));
	munmap(ro, 2 * pg);
}

/* vCPUs */

TEST(create_vcpus)
{
	int fds[AXVCPU_MAX_VCPUS];
	struct axv_vm vm;
	unsigned int i;

	ASSERT_VM_OPEN(&vm);
	for (i = 0; i < AXVCPU_MAX_VCPUS; i++) {
		fds[i] = ioctl(vm.fd, AXVCPU_CREATE_VCPU, (unsigned long)i);
		ASSERT_LE(0, fds[i]) {
			TH_LOG("vCPU %u: %s", i, strerror(errno));
		}
	}
	EXPECT_EQ(-EINVAL, raw_ioctl(vm.fd, AXVCPU_CREATE_VCPU,
				     AXVCPU_MAX_VCPUS));
	EXPECT_EQ(-EINVAL, raw_ioctl(vm.fd, AXVCPU_CREATE_VCPU, 1000));
	EXPECT_EQ(-EINVAL, raw_ioctl(vm.fd, AXVCPU_CREATE_VCPU, ~0UL));
	EXPECT_EQ(-EINVAL, raw_ioctl(vm.fd, AXVCPU_CREATE_VCPU, 1UL << 32));
	EXPECT_EQ(-EEXIST, raw_ioctl(vm.fd, AXVCPU_CREATE_VCPU, 0));
	EXPECT_EQ(-EEXIST, raw_ioctl(vm.fd, AXVCPU_CREATE_VCPU, 15));
	for (i = 0; i < AXVCPU_MAX_VCPUS; i++)
		close(fds[i]);
	axv_vm_close(&vm);
}

TEST(duplicate_vcpu_after_close)
{
	struct axv_vcpu vcpu;
	struct axv_vm vm;

	/* An id stays taken while the VM lives, even with its fd closed. */
	ASSERT_VM_OPEN(&vm);
	ASSERT_EQ(0, __axv_vcpu_create(&vm, 3, &vcpu));
	EXPECT_EQ(-EEXIST, raw_ioctl(vm.fd, AXVCPU_CREATE_VCPU, 3));
	axv_vcpu_close(&vcpu);
	axv_vm_close(&vm);
}

TEST(run_mmap)
{
	size_t pg = getpagesize();
	struct axv_vm vm;
	void *p;
	int fd;

	ASSERT_VM_OPEN(&vm);
	fd = ioctl(vm.fd, AXVCPU_CREATE_VCPU, 0UL);
	ASSERT_LE(0, fd);

	p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(0, ((struct axvcpu_run *)p)->immediate_exit);
	munmap(p, pg);

	p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EINVAL, errno);
	if (p != MAP_FAILED)
		munmap(p, 2 * pg);

	p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, pg);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EINVAL, errno);
	if (p != MAP_FAILED)
		munmap(p, pg);

	/* Two mappings of the same vCPU see the same structure. */
	{
		struct axvcpu_run *a, *b;

		a = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		b = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		ASSERT_NE(MAP_FAILED, a);
		ASSERT_NE(MAP_FAILED, b);
		a->immediate_exit = 1;
		EXPECT_EQ(1, b->immediate_exit);
		a->immediate_exit = 0;
		munmap(a, pg);
		munmap(b, pg);
	}
	close(fd);
	axv_vm_close(&vm);
}

TEST(mp_state)
{
	const uint32_t runnable = AXVCPU_MP_STATE_RUNNABLE;
	const uint32_t stopped = AXVCPU_MP_STATE_STOPPED;
	struct axv_vcpu vcpu[3];
	struct axv_vm vm;
	uint32_t state;
	unsigned int i;

	ASSERT_VM_OPEN(&vm);
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, __axv_vcpu_create(&vm, i, &vcpu[i]));

	/* Like firmware, only the boot CPU starts running. */
	ASSERT_EQ(0, __axv_get_mp_state(&vcpu[0], &state));
	EXPECT_EQ(runnable, state);
	for (i = 1; i < 3; i++) {
		ASSERT_EQ(0, __axv_get_mp_state(&vcpu[i], &state));
		EXPECT_EQ(stopped, state);
	}

	EXPECT_EQ(-EINVAL, __axv_set_mp_state(&vcpu[0], 2));
	EXPECT_EQ(-EINVAL, __axv_set_mp_state(&vcpu[0], ~0U));
	ASSERT_EQ(0, __axv_get_mp_state(&vcpu[0], &state));
	EXPECT_EQ(runnable, state);

	EXPECT_EQ(0, __axv_set_mp_state(&vcpu[1], AXVCPU_MP_STATE_RUNNABLE));
	ASSERT_EQ(0, __axv_get_mp_state(&vcpu[1], &state));
	EXPECT_EQ(runnable, state);
	EXPECT_EQ(0, __axv_set_mp_state(&vcpu[0], AXVCPU_MP_STATE_STOPPED));
	ASSERT_EQ(0, __axv_get_mp_state(&vcpu[0], &state));
	EXPECT_EQ(stopped, state);

	for (i = 0; i < 3; i++)
		axv_vcpu_close(&vcpu[i]);
	axv_vm_close(&vm);
}

TEST(immediate_exit)
{
	struct axv_vcpu vcpu[2];
	struct axv_vm vm;
	unsigned int i;

	ASSERT_VM_OPEN(&vm);
	/* No memory at all: the guest must not be entered. */
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, __axv_vcpu_create(&vm, i, &vcpu[i]));
		vcpu[i].run->immediate_exit = 1;
		vcpu[i].run->exit_reason = AXVCPU_EXIT_UNKNOWN;
		EXPECT_EQ(-EINTR, axv_vcpu_run(&vcpu[i]));
		EXPECT_EQ((__u32)AXVCPU_EXIT_INTR, vcpu[i].run->exit_reason);
		EXPECT_EQ(-EINTR, axv_vcpu_run(&vcpu[i]));
		EXPECT_EQ((__u32)AXVCPU_EXIT_INTR, vcpu[i].run->exit_reason);
	}
	for (i = 0; i < 2; i++)
		axv_vcpu_close(&vcpu[i]);
	axv_vm_close(&vm);
}

/* Lifetimes */

TEST(close_vm_before_vcpus)
{
	struct axv_vcpu vcpu[4];
	struct axvcpu_regs regs;
	struct axv_vm vm;
	unsigned int i;

	ASSERT_VM_OPEN(&vm);
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, __axv_vcpu_create(&vm, i, &vcpu[i]));
	axv_vm_close(&vm);

	/* The vCPUs keep their VM alive. */
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(0, __axv_get_regs(&vcpu[i], &regs));
		vcpu[i].run->immediate_exit = 1;
		EXPECT_EQ(-EINTR, axv_vcpu_run(&vcpu[i]));
	}
	for (i = 0; i < 4; i++)
		axv_vcpu_close(&vcpu[i]);
}

TEST(close_vcpus_before_vm)
{
	struct axv_vcpu vcpu[4];
	struct axv_vm vm;
	unsigned int i;

	ASSERT_VM_OPEN(&vm);
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, __axv_vcpu_create(&vm, i, &vcpu[i]));
	for (i = 0; i < 4; i++)
		axv_vcpu_close(&vcpu[i]);
	EXPECT_EQ(1, __axv_get_api_version(&vm));
	axv_vm_close(&vm);
}

TEST(close_interleaved)
{
	struct axv_vcpu a0, a1, b0, b1;
	struct axv_vm a, b;
	struct axvcpu_regs regs;

	ASSERT_VM_OPEN(&a);
	ASSERT_EQ(0, __axv_vcpu_create(&a, 0, &a0));
	ASSERT_VM_OPEN(&b);
	ASSERT_EQ(0, __axv_vcpu_create(&b, 0, &b0));
	ASSERT_EQ(0, __axv_vcpu_create(&a, 1, &a1));
	ASSERT_EQ(0, __axv_vcpu_create(&b, 1, &b1));

	axv_vcpu_close(&a0);
	axv_vm_close(&b);
	EXPECT_EQ(0, __axv_get_regs(&b1, &regs));
	axv_vcpu_close(&b0);
	EXPECT_EQ(0, __axv_get_regs(&a1, &regs));
	axv_vm_close(&a);
	EXPECT_EQ(0, __axv_get_regs(&a1, &regs));
	axv_vcpu_close(&b1);
	axv_vcpu_close(&a1);
}

TEST(many_vms)
{
	enum { NR_VMS = 8 };
	static struct axv_vcpu vcpu[NR_VMS][AXVCPU_MAX_VCPUS];
	size_t pg = getpagesize();
	struct axv_vm vm[NR_VMS];
	unsigned int i, j;
	char *mem;

	mem = map_anon(NR_VMS * pg, PROT_READ | PROT_WRITE);
	ASSERT_NE(NULL, mem);
	for (i = 0; i < NR_VMS; i++) {
		ASSERT_VM_OPEN(&vm[i]);
		/* The same memory may back several VMs. */
		ASSERT_EQ(0, __axv_set_memory_region(&vm[i], 0, 0, GPA,
						     NR_VMS * pg, mem));
		for (j = 0; j < AXVCPU_MAX_VCPUS; j++) {
			ASSERT_EQ(0, __axv_vcpu_create(&vm[i], j,
						       &vcpu[i][j])) {
				TH_LOG("VM %u vCPU %u", i, j);
			}
		}
	}
	/* Tear down in every order: VM first, vCPUs first, mixed. */
	for (i = 0; i < NR_VMS; i++) {
		if (i % 3 == 0)
			axv_vm_close(&vm[i]);
		for (j = 0; j < AXVCPU_MAX_VCPUS; j++) {
			if (i % 3 == 2 && j == AXVCPU_MAX_VCPUS / 2)
				axv_vm_close(&vm[i]);
			axv_vcpu_close(&vcpu[i][(j * 7) % AXVCPU_MAX_VCPUS]);
		}
		if (i % 3 == 1)
			axv_vm_close(&vm[i]);
	}
	munmap(mem, NR_VMS * pg);

	/* And the device still works. */
	ASSERT_VM_OPEN(&vm[0]);
	ASSERT_EQ(0, __axv_vcpu_create(&vm[0], 0, &vcpu[0][0]));
	axv_vcpu_close(&vcpu[0][0]);
	axv_vm_close(&vm[0]);
}

TEST(run_mapping_outlives_fds)
{
	size_t pg = getpagesize();
	struct axvcpu_run *run;
	struct axv_vm vm;
	int fd;

	ASSERT_VM_OPEN(&vm);
	fd = ioctl(vm.fd, AXVCPU_CREATE_VCPU, 0UL);
	ASSERT_LE(0, fd);
	run = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, run);

	close(fd);
	axv_vm_close(&vm);

	/* Still mapped: reads and writes work until munmap. */
	run->immediate_exit = 1;
	EXPECT_EQ(1, run->immediate_exit);
	run->exit_reason = 0x5a5a;
	EXPECT_EQ(0x5a5aU, run->exit_reason);
	EXPECT_EQ(0, munmap(run, pg));
}

/* fork(): the child must not use its parent's VM. */
TEST(fork_child_gets_eio)
{
	struct axvcpu_regs regs = { 0 };
	struct axvcpu_fpu fpu;
	struct axvcpu_mp_state mp = { 0 };
	struct axvcpu_irq irq = { .irq = 1, .level = 0 };
	struct axvcpu_memory_region region;
	size_t pg = getpagesize();
	struct axv_vcpu vcpu;
	struct axv_vm vm;
	int status;
	void *mem;
	pid_t pid;

	mem = map_anon(pg, PROT_READ | PROT_WRITE);
	ASSERT_NE(NULL, mem);
	region = (struct axvcpu_memory_region) {
		.slot = 1,
		.guest_phys_addr = GPA + 0x100000,
		.memory_size = pg,
		.userspace_addr = (uintptr_t)mem,
	};

	ASSERT_VM_OPEN(&vm);
	ASSERT_EQ(0, __axv_vcpu_create(&vm, 0, &vcpu));
	ASSERT_EQ(0, __axv_get_regs(&vcpu, &regs));
	memset(&fpu, 0, sizeof(fpu));
	ASSERT_EQ(0, __axv_get_fpu(&vcpu, &fpu));

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		const struct {
			const char *name;
			int fd;
			unsigned long cmd;
			unsigned long arg;
		} calls[] = {
			{ "GET_API_VERSION", vm.fd, AXVCPU_GET_API_VERSION, 0 },
			{ "CHECK_EXTENSION", vm.fd, AXVCPU_CHECK_EXTENSION,
			  AXVCPU_CAP_NR_VCPUS },
			{ "GET_VCPU_MMAP_SIZE", vm.fd,
			  AXVCPU_GET_VCPU_MMAP_SIZE, 0 },
			{ "SET_USER_MEMORY_REGION", vm.fd,
			  AXVCPU_SET_USER_MEMORY_REGION,
			  (unsigned long)&region },
			{ "CREATE_VCPU", vm.fd, AXVCPU_CREATE_VCPU, 1 },
			{ "RUN", vcpu.fd, AXVCPU_RUN, 0 },
			{ "GET_REGS", vcpu.fd, AXVCPU_GET_REGS,
			  (unsigned long)&regs },
			{ "SET_REGS", vcpu.fd, AXVCPU_SET_REGS,
			  (unsigned long)&regs },
			{ "GET_FPU", vcpu.fd, AXVCPU_GET_FPU,
			  (unsigned long)&fpu },
			{ "SET_FPU", vcpu.fd, AXVCPU_SET_FPU,
			  (unsigned long)&fpu },
			{ "IRQ_LINE", vcpu.fd, AXVCPU_IRQ_LINE,
			  (unsigned long)&irq },
			{ "GET_MP_STATE", vcpu.fd, AXVCPU_GET_MP_STATE,
			  (unsigned long)&mp },
			{ "SET_MP_STATE", vcpu.fd, AXVCPU_SET_MP_STATE,
			  (unsigned long)&mp },
		};
		unsigned int i, bad = 0;

		/* RUN must fail before entering: make sure it would not. */
		vcpu.run->immediate_exit = 1;
		for (i = 0; i < ARRAY_SIZE(calls); i++) {
			int ret = raw_ioctl(calls[i].fd, calls[i].cmd,
					    calls[i].arg);

			if (ret != -EIO) {
				fprintf(stderr,
					"# child: %s returned %d, not -EIO\n",
					calls[i].name, ret);
				bad++;
			}
		}
		_exit(bad);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));

	/* The parent is unaffected, and the child created nothing. */
	vcpu.run->immediate_exit = 0;
	EXPECT_EQ(1, __axv_get_api_version(&vm));
	EXPECT_EQ(0, __axv_get_regs(&vcpu, &regs));
	EXPECT_EQ(0, raw_ioctl(vm.fd, AXVCPU_SET_USER_MEMORY_REGION,
			       (unsigned long)&region));
	EXPECT_LE(0, ioctl(vm.fd, AXVCPU_CREATE_VCPU, 1UL));
	axv_vcpu_close(&vcpu);
	axv_vm_close(&vm);
	munmap(mem, pg);
}

TEST_HARNESS_MAIN
