/* SPDX-License-Identifier: MIT */
/*
 * test_frame.c - host unit tests for the frame allocator (hyp/core/frame.c):
 * init over an unaligned arena, single, contiguous and aligned allocations,
 * exhaustion and fragmentation, zeroing of reused frames, reserve, scrub,
 * the free/dirty counters, scrubbed frames preferred over dirty ones across
 * many bitmap words, double frees, the failures tests inject, and a
 * randomized run against a simple model of which frames are in use.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hyp/core/frame.h"

#define ARENA_ALIGN (64 * KiB)
#define ARENA_SIZE (16 * MiB + ARENA_ALIGN)
#include "tests/unit/arena.h"

/* The arena is 64 KiB aligned; frames start one page in, 8 KiB mod 16 KiB. */
#define ODD_OFFSET 0x1123
#define FIRST_FRAME 0x2000
#define BIG_FRAMES ((16 * MiB + ODD_OFFSET) / PAGE_SIZE - FIRST_FRAME / PAGE_SIZE)

static uint64_t arena_at(uint64_t off)
{
	return (uint64_t)(uintptr_t)arena + off;
}

static hpa_t frame_at(uint64_t i)
{
	return HPA(arena_at(FIRST_FRAME) + i * PAGE_SIZE);
}

static bool all_bytes(const void *p, uint8_t v, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != v)
			return false;
	return true;
}

static struct frame_stats stats(void)
{
	struct frame_stats st;

	frame_get_stats(&st);
	return st;
}

/* 16 MiB at an odd offset into the arena, which holds old data. */
static int setup_big(void **state)
{
	(void)state;
	memset(arena, 0xa5, ARENA_SIZE);
	frame_init(HPA(arena_at(ODD_OFFSET)), 16 * MiB);
	return 0;
}

/* Just eight frames, starting at FIRST_FRAME. */
static int setup_small(void **state)
{
	(void)state;
	memset(arena, 0xa5, ARENA_SIZE);
	frame_init(frame_at(0), 8 * PAGE_SIZE);
	return 0;
}

static void test_init_unaligned(void **state)
{
	struct frame_stats st = stats();
	hpa_t a;

	(void)state;
	/* Only whole frames inside [base, base + size) are managed. */
	assert_int_equal(st.total, BIG_FRAMES);
	assert_int_equal(st.free, BIG_FRAMES);
	assert_int_equal(st.dirty, BIG_FRAMES);
	assert_int_equal(st.scrubbed_bytes, 0);

	assert_true(frame_alloc(1, PAGE_SIZE, &a));
	assert_int_equal(a.val, frame_at(0).val);
	assert_true(frame_is_used(a));
	assert_false(frame_is_used(HPA(a.val - PAGE_SIZE)));
	assert_false(frame_is_used(HPA(arena_at(0))));
	assert_false(frame_is_used(frame_at(BIG_FRAMES)));
}

static void test_init_clips(void **state)
{
	hpa_t a;

	(void)state;
	/* Less than one whole frame: nothing to hand out. */
	frame_init(HPA(arena_at(1)), PAGE_SIZE);
	assert_int_equal(stats().total, 0);
	assert_false(frame_alloc(1, PAGE_SIZE, &a));

	/* More than FRAME_MAX frames: clipped (the memory is never touched). */
	frame_init(HPA(0x80000000ull), 8ull << 30);
	assert_int_equal(stats().total, FRAME_MAX);
	assert_int_equal(stats().free, FRAME_MAX);
	assert_false(frame_is_used(HPA(0x80000000ull)));
}

