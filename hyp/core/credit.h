/* SPDX-License-Identifier: MIT */
/*
 * credit.h - proportional CPU shares, in the spirit of Xen's credit
 * scheduler. What this file owns: each vCPU's credit (the time it may still
 * run at its share), earned by weight and spent by time actually run; its
 * priority (BOOST, UNDER, OVER); and an optional cap. sched.c decides when
 * to account and whom to run; this module is pure arithmetic on ticks, so
 * its guarantees are unit-tested on the host.
 *
 * The rules:
 * - Time is shared among the vCPUs that are not stopped or paused (the
 *   "active" ones, blocked or not): over dt ticks each earns
 *   dt * weight / (sum of the active weights), and the one that ran pays dt.
 * - Credit is clamped to [-limit, +limit] (limit: one slice). A guest that
 *   sleeps cannot hoard more than one slice of credit, and a guest that ran
 *   alone for a long time is not punished for it once others wake.
 * - Priority: BOOST (woken while its credit is positive) over UNDER (credit
 *   positive) over OVER. A woken vCPU preempts only a vCPU of lower priority,
 *   so it preempts only while under its share, and a BOOST run ends after
 *   a short while (1 ms) or when the credit it woke with is spent, whichever
 *   is first: a slice is never renewed by waking, and two woken vCPUs wait
 *   for each other at most that long.
 * - A cap (percent of one CPU) is a second budget, earned at cap% of time
 *   whatever the others do; once spent the vCPU is parked until it has
 *   earned a tenth of the clamp again (not a tick at a time: no thrashing).
 * So a vCPU can run at most its share plus one limit over any stretch of
 * time, whatever its co-guests do, and an always-runnable vCPU gets the
 * rest: at least its share minus the co-guests' one limit each.
 */
#ifndef HYP_CREDIT_H
#define HYP_CREDIT_H

#include <stdbool.h>
#include <stdint.h>

#define CREDIT_WEIGHT_DEFAULT 256 /* Xen's */
#define CREDIT_WEIGHT_MAX 65535
#define CREDIT_CAP_MAX 100 /* percent of one CPU; 0: no cap */

enum credit_prio { CREDIT_OVER, CREDIT_UNDER, CREDIT_BOOST };

struct credit {
	int64_t credit;	   /* ticks it may still run at its share */
	int64_t cap_left;  /* ticks it may still run under its cap */
	uint64_t frac;	   /* earned but not yet a whole tick, times the total weight */
	uint64_t cap_frac; /* the same for cap_left, times CREDIT_CAP_MAX */
	unsigned weight;   /* 1 .. CREDIT_WEIGHT_MAX */
	unsigned cap;	   /* 0 .. CREDIT_CAP_MAX */
	bool boost;
	bool parked;	    /* capped: it spent its cap budget and waits to earn some back */
	int64_t cap_resume; /* the budget a parked vCPU waits for: a tenth of the clamp */
};

/* A fresh account (a guest built or rebuilt): no debt, no hoard. */
void credit_init(struct credit *c, unsigned weight, unsigned cap);
/*
 * dt ticks passed. active[0..n) are the vCPUs sharing the CPU; ran is the one
 * that ran for them (NULL: the CPU idled or did the hypervisor's own work).
 * limit: the clamp, in ticks.
 */
void credit_account(struct credit *const active[], unsigned n, struct credit *ran, uint64_t dt,
		    int64_t limit);
enum credit_prio credit_prio(const struct credit *c);
/* It woke: BOOST if it is under its share. */
void credit_wake(struct credit *c);
/* It left the CPU (blocked, preempted, yielded): no BOOST any more. */
void credit_unboost(struct credit *c);
/* Over its cap: it may not run now. */
bool credit_capped(const struct credit *c);
/* Ticks until a capped vCPU may run again (0 if it may now). */
uint64_t credit_cap_wait(const struct credit *c);
/*
 * How long it may run from now before the scheduler must look again:
 * at most slice; a BOOST run at most boost and no longer than its credit
 * lasts (then it competes like the others); a capped one until its cap
 * budget is spent.
 */
uint64_t credit_run_limit(const struct credit *c, uint64_t slice, uint64_t boost);

#endif
