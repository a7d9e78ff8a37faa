/* SPDX-License-Identifier: MIT */
/*
 * test_memop.c - host unit tests of memory_op (hyp/pv/hcall_memory.c) on
 * the real page-type, G-stage and frame code: giving pages back and what
 * refuses it, populating them again with zeroed frames, zeroing in place, the batch rules,
 * the start and shared info pages, and a reboot after holes were made.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hyp/core/frame.h"
#include "hyp/pv/hcall.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/pv_harness.h"

#define SI GUEST_START_INFO_GPA
#define SH GUEST_SHARED_INFO_GPA

/* memory_op(cmd) on the pages listed, copied into the guest buffer. */
static int64_t memop(uint64_t cmd, const uint64_t *pages, unsigned n, uint64_t *done)
{
	const uint64_t args[5] = { cmd, PVH_BUF_GVA, n, 0, 0 };

	if (n)
		memcpy(pvh_buf, pages, n * sizeof(*pages));
	return hcall_dispatch(pvh_v, PVABI_HC_memory_op, args, done);
}

static int64_t give1(uint64_t gpa)
{
	uint64_t done = 99;
	int64_t err = memop(PVABI_MEMOP_decrease_reservation, &gpa, 1, &done);

	assert_int_equal(done, err ? 0 : 1);
	return err;
}

static int64_t pop1(uint64_t gpa)
{
	uint64_t done = 99;
	int64_t err = memop(PVABI_MEMOP_populate_physmap, &gpa, 1, &done);

	assert_int_equal(done, err ? 0 : 1);
	return err;
}

static uint64_t reservation(void)
{
	uint64_t value = 0;

	assert_int_equal(memop(PVABI_MEMOP_current_reservation, NULL, 0, &value), 0);
	return value;
}

static bool mapped(uint64_t gpa, hpa_t *h)
{
	return gstage_lookup(&pvh_g->gs, GPA(gpa), h, NULL);
}

static void test_give_back_and_populate(void **state)
{
	struct frame_stats st;
	unsigned flushes = fake.gstage_flush_calls;
	hpa_t h, h2;

	(void)state;
	assert_int_equal(reservation(), PVH_RAM_FRAMES);
	assert_true(mapped(P0, &h));
	memset(hpa_ptr(h), 0xa5, PAGE_SIZE);

	assert_int_equal(give1(P0), 0);
	assert_false(mapped(P0, NULL));
	assert_false(frame_is_used(h)); /* back in the allocator ... */
	frame_get_stats(&st);
	assert_true(st.dirty > 0); /* ... dirty, for the idle loop to scrub */
	assert_true(fake.gstage_flush_calls > flushes);
	assert_int_equal(reservation(), PVH_RAM_FRAMES - 1);
	assert_int_equal(pvh_g->stats.frames_returned, 1);
	assert_int_equal(give1(P0), -PVABI_ENOENT);

	/* Populated again: mapped RWX, all zero, whatever frame it got. */
	assert_int_equal(pop1(P0), 0);
	assert_true(mapped(P0, &h2));
	assert_int_equal(pvh_perm(P0), GSTAGE_RWX);
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		assert_int_equal(((uint8_t *)hpa_ptr(h2))[i], 0);
	assert_int_equal(reservation(), PVH_RAM_FRAMES);
	assert_int_equal(pop1(P0), -PVABI_EEXIST);
	assert_int_equal(pop1(SI), -PVABI_EEXIST);
	pvh_assert_all_free();
}

static int64_t zero1(uint64_t gpa)
{
	uint64_t done = 99;
	int64_t err = memop(PVABI_MEMOP_zero_in_place, &gpa, 1, &done);

	assert_int_equal(done, err ? 0 : 1);
	return err;
}

/* P0 filled, zeroed in place: mapped RWX and all zero, its references as they were. */
static hpa_t zero_p0(void)
{
	hpa_t h;

	assert_true(mapped(P0, &h));
	memset(hpa_ptr(h), 0xa5, PAGE_SIZE);
	assert_int_equal(zero1(P0), 0);
	assert_true(mapped(P0, &h));
	assert_int_equal(pvh_perm(P0), GSTAGE_RWX);
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		assert_int_equal(((uint8_t *)hpa_ptr(h))[i], 0);
	assert_int_equal(TYPE(P0), FTYPE_WRITABLE);
	assert_int_equal(reservation(), PVH_RAM_FRAMES);
	return h;
}

/*
 * zero_in_place: the page reads zero and stays mapped, its references stay
 * (a writable-mapped page may be zeroed). With no scrubbed frame free its
 * own frame is zeroed; with one, that one goes behind it and the old one
 * back dirty. A page table, a page given back and the info pages may not.
 */
