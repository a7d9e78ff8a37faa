/* SPDX-License-Identifier: MIT */
/*
 * meter.c - the bystander of the time-isolation tests: it measures what it
 * gets of the CPU beside whatever its co-guest does, from the run-state
 * times the hypervisor keeps in its shared info page (Xen's steal time).
 *
 *   share: it spins for share_ms of its time and reports the part it ran
 *          ("meter share 497 permille, stolen 1005 us of 2000 us"), at most
 *          rounds times, the worst of them last.
 *   latency: ticks times, it arms its timer tick_us ahead and blocks, and
 *          reports the worst delay from deadline to running again.
 *
 * Then it powers off. Command line: share_ms=N rounds=N ticks=N tick_us=N.
 */
#include <pvabi/pvabi.h>

#include "tg.h"

static uint64_t us_to_ticks(uint64_t us)
{
	return tg_start->timebase_hz * us / 1000000;
}

static uint64_t ticks_to_us(uint64_t t)
{
	return t * 1000000 / tg_start->timebase_hz;
}

/* The permille of [now, now + len) it ran, spinning all the time. */
static uint64_t share_once(uint64_t len, uint64_t *stolen_out)
{
	volatile struct pvabi_shared_info *s = tg_shared();
	uint64_t t0 = tg_time(), st0 = s->time_runnable, t1, stolen;

	while ((t1 = tg_time()) - t0 < len)
		__asm__ __volatile__("" ::: "memory");
	/* It is running: the stolen time is up to date (changed at its last switch-in). */
	stolen = s->time_runnable - st0;
	*stolen_out = stolen;
	return stolen >= t1 - t0 ? 0 : (t1 - t0 - stolen) * 1000 / (t1 - t0);
}

static void measure_share(void)
{
	uint64_t len = us_to_ticks(1000 * tg_cmdline_num("share_ms", 200));
	unsigned rounds = (unsigned)tg_cmdline_num("rounds", 1);
	uint64_t worst = 1000, worst_stolen = 0;

	for (unsigned i = 0; i < rounds; i++) {
		uint64_t stolen, p = share_once(len, &stolen);

		if (p <= worst) {
			worst = p;
			worst_stolen = stolen;
		}
	}
	tg_printf("meter share %llu permille, stolen %llu us of %llu us\n",
		  (unsigned long long)worst, (unsigned long long)ticks_to_us(worst_stolen),
		  (unsigned long long)ticks_to_us(len));
}

static void measure_latency(void)
{
	unsigned ticks = (unsigned)tg_cmdline_num("ticks", 50);
	uint64_t period = us_to_ticks(tg_cmdline_num("tick_us", 1000)), worst = 0;

	for (unsigned i = 0; i < ticks; i++) {
		uint64_t deadline = tg_time() + period, late;

		pvabi_set_timer_op(deadline);
		while (tg_time() < deadline)
			pvabi_sched_op(PVABI_SCHEDOP_block, 0);
		late = tg_time() - deadline;
		if (late > worst)
			worst = late;
	}
	pvabi_set_timer_op(0);
	tg_printf("meter latency worst %llu us over %u ticks\n",
		  (unsigned long long)ticks_to_us(worst), ticks);
}

void tg_main(void)
{
	/* Let the co-guest get going first: it starts its attack at boot. */
	tg_sleep_ms(tg_cmdline_num("delay_ms", 20));
	measure_share();
	measure_latency();
	tg_shutdown(PVABI_SHUTDOWN_poweroff);
}
