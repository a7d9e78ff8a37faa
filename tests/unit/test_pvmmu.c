/* SPDX-License-Identifier: MIT */
/*
 * test_pvmmu.c - host unit tests of the PV page-type model: the frame table
 * (hyp/pv/ftype.c) and the Sv39 rules, counts, G-stage protection and live
 * root of hyp/arch/riscv/pv/pvmmu.c, driven through the hypercalls on a real
 * guest (tests/unit/pv_harness.c). Batching is test_hcall_mm.c's.
 *
 * Tables are built as a guest would: entries written straight into frames
 * that are not yet tables, then pinned; later changes through mmu_update.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hyp/core/frame.h"
#include "hyp/pv/ftype.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/pv_harness.h"

/* The frame table */

static void test_ftype_counts(void **state)
{
	struct ftype_table t;
	struct frame_stats before, after;
	uint64_t n;
	bool first;

	(void)state;
	frame_get_stats(&before);
	assert_int_equal(ftype_init(&t, GPA(GUEST_RAM_BASE), 1024 * MiB), 0);
	frame_get_stats(&after);
	assert_int_equal(before.free - after.free, 1024); /* 16 bytes x 256 Ki frames */
	assert_true(ftype_index(&t, GPA(GUEST_RAM_BASE + 1024 * MiB - 1), &n));
	assert_int_equal(n, 1024 * MiB / PAGE_SIZE - 1);
	assert_false(ftype_index(&t, GPA(GUEST_RAM_BASE + 1024 * MiB), &n));
	assert_false(ftype_index(&t, GPA(GUEST_RAM_BASE - 1), &n));
	assert_int_equal(ftype_gpa(&t, 3).val, GUEST_RAM_BASE + 3 * PAGE_SIZE);

	/* The type is set by the first reference and changes only at count 0. */
	assert_int_equal(ftype_get_type(&t, 7, FTYPE_L2, &first), 0);
	assert_true(first);
	assert_int_equal(ftype_get_type(&t, 7, FTYPE_L2, &first), 0);
	assert_false(first);
	assert_int_equal(ftype_get_type(&t, 7, FTYPE_WRITABLE, &first), -PVABI_EBUSY);
	assert_int_equal(ftype_get_type(&t, 7, FTYPE_L1, &first), -PVABI_EBUSY);
	assert_int_equal(ftype_type_count(&t, 7), 2);
	assert_false(ftype_put_type(&t, 7));
	assert_true(ftype_put_type(&t, 7));
	assert_int_equal(ftype_type(&t, 7), FTYPE_NONE);
	assert_int_equal(ftype_get_type(&t, 7, FTYPE_WRITABLE, &first), 0);
	assert_true(first);
	assert_true(ftype_put_type(&t, 7));
	assert_int_equal(ftype_get_ref(&t, 9), 0);
	assert_false(ftype_all_free(&t));
	ftype_put_ref(&t, 9);
	assert_true(ftype_all_free(&t));

	ftype_release(&t);
	frame_get_stats(&after);
	assert_int_equal(after.free, before.free);
	assert_null(t.f);
	ftype_release(&t); /* twice is harmless */
}

static void test_guest_has_frame_table(void **state)
{
	(void)state;
	assert_true(pvmmu_enabled(pvh_g));
	assert_int_equal(pvh_g->mm.ft.nr, PVH_RAM_FRAMES);
	assert_int_equal(pvh_v->pv_root, 0);
	pvh_assert_all_free();
}

/* Building, pinning and tearing down */

