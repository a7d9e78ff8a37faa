/* SPDX-License-Identifier: MIT */
/*
 * hcall.c - hypercall dispatch. The table is generated from pvabi's
 * PVABI_HCALL_LIST, the same list that generates the guests' stubs, so a
 * call cannot exist on one side only.
 */
#include "hyp/core/arch.h"
#include "hyp/core/guest.h"
#include "hyp/pv/hcall.h"
#include "hyp/core/log.h"
#include "hyp/debug/trace.h"

#define HCALL_ENTRY(name, nr, nargs) [nr] = { hcall_##name, #name },
static const struct {
	hcall_fn fn;
	const char *name;
} hcall_table[PVABI_HC_MAX] = { PVABI_HCALL_LIST(HCALL_ENTRY) };
#undef HCALL_ENTRY

#define HCALL_FN(name, nr, nargs) [nr] = hcall_##name,
const hcall_fn hcall_fns[PVABI_HC_MAX] = { PVABI_HCALL_LIST(HCALL_FN) };
#undef HCALL_FN

_Static_assert(PVABI_HC_MAX <= 64, "the entry path's lists are 64-bit masks");
const hcall_fn hcall_fast_fns[64] = {
	[PVABI_HC_version] = hcall_version,
	[PVABI_HC_set_timer_op] = hcall_set_timer_op,
	[PVABI_HC_mmuext_op] = hcall_mmuext_op_fast,
};

bool hcall_implemented(uint64_t nr)
{
	return nr < PVABI_HC_MAX && hcall_table[nr].fn;
}

const char *hcall_name(uint64_t nr)
{
	return hcall_implemented(nr) ? hcall_table[nr].name : "unknown";
}

/* Log an unknown number once per guest and number, not once per call. */
static void log_unknown(struct guest *g, uint64_t nr)
{
	uint64_t bit = nr < 63 ? 1ull << nr : 1ull << 63; /* 63: "any larger" */

	if (g->logged_hcalls & bit)
		return;
	g->logged_hcalls |= bit;
	/* Not under the per-guest rate limit: once per number in a guest's life, 64 at most. */
	log_printf("guest %s: unknown hypercall %llu%s -> -ENOSYS\n", g->cfg->name,
		   (unsigned long long)nr, nr >= 63 ? " (further numbers >= 63 not logged)" : "");
}

/*
 * The unknown and the traced paths live apart, so that the common one needs
 * no stack frame and ends in a tail call (about 20 instructions a call).
 */
static __attribute__((noinline)) int64_t dispatch_unknown(struct vcpu *v, uint64_t nr,
							  const uint64_t args[5])
{
	log_unknown(v->guest, nr);
	trace_hcall_end(trace_hcall_begin(v, nr, args), v, -PVABI_ENOSYS, 0, "unknown call");
	return -PVABI_ENOSYS;
}

static __attribute__((noinline)) int64_t dispatch_traced(struct vcpu *v, uint64_t nr,
							 const uint64_t args[5], uint64_t *value)
{
	int h = trace_hcall_begin(v, nr, args);
	int64_t ret;

	v->guest->mm.last_reject = NULL;
	ret = hcall_table[nr].fn(v, args, value);
	trace_hcall_end(h, v, ret, *value, v->guest->mm.last_reject);
	return ret;
}

int64_t hcall_make(struct vcpu *v, uint64_t nr, const uint64_t args[5], uint64_t *value)
{
	*value = 0;
	if (trace_active)
		return dispatch_traced(v, nr, args, value);
	return hcall_table[nr].fn(v, args, value);
}

int64_t hcall_dispatch(struct vcpu *v, uint64_t nr, const uint64_t args[5], uint64_t *value)
{
	v->nr_hcalls++;
	if (nr < PVABI_HC_MAX)
		v->guest->stats.hcalls[nr]++;
	else
		v->guest->stats.hcalls_out_of_range++;
	if (!hcall_implemented(nr)) {
		*value = 0;
		return dispatch_unknown(v, nr, args);
	}
	return hcall_make(v, nr, args, value);
}
