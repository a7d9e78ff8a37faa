/* SPDX-License-Identifier: MIT */
/*
 * event.c - events of PV guests (pvabi/event.h): pending bits in the shared
 * info page, the one-shot vCPU timer that raises PVABI_EVT_timer, upcalls
 * delivered on the way back into a guest, and the run-state times. Each
 * vCPU has its own bits and times (struct pvabi_vcpu_info): vCPU 0's are
 * the fields at the start of the page, laid out the same way.
 *
 * On one hart the hypervisor only writes the shared page while the guest is
 * not running, so plain stores are enough; the guest clears bits with an
 * atomic AND of its own.
 */
#include "hyp/core/arch.h"
#include "hyp/pv/event.h"
#include "hyp/core/guest.h"
#include "hyp/core/sched.h"
#include "hyp/debug/trace.h"

struct pvabi_shared_info *event_shared(struct guest *g)
{
	/*
	 * The page holds a permanent reference (it cannot be given back or
	 * remapped), so its frame is looked up once per boot: this is on every
	 * return to the guest.
	 */
	if (!g->shared)
		g->shared = guest_page(g, GPA(GUEST_SHARED_INFO_GPA), "the shared info page");
	return g->shared;
}

/* Every vCPU a guest may have has its slot in the shared info page. */
_Static_assert(GUEST_VCPU_MAX <= PVABI_VCPU_MAX, "vcpu_info[] too short for GUEST_VCPU_MAX");

struct pvabi_vcpu_info *event_info(struct vcpu *v)
{
	struct pvabi_shared_info *s;

	if (v->evt)
		return v->evt;
	s = event_shared(v->guest);
	/* vCPU 0's fields have vcpu_info's layout (pvabi/event.h asserts it). */
	v->evt = v->id ? &s->vcpu_info[v->id] : (struct pvabi_vcpu_info *)(void *)s;
	return v->evt;
}

void event_raise(struct vcpu *v, unsigned evt)
{
	/* A vCPU that is down takes no events: it starts afresh when brought up. */
	if (!vcpu_is_up(v) || evt >= PVABI_EVT_MAX)
		return;
	event_info(v)->evt_pending |= 1ull << evt;
	arch_vcpu_work_waits(v); /* its next return into the guest looks for it */
	/* A masked event gives no upcall, but its arrival still ends a block. */
	sched_wake(v);
}

bool event_pending(struct vcpu *v)
{
	const struct pvabi_vcpu_info *s = event_info(v);

	return (s->evt_pending & ~s->evt_mask) != 0;
}

bool event_deliver(struct vcpu *v)
{
	struct pvabi_vcpu_info *s;

	if (!v->event_entry || v->state != VCPU_RUNNABLE)
		return false;
	/* A deadline that passed since the last tick is an event already. */
	sched_timer_fire(v, arch_time());
	s = event_info(v);
	if (!(s->evt_pending & ~s->evt_mask) || !arch_vcpu_events_enabled(v))
		return false;
	arch_vcpu_upcall(v, v->event_entry);
	trace_irq(v, 0, "upcall");
	s->upcalls++;
	v->guest->stats.upcalls++;
	return true;
}

void event_runstate(struct vcpu *v, enum vcpu_runstate rs, uint64_t now)
{
	uint64_t d = now > v->runstate_since ? now - v->runstate_since : 0;

	/* Kept per vCPU for every guest, and shown to PV guests in their shared page. */
	v->runstate_time[v->runstate] += d;
	if (v->guest->cfg->mode == GUEST_PV) {
		struct pvabi_vcpu_info *s = event_info(v);

		s->time_running = v->runstate_time[RUNSTATE_RUNNING];
		s->time_runnable = v->runstate_time[RUNSTATE_RUNNABLE];
		s->time_blocked = v->runstate_time[RUNSTATE_BLOCKED];
	}
	v->runstate = rs;
	v->runstate_since = now;
}