static void test_pin_tree(void **state)
{
	(void)state;
	pvh_poke_tree();
	assert_int_equal(PIN3(T3), 0);
	assert_true(PINNED(T3));
	assert_int_equal(TYPE(T3), FTYPE_L3);
	assert_int_equal(TYPE(T2), FTYPE_L2);
	assert_int_equal(TYPE(T1), FTYPE_L1);
	assert_int_equal(TYPE(P0), FTYPE_WRITABLE);
	assert_int_equal(TYPE(P1), FTYPE_NONE);
	assert_false(PINNED(T2));
	for (uint64_t t = T3; t <= T1; t += PAGE_SIZE) {
		assert_int_equal(TCOUNT(t), 1);
		assert_int_equal(REFS(t), 1);
		assert_int_equal(pvh_perm(t), GSTAGE_R | GSTAGE_X); /* read-only to the guest */
	}
	assert_int_equal(TCOUNT(P0), 1);
	assert_int_equal(REFS(P0), 1);
	assert_int_equal(TCOUNT(P1), 0);
	assert_int_equal(REFS(P1), 1);
	assert_int_equal(pvh_perm(P0), GSTAGE_RWX);
	assert_int_equal(fake.gstage_flush_calls, 3);
	assert_int_equal(fake.gstage_flush_vmid, pvh_g->vmid);

	/* Unpinning the root releases the whole tree. */
	assert_int_equal(UNPIN(T3), 0);
	assert_int_equal(fake.gstage_flush_calls, 6);
	pvh_assert_all_free();
	/* The entries themselves are the guest's: left as they were. */
	assert_int_equal(*pvh_pte(T2, 0), pvh_nonleaf(T1));
}

static void test_map_ro_and_rw(void **state)
{
	(void)state;
	assert_int_equal(PIN1(T1), 0);
	assert_int_equal(pvh_update(T1, 0, pvh_leaf(P0, R)), 0);
	assert_int_equal(*pvh_pte(T1, 0), pvh_leaf(P0, R | A)); /* stored with A */
	assert_int_equal(REFS(P0), 1);
	assert_int_equal(TYPE(P0), FTYPE_NONE);
	assert_int_equal(pvh_update(T1, 1, pvh_leaf(P1, R | W | U | G)), 0);
	assert_int_equal(*pvh_pte(T1, 1), pvh_leaf(P1, R | W | U | G | A | D)); /* and D */
	assert_int_equal(TYPE(P1), FTYPE_WRITABLE);
	assert_int_equal(TCOUNT(P1), 1);

	/* The same page mapped twice, once writable; then read-only again. */
	assert_int_equal(pvh_update(T1, 2, pvh_leaf(P0, R | W)), 0);
	assert_int_equal(REFS(P0), 2);
	assert_int_equal(TYPE(P0), FTYPE_WRITABLE);
	assert_int_equal(pvh_update(T1, 2, pvh_leaf(P0, R)), 0);
	assert_int_equal(REFS(P0), 2);
	assert_int_equal(TYPE(P0), FTYPE_NONE);

	/* Clearing entries drops their references. */
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(pvh_update(T1, i, 0), 0);
	assert_int_equal(REFS(P0) + REFS(P1) + TCOUNT(P1), 0);
	assert_int_equal(UNPIN(T1), 0);
	pvh_assert_all_free();
}

static void test_writable_map_of_table_rejected(void **state)
{
	(void)state;
	assert_int_equal(PIN1(T1), 0);
	assert_int_equal(PIN1(F(19)), 0);
	assert_int_equal(pvh_update(F(19), 0, pvh_leaf(T1, R | W)), -PVABI_EBUSY);
	assert_string_equal(pvh_g->mm.last_reject, "writable mapping of a page table");
	assert_int_equal(*pvh_pte(F(19), 0), 0);
	/* A table may be mapped read-only; it may even map itself so. */
	assert_int_equal(pvh_update(F(19), 0, pvh_leaf(T1, R)), 0);
	assert_int_equal(pvh_update(T1, 0, pvh_leaf(T1, R)), 0);
	assert_int_equal(pvh_update(T1, 1, pvh_leaf(T1, R | W)), -PVABI_EBUSY);
	assert_int_equal(REFS(T1), 3);
	assert_int_equal(TCOUNT(T1), 1);
	/* A writable mapping seen first at validation is refused the same way. */
	*pvh_pte(F(20), 0) = pvh_leaf(T1, R | W);
	assert_int_equal(PIN1(F(20)), -PVABI_EBUSY);
	assert_int_equal(TYPE(F(20)), FTYPE_NONE);
	assert_int_equal(pvh_perm(F(20)), GSTAGE_RWX);
}

