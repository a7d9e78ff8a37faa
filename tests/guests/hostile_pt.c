/* SPDX-License-Identifier: MIT */
/* hostile_pt.c - the hostile guest's page-table cases (pt_*): one rule of pvabi/mm.h each
 * (hostile.c runs them). */
#include <stdio.h>
#include <string.h>

#include "hostile.h"

/* ======================= page-table rules (pt_*) ======================= */

/* Write a table directly: the guest must be stopped (the write never lands). */
static void write_table(const char *what, uint64_t gpa)
{
	if (!hostile_pinned_tree())
		return;
	tg_printf("writing %s at 0x%llx directly\n", what, (unsigned long long)gpa);
	*(volatile uint64_t *)ptr(gpa) = tg_leaf(tg_start->mem_base, R);
	tg_printf("FAIL: wrote %s\n", what);
}

static void pt_write_l1(void)
{
	write_table("an L1 table", T1_LOW + 5 * 8);
}

static void pt_write_root(void)
{
	write_table("the pinned root", T3 + 7 * 8);
}

/* No frame is a page table and writable at once: writable maps of tables. */
static void pt_writable_table(void)
{
	if (!hostile_pinned_tree())
		return;
	tg_expect("map L1 table writable", tg_mmu_update1(low_pte(5), tg_leaf(T1_LOW, R | W)),
		  -PVABI_EBUSY);
	tg_expect("map L2 table writable", tg_mmu_update1(low_pte(5), tg_leaf(T2, R | W)),
		  -PVABI_EBUSY);
	tg_expect("map root writable", tg_mmu_update1(low_pte(5), tg_leaf(T3, R | W | X)),
		  -PVABI_EBUSY);
	/* Read-only is fine (as in Xen): the guest may read its tables. */
	tg_expect("map L2 table read-only", tg_mmu_update1(low_pte(5), tg_leaf(T2, R)), 0);
	tg_expect("and then writable", tg_mmu_update1(low_pte(5), tg_leaf(T2, R | W)),
		  -PVABI_EBUSY);
	tg_expect("old read-only entry kept", (int64_t)(tg_table(T1_LOW)[5] == tg_leaf(T2, R)), 1);
}

/* ... and the other way round: a writable-mapped frame cannot become a table. */
static void pt_table_of_writable(void)
{
	if (!hostile_pinned_tree())
		return;
	tg_expect("map a page writable", tg_mmu_update1(low_pte(5), tg_leaf(SPARE(0), R | W)), 0);
	tg_expect("pin it as L1", tg_mmuext1(PVABI_MMUEXT_PIN_L1_TABLE, SPARE(0), 0), -PVABI_EBUSY);
	tg_expect("link it as an L1 table", tg_mmu_update1(T2 + 5 * 8, tg_nonleaf(SPARE(0))),
		  -PVABI_EBUSY);
	tg_expect("unmap it", tg_mmu_update1(low_pte(5), 0), 0);
	/* Type count back to 0: now the type may change. */
	tg_expect("pin it as L1 now", tg_mmuext1(PVABI_MMUEXT_PIN_L1_TABLE, SPARE(0), 0), 0);
}

/* A frame has one level; a table cannot reach itself. */
static void pt_level_mismatch(void)
{
	if (!hostile_pinned_tree())
		return;
	tg_expect("pin an L1 as L2", tg_mmuext1(PVABI_MMUEXT_PIN_L2_TABLE, T1_LOW, 0),
		  -PVABI_EBUSY);
	tg_expect("pin the root as L1", tg_mmuext1(PVABI_MMUEXT_PIN_L1_TABLE, T3, 0), -PVABI_EBUSY);
	tg_expect("root entry to an L1", tg_mmu_update1(T3 + 5 * 8, tg_nonleaf(T1_LOW)),
		  -PVABI_EBUSY);
	tg_expect("root entry to itself", tg_mmu_update1(T3 + 5 * 8, tg_nonleaf(T3)), -PVABI_EBUSY);
	tg_expect("L2 entry to itself", tg_mmu_update1(T2 + 5 * 8, tg_nonleaf(T2)), -PVABI_EBUSY);
	tg_expect("L2 entry to the root", tg_mmu_update1(T2 + 5 * 8, tg_nonleaf(T3)), -PVABI_EBUSY);
	tg_expect("pin the root twice", tg_mmuext1(PVABI_MMUEXT_PIN_L3_TABLE, T3, 0), -PVABI_EBUSY);
}

