/* SPDX-License-Identifier: MIT */
/* hcall_sched.c - sched_op and set_timer_op: yielding, blocking, shutdown, the vCPU timer. */
#include "hyp/core/arch.h"
#include "hyp/core/console.h"
#include "hyp/pv/event.h"
#include "hyp/core/guest.h"
#include "hyp/pv/hcall.h"
#include "hyp/core/sched.h"

static int64_t sched_shutdown(struct vcpu *v, uint64_t reason)
{
	struct guest *g = v->guest;

	switch (reason) {
	case PVABI_SHUTDOWN_poweroff:
		guest_stop(g, GUEST_SHUTDOWN, "poweroff");
		return 0;
	case PVABI_SHUTDOWN_crash:
		guest_stop(g, GUEST_CRASHED, "the guest reported a crash");
		return 0;
	case PVABI_SHUTDOWN_reboot:
		guest_request_reboot(g);
		return 0;
	default:
		return -PVABI_EINVAL;
	}
}

int64_t hcall_sched_op(struct vcpu *v, const uint64_t args[5], uint64_t *value)
{
	(void)value;
	switch (args[0]) {
	case PVABI_SCHEDOP_yield:
		sched_yield(v);
		return 0;
	case PVABI_SCHEDOP_block:
		/* Xen's block clears the upcall mask first: here the kernel's SIE. */
		arch_vcpu_events_on(v);
		/* A guest that waits shows its unfinished line (a prompt, an echo). */
		console_show(&v->guest->con);
		sched_block(v);
		return 0;
	case PVABI_SCHEDOP_shutdown:
		return sched_shutdown(v, args[1]);
	default:
		return -PVABI_ENOSYS;
	}
}

int64_t hcall_set_timer_op(struct vcpu *v, const uint64_t args[5], uint64_t *value)
{
	uint64_t deadline = args[0] ? guest_to_host_time(v->guest, args[0]) : VCPU_NO_DEADLINE;

	(void)value;
	/* An expiry of the old deadline is stale once the guest set a new one. */
	event_clear(v, PVABI_EVT_timer);
	if (deadline > arch_time()) {
		sched_set_deadline(v, deadline);
		return 0;
	}
	/* A deadline in the past fires at once (not armed first: no timer exit for it). */
	sched_set_deadline(v, VCPU_NO_DEADLINE);
	event_raise(v, PVABI_EVT_timer);
	return 0;
}
