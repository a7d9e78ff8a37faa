/* SPDX-License-Identifier: MIT */
/*
 * frame.c - the host frame allocator (see frame.h): two bitmaps over the
 * managed range, a next-fit search, scrub-on-demand, and the failures and
 * bad frees tests see (frame_test).
 */
#include <string.h>

#include "hyp/core/frame.h"

static uint64_t bm_used[FRAME_MAX / 64];
static uint64_t bm_dirty[FRAME_MAX / 64];
static uint64_t frame_base; /* host-physical address of frame 0 */
static uint64_t frame_count;
static uint64_t frame_next; /* where the next search starts */
static struct frame_stats stats;
struct frame_test frame_test;

static bool bit_get(const uint64_t *bm, uint64_t i)
{
	return (bm[i / 64] >> (i % 64)) & 1;
}

static void bit_set(uint64_t *bm, uint64_t i, bool v)
{
	if (v)
		bm[i / 64] |= 1ull << (i % 64);
	else
		bm[i / 64] &= ~(1ull << (i % 64));
}

static void *frame_ptr(uint64_t i)
{
	return hpa_ptr(HPA(frame_base + i * PAGE_SIZE));
}

void frame_init(hpa_t base, uint64_t size)
{
	uint64_t start = ALIGN_UP(base.val, PAGE_SIZE);
	uint64_t end = ALIGN_DOWN(base.val + size, PAGE_SIZE);

	frame_base = start;
	frame_count = end > start ? (end - start) / PAGE_SIZE : 0;
	if (frame_count > FRAME_MAX)
		frame_count = FRAME_MAX;
	memset(bm_used, 0, sizeof(bm_used));
	memset(bm_dirty, 0, sizeof(bm_dirty));
	memset(&stats, 0, sizeof(stats));
	for (uint64_t i = 0; i < frame_count; i++)
		bit_set(bm_dirty, i, true);
	frame_next = 0;
	stats.total = stats.free = stats.dirty = frame_count;
	memset(&frame_test, 0, sizeof(frame_test));
}

/* Frame index range [*lo, *hi) covered by [base, base + size), clipped. */
static void frame_range(uint64_t base, uint64_t size, uint64_t *lo, uint64_t *hi)
{
	uint64_t s = ALIGN_DOWN(base, PAGE_SIZE);
	uint64_t e = ALIGN_UP(base + size, PAGE_SIZE);

	if (s < frame_base)
		s = frame_base;
	if (e > frame_base + frame_count * PAGE_SIZE)
		e = frame_base + frame_count * PAGE_SIZE;
	*lo = (s - frame_base) / PAGE_SIZE;
	*hi = e > s ? (e - frame_base) / PAGE_SIZE : *lo;
}

void frame_reserve(hpa_t base, uint64_t size)
{
	uint64_t lo, hi;

	frame_range(base.val, size, &lo, &hi);
	for (uint64_t i = lo; i < hi; i++) {
		if (bit_get(bm_used, i))
			continue;
		bit_set(bm_used, i, true);
		stats.free--;
		if (bit_get(bm_dirty, i)) {
			bit_set(bm_dirty, i, false);
			stats.dirty--;
		}
	}
}

/* The first used frame in [first, first + n), or first + n if all are free. */
static uint64_t first_used(uint64_t first, uint64_t n)
{
	for (uint64_t i = first; i < first + n; i++)
		if (bit_get(bm_used, i))
			return i;
	return first + n;
}

static void scrub_one(uint64_t i)
{
	memset(frame_ptr(i), 0, PAGE_SIZE);
	bit_set(bm_dirty, i, false);
	stats.dirty--;
	stats.scrubbed_bytes += PAGE_SIZE;
}

/* Search [from, to) for a free aligned run of n frames. */
static bool find_run(uint64_t from, uint64_t to, uint64_t n, uint64_t align_frames,
		     uint64_t *first)
{
	/* Alignment is of the host-physical address, not of the index. */
	uint64_t skew = (frame_base / PAGE_SIZE) % align_frames;

	uint64_t i = from;

	while (i + n <= to) {
		uint64_t used;

		if ((i + skew) % align_frames != 0) {
			i += align_frames - (i + skew) % align_frames;
			continue;
		}
		used = first_used(i, n);
		if (used == i + n) {
			*first = i;
			return true;
		}
		i = used + 1; /* no run that covers a used frame can work */
	}
	return false;
}