/* A PTE may only point into the guest's own RAM. */
static void pt_outside_ram(void)
{
	static const uint64_t wild[] = { 0,    BOOT_ROM,      SIFIVE_TEST,  PLIC,
					 UART, 0x7ffff000ull, HOST_RAM_TOP, 0x3ffffffffff000ull };

	if (!hostile_pinned_tree())
		return;
	for (unsigned i = 0; i < sizeof(wild) / sizeof(wild[0]); i++) {
		char what[64];

		snprintf(what, sizeof(what), "leaf to 0x%llx", (unsigned long long)wild[i]);
		tg_expect(what, tg_mmu_update1(low_pte(5), tg_leaf(wild[i], R | W)), -PVABI_EPERM);
	}
	tg_expect("leaf to the end of RAM", tg_mmu_update1(low_pte(5), tg_leaf(ram_end(), R)),
		  -PVABI_EPERM);
	tg_expect("table entry to the end of RAM",
		  tg_mmu_update1(T2 + 5 * 8, tg_nonleaf(ram_end())), -PVABI_EPERM);
	tg_expect("pin outside RAM", tg_mmuext1(PVABI_MMUEXT_PIN_L1_TABLE, ram_end(), 0),
		  -PVABI_EPERM);
}

/* A page given back with memory_op is not the guest's until populated again. */
static void pt_given_back(void)
{
	if (!hostile_pinned_tree())
		return;
	tg_expect("give a page back", tg_memop1(PVABI_MEMOP_decrease_reservation, DATA(1)), 0);
	tg_expect("leaf to it", tg_mmu_update1(low_pte(5), tg_leaf(DATA(1), R)), -PVABI_EPERM);
	tg_expect("table entry to it", tg_mmu_update1(T2 + 5 * 8, tg_nonleaf(DATA(1))),
		  -PVABI_EPERM);
	tg_expect("pin it", tg_mmuext1(PVABI_MMUEXT_PIN_L1_TABLE, DATA(1), 0), -PVABI_EPERM);
	tg_expect("populate it", tg_memop1(PVABI_MEMOP_populate_physmap, DATA(1)), 0);
	tg_expect("leaf to it now", tg_mmu_update1(low_pte(5), tg_leaf(DATA(1), R)), 0);
}

/* Superpages are refused, through mmu_update and through validation. */
static void pt_superpage(void)
{
	if (!hostile_pinned_tree())
		return;
	tg_expect("2 MiB leaf in the L2", tg_mmu_update1(T2 + 5 * 8, tg_leaf(ram(2 * MiB), R | X)),
		  -PVABI_EINVAL);
	tg_expect("1 GiB leaf in the root",
		  tg_mmu_update1(T3 + 5 * 8, tg_leaf(0x80000000ull, R | W)), -PVABI_EINVAL);
	tg_table(SPARE(0))[3] = tg_leaf(ram(2 * MiB), R);
	tg_expect("pin an L2 holding a leaf", tg_mmuext1(PVABI_MMUEXT_PIN_L2_TABLE, SPARE(0), 0),
		  -PVABI_EINVAL);
}

/* Bits 63:54 (N, PBMT, reserved) must be zero. */
static void pt_reserved_bits(void)
{
	if (!hostile_pinned_tree())
		return;
	tg_expect("leaf with bit 54", tg_mmu_update1(low_pte(5), tg_leaf(DATA(0), R) | 1ull << 54),
		  -PVABI_EINVAL);
	tg_expect("leaf with PBMT", tg_mmu_update1(low_pte(5), tg_leaf(DATA(0), R) | 2ull << 61),
		  -PVABI_EINVAL);
	tg_expect("leaf with N", tg_mmu_update1(low_pte(5), tg_leaf(DATA(0), R) | 1ull << 63),
		  -PVABI_EINVAL);
	tg_expect("table entry with bit 60",
		  tg_mmu_update1(T2 + 5 * 8, tg_nonleaf(SPARE(0)) | 1ull << 60), -PVABI_EINVAL);
}

/* W without R is a reserved encoding. */
static void pt_w_without_r(void)
{
	if (!hostile_pinned_tree())
		return;
	tg_expect("leaf W", tg_mmu_update1(low_pte(5), tg_leaf(DATA(0), W)), -PVABI_EINVAL);
	tg_expect("leaf W|X", tg_mmu_update1(low_pte(5), tg_leaf(DATA(0), W | X)), -PVABI_EINVAL);
	tg_table(SPARE(0))[9] = tg_leaf(DATA(0), W);
	tg_expect("pin an L1 holding W", tg_mmuext1(PVABI_MMUEXT_PIN_L1_TABLE, SPARE(0), 0),
		  -PVABI_EINVAL);
}