static void test_alloc_free(void **state)
{
	hpa_t a, b;

	(void)state;
	assert_true(frame_alloc(1, PAGE_SIZE, &a));
	assert_true(frame_alloc(1, PAGE_SIZE, &b));
	assert_int_not_equal(a.val, b.val);
	assert_true(IS_ALIGNED(a.val, PAGE_SIZE));
	assert_true(IS_ALIGNED(b.val, PAGE_SIZE));
	assert_int_equal(stats().free, BIG_FRAMES - 2);
	assert_int_equal(stats().dirty, BIG_FRAMES - 2);

	frame_free(a, 1);
	assert_false(frame_is_used(a));
	assert_true(frame_is_used(b));
	assert_int_equal(stats().free, BIG_FRAMES - 1);
	assert_int_equal(stats().dirty, BIG_FRAMES - 1);
	frame_free(b, 1);
	assert_int_equal(stats().free, BIG_FRAMES);
	assert_int_equal(stats().dirty, BIG_FRAMES);
}

static void test_bad_requests(void **state)
{
	hpa_t a = HPA(0x1234);

	(void)state;
	assert_false(frame_alloc(0, PAGE_SIZE, &a));
	assert_false(frame_alloc(BIG_FRAMES + 1, PAGE_SIZE, &a));
	assert_false(frame_alloc(1, 3 * PAGE_SIZE, &a));
	assert_false(frame_alloc(1, PAGE_SIZE + 1, &a));
	assert_int_equal(a.val, 0x1234);
	assert_int_equal(stats().free, BIG_FRAMES);
	/* The whole arena in one run is fine. */
	assert_true(frame_alloc(BIG_FRAMES, PAGE_SIZE, &a));
	assert_int_equal(a.val, frame_at(0).val);
	assert_int_equal(stats().free, 0);
}

static void test_contiguous_aligned(void **state)
{
	hpa_t a, b, c;

	(void)state;
	/* frame_at(0) is 8 KiB past a 16 KiB boundary: two frames are skipped. */
	assert_true(frame_alloc(4, 16 * KiB, &a));
	assert_true(IS_ALIGNED(a.val, 16 * KiB));
	assert_int_equal(a.val, frame_at(2).val);
	for (int i = 0; i < 4; i++)
		assert_true(frame_is_used(HPA(a.val + i * PAGE_SIZE)));
	assert_false(frame_is_used(frame_at(0)));
	assert_false(frame_is_used(frame_at(1)));
	assert_false(frame_is_used(HPA(a.val + 4 * PAGE_SIZE)));
	assert_int_equal(stats().free, BIG_FRAMES - 4);

	/* 2 MiB aligned runs, as for huge guest pages. */
	assert_true(frame_alloc(512, 2 * MiB, &b));
	assert_true(IS_ALIGNED(b.val, 2 * MiB));
	assert_true(frame_alloc(3, 2 * MiB, &c));
	assert_true(IS_ALIGNED(c.val, 2 * MiB));
	assert_true(c.val >= b.val + 2 * MiB || c.val + 3 * PAGE_SIZE <= b.val);
	assert_int_equal(stats().free, BIG_FRAMES - 4 - 512 - 3);

	/* Freed runs can be had again, aligned the same way. */
	frame_free(a, 4);
	assert_int_equal(stats().free, BIG_FRAMES - 512 - 3);
	for (int i = 0; i < 4; i++)
		assert_false(frame_is_used(HPA(a.val + i * PAGE_SIZE)));
}

static void test_exhaustion(void **state)
{
	hpa_t got[8], a;

	(void)state;
	assert_int_equal(stats().total, 8);
	for (int i = 0; i < 8; i++) {
		assert_true(frame_alloc(1, PAGE_SIZE, &got[i]));
		assert_true(got[i].val >= frame_at(0).val && got[i].val < frame_at(8).val);
		for (int j = 0; j < i; j++)
			assert_int_not_equal(got[i].val, got[j].val);
	}
	assert_int_equal(stats().free, 0);
	assert_false(frame_alloc(1, PAGE_SIZE, &a));

	frame_free(got[3], 1);
	assert_true(frame_alloc(1, PAGE_SIZE, &a));
	assert_int_equal(a.val, got[3].val);
	assert_false(frame_alloc(1, PAGE_SIZE, &a));
}

