/* SPDX-License-Identifier: MIT */
/*
 * sched_priv.h - the scheduler module's own state, shared by its two files
 * and by nothing else: a vCPU's context and credit (struct vctx), a hart's
 * run queue (struct sched_hart), and the lookups the hot paths inline.
 * sched.c runs the harts' loops; sched_share.c places guests and keeps the
 * accounts. The rules of sched.c's header comment (who touches what, on
 * which hart) hold for both.
 */
#ifndef HYP_SCHED_PRIV_H
#define HYP_SCHED_PRIV_H

#include "hyp/core/credit.h"
#include "hyp/core/guest.h"
#include "hyp/core/sched.h"
#include "hyp/core/smp.h"

/* A vCPU's scheduling state, apart from struct vcpu (which a rebuild resets). */
struct vctx {
	struct arch_ctx ctx;
	bool started;  /* ctx holds a context to switch to */
	bool in_exit;  /* it left at a preemption point, in the middle of an exit */
	bool in_reap;  /* it is doing its guest's lifecycle work (never dropped) */
	bool discard;  /* drop that half-done work: start afresh next time */
	unsigned hart; /* its home (sched_place): it runs nowhere else */
	struct credit cr;
};

/* A hart's run queue: the state of its scheduler loop. Only that hart touches it (above). */
struct sched_hart {
	struct arch_ctx ctx;		/* its scheduler loop's (the hart's boot stack) */
	struct vcpu *current;		/* whose context runs; NULL: the scheduler's */
	unsigned last_guest, last_vcpu; /* round-robin position within a priority */
	uint64_t slice_end;
	bool need_resched;
	uint64_t last_account; /* host time credits were brought up to */
	uint32_t inbox;	       /* guests with news from other harts (bit per id; atomic) */
	struct sched_hart_stats st;
};

extern struct vctx sched_vctx[GUEST_MAX][GUEST_VCPU_MAX];
extern struct sched_hart sched_harts[SMP_HART_MAX];
/*
 * This hart's, kept in its TLS block: one load on the paths taken at every
 * exit and preemption point (hart 0's from boot, the others' from sched_run).
 */
extern __thread struct sched_hart *sched_self;

/* Every vCPU of every guest, in table order. */
#define for_each_vcpu(g, v)                                                                        \
	for (struct guest *g = guest_table; g < guest_table + guest_count; g++)                    \
		for (struct vcpu *v = g->vcpus; v < g->vcpus + g->nr_vcpus; v++)

static inline struct vctx *vctx_of(const struct vcpu *v)
{
	return &sched_vctx[v->guest->id][v->id];
}

/* This hart's run queue, and a vCPU's home hart's. */
static inline struct sched_hart *me(void)
{
	return sched_self;
}

static inline struct sched_hart *home(const struct vcpu *v)
{
	return &sched_harts[vctx_of(v)->hart];
}

/* Is this hart v's home (and its guest's: they share it)? */
static inline bool here(const struct vcpu *v)
{
	return vctx_of(v)->hart == smp_this();
}

/* Guest i's home is this hart. */
static inline bool mine(unsigned i)
{
	return sched_vctx[i][0].hart == smp_this();
}

/*
 * Lifecycle work (release, rebuild) is vCPU 0's: it runs on its context
 * whatever the states of the others, which wait (stopped or down).
 */
static inline bool sched_lifecycle(const struct vcpu *v)
{
	return v->id == 0 && (v->guest->reap != GUEST_REAP_NONE || vctx_of(v)->in_reap);
}

/* Bring every account of hart h up to now (sched_share.c). */
void sched_account_on(struct sched_hart *h);
/* Share g's weight and cap out again among its vCPUs up (after an up or a down). */
void sched_resplit(struct guest *g, unsigned weight, unsigned cap);

#endif