/* An L1 holds leaves only; non-leaf entries carry no U, A or D. */
static void pt_nonleaf_bits(void)
{
	if (!hostile_pinned_tree())
		return;
	tg_expect("non-leaf in an L1", tg_mmu_update1(low_pte(5), tg_nonleaf(SPARE(0))),
		  -PVABI_EINVAL);
	tg_expect("non-leaf with U", tg_mmu_update1(T2 + 5 * 8, tg_nonleaf(SPARE(0)) | U),
		  -PVABI_EINVAL);
	tg_expect("non-leaf with A", tg_mmu_update1(T2 + 5 * 8, tg_nonleaf(SPARE(0)) | A),
		  -PVABI_EINVAL);
	tg_expect("non-leaf with D", tg_mmu_update1(T2 + 5 * 8, tg_nonleaf(SPARE(0)) | D),
		  -PVABI_EINVAL);
}

/* mmu_update's PTE address: in RAM, in a page table, command bits 0. */
static void pt_bad_pte_address(void)
{
	if (!hostile_pinned_tree())
		return;
	tg_expect("PTE address at the end of RAM", tg_mmu_update1(ram_end(), 0), -PVABI_EINVAL);
	tg_expect("PTE address in the UART", tg_mmu_update1(UART, 0), -PVABI_EINVAL);
	tg_expect("PTE address in a data page", tg_mmu_update1(DATA(0), tg_leaf(DATA(1), R)),
		  -PVABI_EINVAL);
	tg_expect("PTE address in the start info", tg_mmu_update1(tg_start->mem_base + 64, 0),
		  -PVABI_EINVAL);
	tg_expect("command 1", tg_mmu_update1(low_pte(5) | 1, tg_leaf(DATA(0), R)), -PVABI_EINVAL);
	tg_expect("command 7", tg_mmu_update1(low_pte(5) | 7, tg_leaf(DATA(0), R)), -PVABI_EINVAL);
	tg_expect("data page untouched", (int64_t)tg_table(DATA(0))[0], 0);
}

/* Only a pinned L3 becomes the address space, with a 16-bit ASID. */
static void pt_bad_root(void)
{
	if (!hostile_pinned_tree())
		return;
	tg_expect("unpinned root", tg_mmuext1(PVABI_MMUEXT_NEW_BASEPTR, SPARE(0), 1),
		  -PVABI_EINVAL);
	tg_expect("pin an empty L2", tg_mmuext1(PVABI_MMUEXT_PIN_L2_TABLE, SPARE(1), 0), 0);
	tg_expect("pinned L2 as root", tg_mmuext1(PVABI_MMUEXT_NEW_BASEPTR, SPARE(1), 1),
		  -PVABI_EINVAL);
	tg_expect("ASID 0x10000", tg_mmuext1(PVABI_MMUEXT_NEW_BASEPTR, T3, 1ull << 16),
		  -PVABI_EINVAL);
	tg_expect("unaligned root", tg_mmuext1(PVABI_MMUEXT_NEW_BASEPTR, T3 + 8, 1), -PVABI_EINVAL);
	tg_expect("root outside RAM", tg_mmuext1(PVABI_MMUEXT_NEW_BASEPTR, ram_end(), 1),
		  -PVABI_EPERM);
	tg_expect("the pinned root", tg_mmuext1(PVABI_MMUEXT_NEW_BASEPTR, T3, 0xffff), 0);
	tg_printf("paging on\n");
}

/* Pin and unpin: not twice, not what was never pinned, not the live root. */
static void pt_unpin(void)
{
	if (!hostile_live_tree())
		return;
	tg_expect("unpin the live root", tg_mmuext1(PVABI_MMUEXT_UNPIN_TABLE, T3, 0), -PVABI_EBUSY);
	tg_expect("unpin a never pinned page", tg_mmuext1(PVABI_MMUEXT_UNPIN_TABLE, SPARE(0), 0),
		  -PVABI_EINVAL);
	tg_expect("unpin a referenced L2", tg_mmuext1(PVABI_MMUEXT_UNPIN_TABLE, T2, 0),
		  -PVABI_EINVAL);
	tg_expect("unpin unaligned", tg_mmuext1(PVABI_MMUEXT_UNPIN_TABLE, T3 + 1, 0),
		  -PVABI_EINVAL);
	tg_expect("pin the live root again", tg_mmuext1(PVABI_MMUEXT_PIN_L3_TABLE, T3, 0),
		  -PVABI_EBUSY);
}

