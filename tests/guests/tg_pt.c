/* SPDX-License-Identifier: MIT */
/* tg_pt.c - the test guests' page-table helpers (tg_pt.h). */
#include <pvabi/guest.h>

#include "tg.h"
#include "tg_pt.h"

uint64_t tg_leaf(uint64_t pa, uint64_t flags)
{
	return (pa >> 12) << 10 | flags | TG_PTE_V | TG_PTE_A;
}

uint64_t tg_nonleaf(uint64_t pa)
{
	return (pa >> 12) << 10 | TG_PTE_V;
}

/* The requests are static: their guest-virtual address is their physical one. */
int64_t tg_mmuext1(uint32_t cmd, uint64_t arg1, uint64_t arg2)
{
	static struct pvabi_mmuext_op op;

	op.cmd = cmd;
	op.pad = 0;
	op.arg1 = arg1;
	op.arg2 = arg2;
	return pvabi_mmuext_op((uintptr_t)&op, 1).error;
}

int64_t tg_mmu_update1(uint64_t pte_gpa, uint64_t val)
{
	static struct pvabi_mmu_update u;

	u.ptr = pte_gpa;
	u.val = val;
	return pvabi_mmu_update((uintptr_t)&u, 1).error;
}

int64_t tg_memop1(uint64_t cmd, uint64_t page)
{
	static uint64_t list[1];

	list[0] = page;
	return pvabi_memory_op(cmd, (uintptr_t)list, 1).error;
}

void tg_build_tree(const struct tg_tree *t)
{
	uint64_t base = tg_start->mem_base;

	tg_table(t->t3)[(base >> 30) & 511] = tg_nonleaf(t->t2);
	tg_table(t->t2)[0] = tg_nonleaf(t->t1_low);
	tg_table(t->t2)[1] = tg_nonleaf(t->t1_img);
	tg_table(t->t1_low)[0] = tg_leaf(base, TG_PTE_R);
	tg_table(t->t1_low)[1] = tg_leaf(tg_start->shared_info, TG_PTE_R | TG_PTE_W | TG_PTE_D);
	for (unsigned i = 0; i < 512; i++)
		tg_table(t->t1_img)[i] = tg_leaf(base + 0x200000 + i * 4096ull,
						 TG_PTE_R | TG_PTE_W | TG_PTE_X | TG_PTE_D);
}
