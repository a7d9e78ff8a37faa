/* SPDX-License-Identifier: MIT */
/*
 * kalloc.h - the page allocator. It knows which free pages are zero (the
 * hypervisor's start info and memory_op say so when paravirtual) and clears
 * only the others; it counts what it cleared and what it skipped.
 */
#ifndef KERNEL_KALLOC_H
#define KERNEL_KALLOC_H

#include <stdbool.h>
#include <stdint.h>

#include "uapi/proc.h"

/* A zeroed page (kernel virtual address), or NULL when memory is exhausted. */
void *page_alloc(void);
/* A page whose contents the caller overwrites entirely. */
void *page_alloc_dirty(void);
void page_free(void *page);

/* Give the allocator the pages of [start, end); zero: known to hold zeroes. */
void kalloc_add(uint64_t start_pa, uint64_t end_pa, bool zero);
/* Count bytes cleared outside the allocator (the BSS at boot). */
void kalloc_note_zeroed(uint64_t bytes);
void kalloc_stats(struct memstat *st);

#endif
