/* SPDX-License-Identifier: MIT */
/*
 * tg_pt.h - Sv39 page tables for the test guests (part of the tg library):
 * entry bits and builders, one-request mmu_update / mmuext_op / memory_op,
 * and the standard small tree that ptbad and hostile pin and break.
 */
#ifndef TG_PT_H
#define TG_PT_H

#include <stdint.h>

#define TG_PTE_V 0x1ull
#define TG_PTE_R 0x2ull
#define TG_PTE_W 0x4ull
#define TG_PTE_X 0x8ull
#define TG_PTE_U 0x10ull
#define TG_PTE_A 0x40ull
#define TG_PTE_D 0x80ull

/* A table at guest-physical gpa, written with paging off (GVA = GPA). */
static inline uint64_t *tg_table(uint64_t gpa)
{
	return (uint64_t *)(uintptr_t)gpa;
}

/* A leaf for pa with flags (V and A added), and an entry pointing to a table. */
uint64_t tg_leaf(uint64_t pa, uint64_t flags);
uint64_t tg_nonleaf(uint64_t pa);

/* One request each; the hypercall's error (0 if it was applied). */
int64_t tg_mmuext1(uint32_t cmd, uint64_t arg1, uint64_t arg2);
int64_t tg_mmu_update1(uint64_t pte_gpa, uint64_t val);
int64_t tg_memop1(uint64_t cmd, uint64_t page);

/*
 * The standard tree, built with paging off: root t3, one L2 t2, and two L1
 * tables: t1_low maps the start info (read-only) and the shared info page,
 * t1_img maps identity the 2 MiB that hold the image, its data and stack.
 */
struct tg_tree {
	uint64_t t3, t2, t1_low, t1_img;
};
void tg_build_tree(const struct tg_tree *t);

#endif
