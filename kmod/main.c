// SPDX-License-Identifier: GPL-2.0
/*
 * axvcpu: /dev/axvcpu, a small KVM-like hypervisor interface.
 *
 * Each open of the device is one VM; the file is the VM fd.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/sched/mm.h>

#include "axvcpu.h"

static int axvcpu_dev_open(struct inode *inode, struct file *file)
{
	struct axvcpu_vm *vm;

	vm = axvcpu_vm_create();
	if (IS_ERR(vm))
		return PTR_ERR(vm);
	file->private_data = vm;
	return 0;
}

static int axvcpu_dev_release(struct inode *inode, struct file *file)
{
	axvcpu_vm_put(file->private_data);
	return 0;
}

static long axvcpu_dev_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	struct axvcpu_vm *vm = file->private_data;

	/* As KVM: a VM belongs to the address space that created it. */
	if (vm->mm != current->mm)
		return -EIO;
	return axvcpu_vm_ioctl(vm, cmd, arg);
}

static const struct file_operations axvcpu_dev_fops = {
	.owner		= THIS_MODULE,
	.open		= axvcpu_dev_open,
	.release	= axvcpu_dev_release,
	.unlocked_ioctl	= axvcpu_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice axvcpu_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "axvcpu",
	.fops	= &axvcpu_dev_fops,
};

static int __init axvcpu_init(void)
{
	int ret;

	ret = axvcpu_arch_init();
	if (ret)
		return ret;
	ret = misc_register(&axvcpu_dev);
	if (ret)
		axvcpu_arch_exit();
	return ret;
}

static void __exit axvcpu_exit(void)
{
	misc_deregister(&axvcpu_dev);
	axvcpu_arch_exit();
	axvcpu_vmid_exit();
}

module_init(axvcpu_init);
module_exit(axvcpu_exit);
MODULE_DESCRIPTION("axvcpu: a small KVM-like hypervisor");
MODULE_LICENSE("GPL");
