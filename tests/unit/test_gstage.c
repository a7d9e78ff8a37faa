/* SPDX-License-Identifier: MIT */
/*
 * test_gstage.c - host unit tests for the Sv39x4 G-stage tables
 * (hyp/arch/riscv/gstage.c) over the real frame allocator: root creation,
 * map/lookup/unmap, permissions, argument checks, table-frame accounting,
 * destroy, running out of frames half-way, the raw PTE format against
 * the privileged spec, and the remembered last leaf table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <pvabi/errno.h>

#include "hyp/core/frame.h"
#include "hyp/core/gstage.h"

/* Sv39x4 PTE bits (privileged spec, 12.3.1 and 18.5.1). */
#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_G (1ull << 5)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK ((1ull << 44) - 1)
#define PTE_HIGH_MASK (~0ull << 54) /* N, PBMT, reserved: must be zero */

#define ARENA_ALIGN (64 * KiB)
#define ARENA_SIZE (4 * MiB)
#include "tests/unit/arena.h"
/* Frames start 4 KiB past a 64 KiB boundary, so a 16 KiB root must skip. */
#define SKEW PAGE_SIZE

static uint64_t total_frames;

static uint64_t used_frames(void)
{
	struct frame_stats st;

	frame_get_stats(&st);
	return st.total - st.free;
}

static int setup(void **state)
{
	struct frame_stats st;

	(void)state;
	frame_init(HPA((uintptr_t)arena + SKEW), ARENA_SIZE - SKEW);
	frame_get_stats(&st);
	total_frames = st.total;
	return 0;
}

