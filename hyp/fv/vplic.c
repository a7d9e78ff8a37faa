/* SPDX-License-Identifier: MIT */
/*
 * vplic.c - the emulated PLIC of a fully virtualized guest (see vplic.h):
 * level-triggered gateways, priorities, one context's enables, threshold and
 * claim/complete. Unknown registers read 0 and ignore writes, as a guest
 * probing a bigger PLIC would expect of absent sources and contexts.
 */
#include <string.h>

#include "hyp/fv/vplic.h"

/* Bits of every source that exists (source 0 does not). */
#define VPLIC_SRC_MASK ((uint32_t)(((uint64_t)1 << VPLIC_NSRC) - 1) & ~1u)

_Static_assert(VPLIC_NSRC <= 32, "sources are kept in one 32-bit word");

void vplic_init(struct vplic *p)
{
	memset(p, 0, sizeof(*p));
}

static uint32_t bit(unsigned src)
{
	return (uint32_t)1 << src;
}

static bool valid_src(unsigned src)
{
	return src > 0 && src < VPLIC_NSRC;
}

/* The gateway: a high line not in service becomes pending. */
static void gateway(struct vplic *p)
{
	p->pending |= p->level & ~p->in_service;
}

void vplic_set_level(struct vplic *p, unsigned src, bool level)
{
	if (!valid_src(src) || level == !!(p->level & bit(src)))
		return; /* unchanged: the gateway has nothing new to latch */
	if (level)
		p->level |= bit(src);
	else
		p->level &= ~bit(src);
	/* A level source whose line drops before it is claimed is no longer
	 * requesting: QEMU's PLIC drops the pending bit too. */
	if (!level)
		p->pending &= ~bit(src);
	gateway(p);
}

/* Highest-priority pending enabled source above threshold (ties: lowest id), or 0. */
static unsigned best(const struct vplic *p)
{
	uint32_t cand = p->pending & p->enable;
	unsigned best_src = 0;
	uint32_t best_prio = p->threshold;

	for (unsigned s = 1; s < VPLIC_NSRC; s++) {
		if ((cand & bit(s)) && p->priority[s] > best_prio) {
			best_src = s;
			best_prio = p->priority[s];
		}
	}
	return best_src;
}

bool vplic_output(const struct vplic *p)
{
	return best(p) != 0;
}

static uint32_t claim(struct vplic *p)
{
	unsigned s = best(p);

	if (s) {
		p->pending &= ~bit(s);
		p->in_service |= bit(s);
	}
	return s;
}

/*
 * Completing a source not in service is ignored. The enable bit is not
 * checked: Linux completes sources it has just disabled.
 */
static void complete(struct vplic *p, uint32_t src)
{
	if (src >= VPLIC_NSRC || !(p->in_service & bit(src)))
		return;
	p->in_service &= ~bit(src);
	gateway(p);
}

uint32_t vplic_read(struct vplic *p, uint64_t off)
{
	if (off < 4 * VPLIC_NSRC)
		return p->priority[off / 4];
	switch (off) {
	case VPLIC_PENDING:
		return p->pending;
	case VPLIC_ENABLE:
		return p->enable;
	case VPLIC_THRESHOLD:
		return p->threshold;
	case VPLIC_CLAIM:
		return claim(p);
	default:
		return 0;
	}
}

void vplic_write(struct vplic *p, uint64_t off, uint32_t val)
{
	if (off < 4 * VPLIC_NSRC) {
		if (off)
			p->priority[off / 4] = val & VPLIC_PRIO_MAX;
		return;
	}
	switch (off) {
	case VPLIC_ENABLE:
		p->enable = val & VPLIC_SRC_MASK;
		break;
	case VPLIC_THRESHOLD:
		p->threshold = val & VPLIC_PRIO_MAX;
		break;
	case VPLIC_CLAIM:
		complete(p, val);
		break;
	default:
		break; /* pending is read-only; the rest does not exist */
	}
}
