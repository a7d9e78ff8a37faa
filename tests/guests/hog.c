/* SPDX-License-Identifier: MIT */
/*
 * hog.c - the attacker of the time-isolation tests: a PV guest that tries
 * to take the CPU from its co-guest (meter.c) one way, chosen by the first
 * word of its command line, forever:
 *
 *   spin          never yields
 *   spinsleep     spins spin_us, sleeps sleep_us, again: comes back boosted
 *   hcstorm       the cheapest hypercall, back to back
 *   pinstorm      pins and unpins a tree of l1=N L1 tables (validation and
 *                 release of the whole tree in one mmuext_op each)
 *   batch         mmuext_op batches of 512 pins, then 512 unpins, of L1 tables
 *   multicall     multicalls of 64 such batches
 *   memop         multicalls of 64 memory_op batches of 512 pages, given
 *                 back then populated again
 *   reboot        reboots itself as soon as it starts
 *
 * Every few rounds it prints one line, so a test can see it got somewhere.
 */
#include <pvabi/pvabi.h>

#include "tg.h"
#include "tg_pt.h"

#define MiB (1024ull * 1024)
#define PAGE 4096ull
#define RAM 0x80000000ull
#define TABLES (RAM + 4 * MiB)	 /* L1 tables (and the L2s, root after them) */
#define TARGETS (RAM + 12 * MiB) /* what leaves map, read-only */
#define NR_TARGETS (4 * MiB / PAGE)
#define BATCH 512

static void spin_for(uint64_t ticks)
{
	uint64_t t0 = tg_time();

	while (tg_time() - t0 < ticks)
		__asm__ __volatile__("" ::: "memory");
}

static void spinsleep(void)
{
	uint64_t hz = tg_start->timebase_hz;
	uint64_t spin = hz * tg_cmdline_num("spin_us", 9900) / 1000000;
	uint64_t sleep = hz * tg_cmdline_num("sleep_us", 100) / 1000000;

	for (;;) {
		spin_for(spin);
		pvabi_set_timer_op(tg_time() + sleep);
		pvabi_sched_op(PVABI_SCHEDOP_block, 0);
	}
}

static void hcstorm(void)
{
	for (uint64_t n = 1;; n++)
		if (!(n % 1000000))
			tg_printf("hcstorm %llu calls\n", (unsigned long long)n);
		else
			pvabi_version(PVABI_VER_abi, 0);
}

/* L1 table i, its 512 leaves mapping targets read-only. */
static uint64_t l1(unsigned i)
{
	return TABLES + i * PAGE;
}

static void fill_l1s(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = 0; j < 512; j++)
			tg_table(l1(i))[j] =
			    tg_leaf(TARGETS + ((i * 512 + j) % NR_TARGETS) * PAGE, TG_PTE_R);
}

/* A root over n L1 tables: ceil(n / 512) L2 tables after them, then the root. */
static uint64_t build_tree(unsigned n)
{
	unsigned nl2 = (n + 511) / 512;
	uint64_t root = l1(n + nl2);

	fill_l1s(n);
	for (unsigned k = 0; k < 512; k++)
		tg_table(root)[k] = 0;
	for (unsigned j = 0; j < nl2; j++) {
		uint64_t l2 = l1(n + j);

		for (unsigned k = 0; k < 512; k++)
			tg_table(l2)[k] = j * 512 + k < n ? tg_nonleaf(l1(j * 512 + k)) : 0;
		tg_table(root)[j] = tg_nonleaf(l2);
	}
	return root;
}

static void pinstorm(void)
{
	unsigned n = (unsigned)tg_cmdline_num("l1", 1000);
	uint64_t root = build_tree(n);

	for (unsigned r = 1;; r++) {
		int64_t a = tg_mmuext1(PVABI_MMUEXT_PIN_L3_TABLE, root, 0);
		int64_t b = tg_mmuext1(PVABI_MMUEXT_UNPIN_TABLE, root, 0);

		if (a || b || !(r % 4))
			tg_printf("pinstorm round %u: pin %lld unpin %lld\n", r, (long long)a,
				  (long long)b);
	}
}