/* An unpinned table that is still referenced stays a table. */
static void pt_unpinned_in_use(void)
{
	if (!hostile_pinned_tree())
		return;
	tg_expect("pin a spare L1", tg_mmuext1(PVABI_MMUEXT_PIN_L1_TABLE, SPARE(0), 0), 0);
	tg_expect("link it from the L2", tg_mmu_update1(T2 + 5 * 8, tg_nonleaf(SPARE(0))), 0);
	tg_expect("unpin it", tg_mmuext1(PVABI_MMUEXT_UNPIN_TABLE, SPARE(0), 0), 0);
	tg_expect("map it writable", tg_mmu_update1(low_pte(5), tg_leaf(SPARE(0), R | W)),
		  -PVABI_EBUSY);
	tg_expect("unlink it", tg_mmu_update1(T2 + 5 * 8, 0), 0);
	tg_expect("map it writable now", tg_mmu_update1(low_pte(5), tg_leaf(SPARE(0), R | W)), 0);
}

/* The start and shared info pages are the hypervisor's to write: never tables. */
static void pt_pin_info(void)
{
	uint64_t si = tg_start->mem_base, sh = tg_start->shared_info;

	tg_expect("pin start info as L1", tg_mmuext1(PVABI_MMUEXT_PIN_L1_TABLE, si, 0),
		  -PVABI_EBUSY);
	tg_expect("pin start info as L3", tg_mmuext1(PVABI_MMUEXT_PIN_L3_TABLE, si, 0),
		  -PVABI_EBUSY);
	tg_expect("pin shared info as L2", tg_mmuext1(PVABI_MMUEXT_PIN_L2_TABLE, sh, 0),
		  -PVABI_EBUSY);
	tg_expect("pin shared info as L3", tg_mmuext1(PVABI_MMUEXT_PIN_L3_TABLE, sh, 0),
		  -PVABI_EBUSY);
}

/*
 * A table whose validation fails half way keeps no reference: the pages its
 * good entries mapped writable can become tables afterwards.
 */
static void pt_validate_undo(void)
{
	for (unsigned i = 0; i < 4; i++)
		tg_table(SPARE(0))[i] = tg_leaf(DATA(i), R | W);
	tg_table(SPARE(0))[4] = tg_leaf(UART, R | W);
	tg_expect("pin an L1 whose 5th entry is bad",
		  tg_mmuext1(PVABI_MMUEXT_PIN_L1_TABLE, SPARE(0), 0), -PVABI_EPERM);
	tg_expect("its target pin as L1", tg_mmuext1(PVABI_MMUEXT_PIN_L1_TABLE, DATA(0), 0), 0);
	tg_expect("its target given back", tg_memop1(PVABI_MEMOP_decrease_reservation, DATA(3)), 0);
	tg_expect("the bad L1 is writable", (int64_t)(tg_table(SPARE(0))[4] = 0), 0);
}

/*
 * A table below another that maps its parent: writable is refused (found
 * while validating the parent, all undone), read-only is fine.
 */
static void pt_maps_its_parent(void)
{
	tg_table(SPARE(0))[0] = tg_nonleaf(SPARE(1));	  /* the L2 */
	tg_table(SPARE(1))[0] = tg_leaf(SPARE(0), R | W); /* its L1 maps the L2 writable */
	tg_expect("pin an L2 whose L1 maps it writable",
		  tg_mmuext1(PVABI_MMUEXT_PIN_L2_TABLE, SPARE(0), 0), -PVABI_EBUSY);
	tg_table(SPARE(1))[0] = tg_leaf(SPARE(0), R); /* still the guest's to write: undone */
	tg_expect("pin it with the mapping read-only",
		  tg_mmuext1(PVABI_MMUEXT_PIN_L2_TABLE, SPARE(0), 0), 0);
	tg_expect("now make that mapping writable",
		  tg_mmu_update1(SPARE(1), tg_leaf(SPARE(0), R | W)), -PVABI_EBUSY);
}

/* Tables and mapped pages cannot be given back. */
static void pt_give_back_table(void)
{
	if (!hostile_pinned_tree())
		return;
	tg_expect("give back an L1", tg_memop1(PVABI_MEMOP_decrease_reservation, T1_LOW),
		  -PVABI_EBUSY);
	tg_expect("give back the root", tg_memop1(PVABI_MEMOP_decrease_reservation, T3),
		  -PVABI_EBUSY);
	tg_expect("map a page", tg_mmu_update1(low_pte(5), tg_leaf(DATA(0), R)), 0);
	tg_expect("give back the mapped page", tg_memop1(PVABI_MEMOP_decrease_reservation, DATA(0)),
		  -PVABI_EBUSY);
}

