/* SPDX-License-Identifier: MIT */
/*
 * vm.c - the kernel's own mapping: all of guest RAM at KERNEL_VA_OFFSET
 * (the direct map), built at boot with paging off, in 4 KiB pages so that
 * every page-table page can be mapped read-only (a paravirtual kernel may
 * not keep a page table writable). Kernel text is read-execute, the rest
 * read-write. The same L2 table is linked at the identity address for the
 * jump to the higher half, and unlinked afterwards.
 *
 * vm_boot() runs before paging: it may use only PC-relative code (no switch
 * tables, no pointers stored in data).
 */
#include <string.h>

#include "kernel/console.h"
#include "kernel/platform.h"
#include "kernel/pt.h"
#include "kernel/vm.h"

#define MAX_L1 512 /* one L2 table: up to 1 GiB of RAM */

static uint64_t ram_base, ram_size;
static uint64_t kernel_root, direct_l2;
static uint64_t direct_l1[MAX_L1];
static uint64_t text_start, text_end;
static uint64_t boot_end; /* first page after the boot tables */

uint64_t vm_kernel_root(void)
{
	return kernel_root;
}

uint64_t vm_direct_pte_pa(uint64_t pa)
{
	uint64_t off = pa - ram_base;

	return direct_l1[off >> 21] + ((off >> 12) & 511) * sizeof(pte_t);
}

pte_t vm_direct_pte(uint64_t pa, bool writable)
{
	pte_t pte = PA_PTE(pa) | PTE_V | PTE_R | PTE_A | PTE_G;

	if (pa >= text_start && pa < text_end)
		return pte | PTE_X;
	return writable ? pte | PTE_W | PTE_D : pte;
}

/* Boot tables come from the pages right after the kernel image. */
static uint64_t boot_table(uint64_t *next, const struct plat_info *info)
{
	uint64_t pa = *next;
	bool zero = false;

	for (unsigned i = 0; i < info->nr_zero; i++)
		if (pa >= info->zero[i].base &&
		    pa + PAGE_SIZE <= info->zero[i].base + info->zero[i].size)
			zero = true;
	if (!zero)
		memset((void *)(uintptr_t)pa, 0, PAGE_SIZE);
	*next += PAGE_SIZE;
	return pa;
}

/* Paging off: build the direct map, pin it, install it. 0 or -1. */
int vm_boot(const struct plat_info *info, uint64_t ktext_start, uint64_t ktext_end, uint64_t kend)
{
	uint64_t next = kend, nl1 = (info->mem_size + (2ul << 20) - 1) >> 21;
	pte_t *root, *l2;

	if (nl1 > MAX_L1)
		return -1;
	ram_base = info->mem_base;
	ram_size = info->mem_size;
	text_start = ktext_start;
	text_end = ktext_end;
	kernel_root = boot_table(&next, info);
	direct_l2 = boot_table(&next, info);
	for (uint64_t i = 0; i < nl1; i++)
		direct_l1[i] = boot_table(&next, info);
	boot_end = next;
	root = (pte_t *)(uintptr_t)kernel_root;
	l2 = (pte_t *)(uintptr_t)direct_l2;
	for (uint64_t i = 0; i < nl1; i++)
		l2[i] = PA_PTE(direct_l1[i]) | PTE_V;
	for (uint64_t pa = ram_base; pa < ram_base + ram_size; pa += PAGE_SIZE) {
		/* A PV kernel may not map its page tables writable. */
		bool table = plat_pt_tables_readonly() && pa >= kend && pa < boot_end;
		uint64_t off = pa - ram_base;

		((pte_t *)(uintptr_t)direct_l1[off >> 21])[(off >> 12) & 511] =
		    vm_direct_pte(pa, !table);
	}
	root[PT_INDEX(ram_base + KERNEL_VA_OFFSET, 2)] = PA_PTE(direct_l2) | PTE_V;
	root[PT_INDEX(ram_base, 2)] = PA_PTE(direct_l2) | PTE_V; /* identity, for the jump */
	struct plat_pt_op install[2] = {
		{ PLAT_PT_PIN, kernel_root, 2 },
		{ PLAT_PT_SWITCH, kernel_root, 0 },
	};
	plat_pt_apply(install, 2);
	return 0;
}

/* Running high: drop the identity mapping. */
void vm_init(void)
{
	pt_set(kernel_root, PT_INDEX(ram_base, 2), 0);
	pt_flush_tlb();
	pt_commit();
}

uint64_t vm_boot_end(void)
{
	return boot_end;
}
