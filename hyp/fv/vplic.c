/* SPDX-License-Identifier: MIT */
/*
 * vplic.c - the emulated PLIC of a fully virtualized guest (see vplic.h):
 * level-triggered gateways and priorities shared by all contexts, and per
 * context (per vCPU) enables, a threshold and claim/complete. Unknown
 * registers, and those of contexts that do not exist, read 0 and ignore
 * writes, as a guest probing a bigger PLIC would expect of absent sources
 * and contexts.
 */
#include <stdio.h>
#include <string.h>

#include "hyp/fv/vplic.h"

/* Bits of every source that exists (source 0 does not). */
#define VPLIC_SRC_MASK ((uint32_t)(((uint64_t)1 << VPLIC_NSRC) - 1) & ~1u)
/* The register of a context at its stride: threshold or claim. */
#define VPLIC_CTX_REG_MASK (VPLIC_CTX_STRIDE - 1)
#define VPLIC_REG_THRESHOLD (VPLIC_THRESHOLD & VPLIC_CTX_REG_MASK)
#define VPLIC_REG_CLAIM (VPLIC_CLAIM & VPLIC_CTX_REG_MASK)

_Static_assert(VPLIC_NSRC <= 32, "sources are kept in one 32-bit word");
_Static_assert(VPLIC_ENABLE + VPLIC_ENABLE_STRIDE * VPLIC_CTX_MAX <= VPLIC_THRESHOLD,
	       "enable words of every context lie below the first threshold");

void vplic_init(struct vplic *p, unsigned nr_ctx)
{
	memset(p, 0, sizeof(*p));
	p->nr_ctx = nr_ctx < 1 ? 1 : nr_ctx;
	if (p->nr_ctx > VPLIC_CTX_MAX)
		p->nr_ctx = VPLIC_CTX_MAX;
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

/*
 * Context ctx's highest-priority pending enabled source above its threshold
 * (ties: lowest id), or 0.
 */
static unsigned best(const struct vplic *p, unsigned ctx)
{
	/*
	 * Only the candidates' bits are visited, in ascending order: this runs
	 * after every device access of an FV guest, where nothing is pending
	 * almost always (a loop over all 31 sources cost about 230
	 * instructions per UART access).
	 */
	uint32_t cand = p->pending & p->enable[ctx] & ~1u;
	unsigned best_src = 0;
	uint32_t best_prio = p->threshold[ctx];

	while (cand) {
		unsigned s = (unsigned)__builtin_ctz(cand);

		cand &= cand - 1;
		if (p->priority[s] > best_prio) {
			best_src = s;
			best_prio = p->priority[s];
		}
	}
	return best_src;
}

bool vplic_output(const struct vplic *p, unsigned ctx)
{
	return ctx < p->nr_ctx && best(p, ctx) != 0;
}

/*
 * A source enabled in several contexts interrupts all of them; the first to
 * claim it gets it and the others' claims return 0 (or their next source),
 * as the PLIC specification has it.
 */
static uint32_t claim(struct vplic *p, unsigned ctx)
{
	unsigned s = best(p, ctx);

	if (s) {
		p->pending &= ~bit(s);
		p->in_service |= bit(s);
	}
	return s;
}

/*
 * Completing a source not in service is ignored. The enable bit is not
 * checked: Linux completes sources it has just disabled (or moved to another
 * context, when it changes an interrupt's affinity).
 */
static void complete(struct vplic *p, uint32_t src)
{
	if (src >= VPLIC_NSRC || !(p->in_service & bit(src)))
		return;
	p->in_service &= ~bit(src);
	gateway(p);
}

/* The context whose enable word is at off, or -1 (another word or none). */
static int enable_ctx(const struct vplic *p, uint64_t off)
{
	uint64_t ctx = (off - VPLIC_ENABLE) / VPLIC_ENABLE_STRIDE;

	if (off < VPLIC_ENABLE || (off - VPLIC_ENABLE) % VPLIC_ENABLE_STRIDE || ctx >= p->nr_ctx)
		return -1;
	return (int)ctx;
}

/* The context whose threshold or claim is at off, or -1. */
static int ctx_of(const struct vplic *p, uint64_t off)
{
	uint64_t ctx = (off - VPLIC_THRESHOLD) / VPLIC_CTX_STRIDE;

	if (off < VPLIC_THRESHOLD || ctx >= p->nr_ctx)
		return -1;
	return (int)ctx;
}

uint32_t vplic_read(struct vplic *p, uint64_t off)
{
	int ctx;

	if (off < 4 * VPLIC_NSRC)
		return p->priority[off / 4];
	if (off == VPLIC_PENDING)
		return p->pending;
	if ((ctx = enable_ctx(p, off)) >= 0)
		return p->enable[ctx];
	if ((ctx = ctx_of(p, off)) < 0)
		return 0;
	switch (off & VPLIC_CTX_REG_MASK) {
	case VPLIC_REG_THRESHOLD:
		return p->threshold[ctx];
	case VPLIC_REG_CLAIM:
		return claim(p, (unsigned)ctx);
	default:
		return 0;
	}
}

void vplic_write(struct vplic *p, uint64_t off, uint32_t val)
{
	int ctx;

	if (off < 4 * VPLIC_NSRC) {
		if (off)
			p->priority[off / 4] = val & VPLIC_PRIO_MAX;
		return;
	}
	if ((ctx = enable_ctx(p, off)) >= 0) {
		p->enable[ctx] = val & VPLIC_SRC_MASK;
		return;
	}
	if ((ctx = ctx_of(p, off)) < 0)
		return; /* pending is read-only; the rest does not exist */
	switch (off & VPLIC_CTX_REG_MASK) {
	case VPLIC_REG_THRESHOLD:
		p->threshold[ctx] = val & VPLIC_PRIO_MAX;
		break;
	case VPLIC_REG_CLAIM:
		complete(p, val);
		break;
	default:
		break;
	}
}

/* "name" for context 0 (a one-hart guest's trace reads as it always did), else "name[ctx]". */
static void ctx_name(const char *name, uint64_t ctx, char *buf, size_t n)
{
	if (ctx == 0)
		snprintf(buf, n, "%s", name);
	else
		snprintf(buf, n, "%s[%llu]", name, (unsigned long long)ctx);
}

void vplic_reg_name(uint64_t off, bool store, char *buf, size_t n)
{
	uint64_t reg = off & VPLIC_CTX_REG_MASK;

	if (off < VPLIC_PENDING)
		snprintf(buf, n, "priority[%llu]", (unsigned long long)(off / 4));
	else if (off < VPLIC_ENABLE)
		snprintf(buf, n, "pending");
	else if (off < VPLIC_THRESHOLD && (off - VPLIC_ENABLE) % VPLIC_ENABLE_STRIDE == 0)
		ctx_name("enable", (off - VPLIC_ENABLE) / VPLIC_ENABLE_STRIDE, buf, n);
	else if (off >= VPLIC_THRESHOLD && (reg == VPLIC_REG_THRESHOLD || reg == VPLIC_REG_CLAIM))
		ctx_name(reg == VPLIC_REG_CLAIM ? (store ? "complete" : "claim") : "threshold",
			 (off - VPLIC_THRESHOLD) / VPLIC_CTX_STRIDE, buf, n);
	else
		snprintf(buf, n, "+0x%llx", (unsigned long long)off);
}
