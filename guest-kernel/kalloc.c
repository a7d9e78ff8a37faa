/* SPDX-License-Identifier: MIT */
/*
 * kalloc.c - the page allocator, and the kernel's side of the information
 * gap about zeroed memory. Free pages sit on one of two lists: known zero
 * (pages the platform said were zero at boot, or that the hypervisor gave
 * back zeroed) and dirty. A zeroed allocation takes a known-zero page and
 * skips clearing it; when none is left and the platform can exchange
 * memory, a batch of dirty pages goes back to the hypervisor and returns
 * zeroed (the hypervisor scrubs in its idle time); only otherwise does the
 * kernel clear a page itself. Every byte it clears and every clear it skips
 * is counted.
 */
#include <string.h>

#include "kernel/console.h"
#include "kernel/kalloc.h"
#include "kernel/platform.h"
#include "kernel/pt.h"
#include "kernel/vm.h"

struct run {
	struct run *next;
};

static struct run *zero_list, *dirty_list;
static uint64_t nzero, ndirty;
static struct memstat stats;

/* Exchange only when it pays: at least XCHG_MIN dirty pages, at most XCHG_MAX. */
#define XCHG_MIN 16
#define XCHG_MAX 64

static void push(struct run **list, uint64_t *count, void *page)
{
	struct run *r = page;

	r->next = *list;
	*list = r;
	(*count)++;
}

static void *pop(struct run **list, uint64_t *count)
{
	struct run *r = *list;

	if (r) {
		*list = r->next;
		(*count)--;
	}
	return r;
}

/*
 * A known-zero page holds a list link in its first word while free; clear
 * that word when handing it out (8 bytes, not 4096).
 */
static void *pop_zero(void)
{
	uint64_t *p = pop(&zero_list, &nzero);

	if (p)
		p[0] = 0;
	return p;
}

void kalloc_add(uint64_t start_pa, uint64_t end_pa, bool zero)
{
	for (uint64_t pa = PAGE_ROUND_UP(start_pa); pa + PAGE_SIZE <= end_pa; pa += PAGE_SIZE) {
		if (zero)
			push(&zero_list, &nzero, KVA(pa));
		else
			push(&dirty_list, &ndirty, KVA(pa));
		stats.pages_total++;
	}
}

static void exchange(void)
{
	static uint64_t pas[XCHG_MAX];
	unsigned n = 0;

	while (n < XCHG_MAX && dirty_list)
		pas[n++] = KPA(pop(&dirty_list, &ndirty));
	pt_exchange(pas, n);
	for (unsigned i = 0; i < n; i++)
		push(&zero_list, &nzero, KVA(pas[i]));
	stats.pages_returned += n;
	stats.pages_populated += n;
}

void *page_alloc(void)
{
	void *p;

	if (!zero_list && ndirty >= XCHG_MIN && plat_mem_can_exchange())
		exchange();
	if ((p = pop_zero())) {
		stats.pages_zero_skipped++;
		return p;
	}
	if ((p = pop(&dirty_list, &ndirty))) {
		memset(p, 0, PAGE_SIZE);
		stats.bytes_zeroed += PAGE_SIZE;
	}
	return p;
}

void *page_alloc_dirty(void)
{
	void *p = pop(&dirty_list, &ndirty);

	return p ? p : pop(&zero_list, &nzero);
}

void page_free(void *page)
{
	if (!page || ((uintptr_t)page & (PAGE_SIZE - 1)))
		kpanic("page_free: bad page %p", page);
	push(&dirty_list, &ndirty, page);
}

void kalloc_note_zeroed(uint64_t bytes)
{
	stats.bytes_zeroed += bytes;
}

void kalloc_stats(struct memstat *st)
{
	*st = stats;
	st->pages_free = nzero + ndirty;
	st->pages_free_zero = nzero;
	st->hypercalls = plat_hypercalls();
}
