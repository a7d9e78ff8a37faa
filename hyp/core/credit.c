/* SPDX-License-Identifier: MIT */
/*
 * credit.c - proportional CPU shares (credit.h): earning, spending,
 * clamping, priorities and caps. No state of its own and no clock: the
 * scheduler passes the time that passed and who ran.
 */
#include <stddef.h>

#include "hyp/core/credit.h"

void credit_init(struct credit *c, unsigned weight, unsigned cap)
{
	c->credit = 0;
	c->cap_left = 0;
	c->frac = 0;
	c->weight = weight ? weight : CREDIT_WEIGHT_DEFAULT;
	c->cap = cap;
	c->boost = false;
}

static int64_t clamp(int64_t v, int64_t limit)
{
	return v > limit ? limit : v < -limit ? -limit : v;
}

void credit_account(struct credit *const active[], unsigned n, struct credit *ran, uint64_t dt,
		    int64_t limit)
{
	uint64_t total = 0;

	if (!dt)
		return;
	/* More than a clamp's worth saturates every account the same way. */
	if (dt > (uint64_t)(4 * limit))
		dt = (uint64_t)(4 * limit);
	for (unsigned i = 0; i < n; i++)
		total += active[i]->weight;
	for (unsigned i = 0; i < n && total; i++) {
		struct credit *c = active[i];
		/* Exact shares: what division leaves over is earned later. */
		uint64_t earned = dt * c->weight + c->frac % total;

		c->credit += (int64_t)(earned / total);
		c->frac = earned % total;
		if (c->cap)
			c->cap_left += (int64_t)(dt * c->cap / CREDIT_CAP_MAX);
	}
	if (ran) {
		ran->credit -= (int64_t)dt;
		if (ran->cap)
			ran->cap_left -= (int64_t)dt;
	}
	for (unsigned i = 0; i < n; i++) {
		active[i]->credit = clamp(active[i]->credit, limit);
		active[i]->cap_left = clamp(active[i]->cap_left, limit);
		if (active[i]->credit <= 0)
			active[i]->boost = false; /* it spent what it woke with */
	}
	if (ran) { /* it may be outside active: a stopped guest's lifecycle work */
		ran->credit = clamp(ran->credit, limit);
		ran->cap_left = clamp(ran->cap_left, limit);
		if (ran->credit <= 0)
			ran->boost = false;
	}
}

enum credit_prio credit_prio(const struct credit *c)
{
	if (c->boost)
		return CREDIT_BOOST;
	return c->credit > 0 ? CREDIT_UNDER : CREDIT_OVER;
}

void credit_wake(struct credit *c)
{
	c->boost = c->credit > 0;
}

void credit_unboost(struct credit *c)
{
	c->boost = false;
}

bool credit_capped(const struct credit *c)
{
	return c->cap && c->cap_left <= 0;
}

uint64_t credit_cap_wait(const struct credit *c)
{
	if (!credit_capped(c))
		return 0;
	/* cap_left grows by cap/100 of each tick: from -cap_left to just above 0. */
	return (uint64_t)(-c->cap_left) * CREDIT_CAP_MAX / c->cap + 1;
}

uint64_t credit_run_limit(const struct credit *c, uint64_t slice)
{
	uint64_t limit = slice;

	if (c->boost && (uint64_t)c->credit < limit)
		limit = (uint64_t)c->credit;
	if (c->cap && c->cap_left > 0 && (uint64_t)c->cap_left < limit)
		limit = (uint64_t)c->cap_left;
	return limit ? limit : 1;
}
