/* SPDX-License-Identifier: MIT */
/*
 * stats.h - per-guest counters (hypercalls by number, exits by cause,
 * upcalls, emulated SBI calls, device accesses and WFIs, frames given and
 * returned) and their summary lines. Every counter
 * is a plain increment where the event happens, except the hypercalls an
 * arch's entry path makes: one per-vCPU counter by number, added in by
 * stats_read.
 */
#ifndef HYP_STATS_H
#define HYP_STATS_H

#include <pvabi/hcall.h>

#include "hyp/core/types.h"

/* Exit causes counted one by one; larger ones share the last slot. */
#define STATS_CAUSES 32

struct guest_stats {
	uint64_t hcalls[PVABI_HC_MAX];	   /* by number, known or not */
	uint64_t hcalls_out_of_range;	   /* numbers >= PVABI_HC_MAX */
	uint64_t exits_sync[STATS_CAUSES]; /* exceptions, by cause */
	uint64_t exits_irq[STATS_CAUSES];  /* interrupts, by number */
	uint64_t upcalls;
	/* Fully virtualized guests: what was emulated for them. */
	uint64_t sbi_calls;	  /* SBI calls served (any extension) */
	uint64_t mmio;		  /* emulated device loads and stores */
	uint64_t wfi;		  /* WFIs trapped */
	uint64_t frames_given;	  /* frames handed to the guest, all zeroed */
	uint64_t frames_returned; /* frames it gave back with memory_op */
	uint64_t frames_scrubbed; /* of those given, zeroed on demand for it (not by idle) */
	/* Its longest stretch of hypervisor work in one go (sched.h's exit budget). */
	uint64_t exit_longest_insns, exit_longest_ticks;
	uint64_t preemptions; /* times its exits stopped at a preemption point */
};

struct guest;

static inline void stats_exit(struct guest_stats *s, bool irq, uint64_t cause)
{
	uint64_t *c = irq ? s->exits_irq : s->exits_sync;

	c[cause < STATS_CAUSES ? cause : STATS_CAUSES - 1]++;
}

/*
 * A guest's counters as of now: g->stats with what its vCPUs' entry paths
 * counted themselves and have not folded in yet (arch_vcpu_add_hcalls).
 * Readers go through this; g->stats alone misses the fastest calls.
 */
void stats_read(const struct guest *g, struct guest_stats *s);
/* All hypercalls (any number) and all exits (any cause) in s (from stats_read). */
uint64_t stats_hcalls_total(const struct guest_stats *s);
uint64_t stats_exits_total(const struct guest_stats *s);

/* Print one guest's counters as "[hyp] NAME stats: ..." lines. */
void stats_print(const struct guest *g);
/* Every guest's counters and the frame allocator's. */
void stats_print_all(void);

#endif
