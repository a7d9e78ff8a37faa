/* SPDX-License-Identifier: MIT */
/*
 * frame.c - the host frame allocator (see frame.h): two bitmaps over the
 * managed range, a summary of each for finding a clean or a dirty free frame
 * in constant time, a next-fit search for runs, scrub-on-demand, and the
 * failures and bad frees tests see (frame_test).
 *
 * The clean and dirty free sets are the bitmaps themselves (clean = neither
 * used nor dirty) with two summary levels above them: a bit per bitmap word
 * that has a member, and a bit per summary word that has one. Finding the
 * first member is three count-trailing-zeros steps and a scan of
 * FRAME_MAX / 2^18 = 4 top words, whatever the number of frames; adding or
 * removing a frame (including from the middle of a run that frame_alloc
 * takes) updates its word's two summary bits. Chosen over free lists threaded
 * through the frames because nothing is ever written into a free frame: a
 * clean frame stays all zero, and a frame later reserved (the device tree)
 * or never touched is left as it was. Cost: 2 KiB of summaries per set.
 *
 * Several harts: one lock (frame_lock) over all of it, taken by each public
 * function; a leaf in the lock order (nothing else is taken under it). The
 * idle loop scrubs a frame per turn of the lock, and only when nobody else
 * holds it or waits (spin_trylock): an allocation or a release on another
 * hart waits for at most one page being zeroed, and idle harts never queue.
 */
#include <string.h>

#include "hyp/core/frame.h"
#include "hyp/core/spinlock.h"
#include "hyp/lib/bits.h"

#define FRAME_WORDS (FRAME_MAX / 64)
#define SUM_WORDS (FRAME_WORDS / 64)
#define TOP_WORDS (SUM_WORDS / 64)

/* Which bitmap words have a member of a set, and which summary words do. */
struct frame_summary {
	uint64_t words[SUM_WORDS];
	uint64_t top[TOP_WORDS];
};

static uint64_t bm_used[FRAME_WORDS];
static uint64_t bm_dirty[FRAME_WORDS]; /* free and not scrubbed */
static struct frame_summary sum_clean; /* words with a free scrubbed frame */
static struct frame_summary sum_dirty; /* words with a free dirty frame */
static uint64_t frame_base;	       /* host-physical address of frame 0 */
static uint64_t frame_count;
static uint64_t frame_next; /* where the next search starts */
static struct frame_stats stats;
struct frame_test frame_test;
static struct spinlock frame_lock = SPINLOCK_INIT;

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

static void summary_set(struct frame_summary *s, uint64_t w, bool member)
{
	uint64_t j = w / 64;

	/* Usually the word had members before and has some after: nothing to do. */
	if (((s->words[j] >> (w % 64)) & 1) == member)
		return;
	if (member) {
		s->words[j] |= 1ull << (w % 64);
		s->top[j / 64] |= 1ull << (j % 64);
		return;
	}
	s->words[j] &= ~(1ull << (w % 64));
	if (!s->words[j])
		s->top[j / 64] &= ~(1ull << (j % 64));
}

/* The first bitmap word with a member of the set; false if it is empty. */
static bool summary_first(const struct frame_summary *s, uint64_t *w)
{
	for (uint64_t k = 0; k < TOP_WORDS; k++) {
		if (s->top[k]) {
			uint64_t j = k * 64 + bits_ctz64(s->top[k]);

			*w = j * 64 + bits_ctz64(s->words[j]);
			return true;
		}
	}
	return false;
}

/* Word w of the free-and-scrubbed map, without the bits past the last frame. */
static uint64_t clean_free_word(uint64_t w)
{
	uint64_t bits = ~bm_used[w] & ~bm_dirty[w];
	uint64_t past = frame_count - w * 64;

	return past < 64 ? bits & ((1ull << past) - 1) : bits;
}

/* Bring the summaries up to date after frame i's used or dirty bit changed. */
static void frame_changed(uint64_t i)
{
	uint64_t w = i / 64;

	summary_set(&sum_clean, w, clean_free_word(w) != 0);
	summary_set(&sum_dirty, w, bm_dirty[w] != 0);
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
	memset(&sum_clean, 0, sizeof(sum_clean));
	memset(&sum_dirty, 0, sizeof(sum_dirty));
	memset(&stats, 0, sizeof(stats));
	/* A word at a time: boot sets up to FRAME_MAX bits. */
	for (uint64_t w = 0; w * 64 < frame_count; w++) {
		uint64_t left = frame_count - w * 64;

		bm_dirty[w] = left < 64 ? (1ull << left) - 1 : ~0ull;
		frame_changed(w * 64);
	}
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

	spin_lock(&frame_lock);
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
		frame_changed(i);
	}
	spin_unlock(&frame_lock);
}

/* The first used frame in [first, first + n), or first + n if all are free. */
static uint64_t first_used(uint64_t first, uint64_t n)
{
	for (uint64_t i = first; i < first + n; i++)
		if (bit_get(bm_used, i))
			return i;
	return first + n;
}

