/* SPDX-License-Identifier: MIT */
/* hcall_sched.c - sched_op and set_timer_op: yielding, blocking, shutdown, timers. */
#include "hyp/arch.h"
#include "hyp/guest.h"
#include "hyp/hcall.h"
#include "hyp/sched.h"

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
		return guest_reboot(g);
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
	uint64_t deadline = args[0];

	(void)value;
	if (deadline == 0) {
		sched_set_deadline(v, VCPU_NO_DEADLINE);
		arch_vcpu_set_timer(v, UINT64_MAX);
	} else {
		sched_set_deadline(v, guest_to_host_time(v->guest, deadline));
		arch_vcpu_set_timer(v, deadline);
	}
	return 0;
}
