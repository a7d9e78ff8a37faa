/* SPDX-License-Identifier: MIT */
/*
 * cksum.c - the bystander of the isolation tests: a guest that computes a
 * known checksum while a hostile guest beside it does its worst. Each round
 * fills a buffer from a xorshift32 stream seeded by the round number and
 * folds it into a 64-bit FNV-style sum, then sleeps interval_ms (blocked)
 * so the rounds stretch over the hostile guest's run. The final line,
 * "cksum done: rounds=R sum=0x...", is checked against the same computation
 * on the host (tests/system/cksum.py): memory another guest could touch, or
 * a hypervisor that lost its state, gives a wrong sum or no line at all.
 *
 * Command line: rounds=N (default 40), interval_ms=N (default 10).
 */
#include "tg.h"

#define CKSUM_WORDS 4096

static uint32_t buf[CKSUM_WORDS];

static uint64_t cksum_round(uint32_t round)
{
	uint32_t x = round * 2654435761u + 1;
	uint64_t h = 0xcbf29ce484222325ull;

	for (unsigned i = 0; i < CKSUM_WORDS; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = x;
	}
	for (unsigned i = 0; i < CKSUM_WORDS; i++)
		h = (h ^ buf[i]) * 0x100000001b3ull;
	return h;
}

void tg_main(void)
{
	uint64_t rounds = tg_cmdline_num("rounds", 40);
	uint64_t interval = tg_cmdline_num("interval_ms", 10);
	uint64_t sum = 0;

	tg_printf("cksum up: %llu rounds, %llu ms apart\n", (unsigned long long)rounds,
		  (unsigned long long)interval);
	for (uint64_t r = 0; r < rounds; r++) {
		sum = (sum << 1 | sum >> 63) ^ cksum_round((uint32_t)r);
		if (interval)
			tg_sleep_ms(interval);
	}
	tg_printf("cksum done: rounds=%llu sum=0x%016llx\n", (unsigned long long)rounds,
		  (unsigned long long)sum);
}
