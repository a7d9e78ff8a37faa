/* SPDX-License-Identifier: MIT */
/*
 * gstage.c - Sv39x4 second-stage page tables (privileged spec 8.5):
 * a 16 KiB root indexed by GPA bits 40:30, then two 4 KiB levels; walks
 * remember the leaf tables reached (struct gstage's cache).
 */
#include <string.h>

#include <pvabi/errno.h>

#include "hyp/core/frame.h"
#include "hyp/core/gstage.h"

#include "arch/pte.h"

#define ROOT_ENTRIES 2048
#define ROOT_BYTES (ROOT_ENTRIES * 8)

typedef uint64_t pte_t;

static unsigned vpn(uint64_t gpa, int level)
{
	uint64_t mask = level == 2 ? 0x7ff : 0x1ff;

	return (unsigned)((gpa >> (PAGE_SHIFT + 9 * level)) & mask);
}

static hpa_t pte_addr(pte_t pte)
{
	return HPA((pte >> PTE_PPN_SHIFT) << PAGE_SHIFT);
}

static pte_t *table(hpa_t a)
{
	return hpa_ptr(a);
}

static void forget_leaves(struct gstage *gs)
{
	memset(gs->leaf_tag, 0, sizeof(gs->leaf_tag));
	memset(gs->leaves, 0, sizeof(gs->leaves));
}

int gstage_create(struct gstage *gs)
{
	hpa_t root;

	if (!frame_alloc(ROOT_BYTES / PAGE_SIZE, ROOT_BYTES, &root))
		return -PVABI_ENOMEM;
	gs->root = root;
	gs->tables = ROOT_BYTES / PAGE_SIZE;
	forget_leaves(gs);
	return 0;
}

/* The tag of the leaf table that maps gpa (struct gstage's leaf_tag). */
static uint64_t leaf_tag(uint64_t gpa)
{
	return (gpa >> (PAGE_SHIFT + 9)) + 1;
}

/* walk()'s miss: down from the root, allocating missing tables when alloc is set. */
static __attribute__((noinline)) pte_t *walk_tables(struct gstage *gs, uint64_t gpa, bool alloc)
{
	uint64_t tag = leaf_tag(gpa);
	unsigned slot = tag % GSTAGE_LEAF_SLOTS;
	pte_t *t = table(gs->root);

	for (int level = 2; level > 0; level--) {
		pte_t *e = &t[vpn(gpa, level)];
		hpa_t next;

		if (!(*e & PTE_V)) {
			if (!alloc || !frame_alloc(1, PAGE_SIZE, &next))
				return NULL;
			gs->tables++;
			*e = (next.val >> PAGE_SHIFT) << PTE_PPN_SHIFT | PTE_V;
		}
		t = table(pte_addr(*e));
	}
	gs->leaf_tag[slot] = tag;
	gs->leaves[slot] = t;
	return &t[vpn(gpa, 0)];
}

/*
 * The leaf PTE slot for gpa, allocating missing tables when alloc is set.
 * A hit in the cache is a few instructions with no stack frame: page-table
 * validation looks up every frame a table maps.
 */
static inline pte_t *walk(struct gstage *gs, uint64_t gpa, bool alloc)
{
	uint64_t tag = leaf_tag(gpa);
	unsigned slot = tag % GSTAGE_LEAF_SLOTS;

	if (gs->leaf_tag[slot] == tag)
		return (pte_t *)gs->leaves[slot] + vpn(gpa, 0);
	return walk_tables(gs, gpa, alloc);
}

static pte_t make_leaf(hpa_t hpa, unsigned perm)
{
	/* G-stage leaves must have U set: guest accesses count as user ones. */
	pte_t pte = (hpa.val >> PAGE_SHIFT) << PTE_PPN_SHIFT | PTE_V | PTE_U | PTE_A;

	if (perm & GSTAGE_R)
		pte |= PTE_R;
	if (perm & GSTAGE_W)
		pte |= PTE_W | PTE_D;
	if (perm & GSTAGE_X)
		pte |= PTE_X;
	return pte;
}

