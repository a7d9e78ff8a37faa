/* SPDX-License-Identifier: MIT */
/*
 * pt.h - Sv39 page-table entries and the kernel's batch of page-table
 * requests (pt.c): tables built in this batch are written directly, live
 * ones through the platform, and the batch is committed in an order the
 * hypervisor accepts.
 */
#ifndef KERNEL_PT_H
#define KERNEL_PT_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/vm.h"

#define PTE_V (1ul << 0)
#define PTE_R (1ul << 1)
#define PTE_W (1ul << 2)
#define PTE_X (1ul << 3)
#define PTE_U (1ul << 4)
#define PTE_G (1ul << 5)
#define PTE_A (1ul << 6)
#define PTE_D (1ul << 7)
#define PTE_LEAF (PTE_R | PTE_W | PTE_X)
#define PTE_PA(pte) (((pte) >> 10) << 12)
#define PA_PTE(pa) (((uint64_t)(pa) >> 12) << 10)
#define PT_INDEX(va, level) (((uint64_t)(va) >> (12 + 9 * (level))) & 511)

static inline pte_t *pt_table(uint64_t pa)
{
	return (pte_t *)KVA(pa);
}

/* A new, empty table (zeroed page) that joins the batch. 0 if out of memory. */
uint64_t pt_new_table(void);
/* Set entry idx of the table at pa: directly if built in this batch, else queued. */
void pt_set(uint64_t table_pa, unsigned idx, pte_t val);
/* Entry idx as the batch sees it (pending updates included). */
pte_t pt_get(uint64_t table_pa, unsigned idx);
/* A table leaves service: unlinked or unpinned by queued requests already. */
void pt_dead_table(uint64_t pa);
/* A page to free once the batch has taken effect (it may still be mapped). */
void pt_defer_free(void *page);
void pt_pin_root(uint64_t root_pa);
void pt_unpin_root(uint64_t root_pa);
void pt_switch(uint64_t root_pa);
void pt_flush_tlb(void);
/* Swap dirty free pages for zeroed ones from the hypervisor (kalloc). */
void pt_exchange(const uint64_t *pas, unsigned n);
/* Make the batch take effect. */
void pt_commit(void);

/* The kernel's mapping of RAM (vm.c). */
uint64_t vm_kernel_root(void);
/* The PTE mapping physical page pa in the kernel's direct map. */
uint64_t vm_direct_pte_pa(uint64_t pa);
pte_t vm_direct_pte(uint64_t pa, bool writable);

#endif