/*
 * Zero a page 64 bytes a turn: eight stores, an add and a branch, about 640
 * instructions (the C library's memset cost about 460 more per page scrubbed
 * on demand). volatile keeps the compiler from turning the loop back into a
 * memset call.
 */
static void zero_page(void *page)
{
	volatile uint64_t *p = page;

	for (volatile uint64_t *const end = p + PAGE_SIZE / 8; p < end; p += 8) {
		p[0] = 0;
		p[1] = 0;
		p[2] = 0;
		p[3] = 0;
		p[4] = 0;
		p[5] = 0;
		p[6] = 0;
		p[7] = 0;
	}
}

static void scrub_one(uint64_t i)
{
	zero_page(frame_ptr(i));
	bit_set(bm_dirty, i, false);
	stats.dirty--;
	stats.scrubbed_bytes += PAGE_SIZE;
	frame_changed(i);
}

/*
 * The first free frame at or after i (to if none before it), a word of the
 * used map at a time: the host's RAM is mostly in use once guests are built,
 * and a frame at a time that scan cost ~200,000 instructions in one exit.
 */
static uint64_t next_free(uint64_t i, uint64_t to)
{
	while (i < to) {
		uint64_t free_bits = ~(bm_used[i / 64] >> (i % 64));

		if (free_bits && bits_ctz64(free_bits) < 64 - i % 64)
			return i + bits_ctz64(free_bits);
		i = (i / 64 + 1) * 64; /* the rest of this word is in use */
	}
	return to;
}

/* Search [from, to) for a free aligned run of n frames. */
static bool find_run(uint64_t from, uint64_t to, uint64_t n, uint64_t align_frames, uint64_t *first)
{
	/* Alignment is of the host-physical address, not of the index. */
	uint64_t skew = (frame_base / PAGE_SIZE) % align_frames;

	uint64_t i = from;

	while ((i = next_free(i, to)) + n <= to) {
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
		else
			frame_changed(i);
	}
	stats.free -= n;
	frame_next = first + n < frame_count ? first + n : 0;
	*out = HPA(frame_base + first * PAGE_SIZE);
	return true;
}

bool frame_alloc(uint64_t n, uint64_t align, hpa_t *out)
{
	bool ok;

	spin_lock(&frame_lock);
	ok = !injected_failure() && alloc_run(n, align, out);
	spin_unlock(&frame_lock);
	return ok;
}

/* Take free frame i: it stays dirty for scrub_one if it was. */
static void take_one(uint64_t i, hpa_t *out)
{
	bit_set(bm_used, i, true);
	stats.free--;
	frame_changed(i);
	*out = HPA(frame_base + i * PAGE_SIZE);
}

static inline __attribute__((always_inline)) bool alloc_zeroed(hpa_t *out)
{
	uint64_t w, i;

	if (injected_failure())
		return false;
	/* Prefer a frame the idle loop already scrubbed: no zeroing on this path. */
	if (summary_first(&sum_clean, &w)) {
		take_one(w * 64 + bits_ctz64(clean_free_word(w)), out);
		return true;
	}
	if (!summary_first(&sum_dirty, &w))
		return false;
	i = w * 64 + bits_ctz64(bm_dirty[w]);
	take_one(i, out);
	scrub_one(i); /* only dirty ones left: scrub this one now */
	return true;
}

bool frame_alloc_zeroed(hpa_t *out)
{
	bool ok;

	spin_lock(&frame_lock);
	ok = alloc_zeroed(out);
	spin_unlock(&frame_lock);
	return ok;
}

void frame_free(hpa_t base, uint64_t n)
{
	uint64_t lo, hi;

	spin_lock(&frame_lock);
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
		frame_changed(i);
	}
	spin_unlock(&frame_lock);
}

uint64_t frame_scrub(uint64_t max)
{
	uint64_t done;

	for (done = 0; done < max; done++) {
		uint64_t w;
		bool any;

		if (!spin_trylock(&frame_lock))
			break; /* busy: another hart needs it more */
		if ((any = summary_first(&sum_dirty, &w)))
			scrub_one(w * 64 + bits_ctz64(bm_dirty[w]));
		spin_unlock(&frame_lock);
		if (!any)
			break;
	}
	return done;
}

uint64_t frame_dirty_count(void)
{
	return __atomic_load_n(&stats.dirty, __ATOMIC_RELAXED);
}

uint64_t frame_clean_count(void)
{
	/* Two loads, not one snapshot: a difference that wraps reads as none. */
	uint64_t free = __atomic_load_n(&stats.free, __ATOMIC_RELAXED);
	uint64_t dirty = __atomic_load_n(&stats.dirty, __ATOMIC_RELAXED);

	return free > dirty ? free - dirty : 0;
}

void frame_get_stats(struct frame_stats *st)
{
	spin_lock(&frame_lock);
	*st = stats;
	spin_unlock(&frame_lock);
}

bool frame_is_used(hpa_t a)
{
	bool used;

	if (a.val < frame_base || a.val >= frame_base + frame_count * PAGE_SIZE)
		return false;
	spin_lock(&frame_lock);
	used = bit_get(bm_used, (a.val - frame_base) / PAGE_SIZE);
	spin_unlock(&frame_lock);
	return used;
}
