/* SPDX-License-Identifier: MIT */
/*
 * sched_share.c - who gets how much of which hart: placing a guest's vCPUs on
 * their home hart (sched_place), bringing the credit accounts up to date,
 * splitting a guest's weight and cap among its vCPUs, and the figures the
 * monitor shows (credit, priority, a hart's statistics). The loop that runs
 * vCPUs by these accounts is sched.c's.
 */
#include "hyp/core/arch.h"
#include "hyp/core/credit.h"
#include "hyp/core/guest.h"
#include "hyp/core/log.h"
#include "hyp/core/sched.h"
#include "hyp/core/sched_priv.h"
#include "hyp/core/smp.h"

void sched_place(struct vcpu *v, uint32_t affinity)
{
	uint32_t all = (1u << smp_harts()) - 1, allowed = affinity & all;
	unsigned load[SMP_HART_MAX] = { 0 }, best = SMP_HART_MAX;

	if (!allowed) {
		if (affinity)
			log_printf("guest %s: no hart of its affinity 0x%x exists: any hart\n",
				   v->guest->cfg->name, affinity);
		allowed = all;
	}
	/* Load: the vCPUs of the other guests already placed, which share their guest's hart. */
	for (unsigned i = 0; i < guest_count; i++)
		if (&guest_table[i] != v->guest)
			load[sched_vctx[i][0].hart] += guest_table[i].nr_vcpus;
	/* The least loaded allowed hart, the lowest on a tie: the same every boot. */
	for (unsigned h = 0; h < smp_harts(); h++)
		if ((allowed >> h & 1) && (best == SMP_HART_MAX || load[h] < load[best]))
			best = h;
	/* Every vCPU of the guest: one hart holds all its state (docs/architecture.md). */
	for (unsigned i = 0; i < GUEST_VCPU_MAX; i++)
		sched_vctx[v->guest->id][i].hart = best;
}

unsigned sched_home(const struct vcpu *v)
{
	return vctx_of(v)->hart;
}

/*
 * Shares are among the vCPUs that are up (runnable or blocked) and not
 * paused, and vCPU 0 of a guest being released or rebuilt: a rebooting guest
 * competes for its share like a running one, no more.
 */
static bool active(const struct vcpu *v)
{
	if (sched_lifecycle(v))
		return true;
	return vcpu_is_up(v) && !v->guest->paused;
}

/*
 * Bring every account of hart h up to now: the time since the last call was
 * its current's. h is this hart, or another stopped in a rendezvous.
 */
void sched_account_on(struct sched_hart *h)
{
	struct credit *act[GUEST_MAX * GUEST_VCPU_MAX];
	uint64_t now = arch_time();
	unsigned n = 0, hart = (unsigned)(h - sched_harts);

	for_each_vcpu(g, v)
		if (vctx_of(v)->hart == hart && active(v))
			act[n++] = &vctx_of(v)->cr;
	credit_account(act, n, h->current ? &vctx_of(h->current)->cr : NULL, now - h->last_account,
		       (int64_t)sched_us_to_ticks(SCHED_SLICE_US));
	h->last_account = now;
}

/*
 * A guest's share is split among its vCPUs that are up (each at least 1), so
 * that one spinning on four vCPUs gets no more of its hart than one with
 * one, and one with a single vCPU up (Linux at boot, a vCPU taken down) gets
 * all of it: Xen's credit scheduler splits a domain's credit among its
 * active vCPUs in the same way.
 */
static unsigned split(unsigned x, const struct vcpu *v)
{
	unsigned n = guest_vcpus_up(v->guest);

	n = n ? n : 1;
	return x && x / n == 0 ? 1 : x / n;
}

void sched_set_share(struct vcpu *v, unsigned weight, unsigned cap)
{
	credit_init(&vctx_of(v)->cr, split(weight ? weight : CREDIT_WEIGHT_DEFAULT, v),
		    split(cap, v));
}

void sched_resplit(struct guest *g, unsigned weight, unsigned cap)
{
	for (unsigned i = 0; i < g->nr_vcpus; i++) {
		struct vcpu *v = &g->vcpus[i];
		struct credit *c = &vctx_of(v)->cr;

		c->weight = split(weight ? weight : CREDIT_WEIGHT_DEFAULT, v);
		c->cap = split(cap, v);
	}
}

void sched_change_share(struct guest *g, unsigned weight, unsigned cap)
{
	sched_account_on(home(&g->vcpus[0])); /* the time so far at the old shares */
	sched_resplit(g, weight, cap);
	/*
	 * A new cap: a parked vCPU waits no more for the old one's budget. Not
	 * on an up or a down, which the guest asks for itself: toggling a
	 * sibling must not let a capped vCPU out early.
	 */
	for (unsigned i = 0; i < g->nr_vcpus; i++)
		vctx_of(&g->vcpus[i])->cr.parked = false;
}

int64_t sched_credit_us(const struct vcpu *v)
{
	int64_t c = vctx_of(v)->cr.credit;

	return c < 0 ? -(int64_t)sched_ticks_to_us((uint64_t)-c)
		     : (int64_t)sched_ticks_to_us((uint64_t)c);
}

const char *sched_prio_name(const struct vcpu *v)
{
	static const char *const names[] = { "over", "under", "boost" };

	return names[credit_prio(&vctx_of(v)->cr)];
}

void sched_hart_stats(unsigned hart, struct sched_hart_stats *out, const char **running)
{
	const struct sched_hart *h = &sched_harts[hart];
	const struct vcpu *cur = __atomic_load_n(&h->current, __ATOMIC_RELAXED);

	*out = h->st;
	*running = cur ? cur->guest->cfg->name : NULL;
}
