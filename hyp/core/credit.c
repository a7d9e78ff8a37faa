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
	c->cap_frac = 0;
	c->weight = weight ? weight : CREDIT_WEIGHT_DEFAULT;
	c->cap = cap;
	c->boost = false;
	c->parked = false;
}

static int64_t clamp(int64_t v, int64_t limit)
{
	return v > limit ? limit : v < -limit ? -limit : v;
}

/* Clamp, drop a spent BOOST, park or unpark against the cap. */
static void settle(struct credit *c, int64_t limit)
{
	c->credit = clamp(c->credit, limit);
	c->cap_left = clamp(c->cap_left, limit);
	if (c->credit <= 0)
		c->boost = false; /* it spent what it woke with */
	c->cap_resume = limit / 10;
	if (!c->cap)
		c->parked = false;
	else if (c->cap_left <= 0)
		c->parked = true;
	else if (c->cap_left >= c->cap_resume)
		c->parked = false;
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
		if (c->cap) {
			uint64_t cap_earned = dt * c->cap + c->cap_frac;

			c->cap_left += (int64_t)(cap_earned / CREDIT_CAP_MAX);
			c->cap_frac = cap_earned % CREDIT_CAP_MAX;
		}
	}
	if (ran) {
		ran->credit -= (int64_t)dt;
		if (ran->cap)
			ran->cap_left -= (int64_t)dt;
	}
	for (unsigned i = 0; i < n; i++)
		settle(active[i], limit);
	if (ran) /* it may be outside active: a stopped guest's lifecycle work */
		settle(ran, limit);
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
	return c->cap && (c->parked || c->cap_left <= 0);
}

uint64_t credit_cap_wait(const struct credit *c)
{
	if (!credit_capped(c))
		return 0;
	/* cap_left grows by cap/100 of each tick: from where it is to cap_resume. */
	return (uint64_t)(c->cap_resume - c->cap_left + 1) * CREDIT_CAP_MAX / c->cap + 1;
}

uint64_t credit_run_limit(const struct credit *c, uint64_t slice, uint64_t boost)
{
	uint64_t limit = slice;

	if (c->boost && boost < limit)
		limit = boost;
	if (c->boost && (uint64_t)c->credit < limit)
		limit = (uint64_t)c->credit;
	if (c->cap && c->cap_left > 0 && (uint64_t)c->cap_left < limit)
		limit = (uint64_t)c->cap_left;
	return limit ? limit : 1;
}
