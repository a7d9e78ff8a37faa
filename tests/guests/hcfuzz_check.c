/* SPDX-License-Identifier: MIT */
/* hcfuzz_check.c - the oracles: what pvabi promises for each result (hcfuzz.c). */
#include <stdio.h>
#include <string.h>

#include "hcfuzz.h"

/* ---- the oracles ---- */

#define E(x) (1ull << PVABI_##x)
static const uint64_t allowed[PVABI_HC_MAX] = {
	[PVABI_HC_set_trap_table] = E(EINVAL) | E(EFAULT),
	[PVABI_HC_set_callbacks] = E(EINVAL) | E(EFAULT),
	[PVABI_HC_mmu_update] = E(E2BIG) | E(EFAULT) | E(EINVAL) | E(EPERM) | E(EBUSY),
	[PVABI_HC_mmuext_op] = E(E2BIG) | E(EFAULT) | E(EINVAL) | E(EPERM) | E(EBUSY) | E(ENOSYS),
	[PVABI_HC_memory_op] = E(E2BIG) | E(EFAULT) | E(EINVAL) | E(EBUSY) | E(EPERM) | E(EEXIST) |
			       E(ENOENT) | E(ENOSYS),
	[PVABI_HC_multicall] = E(E2BIG) | E(EFAULT),
	[PVABI_HC_set_timer_op] = 0,
	[PVABI_HC_version] = E(ENOSYS),
	[PVABI_HC_console_io] = E(EFAULT) | E(ENOSYS),
	[PVABI_HC_sched_op] = E(EINVAL) | E(ENOSYS),
	[PVABI_HC_vcpu_op] = E(EINVAL) | E(EEXIST) | E(EFAULT) | E(EAGAIN) | E(ENOSYS),
	[PVABI_HC_event_op] = E(EINVAL) | E(ENOSYS),
};

/* Outcomes a request may have: bit 0 = success, bit e = -e. */
#define OK 1ull

static int outcome_allows(uint64_t set, int64_t err)
{
	uint64_t e = (uint64_t)-err;

	return err == 0 ? (set & OK) != 0 : e < 64 && (set >> e & 1);
}

static uint64_t mmu_req_outcomes(const struct pvabi_mmu_update *u)
{
	if ((u->ptr & 7) || hcfuzz_classify(u->ptr) == C_OUT ||
	    hcfuzz_classify(u->ptr) == C_PLAIN || hcfuzz_is_back(u->ptr))
		return E(EINVAL);
	return OK | E(EINVAL) | E(EPERM) | E(EBUSY);
}

static uint64_t pin_outcomes(uint64_t a)
{
	if (a & (PAGE - 1))
		return E(EINVAL);
	if (!hcfuzz_in_ram(a) || hcfuzz_is_back(a))
		return E(EPERM);
	if (hcfuzz_classify(a) == C_PLAIN)
		return E(
		    EBUSY); /* writable: mapped so by the good tree, or held by the hypervisor */
	return OK | E(EBUSY) | E(EINVAL) | E(EPERM);
}

static uint64_t ext_op_outcomes(const struct pvabi_mmuext_op *op)
{
	uint64_t a = op->arg1;

	if (op->pad)
		return E(EINVAL);
	switch (op->cmd) {
	case PVABI_MMUEXT_PIN_L1_TABLE:
	case PVABI_MMUEXT_PIN_L2_TABLE:
	case PVABI_MMUEXT_PIN_L3_TABLE:
		return pin_outcomes(a);
	case PVABI_MMUEXT_UNPIN_TABLE:
		if (a & (PAGE - 1))
			return E(EINVAL);
		if (!hcfuzz_in_ram(a))
			return E(EPERM);
		if (hcfuzz_classify(a) == C_PLAIN || hcfuzz_is_back(a))
			return E(EINVAL); /* never pinned */
		if (a == T3 || a == T3B)
			return OK | E(EBUSY); /* busy if live */
		return OK | E(EINVAL) | E(EBUSY);
	case PVABI_MMUEXT_NEW_BASEPTR:
		if (a & (PAGE - 1))
			return E(EINVAL);
		if (!hcfuzz_in_ram(a))
			return E(EPERM);
		if (a == T3 || a == T3B)
			return op->arg2 >= 0x10000 ? E(EINVAL) : OK;
		return E(EINVAL);
	case PVABI_MMUEXT_TLB_FLUSH_LOCAL:
	case PVABI_MMUEXT_INVLPG_LOCAL:
		return OK;
	default:
		return E(ENOSYS);
	}
}