static void test_fragmentation(void **state)
{
	hpa_t a;

	(void)state;
	for (int i = 0; i < 8; i++)
		assert_true(frame_alloc(1, PAGE_SIZE, &a));
	for (int i = 0; i < 8; i += 2)
		frame_free(frame_at(i), 1);
	/* Half the frames are free, but no two are adjacent. */
	assert_int_equal(stats().free, 4);
	assert_false(frame_alloc(2, PAGE_SIZE, &a));
	frame_free(frame_at(5), 1);
	assert_true(frame_alloc(2, PAGE_SIZE, &a));
	assert_int_equal(a.val, frame_at(4).val);
	assert_int_equal(stats().free, 3);
}

/*
 * A free run that starts before the next-fit position and ends after it
 * must still be found.
 */
static void test_run_across_search_start(void **state)
{
	hpa_t a;

	(void)state;
	assert_true(frame_alloc(5, PAGE_SIZE, &a)); /* 0..4; next search at 5 */
	assert_int_equal(a.val, frame_at(0).val);
	frame_free(frame_at(3), 2); /* 3..7 free */
	assert_true(frame_alloc(4, PAGE_SIZE, &a));
	assert_true(a.val == frame_at(3).val || a.val == frame_at(4).val);
}

static void test_reused_frames_zeroed(void **state)
{
	hpa_t got[8], run;

	(void)state;
	/* Fresh frames held 0xa5 before init. */
	for (int i = 0; i < 8; i++) {
		assert_true(frame_alloc(1, PAGE_SIZE, &got[i]));
		assert_true(all_bytes(hpa_ptr(got[i]), 0, PAGE_SIZE));
		memset(hpa_ptr(got[i]), 0x5a, PAGE_SIZE); /* the owner dirties it */
	}
	assert_int_equal(stats().scrubbed_bytes, 8 * PAGE_SIZE);
	for (int i = 0; i < 8; i++)
		frame_free(got[i], 1);
	assert_int_equal(stats().dirty, 8);
	/* Freeing does not scrub: the old data is still there until reuse. */
	assert_true(all_bytes(hpa_ptr(got[0]), 0x5a, PAGE_SIZE));

	assert_true(frame_alloc(8, PAGE_SIZE, &run));
	assert_true(all_bytes(hpa_ptr(run), 0, 8 * PAGE_SIZE));
	assert_int_equal(stats().dirty, 0);
	assert_int_equal(stats().scrubbed_bytes, 16 * PAGE_SIZE);
}

static void test_scrub(void **state)
{
	hpa_t keep, a;

	(void)state;
	assert_true(frame_alloc(1, PAGE_SIZE, &keep));
	memset(hpa_ptr(keep), 0x77, PAGE_SIZE);
	assert_int_equal(stats().dirty, 7);

	assert_int_equal(frame_scrub(3), 3);
	assert_int_equal(stats().dirty, 4);
	assert_int_equal(stats().free, 7);
	assert_int_equal(stats().scrubbed_bytes, 4 * PAGE_SIZE);
	assert_int_equal(frame_scrub(100), 4);
	assert_int_equal(stats().dirty, 0);
	assert_int_equal(frame_scrub(100), 0);
	assert_int_equal(stats().scrubbed_bytes, 8 * PAGE_SIZE);

	/* Every free frame is zero now; the allocated one was left alone. */
	for (int i = 0; i < 8; i++) {
		if (frame_at(i).val == keep.val)
			assert_true(all_bytes(hpa_ptr(frame_at(i)), 0x77, PAGE_SIZE));
		else
			assert_true(all_bytes(hpa_ptr(frame_at(i)), 0, PAGE_SIZE));
	}
	/* Already scrubbed frames are not zeroed a second time. */
	assert_true(frame_alloc(7, PAGE_SIZE, &a));
	assert_int_equal(stats().scrubbed_bytes, 8 * PAGE_SIZE);
	/* The arena outside the managed frames is never written. */
	assert_true(all_bytes(arena, 0xa5, FIRST_FRAME));
	assert_true(all_bytes(hpa_ptr(frame_at(8)), 0xa5, PAGE_SIZE));
}

