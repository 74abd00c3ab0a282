// SPDX-License-Identifier: GPL-2.0
/*
 * The smallest useful guest: greet on the console and return, which
 * switches the machine off through PSCI SYSTEM_OFF.
 */
#include "guest.h"

void guest_main(unsigned long cpu, unsigned long arg)
{
	(void)arg;
	guest_printf("Hello from an axvcpu guest! (cpu %lu)\n", cpu);
}