static void test_zero_in_place(void **state)
{
	uint64_t done = 99, scrubbed = pvh_g->stats.frames_scrubbed;
	struct frame_stats st;
	hpa_t h, h2;

	(void)state;
	assert_int_equal(memop(PVABI_MEMOP_zero_in_place, NULL, 0, &done), 0); /* the probe */
	assert_int_equal(done, 0);
	pvh_poke_tree();
	assert_int_equal(PIN3(T3), 0); /* P0 mapped writable, P1 read-only, by T1 */
	assert_true(mapped(P0, &h));
	/* Every free frame is dirty in a fresh arena: zeroed where it is. */
	assert_int_equal(zero_p0().val, h.val);
	assert_int_equal(pvh_g->stats.frames_scrubbed, scrubbed + 1);
	/* Once the idle loop scrubbed, a scrubbed frame takes its place. */
	frame_scrub(UINT64_MAX);
	h2 = zero_p0();
	assert_true(h2.val != h.val);
	assert_false(frame_is_used(h)); /* back in the allocator, to be scrubbed */
	frame_get_stats(&st);
	assert_int_equal(st.dirty, 1);
	assert_int_equal(pvh_g->stats.frames_scrubbed, scrubbed + 1);
	assert_int_equal(zero1(P1), 0);
	/* Refused: a page table, the info pages, outside RAM, a page given back. */
	assert_int_equal(zero1(T1), -PVABI_EBUSY);
	assert_int_equal(zero1(T3), -PVABI_EBUSY);
	assert_int_equal(pvh_perm(T1), GSTAGE_R | GSTAGE_X);
	assert_int_equal(zero1(SI), -PVABI_EPERM);
	assert_int_equal(zero1(SH), -PVABI_EPERM);
	assert_int_equal(zero1(RAM_END), -PVABI_EINVAL);
	assert_int_equal(UNPIN(T3), 0);
	assert_int_equal(give1(P1), 0);
	assert_int_equal(zero1(P1), -PVABI_ENOENT);
	assert_int_equal(pop1(P1), 0);
	pvh_assert_all_free();
}

static void test_populate_scrubs_only_when_needed(void **state)
{
	uint64_t given = pvh_g->stats.frames_given, scrubbed = pvh_g->stats.frames_scrubbed;
	struct frame_stats st;
	hpa_t h;

	(void)state;
	/* Every free frame is dirty in a fresh arena: one is zeroed on demand. */
	assert_true(mapped(P0, &h));
	memset(hpa_ptr(h), 0x5a, PAGE_SIZE);
	assert_int_equal(give1(P0), 0);
	assert_int_equal(pop1(P0), 0);
	assert_int_equal(pvh_g->stats.frames_given, given + 1);
	assert_int_equal(pvh_g->stats.frames_scrubbed, scrubbed + 1);

	/* Once the idle loop scrubbed everything, populating zeroes nothing. */
	assert_int_equal(give1(P1), 0);
	frame_scrub(UINT64_MAX);
	frame_get_stats(&st);
	assert_int_equal(st.dirty, 0);
	assert_int_equal(pop1(P1), 0);
	frame_get_stats(&st);
	assert_int_equal(st.dirty, 0);
	assert_int_equal(pvh_g->stats.frames_scrubbed, scrubbed + 1);
	assert_true(mapped(P1, &h));
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		assert_int_equal(((uint8_t *)hpa_ptr(h))[i], 0);
}

static void test_referenced_pages_stay(void **state)
{
	(void)state;
	pvh_poke_tree();
	assert_int_equal(PIN3(T3), 0);
	/* Mapped by a PTE (writable or not), or a page table: busy. */
	assert_int_equal(give1(P0), -PVABI_EBUSY);
	assert_int_equal(give1(P1), -PVABI_EBUSY);
	assert_int_equal(give1(T1), -PVABI_EBUSY);
	assert_int_equal(give1(T3), -PVABI_EBUSY);
	assert_true(mapped(P0, NULL) && mapped(T1, NULL));
	/* Unmapped and unpinned, they can go. */
	assert_int_equal(pvh_update(T1, 0, 0), 0);
	assert_int_equal(give1(P0), 0);
	assert_int_equal(UNPIN(T3), 0);
	assert_int_equal(give1(T1), 0);
	assert_int_equal(give1(P1), 0);
}

static void test_given_back_cannot_be_referenced(void **state)
{
	(void)state;
	assert_int_equal(give1(P0), 0);
	assert_int_equal(give1(T1), 0);
	/* Neither pinned, nor named by a non-leaf or a leaf PTE: it is not the guest's. */
	assert_int_equal(PIN1(T1), -PVABI_EPERM);
	assert_int_equal(PIN2(T2), 0);
	assert_int_equal(pvh_update(T2, 0, pvh_nonleaf(T1)), -PVABI_EPERM);
	*pvh_pte(F(20), 0) = pvh_leaf(P0, R | A);
	assert_int_equal(PIN1(F(20)), -PVABI_EPERM);
	assert_int_equal(REFS(P0), 0);
	/* Populated again, it is ordinary memory. */
	assert_int_equal(pop1(T1), 0);
	assert_int_equal(pvh_update(T2, 0, pvh_nonleaf(T1)), 0);
	assert_int_equal(TYPE(T1), FTYPE_L1);
}