static void test_reserve(void **state)
{
	struct frame_stats st;
	hpa_t a;
	uint64_t n = 0;

	(void)state;
	/* An unaligned range covers every frame it touches: 10 and 11. */
	frame_reserve(HPA(frame_at(10).val + 100), 5000);
	st = stats();
	assert_int_equal(st.free, BIG_FRAMES - 2);
	assert_int_equal(st.dirty, BIG_FRAMES - 2);
	assert_false(frame_is_used(frame_at(9)));
	assert_true(frame_is_used(frame_at(10)));
	assert_true(frame_is_used(frame_at(11)));
	assert_false(frame_is_used(frame_at(12)));

	/* Again: nothing changes. */
	frame_reserve(frame_at(10), 2 * PAGE_SIZE);
	assert_int_equal(stats().free, BIG_FRAMES - 2);

	/* Ranges reaching outside are clipped; ranges entirely outside ignored. */
	frame_reserve(HPA(frame_at(0).val - 2 * PAGE_SIZE), 3 * PAGE_SIZE);
	assert_true(frame_is_used(frame_at(0)));
	assert_false(frame_is_used(frame_at(1)));
	frame_reserve(HPA(frame_at(BIG_FRAMES - 1).val), 16 * PAGE_SIZE);
	assert_true(frame_is_used(frame_at(BIG_FRAMES - 1)));
	frame_reserve(frame_at(BIG_FRAMES + 4), 4 * PAGE_SIZE);
	frame_reserve(HPA(arena_at(0)), 100);
	st = stats();
	assert_int_equal(st.free, BIG_FRAMES - 4);
	assert_int_equal(st.dirty, BIG_FRAMES - 4);
	assert_int_equal(st.total, BIG_FRAMES);

	/* Reserved frames are never handed out; everything else is. */
	while (frame_alloc(1, PAGE_SIZE, &a)) {
		assert_int_not_equal(a.val, frame_at(0).val);
		assert_int_not_equal(a.val, frame_at(10).val);
		assert_int_not_equal(a.val, frame_at(11).val);
		assert_int_not_equal(a.val, frame_at(BIG_FRAMES - 1).val);
		n++;
	}
	assert_int_equal(n, BIG_FRAMES - 4);
	assert_int_equal(stats().free, 0);
}

static void test_double_free(void **state)
{
	struct frame_stats before, after;
	hpa_t a;

	(void)state;
	assert_true(frame_alloc(2, PAGE_SIZE, &a));
	frame_free(a, 2);
	before = stats();
	assert_int_equal(before.free, 8);
	frame_free(a, 2);		 /* double free */
	frame_free(frame_at(5), 3);	 /* never allocated */
	frame_free(frame_at(8), 4);	 /* outside the managed range */
	frame_free(HPA(arena_at(0)), 1); /* below it */
	after = stats();
	assert_memory_equal(&before, &after, sizeof(before));
	/* Each frame freed while free is counted: 2 twice, 3 never had; outside none. */
	assert_int_equal(frame_test.bad_frees, 5);

	/* The counts still add up: all eight can be had, and no more. */
	for (int i = 0; i < 8; i++)
		assert_true(frame_alloc(1, PAGE_SIZE, &a));
	assert_false(frame_alloc(1, PAGE_SIZE, &a));
	assert_int_equal(stats().free, 0);
	assert_int_equal(stats().dirty, 0);
}

/*
 * frame_alloc_zeroed over many bitmap words (and so many summary bits):
 * a scrubbed frame is preferred wherever it is, a dirty one is scrubbed only
 * when no scrubbed one is left, and every frame can be had.
 */