static void ext_op_applied(const struct pvabi_mmuext_op *op)
{
	if (op->cmd == PVABI_MMUEXT_NEW_BASEPTR && !hcfuzz_paging_on) {
		hcfuzz_paging_on = 1;
		if (hcfuzz_verbose)
			tg_printf("#%llu: paging on\n", (unsigned long long)hcfuzz_callno);
	}
}

static uint64_t page_outcomes(uint64_t cmd, uint64_t p)
{
	if ((p & (PAGE - 1)) || !hcfuzz_in_ram(p))
		return E(EINVAL);
	if (cmd == PVABI_MEMOP_populate_physmap)
		return hcfuzz_is_back(p) ? OK : E(EEXIST);
	if (p == RAM_BASE || p == hcfuzz_si.shared_info)
		return E(EPERM);
	if (hcfuzz_is_back(p))
		return E(ENOENT);
	if (hcfuzz_classify(p) == C_VICTIM)
		return OK | E(EBUSY); /* busy if the fuzzer pinned it or mapped it */
	return E(EBUSY);	      /* the good tree maps it, or it is a page table */
}

uint64_t hcfuzz_zero_check[PVABI_MEMOP_BATCH_MAX];
unsigned hcfuzz_nzero_check;

static void page_applied(uint64_t cmd, uint64_t p, int nested)
{
	if (hcfuzz_classify(p) != C_VICTIM)
		return; /* page_outcomes() already failed it */
	hcfuzz_given_back[(p - VICTIM) / PAGE] = cmd == PVABI_MEMOP_decrease_reservation;
	if (cmd == PVABI_MEMOP_decrease_reservation)
		hcfuzz_pages_back++;
	else
		hcfuzz_pages_back--;
	if (cmd == PVABI_MEMOP_populate_physmap && !nested && !hcfuzz_paging_on &&
	    hcfuzz_nzero_check < PVABI_MEMOP_BATCH_MAX)
		hcfuzz_zero_check[hcfuzz_nzero_check++] = p;
}

/*
 * The common shape of the batched calls: count over the limit, 0, an
 * unreachable first element, then each element done must have been allowed
 * to succeed, and the one that stopped the batch must allow its error.
 * read(i) copies element i (guest memory, which the guest can read exactly
 * when the hypervisor could).
 */
struct batch {
	uint64_t ptr, count, limit, size;
	uint64_t (*outcomes)(const void *elem, uint64_t cmd);
	void (*applied)(const void *elem, uint64_t cmd, int nested);
	uint64_t cmd;
};

/*
 * A top-level call's requests as they were before it (the call itself may
 * change the memory they are in): the elements the guest could read then.
 */
static union {
	struct pvabi_mmuext_op ext[PVABI_MMU_BATCH_MAX];
	uint64_t raw[PVABI_MMU_BATCH_MAX * 3];
} snap;
static uint64_t snap_n;
uint64_t hcfuzz_snap_ptr = 1; /* 1: no snapshot */

void hcfuzz_take_snapshot(uint64_t ptr, uint64_t count, uint64_t limit, uint64_t size)
{
	hcfuzz_snap_ptr = ptr;
	for (snap_n = 0; snap_n < count && snap_n < limit; snap_n++) {
		uint64_t at = ptr + snap_n * size;

		if (hcfuzz_reach_range(at, size, 0) != YES || hcfuzz_volatile_range(at, size))
			break;
		memcpy((char *)&snap + snap_n * size, (const void *)(uintptr_t)at, size);
	}
}