static void test_table_of_writable_frame_rejected(void **state)
{
	(void)state;
	assert_int_equal(PIN1(T1), 0);
	assert_int_equal(PIN2(T2), 0);
	assert_int_equal(pvh_update(T1, 0, pvh_leaf(P0, R | W)), 0);
	assert_int_equal(PIN1(P0), -PVABI_EBUSY);
	assert_string_equal(pvh_g->mm.last_reject, "page table of a writable-mapped frame");
	assert_int_equal(pvh_update(T2, 0, pvh_nonleaf(P0)), -PVABI_EBUSY);
	assert_false(PINNED(P0));
	assert_int_equal(TYPE(P0), FTYPE_WRITABLE);
	assert_int_equal(TCOUNT(P0), 1);
	assert_int_equal(REFS(P0), 1);
	assert_int_equal(pvh_perm(P0), GSTAGE_RWX);
	/* Once the writable mapping is gone, the frame can become a table. */
	assert_int_equal(pvh_update(T1, 0, 0), 0);
	assert_int_equal(pvh_update(T2, 0, pvh_nonleaf(P0)), 0);
	assert_int_equal(TYPE(P0), FTYPE_L1);
	assert_int_equal(pvh_perm(P0), GSTAGE_R | GSTAGE_X);
}

static void test_target_outside_ram(void **state)
{
	static const uint64_t out[] = { 0, GUEST_RAM_BASE - PAGE_SIZE, RAM_END, RAM_END + 5 * MiB,
					((1ull << 44) - 1) << 12 };

	(void)state;
	assert_int_equal(PIN1(T1), 0);
	assert_int_equal(PIN2(T2), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(out); i++) {
		assert_int_equal(pvh_update(T1, 0, pvh_leaf(out[i], R)), -PVABI_EPERM);
		assert_int_equal(pvh_update(T1, 0, pvh_leaf(out[i], R | W)), -PVABI_EPERM);
		assert_int_equal(pvh_update(T2, 0, pvh_nonleaf(out[i])), -PVABI_EPERM);
	}
	/* The last frame of RAM is in. */
	assert_int_equal(pvh_update(T1, 0, pvh_leaf(RAM_END - PAGE_SIZE, R | W)), 0);
	assert_int_equal(PIN1(RAM_END), -PVABI_EPERM);
	assert_int_equal(PIN1(GUEST_RAM_BASE - PAGE_SIZE), -PVABI_EPERM);
	assert_int_equal(UNPIN(RAM_END), -PVABI_EPERM);
	assert_int_equal(BASEPTR(RAM_END, 0), -PVABI_EPERM);
}

static void test_superpage_rejected(void **state)
{
	(void)state;
	assert_int_equal(PIN3(T3), 0);
	assert_int_equal(PIN2(T2), 0);
	assert_int_equal(pvh_update(T3, 0, pvh_leaf(F(512), R | W | X)), -PVABI_EINVAL);
	assert_int_equal(pvh_update(T2, 0, pvh_leaf(F(512), R)), -PVABI_EINVAL);
	assert_string_equal(pvh_g->mm.last_reject, "superpage PTE");
	/* Found at validation: the pin fails and takes nothing. */
	*pvh_pte(F(20), 0) = pvh_nonleaf(T1);
	*pvh_pte(F(20), 1) = pvh_leaf(F(512), R);
	assert_int_equal(PIN2(F(20)), -PVABI_EINVAL);
	assert_int_equal(TYPE(F(20)), FTYPE_NONE);
	assert_int_equal(TYPE(T1), FTYPE_NONE);
	assert_int_equal(pvh_perm(T1), GSTAGE_RWX);
}