/* Count an allocation; true if a test asked for this one to fail (frame.h). */
static bool injected_failure(void)
{
	uint64_t i = ++frame_test.allocs;

	return frame_test.fail_at &&
	       (i == frame_test.fail_at || (frame_test.fail_after && i > frame_test.fail_at));
}

static bool alloc_run(uint64_t n, uint64_t align, hpa_t *out)
{
	uint64_t align_frames = align < PAGE_SIZE ? 1 : align / PAGE_SIZE;
	uint64_t first;

	if (n == 0 || n > frame_count || (align & (align - 1)) != 0)
		return false;
	/* Next-fit from where the last run ended, then everything from the start. */
	if (!find_run(frame_next, frame_count, n, align_frames, &first) &&
	    !find_run(0, frame_count, n, align_frames, &first))
		return false;
	for (uint64_t i = first; i < first + n; i++) {
		bit_set(bm_used, i, true);
		if (bit_get(bm_dirty, i))
			scrub_one(i);
	}
	stats.free -= n;
	frame_next = first + n < frame_count ? first + n : 0;
	*out = HPA(frame_base + first * PAGE_SIZE);
	return true;
}

bool frame_alloc(uint64_t n, uint64_t align, hpa_t *out)
{
	return !injected_failure() && alloc_run(n, align, out);
}

/* Word w of the free-and-scrubbed map, without the bits past the last frame. */
static uint64_t clean_free_word(uint64_t w)
{
	uint64_t bits = ~bm_used[w] & ~bm_dirty[w];
	uint64_t past = frame_count - w * 64;

	return past < 64 ? bits & ((1ull << past) - 1) : bits;
}

bool frame_alloc_zeroed(hpa_t *out)
{
	uint64_t words = (frame_count + 63) / 64;

	if (injected_failure())
		return false;
	/* Prefer a frame the idle loop already scrubbed: no zeroing on this path. */
	for (uint64_t k = 0; k < words; k++) {
		uint64_t w = (frame_next / 64 + k) % words;
		uint64_t bits = clean_free_word(w);
		uint64_t i;

		if (!bits)
			continue;
		i = w * 64 + (uint64_t)__builtin_ctzll(bits);
		bit_set(bm_used, i, true);
		stats.free--;
		frame_next = i + 1 < frame_count ? i + 1 : 0;
		*out = HPA(frame_base + i * PAGE_SIZE);
		return true;
	}
	return alloc_run(1, PAGE_SIZE, out); /* only dirty ones: scrub one now */
}

void frame_free(hpa_t base, uint64_t n)
{
	uint64_t lo, hi;

	frame_range(base.val, n * PAGE_SIZE, &lo, &hi);
	for (uint64_t i = lo; i < hi; i++) {
		if (!bit_get(bm_used, i)) {
			frame_test.bad_frees++; /* double free: ignore rather than corrupt counts */
			continue;
		}
		bit_set(bm_used, i, false);
		bit_set(bm_dirty, i, true);
		stats.free++;
		stats.dirty++;
	}
}

uint64_t frame_scrub(uint64_t max)
{
	uint64_t done = 0;

	for (uint64_t w = 0; w < (frame_count + 63) / 64 && done < max; w++) {
		while (bm_dirty[w] && done < max) {
			uint64_t i = w * 64 + (uint64_t)__builtin_ctzll(bm_dirty[w]);
			scrub_one(i);
			done++;
		}
	}
	return done;
}

void frame_get_stats(struct frame_stats *st)
{
	*st = stats;
}

bool frame_is_used(hpa_t a)
{
	if (a.val < frame_base || a.val >= frame_base + frame_count * PAGE_SIZE)
		return false;
	return bit_get(bm_used, (a.val - frame_base) / PAGE_SIZE);
}