/* Element i of the batch: from the snapshot, or from memory (nested calls). */
static int batch_elem(const struct batch *b, uint64_t i, int nested, void *out)
{
	uint64_t at = b->ptr + i * b->size;

	if (!nested && b->ptr == hcfuzz_snap_ptr) {
		if (i >= snap_n)
			return 0;
		memcpy(out, (const char *)&snap + i * b->size, b->size);
		return 1;
	}
	if (hcfuzz_reach_range(at, b->size, 0) != YES || hcfuzz_volatile_range(at, b->size))
		return 0; /* the guest cannot see it (as it was): nothing to judge */
	memcpy(out, (const void *)(uintptr_t)at, b->size);
	return 1;
}

static int check_batch(const struct batch *b, int64_t err, uint64_t val, int nested,
		       const char **why)
{
	enum tri r;
	uint64_t elem[3];

	if (b->count > b->limit)
		return (*why = "count over the limit must be -E2BIG"), err == -PVABI_E2BIG && !val;
	if (b->count == 0)
		return (*why = "an empty batch succeeds"), err == 0 && !val;
	r = hcfuzz_reach_range(b->ptr, b->count * b->size, 0);
	if (r == NO)
		return (*why = "unreachable list must be -EFAULT"), err == -PVABI_EFAULT && !val;
	*why = "a1 over the count";
	if (val > b->count || (err == 0 && val != b->count))
		return 0;
	*why = "-EFAULT for a list it could read";
	if (err == -PVABI_EFAULT && r == YES)
		return 0;
	for (uint64_t i = 0; i <= val && i < b->count; i++) {
		if (!batch_elem(b, i, nested, elem))
			break;
		if (i < val && !(b->outcomes(elem, b->cmd) & OK))
			return (*why = "a request that must fail was applied"), 0;
		if (i == val && err != -PVABI_EFAULT &&
		    !outcome_allows(b->outcomes(elem, b->cmd), err))
			return (*why = "wrong error for the request that stopped the batch"), 0;
		if (i < val)
			b->applied(elem, b->cmd, nested);
	}
	return 1;
}

static uint64_t mmu_outcomes(const void *e, uint64_t cmd)
{
	(void)cmd;
	return mmu_req_outcomes(e);
}
static uint64_t ext_outcomes(const void *e, uint64_t cmd)
{
	(void)cmd;
	return ext_op_outcomes(e);
}
static uint64_t page_outcomes_e(const void *e, uint64_t cmd)
{
	return page_outcomes(cmd, *(const uint64_t *)e);
}
static void no_apply(const void *e, uint64_t cmd, int n)
{
	(void)e;
	(void)cmd;
	(void)n;
}
static void ext_apply(const void *e, uint64_t cmd, int n)
{
	(void)cmd;
	(void)n;
	ext_op_applied(e);
}
static void page_apply(const void *e, uint64_t cmd, int n)
{
	page_applied(cmd, *(const uint64_t *)e, n);
}

uint64_t hcfuzz_hlvx_lenient;

static int check_entry_point(const uint64_t a[5], int64_t err, const char **why)
{
	int64_t want = (a[0] & 3)				? -PVABI_EINVAL
		       : (a[0] == 0 || hcfuzz_executable(a[0])) ? 0
								: -PVABI_EFAULT;

	*why = "entry point check";
	/*
	 * QEMU 7.2's hlvx (the hypervisor's execute check) does not refuse a
	 * page the guest mapped readable but not executable: counted, not failed.
	 */
	if (want == -PVABI_EFAULT && err == 0 && hcfuzz_paging_on &&
	    hcfuzz_classify(a[0]) == C_TABLE) {
		hcfuzz_hlvx_lenient++;
		return 1;
	}
	return err == want;
}

