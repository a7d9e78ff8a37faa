/* SPDX-License-Identifier: MIT */
/*
 * test_hcall_mm.c - host unit tests of the mmu_update and mmuext_op
 * hypercalls as batches (hyp/pv/hcall_mm.c): chunked copies from the
 * guest, stopping at the first failure with a1 = requests done, the batch
 * limit, faulting request buffers; and the TLB flush operations. The rules
 * each request is checked against are test_pvmmu.c's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/fake_arch.h"
#include "tests/unit/pv_harness.h"
#include "hyp/debug/trace.h"
#include "hyp/pv/hcall.h"

static void test_batch_stops_at_first_bad(void **state)
{
	struct pvabi_mmu_update r[40];
	struct pvabi_mmuext_op op[3] = {
		{ PVABI_MMUEXT_PIN_L1_TABLE, 0, F(30), 0 },
		{ PVABI_MMUEXT_PIN_L1_TABLE, 0, F(30), 0 },
		{ PVABI_MMUEXT_PIN_L1_TABLE, 0, F(31), 0 },
	};
	uint64_t done;

	(void)state;
	assert_int_equal(PIN1(T1), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(r); i++)
		r[i] = (struct pvabi_mmu_update){ T1 + i * 8, pvh_leaf(F(100 + i), R) };
	r[20].val = pvh_leaf(RAM_END, R); /* in the second chunk */
	assert_int_equal(pvh_updates(r, ARRAY_SIZE(r), &done), -PVABI_EPERM);
	assert_int_equal(done, 20);
	assert_int_equal(REFS(F(119)), 1);
	assert_int_equal(REFS(F(121)), 0);
	assert_int_equal(*pvh_pte(T1, 21), 0);

	memcpy(pvh_buf, op, sizeof(op));
	assert_int_equal(pvh_call(PVABI_HC_mmuext_op, PVH_BUF_GVA, 3, &done), -PVABI_EBUSY);
	assert_int_equal(done, 1);
	assert_true(PINNED(F(30)));
	assert_false(PINNED(F(31)));
}

/* mmuext_op's fast handler (the entry path's): made, or declined with nothing done. */
static int64_t fast_ext(const struct pvabi_mmuext_op *op, uint64_t count, uint64_t *value)
{
	const uint64_t args[5] = { PVH_BUF_GVA, count, 0, 0, 0 };

	memcpy(pvh_buf, op, sizeof(*op) * (count ? count : 1));
	return hcall_fast(pvh_v, PVABI_HC_mmuext_op, args, value);
}

/*
 * The fast path takes one NEW_BASEPTR whose old root stays pinned, or one
 * flush; it declines anything else (a batch, a pin, a root whose release
 * could follow, an unreadable list) before changing anything.
 */
static void test_fast_mmuext(void **state)
{
	const struct pvabi_mmuext_op base = { PVABI_MMUEXT_NEW_BASEPTR, 0, T3, 0 };
	const struct pvabi_mmuext_op flush = { PVABI_MMUEXT_TLB_FLUSH_LOCAL, 0, 0, 0 };
	const struct pvabi_mmuext_op pin = { PVABI_MMUEXT_PIN_L1_TABLE, 0, F(30), 0 };
	struct pvabi_mmuext_op two[2] = { flush, flush };
	const uint64_t unreadable[5] = { 0x10, 1, 0, 0, 0 };
	uint64_t value = 99, calls;
	unsigned flushes;

	(void)state;
	pvh_poke_tree();
	assert_int_equal(PIN3(T3), 0);
	calls = pvh_v->nr_hcalls;
	assert_int_equal(fast_ext(&base, 1, &value), 0);
	assert_int_equal(value, 1);
	assert_int_equal(pvh_v->pv_root, T3);
	assert_int_equal(TCOUNT(T3), 2); /* the pin and the live root */
	flushes = fake.flush_tlb_calls;
	assert_int_equal(fast_ext(&flush, 1, &value), 0);
	assert_int_equal(fake.flush_tlb_calls, flushes + 1);
	/* The arch's entry path counts the calls it makes; hcall_fast counts nothing. */
	assert_int_equal(pvh_v->nr_hcalls, calls);

	assert_int_equal(fast_ext(two, 2, &value), HCALL_DECLINED);
	assert_int_equal(fast_ext(&pin, 1, &value), HCALL_DECLINED);
	assert_false(PINNED(F(30)));
	assert_int_equal(hcall_fast(pvh_v, PVABI_HC_mmuext_op, unreadable, &value), HCALL_DECLINED);
	assert_int_equal(pvh_v->nr_hcalls, calls);
}

