/* SPDX-License-Identifier: MIT */
/*
 * crash.c - a guest that faults in a way the hypervisor cannot hand back to
 * it. The command line picks how: "illegal" (an illegal instruction),
 * "wild" (a load from guest-physical memory it does not have), or "report"
 * (it reports its own crash through sched_op).
 */
#include "tg.h"

void tg_main(void)
{
	tg_printf("crash guest up: %s\n", tg_start->cmdline);
	tg_sleep_ms(10);
	if (tg_cmdline_has("illegal"))
		__asm__ __volatile__(".4byte 0"); /* all-zero: always illegal */
	if (tg_cmdline_has("wild"))
		(void)*(volatile uint64_t *)0x10000000; /* the UART: not this guest's */
	if (tg_cmdline_has("report"))
		tg_shutdown(PVABI_SHUTDOWN_crash);
	tg_printf("crash guest: nothing to do\n");
}
