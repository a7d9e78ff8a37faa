/* SPDX-License-Identifier: MIT */
/*
 * hcbench.c - the cost of a hypercall round trip (guest ecall, dispatch,
 * return) for each cheap call, in instructions: instret counts every
 * instruction of the hart (guest, hypervisor and firmware alike) under
 * deterministic QEMU, so a call's count is the whole round trip. Prints
 * "hcall NAME insns=N" per call (the average of ROUNDS, minus the cost of
 * reading instret), read by scripts/bench.py and docs/performance.md.
 */
#include <pvabi/mm.h>

#include "tg.h"

#define ROUNDS 64

static inline uint64_t instret(void)
{
	uint64_t n;

	__asm__ __volatile__("rdinstret %0" : "=r"(n));
	return n;
}

enum call { NOTHING, VERSION, UNKNOWN, TIMER, YIELD, CONSOLE0, FLUSH, MULTI1, NCALLS };
static const char *const names[NCALLS] = {
	[NOTHING] = "nothing", [VERSION] = "version", [UNKNOWN] = "unknown-number",
	[TIMER] = "set_timer_op", [YIELD] = "sched_op(yield)", [CONSOLE0] = "console_io(0 bytes)",
	[FLUSH] = "mmuext_op(tlb flush)", [MULTI1] = "multicall(version)",
};

static struct pvabi_mmuext_op flush = { .cmd = PVABI_MMUEXT_TLB_FLUSH_LOCAL };
static struct pvabi_multicall_entry entry = { .op = PVABI_HC_version };

static void call(enum call c)
{
	switch (c) {
	case NOTHING:
		break;
	case VERSION:
		pvabi_version(PVABI_VER_abi, 0);
		break;
	case UNKNOWN:
		pvabi_hypercall(PVABI_HC_MAX - 1, 0, 0, 0, 0, 0);
		break;
	case TIMER:
		pvabi_set_timer_op(0);
		break;
	case YIELD:
		pvabi_sched_op(PVABI_SCHEDOP_yield, 0);
		break;
	case CONSOLE0:
		pvabi_console_io(PVABI_CONSOLEIO_write, 0, (uintptr_t)&entry);
		break;
	case FLUSH:
		pvabi_mmuext_op((uintptr_t)&flush, 1);
		break;
	default:
		pvabi_multicall((uintptr_t)&entry, 1);
		break;
	}
}

/* Instructions for ROUNDS calls of c, per call. */
static uint64_t measure(enum call c)
{
	uint64_t start;

	call(c); /* warm: the first call of a kind may take a different path */
	start = instret();
	for (unsigned i = 0; i < ROUNDS; i++)
		call(c);
	return (instret() - start) / ROUNDS;
}

void tg_main(void)
{
	uint64_t base = measure(NOTHING);

	for (unsigned c = VERSION; c < NCALLS; c++)
		tg_printf("hcall %s insns=%llu\n", names[c],
			  (unsigned long long)(measure((enum call)c) - base));
}