/* mmuext_op's own checks, and a batch stopping at its first bad op. */
static void pt_mmuext_bad(void)
{
	static struct pvabi_mmuext_op ops[3];
	static struct pvabi_mmu_update ups[3];
	struct pvabi_ret r;

	ops[0] = (struct pvabi_mmuext_op){ PVABI_MMUEXT_TLB_FLUSH_LOCAL, 1, 0, 0 };
	tg_expect("padding not zero", pvabi_mmuext_op((uintptr_t)ops, 1).error, -PVABI_EINVAL);
	tg_expect("command 3", tg_mmuext1(3, T3, 0), -PVABI_ENOSYS);
	tg_expect("command 8", tg_mmuext1(8, 0, 0), -PVABI_ENOSYS);
	tg_expect("command 0xffffffff", tg_mmuext1(0xffffffffu, 0, 0), -PVABI_ENOSYS);
	if (!hostile_pinned_tree())
		return;
	ops[0] = (struct pvabi_mmuext_op){ PVABI_MMUEXT_TLB_FLUSH_LOCAL, 0, 0, 0 };
	ops[1] = (struct pvabi_mmuext_op){ PVABI_MMUEXT_NEW_BASEPTR, 0, SPARE(0), 0 };
	ops[2] = (struct pvabi_mmuext_op){ PVABI_MMUEXT_TLB_FLUSH_LOCAL, 0, 0, 0 };
	r = pvabi_mmuext_op((uintptr_t)ops, 3);
	tg_expect("batch with a bad second op", r.error, -PVABI_EINVAL);
	tg_expect("ops done", (int64_t)r.value, 1);
	ups[0] = (struct pvabi_mmu_update){ low_pte(5), tg_leaf(DATA(0), R) };
	ups[1] = (struct pvabi_mmu_update){ low_pte(6), tg_leaf(UART, R) };
	ups[2] = (struct pvabi_mmu_update){ low_pte(7), tg_leaf(DATA(1), R) };
	r = pvabi_mmu_update((uintptr_t)ups, 3);
	tg_expect("updates with a bad second", r.error, -PVABI_EPERM);
	tg_expect("updates done", (int64_t)r.value, 1);
	tg_expect("first applied", (int64_t)(tg_table(T1_LOW)[5] == tg_leaf(DATA(0), R)), 1);
	tg_expect("third not applied", (int64_t)tg_table(T1_LOW)[7], 0);
}

/* satp behind the hypervisor's back, with a live root: the guest must be stopped. */
static void pt_satp(void)
{
	if (!hostile_live_tree())
		return;
	tg_printf("writing satp itself\n");
	__asm__ __volatile__("csrw satp, zero" ::: "memory");
	pvabi_version(PVABI_VER_abi, 0); /* any exit shows it */
	tg_printf("FAIL: still running after writing satp\n");
}

const struct hostile_case hostile_pt_cases[] = {
	{ "pt_write_l1", pt_write_l1 },
	{ "pt_write_root", pt_write_root },
	{ "pt_writable_table", pt_writable_table },
	{ "pt_table_of_writable", pt_table_of_writable },
	{ "pt_level_mismatch", pt_level_mismatch },
	{ "pt_outside_ram", pt_outside_ram },
	{ "pt_given_back", pt_given_back },
	{ "pt_superpage", pt_superpage },
	{ "pt_reserved_bits", pt_reserved_bits },
	{ "pt_w_without_r", pt_w_without_r },
	{ "pt_nonleaf_bits", pt_nonleaf_bits },
	{ "pt_bad_pte_address", pt_bad_pte_address },
	{ "pt_bad_root", pt_bad_root },
	{ "pt_unpin", pt_unpin },
	{ "pt_unpinned_in_use", pt_unpinned_in_use },
	{ "pt_pin_info", pt_pin_info },
	{ "pt_validate_undo", pt_validate_undo },
	{ "pt_maps_its_parent", pt_maps_its_parent },
	{ "pt_give_back_table", pt_give_back_table },
	{ "pt_mmuext_bad", pt_mmuext_bad },
	{ "pt_satp", pt_satp },
	{ NULL, NULL },
};
