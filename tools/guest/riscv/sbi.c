// SPDX-License-Identifier: GPL-2.0
/*
 * SBI calls from a riscv64 guest.
 */
#include "guest.h"

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid,
			unsigned long arg0, unsigned long arg1,
			unsigned long arg2, unsigned long arg3,
			unsigned long arg4, unsigned long arg5)
{
	register unsigned long a0 asm("a0") = arg0;
	register unsigned long a1 asm("a1") = arg1;
	register unsigned long a2 asm("a2") = arg2;
	register unsigned long a3 asm("a3") = arg3;
	register unsigned long a4 asm("a4") = arg4;
	register unsigned long a5 asm("a5") = arg5;
	register unsigned long a6 asm("a6") = fid;
	register unsigned long a7 asm("a7") = ext;

	asm volatile("ecall"
		     : "+r"(a0), "+r"(a1)
		     : "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a6), "r"(a7)
		     : "memory");
	return (struct sbiret){ .error = (long)a0, .value = (long)a1 };
}

long sbi_probe_extension(unsigned long ext)
{
	struct sbiret ret;

	ret = sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, ext, 0, 0, 0, 0, 0);
	return ret.error ? 0 : ret.value;
}

struct sbiret sbi_set_timer(uint64_t stime)
{
	return sbi_ecall(SBI_EXT_TIME, 0, stime, 0, 0, 0, 0, 0);
}

struct sbiret sbi_send_ipi(unsigned long hart_mask,
			   unsigned long hart_mask_base)
{
	return sbi_ecall(SBI_EXT_IPI, 0, hart_mask, hart_mask_base,
			 0, 0, 0, 0);
}

struct sbiret sbi_hart_start(unsigned long hartid, unsigned long entry,
			     unsigned long opaque)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START, hartid, entry,
			 opaque, 0, 0, 0);
}

struct sbiret sbi_hart_stop(void)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_STOP, 0, 0, 0, 0, 0, 0);
}

struct sbiret sbi_hart_get_status(unsigned long hartid)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, hartid,
			 0, 0, 0, 0, 0);
}

struct sbiret sbi_system_reset(unsigned long type, unsigned long reason)
{
	return sbi_ecall(SBI_EXT_SRST, 0, type, reason, 0, 0, 0, 0);
}
