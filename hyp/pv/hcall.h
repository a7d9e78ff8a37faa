/* SPDX-License-Identifier: MIT */
/*
 * hcall.h - hypercall dispatch: the table generated from pvabi's
 * PVABI_HCALL_LIST and the handlers it names.
 */
#ifndef HYP_HCALL_H
#define HYP_HCALL_H

#include <pvabi/pvabi.h>

#include "hyp/core/guest.h"
#include "hyp/core/vcpu.h"

/* Arguments a0..a4 in, a1 out; returns a0 (0 or -PVABI_E*). */
typedef int64_t (*hcall_fn)(struct vcpu *v, const uint64_t args[5], uint64_t *value);

#define HCALL_DECLARE(name, nr, nargs)                                         \
	int64_t hcall_##name(struct vcpu *v, const uint64_t args[5], uint64_t *value);
PVABI_HCALL_LIST(HCALL_DECLARE)
#undef HCALL_DECLARE

/* Dispatch one hypercall; unknown numbers get -PVABI_ENOSYS, logged once. */
int64_t hcall_dispatch(struct vcpu *v, uint64_t nr, const uint64_t args[5], uint64_t *value);
bool hcall_implemented(uint64_t nr);
/*
 * The fast path: an arch's entry code, having saved only what a C call may
 * clobber, makes a call on this list itself (hcall_fast) and returns straight
 * to the guest. A fast call is bounded and short, and does not block, yield,
 * stop or rebuild its guest: nothing a preemption point or the full exit path
 * would have to finish. hcall_fast_calls: bit n, call n is one of them;
 * hcall_fast_fns: their handlers by number.
 */
extern const uint64_t hcall_fast_calls;
extern const hcall_fn hcall_fast_fns[64];

/* Make fast call nr (its bit is set in hcall_fast_calls), counted as hcall_dispatch would. */
static inline int64_t hcall_fast(struct vcpu *v, uint64_t nr, const uint64_t args[5],
				 uint64_t *value)
{
	v->nr_hcalls++;
	v->guest->stats.hcalls[nr]++;
	*value = 0;
	return hcall_fast_fns[nr](v, args, value);
}
/* The call's name from the list, "unknown" if there is none. */
const char *hcall_name(uint64_t nr);

#endif
