/* SPDX-License-Identifier: MIT */
/*
 * vsbi_hartmask.c - decoding the hart list that SBI IPI and RFENCE calls
 * name (SBI v2.0, "Hart list parameter"): a bit mask of harts counted from
 * a base, or every hart when the base is -1. Pure: no guest state, so the
 * unit tests take it alone (tests/unit/test_vsbi_hartmask.c).
 */
#include "arch/vsbi.h"

/* Every hart id base + i, for bit i of mask, is below nr_harts. */
static bool mask_in_range(uint64_t mask, uint64_t base, unsigned nr_harts)
{
	if (base >= nr_harts)
		return false;
	/* Bits at nr_harts - base (at most 32) and above name harts past the last. */
	return mask >> (nr_harts - base) == 0;
}

long vsbi_hart_mask(uint64_t mask, uint64_t base, unsigned nr_harts, uint32_t *harts)
{
	*harts = 0;
	if (nr_harts > VSBI_HARTS_MAX)
		nr_harts = VSBI_HARTS_MAX;
	if (base == UINT64_MAX) {
		/* -1: hart_mask is ignored, every hart there is is named. */
		*harts = (uint32_t)(((uint64_t)1 << nr_harts) - 1);
		return SBI_SUCCESS;
	}
	if (!mask)
		return SBI_SUCCESS; /* no hart named: nothing to check, nothing to do */
	if (!mask_in_range(mask, base, nr_harts))
		return SBI_ERR_INVALID_PARAM; /* one hart that does not exist: none is acted on */
	*harts = (uint32_t)(mask << base);
	return SBI_SUCCESS;
}