static void test_batch_limits(void **state)
{
	struct pvabi_mmu_update r[PVABI_MMU_BATCH_MAX];
	uint64_t done = 99;

	(void)state;
	assert_int_equal(PIN1(T1), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(r); i++)
		r[i] = (struct pvabi_mmu_update){ T1 + i * 8, pvh_leaf(P0, R) };
	assert_int_equal(pvh_call(PVABI_HC_mmu_update, PVH_BUF_GVA, PVABI_MMU_BATCH_MAX + 1, &done),
			 -PVABI_E2BIG);
	assert_int_equal(done, 0);
	assert_int_equal(pvh_call(PVABI_HC_mmuext_op, PVH_BUF_GVA, UINT64_MAX, &done),
			 -PVABI_E2BIG);
	assert_int_equal(done, 0);
	assert_int_equal(pvh_updates(r, ARRAY_SIZE(r), &done), 0);
	assert_int_equal(done, PVABI_MMU_BATCH_MAX);
	assert_int_equal(REFS(P0), PVABI_MMU_BATCH_MAX);
	assert_int_equal(pvh_call(PVABI_HC_mmu_update, PVH_BUF_GVA, 0, &done), 0);
	assert_int_equal(done, 0);
	assert_int_equal(pvh_call(PVABI_HC_mmuext_op, PVH_BUF_GVA, 0, &done), 0);
}

static void test_batch_fault(void **state)
{
	const uint64_t tail = PVH_BUF_SIZE - 16 * sizeof(struct pvabi_mmu_update);
	struct pvabi_mmu_update *r = (void *)(pvh_buf + tail);
	uint64_t done = 99;

	(void)state;
	assert_int_equal(pvh_call(PVABI_HC_mmu_update, 0x1000, 1, &done), -PVABI_EFAULT);
	assert_int_equal(done, 0);
	assert_int_equal(pvh_call(PVABI_HC_mmuext_op, PVH_BUF_GVA - 8, 1, &done), -PVABI_EFAULT);
	assert_int_equal(done, 0);
	/* The first chunk of 16 lies in the buffer, the rest past its end. */
	assert_int_equal(PIN1(T1), 0);
	for (unsigned i = 0; i < 16; i++)
		r[i] = (struct pvabi_mmu_update){ T1 + i * 8, pvh_leaf(P0, R) };
	assert_int_equal(pvh_call(PVABI_HC_mmu_update, PVH_BUF_GVA + tail, 20, &done),
			 -PVABI_EFAULT);
	assert_int_equal(done, 16);
	assert_int_equal(REFS(P0), 16);
	assert_string_equal(pvh_g->mm.last_reject, "mmu_update requests unreadable");
}