static void test_bad_pte_bits(void **state)
{
	(void)state;
	assert_int_equal(PIN1(T1), 0);
	assert_int_equal(PIN2(T2), 0);
	for (int bit = 54; bit < 64; bit++) {
		assert_int_equal(pvh_update(T1, 0, pvh_leaf(P0, R) | 1ull << bit), -PVABI_EINVAL);
		assert_int_equal(pvh_update(T2, 0, pvh_nonleaf(F(20)) | 1ull << bit),
				 -PVABI_EINVAL);
	}
	assert_int_equal(pvh_update(T1, 0, pvh_leaf(P0, W)), -PVABI_EINVAL);
	assert_int_equal(pvh_update(T1, 0, pvh_leaf(P0, W | X)), -PVABI_EINVAL);
	assert_int_equal(pvh_update(T1, 0, pvh_nonleaf(P0)), -PVABI_EINVAL); /* nothing below L1 */
	assert_int_equal(pvh_update(T2, 0, pvh_nonleaf(F(20)) | U), -PVABI_EINVAL);
	assert_int_equal(pvh_update(T2, 0, pvh_nonleaf(F(20)) | A), -PVABI_EINVAL);
	assert_int_equal(pvh_update(T2, 0, pvh_nonleaf(F(20)) | D), -PVABI_EINVAL);
	assert_int_equal(REFS(P0) + REFS(F(20)), 0);
	/* RSW bits and G are the guest's; X-only leaves are fine. */
	assert_int_equal(pvh_update(T1, 0, pvh_leaf(P0, X | 3ull << 8)), 0);
	assert_int_equal(pvh_update(T2, 0, pvh_nonleaf(F(20)) | G | 1ull << 9), 0);
	/* An invalid entry is stored as it is and holds nothing, whatever it says. */
	assert_int_equal(pvh_update(T1, 0, ~V), 0);
	assert_int_equal(*pvh_pte(T1, 0), ~V);
	assert_int_equal(REFS(P0), 0);
}

static void test_update_ptr_checks(void **state)
{
	(void)state;
	assert_int_equal(PIN1(T1), 0);
	for (unsigned low = 1; low < 8; low++)
		assert_int_equal(pvh_update(T1 + low, 0, pvh_leaf(P0, R)), -PVABI_EINVAL);
	assert_int_equal(pvh_update(RAM_END, 0, 0), -PVABI_EINVAL);
	assert_int_equal(pvh_update(GUEST_RAM_BASE - PAGE_SIZE, 0, 0), -PVABI_EINVAL);
	assert_int_equal(pvh_update(P0, 0, 0), -PVABI_EINVAL); /* not a page table */
	assert_string_equal(pvh_g->mm.last_reject, "PTE address not in a page table");
	assert_int_equal(pvh_update(T1, 1, pvh_leaf(P0, R | W)), 0);
	assert_int_equal(pvh_update(P0, 0, 0), -PVABI_EINVAL);	   /* writable, not a table */
	assert_int_equal(pvh_update(T1, 511, pvh_leaf(P1, R)), 0); /* the last entry */
	assert_int_equal(*pvh_pte(T1, 511), pvh_leaf(P1, R | A));
}

/* Pin, unpin, the live root */

static void test_pin_unpin_rules(void **state)
{
	(void)state;
	assert_int_equal(PIN1(T1), 0);
	assert_int_equal(PIN1(T1), -PVABI_EBUSY);
	assert_string_equal(pvh_g->mm.last_reject, "table already pinned");
	assert_int_equal(PIN2(T1), -PVABI_EBUSY);
	assert_int_equal(TCOUNT(T1), 1);
	assert_int_equal(PIN1(T1 + 8), -PVABI_EINVAL); /* not page aligned */
	assert_int_equal(UNPIN(T1 + 8), -PVABI_EINVAL);
	assert_int_equal(UNPIN(T1), 0);
	assert_int_equal(UNPIN(T1), -PVABI_EINVAL);
	assert_string_equal(pvh_g->mm.last_reject, "table not pinned");
	/* A table that is referenced but not pinned cannot be unpinned either. */
	*pvh_pte(T2, 0) = pvh_nonleaf(T1);
	assert_int_equal(PIN2(T2), 0);
	assert_int_equal(UNPIN(T1), -PVABI_EINVAL);
	assert_int_equal(UNPIN(P0), -PVABI_EINVAL);
	assert_int_equal(UNPIN(T2), 0);
	pvh_assert_all_free();
}

