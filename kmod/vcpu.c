// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU objects: the vCPU fd, its run page and the run loop.
 *
 * A vCPU lives as long as its VM; its fd holds a reference on the VM, so
 * the VM fd and vCPU fds may be closed in any order, also while another
 * thread is inside RUN (the ioctl holds the file).
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "axvcpu.h"

void axvcpu_vcpu_free(struct axvcpu_vcpu *vcpu)
{
	/* A kick may still be queued on another CPU. */
	smp_cond_load_acquire(&vcpu->kick_csd.node.u_flags,
			      !(VAL & CSD_FLAG_LOCK));
	axvcpu_arch_vcpu_destroy(vcpu);
	/* A mapping of the run page keeps its own reference. */
	put_page(vcpu->run_page);
	kfree(vcpu);
}

static void axvcpu_kick_ipi(void *info)
{
	/* Nothing to do: taking the interrupt made the guest exit. */
}

/* Make sure the vCPU notices new requests or interrupts soon. */
void axvcpu_kick(struct axvcpu_vcpu *vcpu)
{
	int cpu;

	wake_up_interruptible(&vcpu->wq);
	/* Pairs with smp_store_mb() of vcpu->mode before entering the guest. */
	smp_mb();
	if (READ_ONCE(vcpu->mode) != AXVCPU_IN_GUEST)
		return;
	cpu = READ_ONCE(vcpu->cpu);
	/*
	 * smp_send_reschedule() is not exported on arm64.  -EBUSY means the
	 * previous kick has not been taken yet, which is as good.
	 */
	if (cpu >= 0 && cpu != raw_smp_processor_id())
		smp_call_function_single_async(cpu, &vcpu->kick_csd);
}

void axvcpu_make_request(struct axvcpu_vcpu *vcpu, int req)
{
	set_bit(req, &vcpu->requests);
	axvcpu_kick(vcpu);
}

/* Stopped -> runnable (HSM hart_start, PSCI CPU_ON); false if not stopped. */
bool axvcpu_vcpu_start(struct axvcpu_vcpu *vcpu)
{
	if (cmpxchg(&vcpu->mp_state, AXVCPU_MP_STATE_STOPPED,
		    AXVCPU_MP_STATE_RUNNABLE) != AXVCPU_MP_STATE_STOPPED)
		return false;
	axvcpu_make_request(vcpu, AXVCPU_REQ_START);
	return true;
}

bool axvcpu_vcpu_stop(struct axvcpu_vcpu *vcpu)
{
	return cmpxchg(&vcpu->mp_state, AXVCPU_MP_STATE_RUNNABLE,
		       AXVCPU_MP_STATE_STOPPED) == AXVCPU_MP_STATE_RUNNABLE;
}

/* Inline: the run loop looks at the word on every pass. */
static __always_inline void axvcpu_handle_requests(struct axvcpu_vcpu *vcpu)
{
	if (READ_ONCE(vcpu->requests) &&
	    axvcpu_check_request(vcpu, AXVCPU_REQ_START))
		axvcpu_arch_apply_start(vcpu);
}

static enum hrtimer_restart axvcpu_wfi_timer_fn(struct hrtimer *t)
{
	struct axvcpu_vcpu *vcpu = container_of(t, struct axvcpu_vcpu,
						arch.wfi_timer);

	wake_up_interruptible(&vcpu->wq);
	return HRTIMER_NORESTART;
}

static bool axvcpu_should_wake(struct axvcpu_vcpu *vcpu)
{
	return READ_ONCE(vcpu->requests) || axvcpu_arch_wakeup_pending(vcpu);
}

/* The guest waits for an interrupt: sleep until one is due or a signal. */
static noinline int axvcpu_block(struct axvcpu_vcpu *vcpu)
{
	u64 deadline = axvcpu_arch_wfi_deadline_ns(vcpu);
	int ret;

	if (deadline != U64_MAX)
		hrtimer_start(&vcpu->arch.wfi_timer, ns_to_ktime(deadline),
			      HRTIMER_MODE_ABS);
	ret = wait_event_interruptible(vcpu->wq, axvcpu_should_wake(vcpu));
	if (deadline != U64_MAX)
		hrtimer_cancel(&vcpu->arch.wfi_timer);
	return ret ? -EINTR : 0;
}

static noinline int axvcpu_wait_runnable(struct axvcpu_vcpu *vcpu)
{
	int ret;

	ret = wait_event_interruptible(vcpu->wq, READ_ONCE(vcpu->mp_state) !=
					AXVCPU_MP_STATE_STOPPED);
	return ret ? -EINTR : 0;
}

/*
 * What the run loop does with anything but an exit to userspace, out of
 * its way: 0 to enter the guest again.
 */
