/* SPDX-License-Identifier: MIT */
/*
 * main.c - the guest kernel's start: banner, then (first stage) a timer
 * demonstration: arm the timer, idle until it fires, report how late it was.
 *
 * Command line: ticks=N (default 5; 0 runs forever), interval_ms=M
 * (default 100), halt=1 to power off when done (the default) or 0 to idle.
 */
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/platform.h"
#include "kernel/trap.h"

void kmain(uint64_t a0, uint64_t a1);

static struct plat_info info;

static uint64_t ticks_to_us(uint64_t t)
{
	return t * 1000000 / info.timebase_hz;
}

static void timer_demo(uint64_t ticks, uint64_t interval_ms)
{
	uint64_t step = info.timebase_hz * interval_ms / 1000;
	uint64_t next = plat_time() + step;

	for (uint64_t i = 1; ticks == 0 || i <= ticks; i++) {
		uint64_t now;

		plat_set_timer(next);
		while ((now = plat_time()) < next)
			plat_idle();
		kprintf("tick %llu at %llu.%03llu ms (late %llu us)\n", (unsigned long long)i,
			(unsigned long long)(ticks_to_us(now) / 1000),
			(unsigned long long)(ticks_to_us(now) % 1000),
			(unsigned long long)ticks_to_us(now - next));
		next += step;
	}
	plat_set_timer(0);
}

void kmain(uint64_t a0, uint64_t a1)
{
	int err;

	if (plat_init(a0, a1, &info))
		plat_shutdown(1);
	if ((err = trap_init()))
		kpanic("cannot register the trap entry: error %d", err);
	kprintf("guest kernel on %s, %s %u.%u, %llu MiB RAM, cmdline \"%s\"\n", info.name,
		info.kind, info.abi_version >> 16, info.abi_version & 0xffff,
		(unsigned long long)(info.mem_size >> 20), info.cmdline);
	timer_demo(cmdline_u64(info.cmdline, "ticks", 5),
		   cmdline_u64(info.cmdline, "interval_ms", 100));
	kprintf("timer demo done\n");
	if (cmdline_u64(info.cmdline, "halt", 1))
		plat_shutdown(0);
	for (;;)
		plat_idle();
}