static void test_flush_ops(void **state)
{
	struct pvabi_mmuext_op op = { PVABI_MMUEXT_TLB_FLUSH_LOCAL, 1, 0, 0 };
	uint64_t done;

	(void)state;
	assert_int_equal(pvh_ext(PVABI_MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
	assert_int_equal(fake.flush_tlb_calls, 1);
	assert_ptr_equal(fake.flush_vcpu, pvh_v);
	assert_int_equal(pvh_ext(PVABI_MMUEXT_INVLPG_LOCAL, 0xffffffc000123000ull, 0), 0);
	assert_int_equal(fake.flush_tlb_va_calls, 1);
	assert_int_equal(fake.flush_va.val, 0xffffffc000123000ull);
	/* Unknown commands, and padding that is not zero. */
	assert_int_equal(pvh_ext(3, 0, 0), -PVABI_ENOSYS);
	assert_int_equal(pvh_ext(8, 0, 0), -PVABI_ENOSYS);
	assert_int_equal(pvh_ext(UINT32_MAX, 0, 0), -PVABI_ENOSYS);
	memcpy(pvh_buf, &op, sizeof(op));
	assert_int_equal(pvh_call(PVABI_HC_mmuext_op, PVH_BUF_GVA, 1, &done), -PVABI_EINVAL);
	assert_int_equal(done, 0);
	assert_int_equal(fake.flush_tlb_calls, 1);
}

/*
 * The trace shows a batch's entries after the call, read back from the
 * guest: applied, the refused one with its reason, those not reached.
 */
static void test_trace_batch_entries(void **state)
{
	struct pvabi_mmu_update r[3] = {
		{ T1 + 8, pvh_leaf(F(100), R) },
		{ T1 + 16, pvh_leaf(RAM_END, R) },
		{ T1 + 24, pvh_leaf(F(101), R) },
	};
	struct pvabi_multicall_entry mc[2] = {
		{ .op = PVABI_HC_version, .args = { PVABI_VER_abi } },
		{ .op = PVABI_HC_mmuext_op, .args = { PVH_BUF_GVA + 256, 1 } },
	};
	struct pvabi_mmuext_op flush = { PVABI_MMUEXT_TLB_FLUSH_LOCAL, 0, 0, 0 };
	char want[128];
	uint64_t done;

	(void)state;
	assert_int_equal(PIN1(T1), 0);
	fake_uart_clear();
	assert_null(trace_configure("on,hcall"));
	assert_int_equal(pvh_updates(r, 3, &done), -PVABI_EPERM);
	snprintf(want, sizeof(want), "    [0] pte at 0x%llx = 0x%llx -> 0\r\n",
		 (unsigned long long)(T1 + 8), (unsigned long long)r[0].val);
	assert_int_equal(fake_uart_count(want), 1);
	snprintf(want, sizeof(want),
		 "    [1] pte at 0x%llx = 0x%llx -> -%d: ", (unsigned long long)(T1 + 16),
		 (unsigned long long)r[1].val, PVABI_EPERM);
	assert_int_equal(fake_uart_count(want), 1);
	assert_int_equal(fake_uart_count("    [2] pte at "), 1);
	assert_int_equal(fake_uart_count(" (not reached)\r\n"), 1);

	/* A multicall: its calls follow it, marked, each with its own entries. */
	fake_uart_clear();
	memcpy(pvh_buf, mc, sizeof(mc));
	memcpy(pvh_buf + 256, &flush, sizeof(flush));
	assert_int_equal(pvh_call(PVABI_HC_multicall, PVH_BUF_GVA, 2, &done), 0);
	assert_null(trace_configure("off"));
	assert_int_equal(fake_uart_count(" multicall(calls="), 1);
	assert_int_equal(fake_uart_count("   + version(cmd=0x0, arg=0x0) -> 0"), 1);
	assert_int_equal(fake_uart_count("   + mmuext_op(ops="), 1);
	assert_int_equal(fake_uart_count("    [0] tlb_flush_local 0x0, 0x0 -> 0"), 1);
	/* In that order: the multicall first. */
	assert_true(strstr(fake_uart_output(), " multicall(") <
		    strstr(fake_uart_output(), "+ version("));
	assert_true(strstr(fake_uart_output(), "+ mmuext_op(") <
		    strstr(fake_uart_output(), "[0] tlb_flush_local"));
}

#define T(fn) cmocka_unit_test_setup(fn, pvh_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_batch_stops_at_first_bad),
		T(test_fast_mmuext),
		T(test_batch_limits),
		T(test_batch_fault),
		T(test_flush_ops),
		T(test_trace_batch_entries),
	};

	return cmocka_run_group_tests(tests, pvh_group_setup, pvh_group_teardown);
}
