/* SPDX-License-Identifier: MIT */
/*
 * demo.c - the timer demonstration the hypervisor's tests use as a light,
 * well-behaved guest: with ticks=N on the command line (0: forever) the
 * kernel, before starting any process, arms the timer every interval_ms
 * (default 100), idles until it fires, and prints how late it was; then it
 * powers off (halt=1, the default) or goes on to start init (halt=0).
 */
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/demo.h"
#include "kernel/platform.h"

static uint64_t ticks_to_us(uint64_t t, uint64_t hz)
{
	return t * 1000000 / hz;
}

static void timer_demo(uint64_t ticks, uint64_t interval_ms, uint64_t hz)
{
	uint64_t step = hz * interval_ms / 1000;
	uint64_t next = plat_time() + step;

	for (uint64_t i = 1; ticks == 0 || i <= ticks; i++) {
		uint64_t now;

		plat_set_timer(next);
		while ((now = plat_time()) < next)
			plat_idle();
		kprintf("tick %llu at %llu.%03llu ms (late %llu us)\n", (unsigned long long)i,
			(unsigned long long)(ticks_to_us(now, hz) / 1000),
			(unsigned long long)(ticks_to_us(now, hz) % 1000),
			(unsigned long long)ticks_to_us(now - next, hz));
		next += step;
	}
	plat_set_timer(0);
}

void demo_run(const char *cmdline, uint64_t timebase_hz)
{
	if (cmdline_u64(cmdline, "ticks", UINT64_MAX) == UINT64_MAX)
		return;
	timer_demo(cmdline_u64(cmdline, "ticks", 5), cmdline_u64(cmdline, "interval_ms", 100),
		   timebase_hz);
	kprintf("timer demo done\n");
	if (cmdline_u64(cmdline, "halt", 1))
		plat_shutdown(0);
}
