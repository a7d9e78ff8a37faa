/* SPDX-License-Identifier: MIT */
/*
 * hcall_multicall.c - multicall: several hypercalls for the price of one exit,
 * each dispatched exactly as if made alone.
 */
#include "hyp/core/arch.h"
#include "hyp/core/guest.h"
#include "hyp/pv/hcall.h"
#include "hyp/core/sched.h"

/* Offset of the two output fields, written back together. */
#define ENTRY_OUT_OFFSET __builtin_offsetof(struct pvabi_multicall_entry, result)

/* Did a call of this batch stop the guest, take this vCPU down, or boot it afresh? */
static bool guest_gone(const struct vcpu *v, unsigned boots)
{
	return v->state == VCPU_STOPPED || v->state == VCPU_DOWN || v->guest->boots != boots;
}

int64_t hcall_multicall(struct vcpu *v, const uint64_t args[5], uint64_t *value)
{
	uint64_t calls = args[0], count = args[1];
	unsigned boots = v->guest->boots;
	uint64_t done;

	if (count > PVABI_MULTICALL_MAX)
		return -PVABI_E2BIG;
	for (done = 0; done < count; done++) {
		gva_t at = GVA(calls + done * sizeof(struct pvabi_multicall_entry));
		struct pvabi_multicall_entry e;
		uint64_t out[2];

		sched_preempt_point(); /* between entries: each is a whole call */
		if (arch_copy_from_guest(&e, at, sizeof(e)))
			break;
		if (e.op == PVABI_HC_multicall) {
			out[0] = (uint64_t)-PVABI_EINVAL;
			out[1] = 0;
		} else {
			out[0] = (uint64_t)hcall_dispatch(v, e.op, e.args, &out[1]);
		}
		/* The guest may have been stopped or rebuilt: its memory is gone. */
		if (guest_gone(v, boots)) {
			done++;
			break;
		}
		if (arch_copy_to_guest(GVA(at.val + ENTRY_OUT_OFFSET), out, sizeof(out)))
			break;
	}
	*value = done;
	return done == count || guest_gone(v, boots) ? 0 : -PVABI_EFAULT;
}