static struct pvabi_mmuext_op pins[BATCH], unpins[BATCH];
static struct pvabi_multicall_entry calls[PVABI_MULTICALL_MAX];

static void batch_ops(void)
{
	fill_l1s(BATCH);
	for (unsigned i = 0; i < BATCH; i++) {
		pins[i] =
		    (struct pvabi_mmuext_op){ .cmd = PVABI_MMUEXT_PIN_L1_TABLE, .arg1 = l1(i) };
		unpins[i] =
		    (struct pvabi_mmuext_op){ .cmd = PVABI_MMUEXT_UNPIN_TABLE, .arg1 = l1(i) };
	}
}

static void batch(void)
{
	batch_ops();
	for (unsigned r = 1;; r++) {
		struct pvabi_ret a = pvabi_mmuext_op((uintptr_t)pins, BATCH);
		struct pvabi_ret b = pvabi_mmuext_op((uintptr_t)unpins, BATCH);

		if (a.error || b.error || !(r % 8))
			tg_printf("batch round %u: %lld/%llu %lld/%llu\n", r, (long long)a.error,
				  (unsigned long long)a.value, (long long)b.error,
				  (unsigned long long)b.value);
	}
}

static void multicall(void)
{
	batch_ops();
	for (unsigned i = 0; i < PVABI_MULTICALL_MAX; i++)
		calls[i] = (struct pvabi_multicall_entry){
			.op = PVABI_HC_mmuext_op,
			.args = { (uintptr_t)(i % 2 ? unpins : pins), BATCH },
		};
	for (unsigned r = 1;; r++) {
		struct pvabi_ret m = pvabi_multicall((uintptr_t)calls, PVABI_MULTICALL_MAX);

		if (m.error || calls[0].result || calls[1].result || !(r % 2))
			tg_printf("multicall round %u: %lld, first %lld/%llu\n", r,
				  (long long)m.error, (long long)calls[0].result,
				  (unsigned long long)calls[0].value);
	}
}

static uint64_t pages[BATCH];

static void memop(void)
{
	for (unsigned i = 0; i < BATCH; i++)
		pages[i] = TARGETS + i * PAGE;
	for (unsigned i = 0; i < PVABI_MULTICALL_MAX; i++)
		calls[i] = (struct pvabi_multicall_entry){
			.op = PVABI_HC_memory_op,
			.args = { i % 2 ? PVABI_MEMOP_populate_physmap
					: PVABI_MEMOP_decrease_reservation,
				  (uintptr_t)pages, BATCH },
		};
	for (unsigned r = 1;; r++) {
		struct pvabi_ret m = pvabi_multicall((uintptr_t)calls, PVABI_MULTICALL_MAX);

		if (m.error || calls[0].result || calls[1].result || !(r % 8))
			tg_printf("memop round %u: %lld, first %lld/%llu\n", r, (long long)m.error,
				  (long long)calls[0].result, (unsigned long long)calls[0].value);
	}
}

void tg_main(void)
{
	if (tg_cmdline_has("spin"))
		spin_for(~0ull);
	else if (tg_cmdline_has("spinsleep"))
		spinsleep();
	else if (tg_cmdline_has("hcstorm"))
		hcstorm();
	else if (tg_cmdline_has("pinstorm"))
		pinstorm();
	else if (tg_cmdline_has("batch"))
		batch();
	else if (tg_cmdline_has("multicall"))
		multicall();
	else if (tg_cmdline_has("memop"))
		memop();
	else if (tg_cmdline_has("reboot"))
		tg_shutdown(PVABI_SHUTDOWN_reboot);
	tg_printf("hog: no mode named on the command line\n");
	tg_shutdown(PVABI_SHUTDOWN_crash);
}
