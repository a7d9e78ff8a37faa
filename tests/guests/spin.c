/* SPDX-License-Identifier: MIT */
/*
 * spin.c - a guest that never yields or blocks: it spins with the CPU and,
 * without giving it up, reports every 20 ms of its time that it still runs.
 */
#include "tg.h"

void tg_main(void)
{
	uint64_t step = tg_start->timebase_hz / 50;
	uint64_t next = tg_time() + step;

	tg_printf("spin guest up: spinning forever\n");
	for (unsigned n = 1;; n++) {
		while (tg_time() < next)
			__asm__ __volatile__("" ::: "memory");
		tg_printf("still spinning (%u)\n", n);
		next += step;
	}
}