static void test_unpin_makes_writable_mappable(void **state)
{
	(void)state;
	assert_int_equal(PIN1(T1), 0);
	assert_int_equal(PIN1(F(19)), 0);
	assert_int_equal(pvh_perm(F(19)), GSTAGE_R | GSTAGE_X);
	assert_int_equal(pvh_update(T1, 0, pvh_leaf(F(19), R | W)), -PVABI_EBUSY);
	assert_int_equal(UNPIN(F(19)), 0);
	assert_int_equal(pvh_perm(F(19)), GSTAGE_RWX);
	assert_int_equal(pvh_update(T1, 0, pvh_leaf(F(19), R | W)), 0);
	assert_int_equal(TYPE(F(19)), FTYPE_WRITABLE);
}

static void test_new_baseptr(void **state)
{
	(void)state;
	pvh_poke_tree();
	assert_int_equal(BASEPTR(T3, 1), -PVABI_EINVAL); /* not pinned */
	assert_string_equal(pvh_g->mm.last_reject, "new root is not a pinned L3 table");
	assert_int_equal(PIN3(T3), 0);
	assert_int_equal(BASEPTR(T2, 1), -PVABI_EINVAL); /* an L2, not pinned */
	assert_int_equal(PIN2(F(20)), 0);
	assert_int_equal(BASEPTR(F(20), 1), -PVABI_EINVAL); /* pinned, but an L2 */
	assert_int_equal(BASEPTR(T3, 1ull << 16), -PVABI_EINVAL);
	assert_int_equal(BASEPTR(T3 + 8, 1), -PVABI_EINVAL);
	assert_int_equal(fake.vsatp_calls, 0);

	assert_int_equal(BASEPTR(T3, 0xffff), 0);
	assert_int_equal(fake.vsatp_calls, 1);
	assert_ptr_equal(fake.vsatp_vcpu, pvh_v);
	assert_int_equal(fake.vsatp, 8ull << 60 | 0xffffull << 44 | T3 >> 12);
	assert_int_equal(pvh_v->pv_root, T3);
	assert_int_equal(TCOUNT(T3), 2); /* the pin and the live root */
	assert_int_equal(REFS(T3), 2);

	/* The live root cannot be unpinned; once replaced it can. */
	assert_int_equal(UNPIN(T3), -PVABI_EBUSY);
	assert_string_equal(pvh_g->mm.last_reject, "unpinning the live root");
	assert_true(PINNED(T3));
	assert_int_equal(PIN3(F(21)), 0);
	assert_int_equal(BASEPTR(F(21), 7), 0);
	assert_int_equal(fake.vsatp, 8ull << 60 | 7ull << 44 | F(21) >> 12);
	assert_int_equal(TCOUNT(T3), 1);
	assert_int_equal(TCOUNT(F(21)), 2);
	assert_int_equal(UNPIN(T3), 0);
	assert_int_equal(TYPE(T1), FTYPE_NONE);
	/* The same root again changes only the ASID and holds one reference. */
	assert_int_equal(BASEPTR(F(21), 8), 0);
	assert_int_equal(TCOUNT(F(21)), 2);
	assert_int_equal(fake.vsatp_calls, 3);
}

/* Cycles, undo, replacing entries */

