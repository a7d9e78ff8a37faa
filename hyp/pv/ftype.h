/* SPDX-License-Identifier: MIT */
/*
 * ftype.h - a guest's frame table: for each 4 KiB frame of its RAM, the
 * frame's type (none, writable, page table of level 1..3), how many
 * references need that type, how many references of any kind it has, and
 * whether the guest pinned it (Xen's page types, xen/arch/x86/mm.c).
 *
 * This module only counts. It enforces the one rule that needs no knowledge
 * of page tables: a frame's type changes only while its type count is 0.
 * What a reference means, validating a table on its first page-table
 * reference and releasing it on the last, belongs to the caller (pvmmu).
 */
#ifndef HYP_FTYPE_H
#define HYP_FTYPE_H

#include "hyp/core/types.h"

enum ftype {
	FTYPE_NONE,	/* type count is 0 */
	FTYPE_WRITABLE, /* mapped writable by the guest's page tables */
	FTYPE_L1,	/* page table of leaf PTEs (Sv39 level 0) */
	FTYPE_L2,	/* page table pointing to L1 tables */
	FTYPE_L3,	/* root page table pointing to L2 tables */
};

struct ftype_frame {
	uint32_t ref;	     /* references of any kind (a type reference is one too) */
	uint32_t type_count; /* references that need type */
	uint8_t type;	     /* enum ftype; FTYPE_NONE whenever type_count is 0 */
	uint8_t pinned;	     /* the guest pinned it as a page table */
	uint8_t given_back;  /* the guest gave it back (memory_op) and did not populate it again */
	uint8_t pad;
	uint16_t aux; /* the caller's (pvmmu: its table's valid-entry set, 0: none) */
	uint16_t pad2;
};

struct ftype_table {
	struct ftype_frame *f; /* NULL when there is no table */
	gpa_t base;	       /* guest-physical address of frame 0 */
	uint64_t nr;	       /* frames described */
	hpa_t mem;	       /* host frames holding f[] */
	uint64_t mem_frames;
};

/* Describe [base, base + size) (page aligned). 0 or -PVABI_ENOMEM. */
int ftype_init(struct ftype_table *t, gpa_t base, uint64_t size);
/* Free the table; t is empty afterwards (and may be released again). */
void ftype_release(struct ftype_table *t);

/*
 * The frame index of gpa; false if gpa is outside the described RAM.
 * Inline, with ftype_gpa: page-table validation asks for every entry.
 */
static inline bool ftype_index(const struct ftype_table *t, gpa_t gpa, uint64_t *n)
{
	if (!t->f || gpa.val < t->base.val || (gpa.val - t->base.val) / PAGE_SIZE >= t->nr)
		return false;
	*n = (gpa.val - t->base.val) / PAGE_SIZE;
	return true;
}

static inline gpa_t ftype_gpa(const struct ftype_table *t, uint64_t n)
{
	return GPA(t->base.val + n * PAGE_SIZE);
}

/* A general reference. 0, or -PVABI_EBUSY if the count would overflow. */
int ftype_get_ref(struct ftype_table *t, uint64_t n);
void ftype_put_ref(struct ftype_table *t, uint64_t n);

/*
 * A reference that needs the frame to be of type type. *first is set when
 * this is the first one (the count went from 0 to 1, the type was just set).
 * 0, or -PVABI_EBUSY if the frame has another type with a non-zero count.
 */
int ftype_get_type(struct ftype_table *t, uint64_t n, enum ftype type, bool *first);
/* Drop a type reference; true if it was the last (the type is now none). */
bool ftype_put_type(struct ftype_table *t, uint64_t n);

enum ftype ftype_type(const struct ftype_table *t, uint64_t n);
uint32_t ftype_type_count(const struct ftype_table *t, uint64_t n);
uint32_t ftype_ref_count(const struct ftype_table *t, uint64_t n);
bool ftype_pinned(const struct ftype_table *t, uint64_t n);
void ftype_set_pinned(struct ftype_table *t, uint64_t n, bool pinned);
/* The caller's field (n from ftype_index: inline, on every mmu_update). */
static inline uint16_t ftype_aux(const struct ftype_table *t, uint64_t n)
{
	return t->f[n].aux;
}

static inline void ftype_set_aux(struct ftype_table *t, uint64_t n, uint16_t aux)
{
	t->f[n].aux = aux;
}
/*
 * Whether the guest gave frame n back (memory_op's caller keeps it: a
 * frame given back is not the guest's memory, nothing may point at it).
 * Inline: every reference taken asks.
 */
static inline bool ftype_given_back(const struct ftype_table *t, uint64_t n)
{
	return t->f[n].given_back;
}

static inline void ftype_set_given_back(struct ftype_table *t, uint64_t n, bool given_back)
{
	t->f[n].given_back = given_back;
}

/* True if no frame has a reference, a type or a pin (nothing leaked). */
bool ftype_all_free(const struct ftype_table *t);

#endif
