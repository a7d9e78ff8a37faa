/* SPDX-License-Identifier: MIT */
/*
 * mem.c - the memory benchmarks: heap page faults (first touch), sbrk
 * without touching, page zeroing (every page of 2 MiB touched), and a
 * CPU-bound checksum that makes no system call.
 *
 * Sizes stay fixed and SCALE multiplies the rounds: a guest has 16 MiB, so
 * 10 x 2 MiB at once would not fit.
 */
#include "bench.h"

#define FAULT_PAGES 256
#define SBRK_BYTES (64 * 1024)
#define SBRK_PAIRS 100
#define ZERO_MIB 2
#define ZERO_ROUNDS 4
#define CPU_WORDS 512	 /* a 4 KiB buffer */
#define CPU_PASSES 12000 /* about 50 ms of guest time at scale 1 */

/* Round the break up to a page so a grow of whole pages is whole pages. */
static void align_break(void)
{
	unsigned long brk = (unsigned long)heap_grow(0);

	if (brk % PAGE)
		heap_grow(PAGE - (long)(brk % PAGE));
}

/* Grow by pages, write the first word of each (its first touch), shrink. */
static void touch_pages(long pages)
{
	char *p = heap_grow(pages * PAGE);

	for (long off = 0; off < pages * PAGE; off += PAGE)
		*(volatile uint64_t *)(p + off) = 1;
	heap_shrink(pages * PAGE);
}

struct result b_pagefault(unsigned long scale)
{
	align_break();
	touch_pages(16); /* warm-up: the fault path and the page tables */
	struct stamp t0 = stamp_now();
	for (unsigned long i = 0; i < scale; i++)
		touch_pages(FAULT_PAGES);
	return since(t0, FAULT_PAGES * scale);
}

struct result b_sbrk(unsigned long scale)
{
	unsigned long n = SBRK_PAIRS * scale;
	struct stamp t0 = stamp_now();

	for (unsigned long i = 0; i < n; i++) {
		heap_grow(SBRK_BYTES);
		heap_shrink(SBRK_BYTES);
	}
	return since(t0, n);
}

struct result b_zero(unsigned long scale)
{
	unsigned long rounds = ZERO_ROUNDS * scale;
	long pages = ZERO_MIB * 1024 * 1024 / PAGE;

	align_break();
	struct stamp t0 = stamp_now();
	for (unsigned long i = 0; i < rounds; i++)
		touch_pages(pages);
	return since(t0, ZERO_MIB * rounds);
}

/* One pass of a multiply-add checksum over the buffer. */
static uint64_t checksum(const uint64_t *w, size_t n, uint64_t sum)
{
	for (size_t i = 0; i < n; i++)
		sum = sum * 31 + (w[i] ^ (sum >> 7));
	return sum;
}

static uint64_t cpu_buf[CPU_WORDS];
static volatile uint64_t cpu_sink; /* the result must appear to be used */

struct result b_cpu(unsigned long scale)
{
	unsigned long n = CPU_PASSES * scale;
	uint64_t sum = 0;

	for (size_t i = 0; i < CPU_WORDS; i++) /* warm-up: the buffer's pages */
		cpu_buf[i] = i * 0x9e3779b97f4a7c15ull;
	struct stamp t0 = stamp_now();
	for (unsigned long i = 0; i < n; i++)
		sum = checksum(cpu_buf, CPU_WORDS, sum);
	struct result r = since(t0, n);
	cpu_sink = sum;
	return r;
}
