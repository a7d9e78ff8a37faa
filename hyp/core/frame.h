/* SPDX-License-Identifier: MIT */
/*
 * frame.h - the host frame allocator: every 4 KiB frame of host RAM that the
 * hypervisor did not reserve for itself, with a used bit and a dirty bit.
 *
 * Dirty means "free but may hold old data". Guests are only ever given
 * scrubbed (all-zero) frames: frame_alloc() scrubs a dirty frame on demand,
 * and frame_scrub() lets the idle loop do that work ahead of time. Finding
 * a scrubbed or a dirty free frame takes constant time (frame.c).
 */
#ifndef HYP_FRAME_H
#define HYP_FRAME_H

#include "hyp/core/types.h"

/* Largest host RAM the allocator can track: 4 GiB of 4 KiB frames. */
#define FRAME_MAX (1u << 20)

struct frame_stats {
	uint64_t total;		 /* frames managed */
	uint64_t free;		 /* free frames, scrubbed or not */
	uint64_t dirty;		 /* free frames not yet scrubbed */
	uint64_t scrubbed_bytes; /* bytes the allocator has zeroed since boot */
};

/* Manage [base, base + size); every frame starts free and dirty. */
void frame_init(hpa_t base, uint64_t size);
/* Take [base, base + size) out of use for good (device tree, firmware). */
void frame_reserve(hpa_t base, uint64_t size);
/*
 * Allocate n contiguous frames aligned to align bytes (a power of two, at
 * least PAGE_SIZE), zeroed. Returns false when no such run is free.
 */
bool frame_alloc(uint64_t n, uint64_t align, hpa_t *out);
/*
 * Allocate one zeroed frame, preferring one already scrubbed; scrubs a dirty
 * one only when no scrubbed frame is left. False when none is free.
 */
bool frame_alloc_zeroed(hpa_t *out);
/* Return n frames starting at base; they become free and dirty. */
void frame_free(hpa_t base, uint64_t n);
/*
 * Scrub up to max dirty frames; returns how many it scrubbed. Stops early
 * (0 at once) while another hart holds or waits for the allocator.
 */
uint64_t frame_scrub(uint64_t max);
/* Free frames not yet scrubbed, without the lock (stale at once): the idle loop's look. */
uint64_t frame_dirty_count(void);
/*
 * Free frames already scrubbed, without the lock (stale at once): whether
 * an allocation now would likely cost no zeroing (memory_op's choice).
 */
uint64_t frame_clean_count(void);
void frame_get_stats(struct frame_stats *st);
/* True if the frame at a is managed and allocated (for checks and tests). */
bool frame_is_used(hpa_t a);
/*
 * For tests of what callers do when memory runs out half-way, reset by
 * frame_init. Allocations (frame_alloc, frame_alloc_zeroed) are numbered
 * from 1; number fail_at fails as if nothing were free, and with fail_after
 * every one after it too (fail_at 0: none fails).
 */
struct frame_test {
	uint64_t allocs; /* allocations so far */
	uint64_t fail_at;
	bool fail_after;
	uint64_t bad_frees; /* frames freed while not in use: ignored, each a caller's bug */
};
extern struct frame_test frame_test;

#endif
