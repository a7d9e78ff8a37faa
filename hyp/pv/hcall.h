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

#define HCALL_DECLARE(name, nr, nargs)                                                             \
	int64_t hcall_##name(struct vcpu *v, const uint64_t args[5], uint64_t *value);
PVABI_HCALL_LIST(HCALL_DECLARE)
#undef HCALL_DECLARE

/* Dispatch one hypercall, counted; unknown numbers get -PVABI_ENOSYS, logged once. */
int64_t hcall_dispatch(struct vcpu *v, uint64_t nr, const uint64_t args[5], uint64_t *value);
/*
 * Make implemented call nr (traced if a trace is on) and count nothing: for
 * an arch's entry path, which counts the calls it makes itself (one
 * increment per call; arch_vcpu_add_hcalls gives them to the stats).
 */
int64_t hcall_make(struct vcpu *v, uint64_t nr, const uint64_t args[5], uint64_t *value);
/* The handlers by number (hcall.c's table without the names). */
extern const hcall_fn hcall_fns[PVABI_HC_MAX];
/*
 * hcall_make when the caller knows no trace is on and nr is implemented (an
 * arch's entry path for a call on its lists: trap.c): inline, one call.
 */
static inline int64_t hcall_make_untraced(struct vcpu *v, uint64_t nr, const uint64_t args[5],
					  uint64_t *value)
{
	*value = 0;
	return hcall_fns[nr](v, args, value);
}
bool hcall_implemented(uint64_t nr);
/*
 * Calls an arch's entry path makes itself, having saved only what a C call
 * may clobber, without the full exit (and return to the vCPU's context loop)
 * unless work waits that only that does. HCALL_FAST_CALLS (bit n: call n):
 * bounded and short, and never blocking, yielding, stopping or rebuilding
 * their guest, so made with no exit accounting by hcall_fast(); a fast
 * handler may decline a call (HCALL_DECLINED, before it changed anything:
 * mmuext_op takes only a lone context switch or flush), which is then made
 * as a direct one. HCALL_DIRECT_CALLS: any others made this way, through
 * hcall_dispatch as a stretch of work the exit budget watches (preemption
 * points allowed).
 */
#define HCALL_FAST_CALLS                                                                           \
	(1ull << PVABI_HC_version | 1ull << PVABI_HC_set_timer_op | 1ull << PVABI_HC_mmuext_op)
/* The frequent ones of a running kernel (page tables, memory, console). */
#define HCALL_DIRECT_CALLS                                                                         \
	(1ull << PVABI_HC_mmu_update | 1ull << PVABI_HC_mmuext_op | 1ull << PVABI_HC_multicall |   \
	 1ull << PVABI_HC_memory_op | 1ull << PVABI_HC_console_io)
#define HCALL_DECLINED INT64_MIN
extern const hcall_fn hcall_fast_fns[64];

/*
 * Make fast call nr (its bit is set in HCALL_FAST_CALLS), uncounted as
 * hcall_make; or HCALL_DECLINED, nothing done.
 */
static inline int64_t hcall_fast(struct vcpu *v, uint64_t nr, const uint64_t args[5],
				 uint64_t *value)
{
	*value = 0;
	return hcall_fast_fns[nr](v, args, value);
}

/* mmuext_op's fast handler: a lone NEW_BASEPTR or TLB flush (hcall_mm.c). */
int64_t hcall_mmuext_op_fast(struct vcpu *v, const uint64_t args[5], uint64_t *value);
/* The call's name from the list, "unknown" if there is none. */
const char *hcall_name(uint64_t nr);

#endif