static void test_info_pages_are_protected(void **state)
{
	(void)state;
	assert_int_equal(give1(SI), -PVABI_EPERM);
	assert_int_equal(give1(SH), -PVABI_EPERM);
	/* They can never become page tables ... */
	assert_int_equal(PIN1(SI), -PVABI_EBUSY);
	assert_int_equal(PIN3(SH), -PVABI_EBUSY);
	assert_int_equal(PIN1(T1), 0);
	assert_int_equal(pvh_update(T2, 0, pvh_nonleaf(SH)), -PVABI_EINVAL);
	assert_int_equal(PIN2(T2), 0);
	assert_int_equal(pvh_update(T2, 1, pvh_nonleaf(SH)), -PVABI_EBUSY);
	/* ... but the guest may map them, writable too. */
	assert_int_equal(pvh_update(T1, 0, pvh_leaf(SH, R | W)), 0);
	assert_int_equal(pvh_update(T1, 1, pvh_leaf(SI, R)), 0);
	assert_int_equal(REFS(SH), 2);
	assert_int_equal(pvh_update(T1, 0, 0), 0);
	assert_int_equal(pvh_update(T1, 1, 0), 0);
	assert_int_equal(REFS(SH), 1);
	assert_int_equal(TYPE(SH), FTYPE_WRITABLE);
}

static void test_bad_arguments(void **state)
{
	static const uint64_t bad[] = { P0 + 8, GUEST_RAM_BASE - PAGE_SIZE, RAM_END, 0,
					UINT64_MAX & ~PAGE_MASK };
	uint64_t pages[PVABI_MEMOP_BATCH_MAX + 1];
	const uint64_t fault[5] = { PVABI_MEMOP_decrease_reservation, 0x1000, 1, 0, 0 };
	const uint64_t unknown[5] = { 2, PVH_BUF_GVA, 0, 0, 0 };
	uint64_t done = 99;

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(give1(bad[i]), -PVABI_EINVAL);
		assert_int_equal(pop1(bad[i]), -PVABI_EINVAL);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(pages); i++)
		pages[i] = F(100 + i);
	assert_int_equal(memop(PVABI_MEMOP_decrease_reservation, pages, ARRAY_SIZE(pages), &done),
			 -PVABI_E2BIG);
	assert_int_equal(done, 0);
	assert_true(mapped(F(100), NULL));
	assert_int_equal(hcall_dispatch(pvh_v, PVABI_HC_memory_op, fault, &done), -PVABI_EFAULT);
	assert_int_equal(done, 0);
	assert_int_equal(hcall_dispatch(pvh_v, PVABI_HC_memory_op, unknown, &done), -PVABI_ENOSYS);

	/* The whole limit in one call, then the first failure stops a batch. */
	assert_int_equal(
	    memop(PVABI_MEMOP_decrease_reservation, pages, PVABI_MEMOP_BATCH_MAX, &done), 0);
	assert_int_equal(done, PVABI_MEMOP_BATCH_MAX);
	assert_int_equal(reservation(), PVH_RAM_FRAMES - PVABI_MEMOP_BATCH_MAX);
	pages[40] = SH;
	assert_int_equal(memop(PVABI_MEMOP_populate_physmap, pages, 64, &done), -PVABI_EEXIST);
	assert_int_equal(done, 40);
	assert_true(mapped(F(139), NULL));
	assert_false(mapped(F(141), NULL));
	/* A list running off the end of guest memory: the pages before it are done. */
	memcpy(&pvh_buf[PVH_BUF_SIZE - 16], &pages[41], 16);
	{
		const uint64_t tail[5] = { PVABI_MEMOP_populate_physmap,
					   PVH_BUF_GVA + PVH_BUF_SIZE - 16, 40, 0, 0 };

		assert_int_equal(hcall_dispatch(pvh_v, PVABI_HC_memory_op, tail, &done),
				 -PVABI_EFAULT);
		assert_int_equal(done, 0); /* the first chunk of 32 did not read */
	}
}

static void test_reboot_frees_each_frame_once(void **state)
{
	struct frame_stats before, after;
	uint64_t pages[3] = { P0, P1, F(200) };
	uint64_t done;

	(void)state;
	frame_get_stats(&before);
	assert_int_equal(memop(PVABI_MEMOP_decrease_reservation, pages, 3, &done), 0);
	frame_get_stats(&after);
	assert_int_equal(after.free, before.free + 3);
	assert_int_equal(guest_reboot(pvh_g), 0);
	frame_get_stats(&after);
	assert_int_equal(after.total - after.free, before.total - before.free);
	assert_int_equal(reservation(), PVH_RAM_FRAMES);
	pvh_assert_all_free();
}

#define T(fn) cmocka_unit_test_setup(fn, pvh_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_give_back_and_populate),
		T(test_populate_scrubs_only_when_needed),
		T(test_zero_in_place),
		T(test_referenced_pages_stay),
		T(test_given_back_cannot_be_referenced),
		T(test_info_pages_are_protected),
		T(test_bad_arguments),
		T(test_reboot_frees_each_frame_once),
	};

	return cmocka_run_group_tests(tests, pvh_group_setup, pvh_group_teardown);
}