static noinline int axvcpu_run_slow(struct axvcpu_vcpu *vcpu, int ret)
{
	switch (ret) {
	case AXVCPU_RUN_RESCHED:
		cond_resched();
		return 0;
	case AXVCPU_RUN_WFI:
		return axvcpu_block(vcpu);
	case AXVCPU_RUN_GFAULT:
		return axvcpu_arch_handle_gfault(vcpu);
	default:
		return ret;
	}
}

static long axvcpu_vcpu_run(struct axvcpu_vcpu *vcpu)
{
	struct axvcpu_run *run = vcpu->run;
	int ret;

	axvcpu_arch_complete(vcpu);
	if (READ_ONCE(run->immediate_exit)) {
		run->exit_reason = AXVCPU_EXIT_INTR;
		return -EINTR;
	}

	for (;;) {
		if (READ_ONCE(vcpu->mp_state) == AXVCPU_MP_STATE_STOPPED) {
			ret = axvcpu_wait_runnable(vcpu);
			if (ret)
				break;
		}
		axvcpu_handle_requests(vcpu);

		preempt_disable();
		ret = axvcpu_arch_run(vcpu, smp_processor_id());
		preempt_enable();

		if (likely(ret == AXVCPU_RUN_EXIT))
			return 0;
		ret = axvcpu_run_slow(vcpu, ret);
		if (ret)
			break;
	}
	if (ret == -EINTR)
		run->exit_reason = AXVCPU_EXIT_INTR;
	return ret == AXVCPU_RUN_EXIT ? 0 : ret;
}

static long axvcpu_vcpu_ioctl_locked(struct axvcpu_vcpu *vcpu,
				     unsigned int cmd, void __user *argp)
{
	long ret;

	switch (cmd) {
	case AXVCPU_GET_REGS: {
		struct axvcpu_regs *regs;

		regs = kzalloc(sizeof(*regs), GFP_KERNEL);
		if (!regs)
			return -ENOMEM;
		axvcpu_handle_requests(vcpu);
		ret = axvcpu_arch_get_regs(vcpu, regs);
		if (!ret && copy_to_user(argp, regs, sizeof(*regs)))
			ret = -EFAULT;
		kfree(regs);
		return ret;
	}
	case AXVCPU_SET_REGS: {
		struct axvcpu_regs *regs;

		regs = memdup_user(argp, sizeof(*regs));
		if (IS_ERR(regs))
			return PTR_ERR(regs);
		axvcpu_handle_requests(vcpu);
		ret = axvcpu_arch_set_regs(vcpu, regs);
		/*
		 * The state set is the state that runs: the last exit is not
		 * completed over it (setting back the state the exit left
		 * retries the instruction).
		 */
		if (!ret)
			vcpu->completion = AXVCPU_COMPLETE_NONE;
		kfree(regs);
		return ret;
	}
	case AXVCPU_GET_FPU: {
		struct axvcpu_fpu *fpu;

		fpu = kzalloc(sizeof(*fpu), GFP_KERNEL);
		if (!fpu)
			return -ENOMEM;
		ret = axvcpu_arch_get_fpu(vcpu, fpu);
		if (!ret && copy_to_user(argp, fpu, sizeof(*fpu)))
			ret = -EFAULT;
		kfree(fpu);
		return ret;
	}
	case AXVCPU_SET_FPU: {
		struct axvcpu_fpu *fpu;

		fpu = memdup_user(argp, sizeof(*fpu));
		if (IS_ERR(fpu))
			return PTR_ERR(fpu);
		ret = axvcpu_arch_set_fpu(vcpu, fpu);
		kfree(fpu);
		return ret;
	}
	case AXVCPU_GET_MP_STATE: {
		struct axvcpu_mp_state mp = {
			.mp_state = READ_ONCE(vcpu->mp_state),
		};

		if (copy_to_user(argp, &mp, sizeof(mp)))
			return -EFAULT;
		return 0;
	}
	case AXVCPU_SET_MP_STATE: {
		struct axvcpu_mp_state mp;

		if (copy_from_user(&mp, argp, sizeof(mp)))
			return -EFAULT;
		if (mp.pad || mp.mp_state > AXVCPU_MP_STATE_STOPPED)
			return -EINVAL;
		WRITE_ONCE(vcpu->mp_state, mp.mp_state);
		return 0;
	}
	default:
		return -ENOTTY;
	}
}

/*
 * RUN is the ioctl that counts: it comes first, with no chain of compares
 * before it, inline in the ioctl handler (one frame, not two), while the
 * other ioctls have a function of their own, so that RUN pays for saving
 * only the registers its own loop uses.
 */
static __always_inline long axvcpu_vcpu_run_ioctl(struct axvcpu_vcpu *vcpu,
						  unsigned long arg)
{
	long ret;

	if (arg)
		return -EINVAL;
	if (mutex_lock_killable(&vcpu->mutex))
		return -EINTR;
	ret = axvcpu_vcpu_run(vcpu);
	mutex_unlock(&vcpu->mutex);
	return ret;
}

