/* SPDX-License-Identifier: MIT */
/*
 * gstage.h - a guest's second-stage translation (guest-physical to
 * host-physical), built in 4 KiB pages. The table format is the
 * architecture's; core code sees only this interface.
 */
#ifndef HYP_GSTAGE_H
#define HYP_GSTAGE_H

#include "hyp/core/types.h"

#define GSTAGE_R 1u
#define GSTAGE_W 2u
#define GSTAGE_X 4u
#define GSTAGE_RWX (GSTAGE_R | GSTAGE_W | GSTAGE_X)

/* Guest-physical addresses must be below this (Sv39x4: 41 bits). */
#define GSTAGE_GPA_LIMIT (1ull << 41)

#define GSTAGE_LEAF_SLOTS 128

struct gstage {
	hpa_t root;	 /* root table, 0 when not created */
	uint64_t tables; /* frames used by the tables themselves */
	/*
	 * The leaf tables walked to, direct-mapped by the 2 MiB of
	 * guest-physical space each maps (tag: GPA >> 21, plus one; 0: none):
	 * 128 slots hold every leaf table of a guest of up to 256 MiB, so a
	 * page-table validation's lookups never walk twice. Tables are freed
	 * only by gstage_destroy, which empties it.
	 */
	uint64_t leaf_tag[GSTAGE_LEAF_SLOTS];
	void *leaves[GSTAGE_LEAF_SLOTS];
};

/* Allocate an empty root table. 0 or -PVABI_ENOMEM. */
int gstage_create(struct gstage *gs);
/*
 * Map [gpa, gpa + size) to [hpa, hpa + size) with perm (GSTAGE_*).
 * Page aligned. Replaces existing mappings. 0, -PVABI_EINVAL or -PVABI_ENOMEM;
 * on an error no page of the range is mapped anew.
 */
int gstage_map(struct gstage *gs, gpa_t gpa, hpa_t hpa, uint64_t size, unsigned perm);
/* Remove [gpa, gpa + size); unmapped pages are skipped. */
void gstage_unmap(struct gstage *gs, gpa_t gpa, uint64_t size);
/* Give a mapped page perm (GSTAGE_*, R set); false if it is not mapped. */
bool gstage_protect(struct gstage *gs, gpa_t gpa, unsigned perm);
/* Translate one guest-physical address; false if unmapped. */
bool gstage_lookup(const struct gstage *gs, gpa_t gpa, hpa_t *hpa, unsigned *perm);
/* Free every table frame (not the mapped frames) and forget the root. */
void gstage_destroy(struct gstage *gs);

#endif
