/* SPDX-License-Identifier: MIT */
/*
 * ptbad.c - forbidden page-table operations. With paging off the guest
 * builds a small Sv39 tree in its own RAM (a root, one L2, two L1 tables
 * mapping the start and shared info pages and, identity, the 2 MiB that hold
 * its image, data and stack), pins it, then by its command line:
 *   ptwrite  writes a pinned table directly: the guest must be stopped;
 *   mmu      each refused request gets its error, the tree goes live
 *            (NEW_BASEPTR), the live root cannot be unpinned, bad pointers
 *            get -EFAULT; ends with "Test result: PASS/FAIL";
 *   satp     goes live, then writes satp itself: the guest must be stopped.
 */
#include "tg.h"

#define V 1ull
#define R 2ull
#define W 4ull
#define X 8ull
#define A 0x40ull
#define D 0x80ull

/* The tables, in RAM the guest does not otherwise use (past 1 MiB). */
#define TABLES (tg_start->mem_base + 0x100000)
#define T3 (TABLES + 0x0000)
#define T2 (TABLES + 0x1000)
#define T1_LOW (TABLES + 0x2000)  /* 0x80000000..: start and shared info */
#define T1_IMG (TABLES + 0x3000)  /* 0x80200000..: image, data, stack */
#define SPARE (TABLES + 0x4000)   /* a zeroed page never pinned */

static uint64_t *table(uint64_t gpa)
{
	return (uint64_t *)(uintptr_t)gpa;
}

static uint64_t leaf(uint64_t pa, uint64_t flags)
{
	return (pa >> 12) << 10 | flags | V | A;
}

static uint64_t nonleaf(uint64_t pa)
{
	return (pa >> 12) << 10 | V;
}

static void build_tree(void)
{
	uint64_t base = tg_start->mem_base;

	table(T3)[(base >> 30) & 511] = nonleaf(T2);
	table(T2)[0] = nonleaf(T1_LOW);
	table(T2)[1] = nonleaf(T1_IMG);
	table(T1_LOW)[0] = leaf(base, R);
	table(T1_LOW)[1] = leaf(tg_start->shared_info, R | W | D);
	for (unsigned i = 0; i < 512; i++)
		table(T1_IMG)[i] = leaf(base + 0x200000 + i * 4096ull, R | W | X | D);
}

static int64_t ext(uint32_t cmd, uint64_t arg1, uint64_t arg2)
{
	static struct pvabi_mmuext_op op;

	op.cmd = cmd;
	op.pad = 0;
	op.arg1 = arg1;
	op.arg2 = arg2;
	return pvabi_mmuext_op((uintptr_t)&op, 1).error;
}

static int64_t update(uint64_t pte_gpa, uint64_t val)
{
	static struct pvabi_mmu_update u;

	u.ptr = pte_gpa;
	u.val = val;
	return pvabi_mmu_update((uintptr_t)&u, 1).error;
}

static void refused_requests(void)
{
	tg_expect("map a page table writable", update(T1_LOW + 5 * 8, leaf(T2, R | W)),
		  -PVABI_EBUSY);
	tg_expect("map outside RAM", update(T1_LOW + 6 * 8, leaf(0x10000000, R)), -PVABI_EPERM);
	tg_expect("install an unpinned root", ext(PVABI_MMUEXT_NEW_BASEPTR, SPARE, 1),
		  -PVABI_EINVAL);
	tg_expect("pin the shared info page", ext(PVABI_MMUEXT_PIN_L1_TABLE,
						  tg_start->shared_info, 0), -PVABI_EBUSY);
	tg_expect("pin the start info page", ext(PVABI_MMUEXT_PIN_L1_TABLE,
						 tg_start->mem_base, 0), -PVABI_EBUSY);
}

/* Paging is on: 0x1000 and the tables' own addresses are unmapped. */
static void bad_pointers(void)
{
	tg_expect("mmu_update bad pointer", pvabi_mmu_update(0x1000, 1).error, -PVABI_EFAULT);
	tg_expect("mmuext_op bad pointer", pvabi_mmuext_op(0x1000, 1).error, -PVABI_EFAULT);
	tg_expect("console_io bad pointer",
		  pvabi_console_io(PVABI_CONSOLEIO_write, 5, 0x1000).error, -PVABI_EFAULT);
	tg_expect("memory_op bad pointer",
		  pvabi_memory_op(PVABI_MEMOP_decrease_reservation, 0x1000, 1).error,
		  -PVABI_EFAULT);
	tg_expect("mmu_update list in an unmapped table page",
		  pvabi_mmu_update((uintptr_t)T2, 1).error, -PVABI_EFAULT);
}

void tg_main(void)
{
	tg_printf("ptbad guest up: %s\n", tg_start->cmdline);
	build_tree();
	if (!tg_expect("pin the tree", ext(PVABI_MMUEXT_PIN_L3_TABLE, T3, 0), 0))
		return;
	if (tg_cmdline_has("ptwrite")) {
		tg_printf("writing a pinned table\n");
		table(T1_LOW)[5] = leaf(tg_start->mem_base, R);
		tg_printf("wrote a pinned table\n");
		return;
	}
	if (tg_cmdline_has("mmu"))
		refused_requests();
	if (!tg_expect("install the root", ext(PVABI_MMUEXT_NEW_BASEPTR, T3, 1), 0))
		return;
	tg_printf("paging on\n");
	if (tg_cmdline_has("satp")) {
		__asm__ __volatile__("csrw satp, zero" ::: "memory");
		tg_printf("satp written\n");
		for (;;)
			pvabi_sched_op(PVABI_SCHEDOP_yield, 0);
	}
	tg_expect("unpin the live root", ext(PVABI_MMUEXT_UNPIN_TABLE, T3, 0), -PVABI_EBUSY);
	bad_pointers();
	tg_result();
}