static void test_zeroed_sets(void **state)
{
	uint64_t total = stats().total;
	uint64_t before;
	hpa_t a;

	(void)state;
	/* Nothing scrubbed yet: the first frame is scrubbed on demand. */
	assert_true(frame_alloc_zeroed(&a));
	assert_true(all_bytes(hpa_ptr(a), 0, PAGE_SIZE));
	assert_int_equal(stats().scrubbed_bytes, PAGE_SIZE);
	assert_int_equal(stats().dirty, total - 1);
	frame_free(a, 1);

	/* Everything, one frame at a time: distinct, zero, and then none. */
	for (uint64_t i = 0; i < total; i++) {
		assert_true(frame_alloc_zeroed(&a));
		assert_true(all_bytes(hpa_ptr(a), 0, PAGE_SIZE));
		memset(hpa_ptr(a), 0x3c, PAGE_SIZE);
	}
	assert_int_equal(stats().free, 0);
	assert_false(frame_alloc_zeroed(&a));
	for (uint64_t i = 0; i < total; i++)
		assert_true(frame_is_used(frame_at(i)));

	/* A scrubbed frame far up is taken before a dirty one low down. */
	frame_free(frame_at(total - 3), 1);
	assert_int_equal(frame_scrub(8), 1);
	frame_free(frame_at(5), 1);
	before = stats().scrubbed_bytes;
	assert_true(frame_alloc_zeroed(&a));
	assert_int_equal(a.val, frame_at(total - 3).val);
	assert_int_equal(stats().scrubbed_bytes, before);
	/* Then the dirty one, scrubbed now. */
	assert_true(frame_alloc_zeroed(&a));
	assert_int_equal(a.val, frame_at(5).val);
	assert_true(all_bytes(hpa_ptr(a), 0, PAGE_SIZE));
	assert_int_equal(stats().scrubbed_bytes, before + PAGE_SIZE);
	assert_false(frame_alloc_zeroed(&a));

	/* Freed and scrubbed frames in many words all come back. */
	for (uint64_t i = 0; i < total; i += 97)
		frame_free(frame_at(i), 1);
	frame_scrub(total);
	assert_int_equal(stats().dirty, 0);
	for (uint64_t i = 0; i < total; i += 97) {
		assert_true(frame_alloc_zeroed(&a));
		assert_true(all_bytes(hpa_ptr(a), 0, PAGE_SIZE));
	}
	assert_false(frame_alloc_zeroed(&a));
}

/*
 * The test interface fails the fail_at-th allocation from frame_init, of
 * either kind, as if memory were full (taking nothing), then every later
 * one too with fail_after; frame_init stops it.
 */
static void test_injected_failures(void **state)
{
	hpa_t a;

	(void)state;
	frame_test.fail_at = 3;
	assert_true(frame_alloc(1, PAGE_SIZE, &a));
	assert_true(frame_alloc_zeroed(&a));
	assert_false(frame_alloc_zeroed(&a));
	assert_int_equal(stats().free, 6);
	assert_true(frame_alloc(2, PAGE_SIZE, &a));
	assert_int_equal(frame_test.allocs, 4);

	frame_test.fail_at = frame_test.allocs + 2;
	frame_test.fail_after = true;
	assert_true(frame_alloc(1, PAGE_SIZE, &a));
	for (int i = 0; i < 3; i++) {
		assert_false(frame_alloc(1, PAGE_SIZE, &a));
		assert_false(frame_alloc_zeroed(&a));
	}
	assert_int_equal(stats().free, 3);
	assert_int_equal(frame_test.bad_frees, 0);

	frame_init(frame_at(0), 8 * PAGE_SIZE);
	assert_int_equal(frame_test.allocs, 0);
	assert_int_equal(frame_test.fail_at, 0);
	assert_true(frame_alloc(8, PAGE_SIZE, &a));
}

