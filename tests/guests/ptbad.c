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
#include "tg_pt.h"

#define R TG_PTE_R
#define W TG_PTE_W

/* The tables, in RAM the guest does not otherwise use (past 1 MiB). */
#define TABLES (tg_start->mem_base + 0x100000)
#define T3 (TABLES + 0x0000)
#define T2 (TABLES + 0x1000)
#define T1_LOW (TABLES + 0x2000) /* 0x80000000..: start and shared info */
#define T1_IMG (TABLES + 0x3000) /* 0x80200000..: image, data, stack */
#define SPARE (TABLES + 0x4000)	 /* a zeroed page never pinned */

static void build_tree(void)
{
	const struct tg_tree t = { T3, T2, T1_LOW, T1_IMG };

	tg_build_tree(&t);
}

static void refused_requests(void)
{
	tg_expect("map a page table writable", tg_mmu_update1(T1_LOW + 5 * 8, tg_leaf(T2, R | W)),
		  -PVABI_EBUSY);
	tg_expect("map outside RAM", tg_mmu_update1(T1_LOW + 6 * 8, tg_leaf(0x10000000, R)),
		  -PVABI_EPERM);
	tg_expect("install an unpinned root", tg_mmuext1(PVABI_MMUEXT_NEW_BASEPTR, SPARE, 1),
		  -PVABI_EINVAL);
	tg_expect("pin the shared info page",
		  tg_mmuext1(PVABI_MMUEXT_PIN_L1_TABLE, tg_start->shared_info, 0), -PVABI_EBUSY);
	tg_expect("pin the start info page",
		  tg_mmuext1(PVABI_MMUEXT_PIN_L1_TABLE, tg_start->mem_base, 0), -PVABI_EBUSY);
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
	if (!tg_expect("pin the tree", tg_mmuext1(PVABI_MMUEXT_PIN_L3_TABLE, T3, 0), 0))
		return;
	if (tg_cmdline_has("ptwrite")) {
		tg_printf("writing a pinned table\n");
		tg_table(T1_LOW)[5] = tg_leaf(tg_start->mem_base, R);
		tg_printf("wrote a pinned table\n");
		return;
	}
	if (tg_cmdline_has("mmu"))
		refused_requests();
	if (!tg_expect("install the root", tg_mmuext1(PVABI_MMUEXT_NEW_BASEPTR, T3, 1), 0))
		return;
	tg_printf("paging on\n");
	if (tg_cmdline_has("satp")) {
		__asm__ __volatile__("csrw satp, zero" ::: "memory");
		tg_printf("satp written\n");
		for (;;)
			pvabi_sched_op(PVABI_SCHEDOP_yield, 0);
	}
	tg_expect("unpin the live root", tg_mmuext1(PVABI_MMUEXT_UNPIN_TABLE, T3, 0), -PVABI_EBUSY);
	bad_pointers();
	tg_result();
}