static uint64_t *pte_table(uint64_t pte)
{
	return hpa_ptr(HPA(((pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK) << PAGE_SHIFT));
}

static void test_create(void **state)
{
	struct gstage gs = { 0 };
	const uint64_t *root;

	(void)state;
	assert_int_equal(gstage_create(&gs), 0);
	assert_int_not_equal(gs.root.val, 0);
	assert_true(IS_ALIGNED(gs.root.val, 16 * KiB));
	assert_int_equal(gs.tables, 4);
	assert_int_equal(used_frames(), 4);
	for (int i = 0; i < 4; i++)
		assert_true(frame_is_used(HPA(gs.root.val + i * PAGE_SIZE)));
	root = hpa_ptr(gs.root);
	for (int i = 0; i < 2048; i++)
		assert_int_equal(root[i], 0);
	assert_false(gstage_lookup(&gs, GPA(0), NULL, NULL));
	assert_false(gstage_lookup(&gs, GPA(0x80000000), NULL, NULL));
	gstage_destroy(&gs);
	assert_int_equal(gs.root.val, 0);
	assert_int_equal(used_frames(), 0);
}

static void test_map_lookup_unmap(void **state)
{
	struct gstage gs = { 0 };
	hpa_t h;
	unsigned perm;

	(void)state;
	assert_int_equal(gstage_create(&gs), 0);
	assert_int_equal(
	    gstage_map(&gs, GPA(0x80000000), HPA(0x123450000), 3 * PAGE_SIZE, GSTAGE_RWX), 0);
	for (uint64_t off = 0; off < 3 * PAGE_SIZE; off += PAGE_SIZE) {
		assert_true(gstage_lookup(&gs, GPA(0x80000000 + off), &h, &perm));
		assert_int_equal(h.val, 0x123450000 + off);
		assert_int_equal(perm, GSTAGE_RWX);
	}
	/* The page offset carries over; neighbours are unmapped. */
	assert_true(gstage_lookup(&gs, GPA(0x80001abc), &h, NULL));
	assert_int_equal(h.val, 0x123451abc);
	assert_false(gstage_lookup(&gs, GPA(0x80000000 - PAGE_SIZE), &h, NULL));
	assert_false(gstage_lookup(&gs, GPA(0x80003000), &h, NULL));
	assert_false(gstage_lookup(&gs, GPA(GSTAGE_GPA_LIMIT), &h, NULL));
	assert_false(gstage_lookup(&gs, GPA(GSTAGE_GPA_LIMIT + 0x80000000), &h, NULL));

	/* Unmap the middle page only. */
	gstage_unmap(&gs, GPA(0x80001000), PAGE_SIZE);
	assert_true(gstage_lookup(&gs, GPA(0x80000000), NULL, NULL));
	assert_false(gstage_lookup(&gs, GPA(0x80001000), NULL, NULL));
	assert_true(gstage_lookup(&gs, GPA(0x80002000), NULL, NULL));

	/* Remapping replaces the old translation and permissions. */
	assert_int_equal(gstage_map(&gs, GPA(0x80000000), HPA(0x777000), PAGE_SIZE, GSTAGE_R), 0);
	assert_true(gstage_lookup(&gs, GPA(0x80000000), &h, &perm));
	assert_int_equal(h.val, 0x777000);
	assert_int_equal(perm, GSTAGE_R);

	/* Unmapping what was never mapped skips it and allocates nothing. */
	gstage_unmap(&gs, GPA(0x40000000), 4 * MiB);
	gstage_unmap(&gs, GPA(0x80000000), 4 * MiB);
	assert_int_equal(gs.tables, 6);
	assert_false(gstage_lookup(&gs, GPA(0x80000000), NULL, NULL));
	assert_false(gstage_lookup(&gs, GPA(0x80002000), NULL, NULL));
	gstage_destroy(&gs);
	assert_int_equal(used_frames(), 0);
}

static void test_perms(void **state)
{
	static const unsigned perms[] = {
		GSTAGE_R,
		GSTAGE_R | GSTAGE_W,
		GSTAGE_R | GSTAGE_X,
		GSTAGE_RWX,
	};
	struct gstage gs = { 0 };
	unsigned perm;

	(void)state;
	assert_int_equal(gstage_create(&gs), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(perms); i++)
		assert_int_equal(gstage_map(&gs, GPA(i * PAGE_SIZE), HPA(0x100000 + i * PAGE_SIZE),
					    PAGE_SIZE, perms[i]),
				 0);
	for (unsigned i = 0; i < ARRAY_SIZE(perms); i++) {
		assert_true(gstage_lookup(&gs, GPA(i * PAGE_SIZE), NULL, &perm));
		assert_int_equal(perm, perms[i]);
	}
	gstage_destroy(&gs);
}

/* gstage_protect changes a mapped page's permissions only, never its frame. */
static void test_protect(void **state)
{
	struct gstage gs = { 0 };
	unsigned perm;
	hpa_t h;

	(void)state;
	assert_int_equal(gstage_create(&gs), 0);
	assert_int_equal(gstage_map(&gs, GPA(0x80001000), HPA(0x345000), PAGE_SIZE, GSTAGE_RWX), 0);
	assert_true(gstage_protect(&gs, GPA(0x80001000), GSTAGE_R | GSTAGE_X));
	assert_true(gstage_lookup(&gs, GPA(0x80001008), &h, &perm));
	assert_int_equal(perm, GSTAGE_R | GSTAGE_X);
	assert_int_equal(h.val, 0x345008);
	assert_true(gstage_protect(&gs, GPA(0x80001000), GSTAGE_RWX));
	assert_true(gstage_lookup(&gs, GPA(0x80001000), NULL, &perm));
	assert_int_equal(perm, GSTAGE_RWX);
	/* Not mapped, beyond the limit, or without R: refused, nothing mapped. */
	assert_false(gstage_protect(&gs, GPA(0x80002000), GSTAGE_RWX));
	assert_false(gstage_lookup(&gs, GPA(0x80002000), NULL, NULL));
	assert_false(gstage_protect(&gs, GPA(GSTAGE_GPA_LIMIT), GSTAGE_RWX));
	assert_false(gstage_protect(&gs, GPA(0x80001000), GSTAGE_W));
	assert_true(gstage_lookup(&gs, GPA(0x80001000), NULL, &perm));
	assert_int_equal(perm, GSTAGE_RWX);
	gstage_destroy(&gs);
}

static void test_invalid(void **state)
{
	static const struct {
		uint64_t gpa, hpa, size;
		unsigned perm;
	} bad[] = {
		{ 0x80000001, 0x100000, PAGE_SIZE, GSTAGE_RWX },     /* gpa unaligned */
		{ 0x80000000, 0x100800, PAGE_SIZE, GSTAGE_RWX },     /* hpa unaligned */
		{ 0x80000000, 0x100000, PAGE_SIZE + 8, GSTAGE_RWX }, /* size unaligned */
		{ 0x80000000, 0x100000, 0, GSTAGE_RWX },	     /* empty */
		{ GSTAGE_GPA_LIMIT, 0x100000, PAGE_SIZE, GSTAGE_R }, /* gpa too high */
		{ 3 * GSTAGE_GPA_LIMIT, 0x100000, PAGE_SIZE, GSTAGE_R },
		{ ~PAGE_MASK, 0x100000, PAGE_SIZE, GSTAGE_R },
		{ GSTAGE_GPA_LIMIT - PAGE_SIZE, 0x100000, 2 * PAGE_SIZE,
		  GSTAGE_R }, /* ends too high */
		{ GSTAGE_GPA_LIMIT - PAGE_SIZE, 0x100000, ~PAGE_MASK, GSTAGE_R }, /* wraps */
		{ 0x80000000, 0x100000, PAGE_SIZE, 0 },				  /* no access */
		{ 0x80000000, 0x100000, PAGE_SIZE, GSTAGE_W }, /* write, no read */
		{ 0x80000000, 0x100000, PAGE_SIZE, GSTAGE_X }, /* execute only */
		{ 0x80000000, 0x100000, PAGE_SIZE, GSTAGE_W | GSTAGE_X },
		{ 0x80000000, 0x100000, PAGE_SIZE, GSTAGE_RWX | 8 }, /* unknown bit */
	};
	struct gstage gs = { 0 };

	(void)state;
	assert_int_equal(gstage_create(&gs), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(
		    gstage_map(&gs, GPA(bad[i].gpa), HPA(bad[i].hpa), bad[i].size, bad[i].perm),
		    -PVABI_EINVAL);
		assert_false(gstage_lookup(&gs, GPA(bad[i].gpa & ~PAGE_MASK), NULL, NULL));
	}
	/* Nothing was allocated for the rejected calls. */
	assert_int_equal(gs.tables, 4);
	assert_int_equal(used_frames(), 4);

	/* The very last page below the limit is fine. */
	assert_int_equal(
	    gstage_map(&gs, GPA(GSTAGE_GPA_LIMIT - PAGE_SIZE), HPA(0x100000), PAGE_SIZE, GSTAGE_R),
	    0);
	assert_true(gstage_lookup(&gs, GPA(GSTAGE_GPA_LIMIT - 1), NULL, NULL));
	gstage_destroy(&gs);
}

static void test_table_count(void **state)
{
	struct gstage gs = { 0 };

	(void)state;
	assert_int_equal(gstage_create(&gs), 0);
	/* A first page needs a level-1 and a level-0 table. */
	assert_int_equal(gstage_map(&gs, GPA(0x80000000), HPA(0x100000), PAGE_SIZE, GSTAGE_RWX), 0);
	assert_int_equal(gs.tables, 6);
	/* Same 2 MiB: no new table. */
	assert_int_equal(gstage_map(&gs, GPA(0x801ff000), HPA(0x100000), PAGE_SIZE, GSTAGE_RWX), 0);
	assert_int_equal(gs.tables, 6);
	/* Next 2 MiB of the same 1 GiB: one level-0 table. */
	assert_int_equal(gstage_map(&gs, GPA(0x80200000), HPA(0x100000), PAGE_SIZE, GSTAGE_RWX), 0);
	assert_int_equal(gs.tables, 7);
	/* Another 1 GiB: two. */
	assert_int_equal(gstage_map(&gs, GPA(0x1c0000000), HPA(0x100000), PAGE_SIZE, GSTAGE_RWX),
			 0);
	assert_int_equal(gs.tables, 9);
	/* 8 MiB over one used and three fresh 2 MiB slots: three level-0. */
	assert_int_equal(gstage_map(&gs, GPA(0x80200000), HPA(0x40000000), 8 * MiB, GSTAGE_RWX), 0);
	assert_int_equal(gs.tables, 12);
	assert_int_equal(used_frames(), gs.tables);

	gstage_destroy(&gs);
	assert_int_equal(gs.root.val, 0);
	assert_int_equal(gs.tables, 0);
	assert_int_equal(used_frames(), 0);
	assert_false(gstage_lookup(&gs, GPA(0x80000000), NULL, NULL));
	gstage_destroy(&gs); /* a second destroy does nothing */
	assert_int_equal(used_frames(), 0);
}

static void test_destroy_returns_frames(void **state)
{
	struct gstage a = { 0 }, b = { 0 };
	struct frame_stats st;

	(void)state;
	assert_int_equal(gstage_create(&a), 0);
	assert_int_equal(gstage_create(&b), 0);
	/* Scatter mappings over many 1 GiB and 2 MiB slots. */
	for (uint64_t i = 0; i < 40; i++) {
		uint64_t gpa = ((i * 0x3300000ull * 37) % GSTAGE_GPA_LIMIT) & ~PAGE_MASK;

		assert_int_equal(
		    gstage_map(&a, GPA(gpa), HPA(0x200000), 2 * PAGE_SIZE, GSTAGE_R | GSTAGE_W), 0);
	}
	assert_int_equal(gstage_map(&b, GPA(0x80000000), HPA(0x80000000), 16 * MiB, GSTAGE_RWX), 0);
	assert_true(a.tables > 40);
	assert_int_equal(b.tables, 4 + 1 + 8);
	assert_int_equal(used_frames(), a.tables + b.tables);

	gstage_destroy(&a);
	assert_int_equal(used_frames(), b.tables);
	assert_true(gstage_lookup(&b, GPA(0x80fff000), NULL, NULL));
	gstage_destroy(&b);
	frame_get_stats(&st);
	assert_int_equal(st.free, total_frames);
}

static void test_out_of_memory(void **state)
{
	struct gstage gs = { 0 };
	uint64_t base = (uintptr_t)arena;

	(void)state;
	/* Three frames cannot hold a 16 KiB root. */
	frame_init(HPA(base), 3 * PAGE_SIZE);
	assert_int_equal(gstage_create(&gs), -PVABI_ENOMEM);
	assert_int_equal(gs.root.val, 0);

	/* Five: a root and one table, but a first mapping needs two. */
	frame_init(HPA(base), 5 * PAGE_SIZE);
	assert_int_equal(gstage_create(&gs), 0);
	assert_int_equal(gstage_map(&gs, GPA(0x80000000), HPA(0x100000), PAGE_SIZE, GSTAGE_RWX),
			 -PVABI_ENOMEM);
	assert_false(gstage_lookup(&gs, GPA(0x80000000), NULL, NULL));
	assert_int_equal(used_frames(), gs.tables);
	gstage_destroy(&gs);
	assert_int_equal(used_frames(), 0);
}

/*
 * A mapping that runs out of table frames half-way maps nothing anew, so
 * that its caller may free the whole range (the tables it took stay,
 * counted, until destroy): for every allocation it makes, failing there
 * once and from there on. 4 MiB across a 1 GiB boundary takes two L1 and
 * two L0 tables.
 */
static void test_map_fails_whole(void **state)
{
	const uint64_t gpa = 0x80000000 - 2 * MiB, size = 4 * MiB, hpa = 0x40000000;
	uint64_t tables = 0;

	(void)state;
	for (uint64_t n = 1; n <= 5; n++) {
		for (int after = 0; after < 2; after++) {
			struct gstage gs = { 0 };
			int err;

			assert_int_equal(gstage_create(&gs), 0);
			frame_test.fail_at = frame_test.allocs + n;
			frame_test.fail_after = after;
			err = gstage_map(&gs, GPA(gpa), HPA(hpa), size, GSTAGE_RWX);
			frame_test.fail_at = 0;
			assert_int_equal(err, n <= 4 ? -PVABI_ENOMEM : 0);
			for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
				hpa_t h;

				assert_int_equal(gstage_lookup(&gs, GPA(gpa + off), &h, NULL),
						 !err);
				if (!err)
					assert_int_equal(h.val, hpa + off);
			}
			assert_int_equal(used_frames(), gs.tables);
			tables = gs.tables;
			gstage_destroy(&gs);
			assert_int_equal(used_frames(), 0);
		}
	}
	assert_int_equal(tables, 4 + 4);
	assert_int_equal(frame_test.bad_frees, 0);
}