static int check_console(const uint64_t a[5], int64_t err, uint64_t val, const char **why)
{
	uint64_t max = a[0] == PVABI_CONSOLEIO_write ? PVABI_CONSOLE_MAX : CONSOLE_INPUT_MAX;
	uint64_t n = a[1] < max ? a[1] : max;
	enum tri r;

	if (a[0] != PVABI_CONSOLEIO_write && a[0] != PVABI_CONSOLEIO_read)
		return (*why = "unknown console cmd"), err == -PVABI_ENOSYS;
	if (n == 0)
		return (*why = "empty console_io"), err == 0 && val == 0;
	r = hcfuzz_reach_range(a[2], n, a[0] == PVABI_CONSOLEIO_read);
	*why = "console_io buffer";
	if (r == NO)
		return err == -PVABI_EFAULT && val == 0;
	if (a[0] == PVABI_CONSOLEIO_read) /* no input is ever typed in these runs */
		return err == 0 ? val == 0 : (r != YES && err == -PVABI_EFAULT && !val);
	if (r == YES)
		return err == 0 && val == n;
	return err == 0 ? val > 0 && val <= n : err == -PVABI_EFAULT && !val;
}

static int check_memory_op(const uint64_t a[5], int64_t err, uint64_t val, int nested,
			   const char **why)
{
	struct batch b = {
		a[1], a[2], PVABI_MEMOP_BATCH_MAX, 8, page_outcomes_e, page_apply, a[0]
	};

	if (a[0] == PVABI_MEMOP_current_reservation)
		return (*why = "current_reservation"),
		       err == 0 && val == hcfuzz_pages_at_boot - hcfuzz_pages_back;
	if (a[0] != PVABI_MEMOP_decrease_reservation && a[0] != PVABI_MEMOP_populate_physmap)
		return (*why = "unknown memory_op cmd"), err == -PVABI_ENOSYS;
	return check_batch(&b, err, val, nested, why);
}

static int check_sched(const uint64_t a[5], int64_t err, const char **why)
{
	*why = "sched_op";
	if (a[0] == PVABI_SCHEDOP_yield || a[0] == PVABI_SCHEDOP_block)
		return err == 0;
	if (a[0] == PVABI_SCHEDOP_shutdown)
		return err == -PVABI_EINVAL; /* only invalid reasons are drawn */
	return err == -PVABI_ENOSYS;
}

/*
 * The fuzzer is a one-vCPU guest: vCPU 0 is itself, up; no other exists.
 * is_up(0) is the one call that returns 1 in a0 (Xen's).
 */
static int check_vcpu(uint64_t nr, const uint64_t a[5], int64_t err, const char **why)
{
	*why = nr == PVABI_HC_vcpu_op ? "vcpu_op" : "event_op";
	if (nr == PVABI_HC_event_op)
		return a[0] != PVABI_EVTOP_send_ipi ? err == -PVABI_ENOSYS
		       : a[1] == 0		    ? err == 0
						    : err == -PVABI_EINVAL;
	if (a[0] != PVABI_VCPUOP_up && a[0] != PVABI_VCPUOP_down && a[0] != PVABI_VCPUOP_is_up)
		return err == -PVABI_ENOSYS;
	if (a[1] != 0)
		return err == -PVABI_EINVAL;
	return err == (a[0] == PVABI_VCPUOP_is_up ? 1 : -PVABI_EEXIST);
}

static int check_version(const uint64_t a[5], int64_t err, uint64_t val, const char **why)
{
	*why = "version";
	if (a[0] == PVABI_VER_abi)
		return err == 0 && val == PVABI_VERSION;
	if (a[0] == PVABI_VER_probe)
		return err == (hcfuzz_known(a[1]) ? 0 : -PVABI_ENOSYS);
	return err == -PVABI_ENOSYS;
}

