// SPDX-License-Identifier: GPL-2.0
/*
 * The smallest useful guest: greet on the console and return, which shuts
 * the machine down through SBI SRST.
 */
#include "guest.h"

void guest_main(unsigned long hartid, unsigned long arg)
{
	(void)arg;
	guest_printf("Hello from an axvcpu guest! (hart %lu)\n", hartid);
}