/*
 * Walks remember the last leaf table reached: lookups that alternate between
 * 2 MiB regions, and between two guests' tables, see each one's own
 * mappings, and a destroyed and recreated table forgets the old ones.
 */
static void test_last_leaf_table(void **state)
{
	struct gstage a = { 0 }, b = { 0 };
	const uint64_t lo = 0x801ff000, hi = 0x80200000; /* either side of 2 MiB */
	hpa_t h;

	(void)state;
	assert_int_equal(gstage_create(&a), 0);
	assert_int_equal(gstage_create(&b), 0);
	assert_int_equal(gstage_map(&a, GPA(lo), HPA(0x100000000), PAGE_SIZE, GSTAGE_RWX), 0);
	assert_int_equal(gstage_map(&a, GPA(hi), HPA(0x200000000), PAGE_SIZE, GSTAGE_RWX), 0);
	assert_int_equal(gstage_map(&b, GPA(hi), HPA(0x300000000), PAGE_SIZE, GSTAGE_RWX), 0);
	for (int i = 0; i < 3; i++) {
		assert_true(gstage_lookup(&a, GPA(lo), &h, NULL));
		assert_int_equal(h.val, 0x100000000);
		assert_true(gstage_lookup(&b, GPA(hi), &h, NULL));
		assert_int_equal(h.val, 0x300000000);
		assert_false(gstage_lookup(&b, GPA(lo), NULL, NULL));
		assert_true(gstage_lookup(&a, GPA(hi), &h, NULL));
		assert_int_equal(h.val, 0x200000000);
	}
	gstage_unmap(&a, GPA(hi), PAGE_SIZE);
	assert_false(gstage_lookup(&a, GPA(hi), NULL, NULL));
	assert_true(gstage_lookup(&a, GPA(lo), NULL, NULL));
	/* The freed tables still hold the old entries: none may be found. */
	gstage_destroy(&a);
	assert_int_equal(gstage_create(&a), 0);
	assert_false(gstage_lookup(&a, GPA(lo), NULL, NULL));
	assert_false(gstage_lookup(&a, GPA(hi), NULL, NULL));
	gstage_unmap(&a, GPA(lo), PAGE_SIZE);
	gstage_destroy(&a);
	gstage_destroy(&b);
	assert_int_equal(used_frames(), 0);
}

