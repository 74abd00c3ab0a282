// SPDX-License-Identifier: GPL-2.0
/*
 * Internal-error exits, filled the same way by both backends (the MMIO
 * exit, on every MMIO round trip, is inline in axvcpu.h).
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "axvcpu.h"

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
