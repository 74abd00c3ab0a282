// SPDX-License-Identifier: GPL-2.0
/*
 * Exits whose run-page layout and completion do not depend on the
 * architecture: MMIO and internal errors.
 */
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "axvcpu.h"

/*
 * A guest load or store outside RAM: tell userspace, and remember how the
 * next RUN completes it (@reg is the load's destination; @value is what a
 * store stores).
 */
int axvcpu_exit_mmio(struct axvcpu_vcpu *vcpu, u64 gpa, unsigned int len,
		     bool store, u64 value, bool sign, u8 reg, u8 insn_len)
{
	struct axvcpu_run *run = vcpu->run;

	/* Field by field: a memset() first costs more than the stores. */
	run->mmio.phys_addr = gpa;
	run->mmio.len = len;
	run->mmio.pad = 0;
	vcpu->insn_len = insn_len;
	vcpu->mmio_len = len;
	vcpu->mmio_sign = sign;
	vcpu->mmio_reg = reg;
	if (store) {
		run->mmio.data = len < 8 ? value & (BIT_ULL(len * 8) - 1) : value;
		run->exit_reason = AXVCPU_EXIT_MMIO_WRITE;
		vcpu->completion = AXVCPU_COMPLETE_MMIO_WRITE;
	} else {
		run->mmio.data = 0;
		run->exit_reason = AXVCPU_EXIT_MMIO_READ;
		vcpu->completion = AXVCPU_COMPLETE_MMIO_READ;
	}
	return AXVCPU_RUN_EXIT;
}

/* What an MMIO read returns: userspace's data, sign- or zero-extended. */
u64 axvcpu_mmio_read_value(struct axvcpu_vcpu *vcpu)
{
	u64 v = READ_ONCE(vcpu->run->mmio.data);
	unsigned int bits = vcpu->mmio_len * 8;

	if (bits < 64) {
		v &= BIT_ULL(bits) - 1;
		if (vcpu->mmio_sign && (v & BIT_ULL(bits - 1)))
			v |= ~(BIT_ULL(bits) - 1);
	}
	return v;
}

/* Something the guest did that axvcpu does not emulate, with its syndrome. */
int axvcpu_exit_internal(struct axvcpu_vcpu *vcpu, u32 suberror,
			 const u64 *data, unsigned int ndata)
{
	struct axvcpu_run *run = vcpu->run;

	run->exit_reason = AXVCPU_EXIT_INTERNAL_ERROR;
	memset(&run->internal, 0, sizeof(run->internal));
	run->internal.suberror = suberror;
	run->internal.ndata = min_t(unsigned int, ndata,
				    ARRAY_SIZE(run->internal.data));
	memcpy(run->internal.data, data,
	       run->internal.ndata * sizeof(run->internal.data[0]));
	return AXVCPU_RUN_EXIT;
}