/* Follow a non-leaf PTE after checking its format. */
static uint64_t *next_level(uint64_t pte)
{
	assert_true(pte & PTE_V);
	/* Non-leaf: R = W = X = 0; U, A, D reserved (zero); high bits zero. */
	assert_int_equal(pte & (PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D), 0);
	assert_int_equal(pte & PTE_HIGH_MASK, 0);
	assert_true(frame_is_used(HPA((uintptr_t)pte_table(pte))));
	return pte_table(pte);
}

static void check_leaf(uint64_t pte, uint64_t hpa, unsigned perm)
{
	uint64_t want = PTE_V | PTE_U | PTE_A;

	if (perm & GSTAGE_R)
		want |= PTE_R;
	if (perm & GSTAGE_W)
		want |= PTE_W | PTE_D;
	if (perm & GSTAGE_X)
		want |= PTE_X;
	/* D may be set ahead on a read-only page; nothing else may differ. */
	assert_int_equal(pte & ~(PTE_D | (PTE_PPN_MASK << PTE_PPN_SHIFT)), want & ~PTE_D);
	if (perm & GSTAGE_W)
		assert_true(pte & PTE_D);
	assert_int_equal((pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK, hpa >> PAGE_SHIFT);
	assert_int_equal(pte & PTE_G, 0);
}

static void test_raw_pte_format(void **state)
{
	const uint64_t gpa = (5ull << 30) | (3ull << 21) | (7ull << 12);
	const uint64_t high = (1ull << 40) | (0x2a5ull << 30) | (0x1ffull << 21) | (0x100ull << 12);
	const uint64_t top = GSTAGE_GPA_LIMIT - PAGE_SIZE;
	const uint64_t big_hpa = (1ull << 55) | 0x87654000ull; /* uses the top PPN bit */
	struct gstage gs = { 0 };
	uint64_t *root, *l1, *l0;
	hpa_t h;

	(void)state;
	assert_int_equal(gstage_create(&gs), 0);
	root = hpa_ptr(gs.root);

	assert_int_equal(gstage_map(&gs, GPA(gpa), HPA(0x87654000), PAGE_SIZE, GSTAGE_RWX), 0);
	l1 = next_level(root[5]);
	l0 = next_level(l1[3]);
	check_leaf(l0[7], 0x87654000, GSTAGE_RWX);
	assert_int_equal(l0[7], (0x87654ull << 10) | 0xdf); /* V R W X U A D */
	for (int i = 0; i < 512; i++) {
		if (i != 3)
			assert_int_equal(l1[i], 0);
		if (i != 7)
			assert_int_equal(l0[i], 0);
	}

	/* Read-only and read-execute leaves. */
	assert_int_equal(gstage_map(&gs, GPA(gpa + PAGE_SIZE), HPA(0x1000), PAGE_SIZE, GSTAGE_R),
			 0);
	check_leaf(l0[8], 0x1000, GSTAGE_R);
	assert_int_equal(
	    gstage_map(&gs, GPA(gpa + 2 * PAGE_SIZE), HPA(0x2000), PAGE_SIZE, GSTAGE_R | GSTAGE_X),
	    0);
	check_leaf(l0[9], 0x2000, GSTAGE_R | GSTAGE_X);

	/* The root index is GPA bits 40:30, all 11 of them. */
	assert_int_equal(gstage_map(&gs, GPA(high), HPA(big_hpa), PAGE_SIZE, GSTAGE_R | GSTAGE_W),
			 0);
	l1 = next_level(root[0x400 | 0x2a5]);
	l0 = next_level(l1[0x1ff]);
	check_leaf(l0[0x100], big_hpa, GSTAGE_R | GSTAGE_W);
	assert_true(gstage_lookup(&gs, GPA(high + 0x10), &h, NULL));
	assert_int_equal(h.val, big_hpa + 0x10);

	assert_int_equal(gstage_map(&gs, GPA(top), HPA(0x3000), PAGE_SIZE, GSTAGE_R), 0);
	l1 = next_level(root[2047]);
	l0 = next_level(l1[511]);
	check_leaf(l0[511], 0x3000, GSTAGE_R);

	for (int i = 0; i < 2048; i++)
		if (i != 5 && i != 0x6a5 && i != 2047)
			assert_int_equal(root[i], 0);
	gstage_destroy(&gs);
	assert_int_equal(used_frames(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_create, setup),
		cmocka_unit_test_setup(test_map_lookup_unmap, setup),
		cmocka_unit_test_setup(test_perms, setup),
		cmocka_unit_test_setup(test_protect, setup),
		cmocka_unit_test_setup(test_invalid, setup),
		cmocka_unit_test_setup(test_table_count, setup),
		cmocka_unit_test_setup(test_destroy_returns_frames, setup),
		cmocka_unit_test_setup(test_out_of_memory, setup),
		cmocka_unit_test_setup(test_map_fails_whole, setup),
		cmocka_unit_test_setup(test_raw_pte_format, setup),
		cmocka_unit_test_setup(test_last_leaf_table, setup),
	};

	return cmocka_run_group_tests(tests, arena_setup, arena_teardown);
}