/* A deterministic generator for the randomized test. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

#define MODEL_FRAMES 64

/* Is there an aligned run of n free frames in the model? */
static bool model_has_run(const bool *used, uint64_t n, uint64_t align)
{
	for (uint64_t i = 0; i + n <= MODEL_FRAMES; i++) {
		bool ok = IS_ALIGNED(frame_at(i).val, align);

		for (uint64_t j = i; ok && j < i + n; j++)
			ok = !used[j];
		if (ok)
			return true;
	}
	return false;
}

static void test_random_against_model(void **state)
{
	bool used[MODEL_FRAMES] = { false };
	struct {
		hpa_t base;
		uint64_t n;
	} live[MODEL_FRAMES];
	unsigned nlive = 0;
	uint64_t nfree = MODEL_FRAMES;

	(void)state;
	frame_init(frame_at(0), MODEL_FRAMES * PAGE_SIZE);
	for (int step = 0; step < 20000; step++) {
		if (nlive && (rng() % 3 == 0 || nfree == 0)) {
			unsigned k = (unsigned)(rng() % nlive);
			uint64_t first = (live[k].base.val - frame_at(0).val) / PAGE_SIZE;

			frame_free(live[k].base, live[k].n);
			for (uint64_t j = 0; j < live[k].n; j++)
				used[first + j] = false;
			nfree += live[k].n;
			live[k] = live[--nlive];
		} else {
			uint64_t n = 1 + rng() % 6;
			uint64_t align = PAGE_SIZE << (rng() % 4);
			bool zeroed = n == 1 && rng() % 2;
			bool expect = model_has_run(used, n, zeroed ? PAGE_SIZE : align);
			hpa_t a;
			uint64_t first;

			if (zeroed)
				align = PAGE_SIZE;
			if (!(zeroed ? frame_alloc_zeroed(&a) : frame_alloc(n, align, &a))) {
				if (expect)
					fail_msg(
					    "step %d: alloc(%llu, %llu) failed with a free run",
					    step, (unsigned long long)n, (unsigned long long)align);
				continue;
			}
			assert_true(expect);
			assert_true(IS_ALIGNED(a.val, align));
			assert_true(a.val >= frame_at(0).val);
			first = (a.val - frame_at(0).val) / PAGE_SIZE;
			assert_true(first + n <= MODEL_FRAMES);
			for (uint64_t j = first; j < first + n; j++) {
				assert_false(used[j]);
				used[j] = true;
			}
			assert_true(all_bytes(hpa_ptr(a), 0, n * PAGE_SIZE));
			memset(hpa_ptr(a), (int)(step & 0xff) | 1, n * PAGE_SIZE);
			live[nlive].base = a;
			live[nlive].n = n;
			nlive++;
			nfree -= n;
		}
		if (step % 64 == 0)
			frame_scrub(rng() % 8);
		assert_int_equal(stats().free, nfree);
		assert_true(stats().dirty <= nfree);
		for (uint64_t i = 0; i < MODEL_FRAMES; i++)
			assert_int_equal(frame_is_used(frame_at(i)), used[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init_unaligned, setup_big),
		cmocka_unit_test_setup(test_init_clips, setup_big),
		cmocka_unit_test_setup(test_alloc_free, setup_big),
		cmocka_unit_test_setup(test_bad_requests, setup_big),
		cmocka_unit_test_setup(test_contiguous_aligned, setup_big),
		cmocka_unit_test_setup(test_exhaustion, setup_small),
		cmocka_unit_test_setup(test_fragmentation, setup_small),
		cmocka_unit_test_setup(test_run_across_search_start, setup_small),
		cmocka_unit_test_setup(test_reused_frames_zeroed, setup_small),
		cmocka_unit_test_setup(test_scrub, setup_small),
		cmocka_unit_test_setup(test_reserve, setup_big),
		cmocka_unit_test_setup(test_double_free, setup_small),
		cmocka_unit_test_setup(test_zeroed_sets, setup_big),
		cmocka_unit_test_setup(test_injected_failures, setup_small),
		cmocka_unit_test_setup(test_random_against_model, setup_small),
	};

	return cmocka_run_group_tests(tests, arena_setup, arena_teardown);
}