int gstage_map(struct gstage *gs, gpa_t gpa, hpa_t hpa, uint64_t size, unsigned perm)
{
	if (!gs->root.val || !IS_ALIGNED(gpa.val | hpa.val | size, PAGE_SIZE) || size == 0 ||
	    gpa.val >= GSTAGE_GPA_LIMIT || size > GSTAGE_GPA_LIMIT - gpa.val ||
	    (perm & ~GSTAGE_RWX) || !(perm & GSTAGE_R))
		return -PVABI_EINVAL;
	/*
	 * Every table first, then the leaves: running out of frames half-way
	 * then maps nothing, so the caller may free the whole range at once
	 * (the tables taken stay, counted, until gstage_destroy).
	 */
	for (uint64_t off = 0; off < size; off += PAGE_SIZE)
		if (!walk(gs, gpa.val + off, true))
			return -PVABI_ENOMEM;
	for (uint64_t off = 0; off < size; off += PAGE_SIZE)
		*walk(gs, gpa.val + off, false) = make_leaf(HPA(hpa.val + off), perm);
	return 0;
}

bool gstage_protect(struct gstage *gs, gpa_t gpa, unsigned perm)
{
	pte_t *e;

	if (!gs->root.val || gpa.val >= GSTAGE_GPA_LIMIT || (perm & ~GSTAGE_RWX) ||
	    !(perm & GSTAGE_R))
		return false;
	e = walk(gs, gpa.val, false);
	if (!e || !(*e & PTE_V))
		return false;
	*e = make_leaf(pte_addr(*e), perm);
	return true;
}

void gstage_unmap(struct gstage *gs, gpa_t gpa, uint64_t size)
{
	if (!gs->root.val || gpa.val >= GSTAGE_GPA_LIMIT)
		return;
	if (size > GSTAGE_GPA_LIMIT - gpa.val)
		size = GSTAGE_GPA_LIMIT - gpa.val; /* the root index would wrap */
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		pte_t *e = walk(gs, gpa.val + off, false);

		if (e)
			*e = 0;
	}
}

/* What a leaf PTE slot says of gpa (gstage_lookup's answer). */
static inline bool leaf_answer(const pte_t *e, uint64_t gpa, hpa_t *hpa, unsigned *perm)
{
	if (!e || !(*e & PTE_V))
		return false;
	if (hpa)
		*hpa = HPA(pte_addr(*e).val | (gpa & PAGE_MASK));
	if (perm)
		*perm = ((*e & PTE_R) ? GSTAGE_R : 0) | ((*e & PTE_W) ? GSTAGE_W : 0) |
			((*e & PTE_X) ? GSTAGE_X : 0);
	return true;
}

static __attribute__((noinline)) bool lookup_miss(struct gstage *gs, uint64_t gpa, hpa_t *hpa,
						  unsigned *perm)
{
	return leaf_answer(walk_tables(gs, gpa, false), gpa, hpa, perm);
}

/* A hit in the leaf-table cache calls nothing: no stack frame (validation asks often). */
bool gstage_lookup(const struct gstage *gs, gpa_t gpa, hpa_t *hpa, unsigned *perm)
{
	uint64_t tag = leaf_tag(gpa.val);
	unsigned slot = tag % GSTAGE_LEAF_SLOTS;

	if (!gs->root.val || gpa.val >= GSTAGE_GPA_LIMIT)
		return false;
	if (gs->leaf_tag[slot] != tag)
		return lookup_miss((struct gstage *)gs, gpa.val, hpa, perm);
	return leaf_answer((const pte_t *)gs->leaves[slot] + vpn(gpa.val, 0), gpa.val, hpa, perm);
}

static void free_level(pte_t *t, unsigned entries, int level, uint64_t *tables)
{
	for (unsigned i = 0; i < entries; i++) {
		if (!(t[i] & PTE_V) || (t[i] & PTE_LEAF))
			continue;
		if (level > 1)
			free_level(table(pte_addr(t[i])), 512, level - 1, tables);
		frame_free(pte_addr(t[i]), 1);
		(*tables)--;
	}
}

void gstage_destroy(struct gstage *gs)
{
	if (!gs->root.val)
		return;
	free_level(table(gs->root), ROOT_ENTRIES, 2, &gs->tables);
	frame_free(gs->root, ROOT_BYTES / PAGE_SIZE);
	gs->root = HPA(0);
	gs->tables = 0;
	forget_leaves(gs); /* its tables are free now */
}
