/* SPDX-License-Identifier: MIT */
/*
 * event.h - events, upcalls and the shared info page of PV guests
 * (pvabi/event.h): raising an event (the vCPU timer raises PVABI_EVT_timer:
 * sched_timer_fire), delivering upcalls on the way back into a guest, and the
 * run-state times kept in the shared page.
 */
#ifndef HYP_EVENT_H
#define HYP_EVENT_H

#include <pvabi/event.h>

#include "hyp/core/arch.h"
#include "hyp/core/guest.h"
#include "hyp/core/vcpu.h"

/* The guest's shared info page, through its G-stage (never a raw GPA). */
struct pvabi_shared_info *event_shared(struct guest *g);
/* v's events and times in that page (vCPU 0's: its first fields), looked up once a boot. */
struct pvabi_vcpu_info *event_info(struct vcpu *v);
/*
 * Mark evt pending and wake the vCPU if it is blocked (even if evt is
 * masked). Called on the vCPU's own hart while it is out of its guest: an
 * arch's entry path may answer a call without looking at the shared page
 * when nothing was pending at its last return into the guest (trap.c's
 * slow_work); raising one for a vCPU running elsewhere would have to make
 * it exit (a kick) to be seen. A guest's vCPUs share its home hart, so
 * event_op's IPIs from one to another keep to this rule.
 */
void event_raise(struct vcpu *v, unsigned evt);
/*
 * Clear a pending event of a vCPU that is up (set_timer_op drops a stale
 * timer expiry of its caller's): inline, as set_timer_op is a fast call.
 */
static inline void event_clear(struct vcpu *v, unsigned evt)
{
	struct pvabi_vcpu_info *s = v->evt ? v->evt : event_info(v);

	s->evt_pending &= ~(1ull << evt);
}
/* evt_pending & ~evt_mask is not empty. */
bool event_pending(struct vcpu *v);
/*
 * On the way back into the loaded vCPU: deliver an upcall if a callback is
 * registered, an unmasked event is pending and the vCPU takes interrupts.
 * True if one was delivered.
 */
bool event_deliver(struct vcpu *v);
/*
 * Would event_deliver give an upcall now (or must it look: the shared page
 * not found yet)? For a fast return into the guest, which skips it: inline,
 * as it is on every fast hypercall.
 */
static inline bool event_deliverable(struct vcpu *v)
{
	const struct pvabi_vcpu_info *s = v->evt;

	if (!v->event_entry)
		return false;
	if (!s || v->state != VCPU_RUNNABLE)
		return true;
	return (s->evt_pending & ~s->evt_mask) && arch_vcpu_events_enabled(v);
}
/* Count the time since the last change into the old runstate; enter rs. */
void event_runstate(struct vcpu *v, enum vcpu_runstate rs, uint64_t now);

#endif