/* Every ioctl but RUN: out of RUN's way, in a frame of their own. */
static noinline long axvcpu_vcpu_ioctl_other(struct axvcpu_vcpu *vcpu,
					     unsigned int cmd,
					     void __user *argp)
{
	long ret;

	/* Interrupts may be raised while another thread is in RUN. */
	if (cmd == AXVCPU_IRQ_LINE) {
		struct axvcpu_irq irq;

		if (copy_from_user(&irq, argp, sizeof(irq)))
			return -EFAULT;
		if (irq.level > 1)
			return -EINVAL;
		return axvcpu_arch_irq_line(vcpu, irq.irq, irq.level);
	}

	if (mutex_lock_killable(&vcpu->mutex))
		return -EINTR;
	ret = axvcpu_vcpu_ioctl_locked(vcpu, cmd, argp);
	mutex_unlock(&vcpu->mutex);
	return ret;
}

static long axvcpu_vcpu_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	struct axvcpu_vcpu *vcpu = file->private_data;

	if (vcpu->vm->mm != current->mm)
		return -EIO;
	if (likely(cmd == AXVCPU_RUN))
		return axvcpu_vcpu_run_ioctl(vcpu, arg);
	return axvcpu_vcpu_ioctl_other(vcpu, cmd, (void __user *)arg);
}

static vm_fault_t axvcpu_run_fault(struct vm_fault *vmf)
{
	struct axvcpu_vcpu *vcpu = vmf->vma->vm_file->private_data;

	if (vmf->pgoff)
		return VM_FAULT_SIGBUS;
	get_page(vcpu->run_page);
	vmf->page = vcpu->run_page;
	return 0;
}

static const struct vm_operations_struct axvcpu_run_vm_ops = {
	.fault = axvcpu_run_fault,
};

static int axvcpu_vcpu_mmap(struct file *file, struct vm_area_struct *vma)
{
	if (vma->vm_pgoff || vma->vm_end - vma->vm_start != PAGE_SIZE)
		return -EINVAL;
	vma->vm_ops = &axvcpu_run_vm_ops;
	return 0;
}

static int axvcpu_vcpu_release(struct inode *inode, struct file *file)
{
	struct axvcpu_vcpu *vcpu = file->private_data;

	axvcpu_vm_put(vcpu->vm);
	return 0;
}

static const struct file_operations axvcpu_vcpu_fops = {
	.owner		= THIS_MODULE,
	.release	= axvcpu_vcpu_release,
	.unlocked_ioctl	= axvcpu_vcpu_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.mmap		= axvcpu_vcpu_mmap,
	.llseek		= noop_llseek,
};

int axvcpu_vcpu_create(struct axvcpu_vm *vm, unsigned long id)
{
	struct axvcpu_vcpu *vcpu;
	struct file *file;
	int fd, ret;

	if (id >= AXVCPU_MAX_VCPUS)
		return -EINVAL;

	vcpu = kzalloc(sizeof(*vcpu), GFP_KERNEL_ACCOUNT);
	if (!vcpu)
		return -ENOMEM;
	vcpu->run_page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!vcpu->run_page) {
		ret = -ENOMEM;
		goto err_free;
	}
	vcpu->run = page_address(vcpu->run_page);
	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->cpu = -1;
	vcpu->mp_state = id ? AXVCPU_MP_STATE_STOPPED : AXVCPU_MP_STATE_RUNNABLE;
	mutex_init(&vcpu->mutex);
	init_waitqueue_head(&vcpu->wq);
	INIT_CSD(&vcpu->kick_csd, axvcpu_kick_ipi, vcpu);
	hrtimer_init(&vcpu->arch.wfi_timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	vcpu->arch.wfi_timer.function = axvcpu_wfi_timer_fn;
	ret = axvcpu_arch_vcpu_init(vcpu);
	if (ret)
		goto err_page;

	/*
	 * Under vm->lock from the duplicate check to publication, so that
	 * nothing can fail once the file exists.
	 */
	mutex_lock(&vm->lock);
	if (vm->vcpus[id]) {
		ret = -EEXIST;
		goto err_unlock;
	}
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		ret = fd;
		goto err_unlock;
	}
	file = anon_inode_getfile("axvcpu-vcpu", &axvcpu_vcpu_fops, vcpu,
				  O_RDWR);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		ret = PTR_ERR(file);
		goto err_unlock;
	}
	/* The reference the new fd owns. */
	refcount_inc(&vm->users);
	/* Lockless readers (SBI IPIs, HSM) see a fully built vCPU. */
	smp_store_release(&vm->vcpus[id], vcpu);
	mutex_unlock(&vm->lock);

	fd_install(fd, file);
	return fd;

err_unlock:
	mutex_unlock(&vm->lock);
	axvcpu_arch_vcpu_destroy(vcpu);
err_page:
	__free_page(vcpu->run_page);
err_free:
	kfree(vcpu);
	return ret;
}