static void test_cycles_rejected(void **state)
{
	(void)state;
	/* A table pointing to itself needs two types at once. */
	assert_int_equal(PIN2(T2), 0);
	assert_int_equal(pvh_update(T2, 0, pvh_nonleaf(T2)), -PVABI_EBUSY);
	assert_int_equal(PIN3(T3), 0);
	assert_int_equal(pvh_update(T3, 0, pvh_nonleaf(T3)), -PVABI_EBUSY);
	assert_int_equal(UNPIN(T2), 0);
	assert_int_equal(UNPIN(T3), 0);

	/* Root -> L2 -> back to the root, written before the pin. */
	*pvh_pte(T3, 0) = pvh_nonleaf(T2);
	*pvh_pte(T2, 0) = pvh_nonleaf(T3);
	assert_int_equal(PIN3(T3), -PVABI_EBUSY);
	pvh_assert_all_free();
	/* Two L2 tables pointing at each other: the second would be an L1. */
	*pvh_pte(T2, 0) = pvh_nonleaf(F(19));
	*pvh_pte(F(19), 0) = pvh_nonleaf(T2);
	assert_int_equal(PIN2(T2), -PVABI_EINVAL);
	pvh_assert_all_free();
	/* Root -> L2 -> L1 -> the root mapped writable. */
	*pvh_pte(T2, 0) = pvh_nonleaf(T1);
	*pvh_pte(T1, 0) = pvh_leaf(T3, R | W);
	assert_int_equal(PIN3(T3), -PVABI_EBUSY);
	pvh_assert_all_free();
	/* Read-only, that last link is allowed. */
	*pvh_pte(T1, 0) = pvh_leaf(T3, R);
	assert_int_equal(PIN3(T3), 0);
	assert_int_equal(REFS(T3), 2);
	assert_int_equal(UNPIN(T3), 0);
	pvh_assert_all_free();
}

static void test_validation_undo(void **state)
{
	(void)state;
	pvh_poke_tree();
	*pvh_pte(T3, 3) = pvh_nonleaf(T2); /* the same L2 twice */
	*pvh_pte(T3, 4) = pvh_nonleaf(F(20));
	*pvh_pte(F(20), 0) = pvh_nonleaf(F(21));
	*pvh_pte(F(21), 9) = pvh_leaf(RAM_END, R); /* the last thing checked fails */
	assert_int_equal(PIN3(T3), -PVABI_EPERM);
	assert_string_equal(pvh_g->mm.last_reject, "PTE points outside the guest's RAM");
	pvh_assert_all_free();
	/* Fixed, the same tree pins, then tears down to nothing. */
	*pvh_pte(F(21), 9) = pvh_leaf(P0, R | W);
	assert_int_equal(PIN3(T3), 0);
	assert_int_equal(TCOUNT(T2), 2);
	assert_int_equal(TCOUNT(P0), 2);
	assert_int_equal(UNPIN(T3), 0);
	pvh_assert_all_free();
}

static void test_replace_entry(void **state)
{
	unsigned flushes;

	(void)state;
	pvh_poke_tree();
	assert_int_equal(PIN3(T3), 0);
	/* The same table again: no release and revalidation in between. */
	flushes = fake.gstage_flush_calls;
	assert_int_equal(pvh_update(T2, 0, pvh_nonleaf(T1)), 0);
	assert_int_equal(fake.gstage_flush_calls, flushes);
	assert_int_equal(TCOUNT(T1), 1);
	/* Another table: the new one is validated, the old one released. */
	*pvh_pte(F(20), 5) = pvh_leaf(P1, R | W);
	assert_int_equal(pvh_update(T2, 0, pvh_nonleaf(F(20))), 0);
	assert_int_equal(TYPE(F(20)), FTYPE_L1);
	assert_int_equal(pvh_perm(F(20)), GSTAGE_R | GSTAGE_X);
	assert_int_equal(TYPE(T1), FTYPE_NONE);
	assert_int_equal(pvh_perm(T1), GSTAGE_RWX);
	assert_int_equal(REFS(P0), 0);
	assert_int_equal(TYPE(P1), FTYPE_WRITABLE);
	/* The freed table may now be mapped writable, even from the new one. */
	assert_int_equal(pvh_update(F(20), 6, pvh_leaf(T1, R | W)), 0);
	/* A refused new entry leaves the old one and its references alone. */
	assert_int_equal(pvh_update(T2, 0, pvh_nonleaf(RAM_END)), -PVABI_EPERM);
	assert_int_equal(*pvh_pte(T2, 0), pvh_nonleaf(F(20)));
	assert_int_equal(TCOUNT(F(20)), 1);
	assert_int_equal(UNPIN(T3), 0);
	pvh_assert_all_free();
}