static int check_multicall(const uint64_t a[5], int64_t err, uint64_t val, const char **why);

/* One call's oracles; updates the model with what it did. */
void hcfuzz_check(uint64_t nr, const uint64_t a[5], int64_t err, uint64_t val, int nested)
{
	const char *why = "result code not documented for this call";
	struct batch b = { a[0], a[1], PVABI_MMU_BATCH_MAX, 0, NULL, no_apply, 0 };
	uint64_t allowed_here = hcfuzz_known(nr) ? allowed[nr] : 0;
	int ok;

	hcfuzz_record(nr, a, err, val, nested);
	if (!hcfuzz_known(nr)) {
		if (!(err == -PVABI_ENOSYS && val == 0))
			hcfuzz_fail("unknown number must be -ENOSYS, a1 0", nr, a, err, val);
		return;
	}
	if (nested && nr == PVABI_HC_multicall)
		allowed_here |= E(EINVAL);
	if (nr == PVABI_HC_vcpu_op || nr == PVABI_HC_event_op) {
		if (!check_vcpu(nr, a, err, &why))
			hcfuzz_fail(why, nr, a, err, val);
		return;
	}
	if (err > 0 || (err < 0 && !((uint64_t)-err < 64 && (allowed_here >> -err & 1)))) {
		hcfuzz_fail(why, nr, a, err, val);
		return;
	}
	switch (nr) {
	case PVABI_HC_set_trap_table:
	case PVABI_HC_set_callbacks:
		ok = check_entry_point(a, err, &why);
		break;
	case PVABI_HC_mmu_update:
		b.size = sizeof(struct pvabi_mmu_update);
		b.outcomes = mmu_outcomes;
		ok = check_batch(&b, err, val, nested, &why);
		break;
	case PVABI_HC_mmuext_op:
		b.size = sizeof(struct pvabi_mmuext_op);
		b.outcomes = ext_outcomes;
		b.applied = ext_apply;
		ok = check_batch(&b, err, val, nested, &why);
		break;
	case PVABI_HC_memory_op:
		ok = check_memory_op(a, err, val, nested, &why);
		break;
	case PVABI_HC_multicall:
		ok = nested ? (why = "nested multicall must be -EINVAL", err == -PVABI_EINVAL)
			    : check_multicall(a, err, val, &why);
		break;
	case PVABI_HC_set_timer_op:
		ok = err == 0;
		break;
	case PVABI_HC_version:
		ok = check_version(a, err, val, &why);
		break;
	case PVABI_HC_console_io:
		ok = check_console(a, err, val, &why);
		break;
	default:
		ok = check_sched(a, err, &why);
		break;
	}
	if (!ok)
		hcfuzz_fail(why, nr, a, err, val);
}

static int check_multicall(const uint64_t a[5], int64_t err, uint64_t val, const char **why)
{
	uint64_t count = a[1];
	enum tri r;

	if (count > PVABI_MULTICALL_MAX)
		return (*why = "count over the limit must be -E2BIG"), err == -PVABI_E2BIG && !val;
	if (count == 0)
		return (*why = "an empty multicall succeeds"), err == 0 && !val;
	r = hcfuzz_reach_range(a[0], count * sizeof(struct pvabi_multicall_entry), 1);
	if (hcfuzz_reach(a[0], 0) == NO)
		return (*why = "unreachable entries must be -EFAULT"), err == -PVABI_EFAULT && !val;
	*why = "multicall a1";
	if (val > count || (err == 0 && val != count) || (err == -PVABI_EFAULT && r == YES))
		return 0;
	for (uint64_t i = 0; i < val; i++) {
		const struct pvabi_multicall_entry *e =
		    (const void *)(uintptr_t)(a[0] + i * sizeof(*e));

		if (hcfuzz_volatile_range((uintptr_t)e, sizeof(*e)))
			continue;
		hcfuzz_check(e->op, e->args, e->result, e->value, 1);
	}
	return 1;
}
