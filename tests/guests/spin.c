/* SPDX-License-Identifier: MIT */
/* spin.c - a guest that never yields: it spins forever with the CPU. */
#include "tg.h"

void tg_main(void)
{
	tg_printf("spin guest up: spinning forever\n");
	for (;;)
		__asm__ __volatile__("" ::: "memory");
}