/*
 * A validated table keeps a set of its valid entries, which mmu_update keeps
 * up to date and release visits instead of the 512 entries; with the pool
 * empty a table has none and release scans it. Both give back the same.
 */
static void pin_update_unpin(bool with_set)
{
	uint64_t n;

	*pvh_pte(T1, 0) = pvh_leaf(P0, R);
	*pvh_pte(T1, 100) = pvh_leaf(P1, R | W);
	assert_int_equal(PIN1(T1), 0);
	assert_true(ftype_index(&pvh_g->mm.ft, GPA(T1), &n));
	assert_int_equal(ftype_aux(&pvh_g->mm.ft, n) != 0, with_set);
	assert_int_equal(pvh_update(T1, 0, 0), 0);
	assert_int_equal(pvh_update(T1, 511, pvh_leaf(P0, R | W)), 0);
	assert_int_equal(pvh_update(T1, 300, pvh_leaf(P0, R)), 0);
	assert_int_equal(REFS(P0), 2);
	assert_int_equal(TYPE(P1), FTYPE_WRITABLE);
	assert_int_equal(UNPIN(T1), 0);
	assert_int_equal(ftype_aux(&pvh_g->mm.ft, n), 0);
	pvh_assert_all_free();
}

static void test_release_by_valid_set(void **state)
{
	unsigned free_before;

	(void)state;
	free_before = pvh_g->mm.sets_free;
	pin_update_unpin(true);
	assert_int_equal(pvh_g->mm.sets_free, free_before); /* the set went back */
}

static void test_release_without_set(void **state)
{
	(void)state;
	pvh_g->mm.sets_free = 0; /* the pool is spent */
	pin_update_unpin(false);
}

/* The guest's life */

static void test_reboot_forgets_tables(void **state)
{
	struct frame_stats before, after;

	(void)state;
	frame_get_stats(&before);
	pvh_poke_tree();
	assert_int_equal(PIN3(T3), 0);
	assert_int_equal(BASEPTR(T3, 1), 0);
	assert_int_equal(guest_reboot(pvh_g), 0);
	frame_get_stats(&after);
	assert_int_equal(after.total - after.free, before.total - before.free);
	assert_int_equal(pvh_v->pv_root, 0);
	pvh_assert_all_free(); /* fresh frame table, fresh G-stage */
}

#define T(fn) cmocka_unit_test_setup(fn, pvh_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_ftype_counts),
		T(test_guest_has_frame_table),
		T(test_pin_tree),
		T(test_map_ro_and_rw),
		T(test_writable_map_of_table_rejected),
		T(test_table_of_writable_frame_rejected),
		T(test_target_outside_ram),
		T(test_superpage_rejected),
		T(test_bad_pte_bits),
		T(test_update_ptr_checks),
		T(test_pin_unpin_rules),
		T(test_unpin_makes_writable_mappable),
		T(test_new_baseptr),
		T(test_cycles_rejected),
		T(test_validation_undo),
		T(test_replace_entry),
		T(test_release_by_valid_set),
		T(test_release_without_set),
		T(test_reboot_forgets_tables),
	};

	return cmocka_run_group_tests(tests, pvh_group_setup, pvh_group_teardown);
}
