/* SPDX-License-Identifier: MIT */
/*
 * test_trace.c - host unit tests for the trace (hyp/debug/trace.c): the
 * records of hypercalls and of an FV guest's exits, their reasons, the
 * filters, the ring and its lost records, and the live lines, with the
 * hypercalls made by the shared two-guest fixture
 * (tests/unit/hcall_fixture.c) over the fake arch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "hyp/debug/trace.h"
#include "tests/unit/hcall_fixture.h"

static void test_trace_records_hcalls(void **state)
{
	const struct trace_rec *r;

	(void)state;
	assert_null(trace_configure("quiet"));
	hcall(v0, PVABI_HC_version, PVABI_VER_abi, 0, 0, NULL);
	r = trace_get(0);
	assert_non_null(r);
	assert_int_equal(r->kind, TRACE_HCALL);
	assert_int_equal(r->what, PVABI_HC_version);
	assert_int_equal(r->guest, v0->guest->id);
	assert_int_equal(r->ret, 0);
	assert_null(r->note);
	assert_true(r->insns > 0);
	/* A refused call carries its reason. */
	hcall(v0, PVABI_HC_MAX - 1, 7, 8, 9, NULL);
	r = trace_get(0);
	assert_int_equal(r->ret, -PVABI_ENOSYS);
	assert_string_equal(r->note, "unknown call");
	assert_int_equal(r->arg[0], 7);
	assert_int_equal(r->arg[2], 9);
	assert_null(trace_configure("off"));
}

static void test_trace_filters(void **state)
{
	uint64_t before;
	char spec[64];

	(void)state;
	/* Only exits: a hypercall is not recorded. */
	assert_null(trace_configure("quiet,exit"));
	before = trace_total();
	hcall(v0, PVABI_HC_version, PVABI_VER_abi, 0, 0, NULL);
	assert_int_equal(trace_total(), before);
	/* Only the other guest: v0's call is not recorded, v1's is. */
	snprintf(spec, sizeof(spec), "quiet,%s", v1->guest->cfg->name);
	assert_null(trace_configure(spec));
	hcall(v0, PVABI_HC_version, PVABI_VER_abi, 0, 0, NULL);
	assert_int_equal(trace_total(), before);
	hcall(v1, PVABI_HC_version, PVABI_VER_abi, 0, 0, NULL);
	assert_int_equal(trace_total(), before + 1);
	/* Off: nothing. */
	assert_null(trace_configure("off"));
	hcall(v1, PVABI_HC_version, PVABI_VER_abi, 0, 0, NULL);
	assert_int_equal(trace_total(), before + 1);
	assert_non_null(trace_configure("hcall,nonsense"));
	assert_null(trace_configure("off"));
}

static void test_trace_ring_counts_lost_records(void **state)
{
	uint64_t lost;

	(void)state;
	assert_null(trace_configure("quiet"));
	for (unsigned i = 0; i < TRACE_RING + 5; i++)
		hcall(v0, PVABI_HC_version, PVABI_VER_abi, i, 0, NULL);
	lost = trace_lost();
	assert_true(lost >= 5);
	assert_int_equal(lost, trace_total() - TRACE_RING);
	assert_int_equal(trace_get(0)->arg[1], TRACE_RING + 4);
	assert_int_equal(trace_get(TRACE_RING - 1)->arg[1], 5);
	assert_null(trace_get(TRACE_RING));
	assert_null(trace_configure("off"));
}

static void test_trace_live_line(void **state)
{
	char want[96];

	(void)state;
	fake_uart_clear();
	assert_null(trace_configure("on,hcall"));
	hcall(v0, PVABI_HC_version, PVABI_VER_abi, 0, 0, NULL);
	assert_null(trace_configure("off"));
	snprintf(want, sizeof(want), " %s version(cmd=0x0, arg=0x0) -> 0 (a1 0x%x)  [",
		 v0->guest->cfg->name, PVABI_VERSION);
	assert_int_equal(fake_uart_count(want), 1);
	assert_int_equal(fake_uart_count("[trace] 0."), 1); /* the time, in seconds */
	assert_int_equal(fake_uart_count(" us]\r\n"), 1);
}

/* An FV guest's device access and SBI call, decoded in the live line. */
static void test_trace_fv_exits(void **state)
{
	struct vcpu *v = &guest_table[0].vcpus[0];
	char want[96];

	(void)state;
	fake_uart_clear();
	assert_null(trace_configure("on,exit"));
	trace_exit_begin_rec(v, false, 23, 0x80200000, 0, 0x10000000);
	trace_exit_mmio_rec(0x10000000, 1, true, 'a');
	trace_exit_end_rec(v);
	trace_exit_begin_rec(v, false, 21, 0x80200004, 0, 0x10000005);
	trace_exit_mmio_rec(0x10000005, 1, false, 0x60);
	trace_exit_end_rec(v);
	trace_exit_begin_rec(v, false, 10, 0x80200008, 0, 0);
	trace_exit_sbi_rec(0x54494d45, 0, 0x1234, 0, 0);
	trace_exit_end_rec(v);
	trace_exit_begin_rec(v, false, 22, 0x8020000c, 0, 0);
	trace_exit_wfi_rec(true);
	trace_exit_end_rec(v);
	assert_null(trace_configure("off"));
	snprintf(want, sizeof(want), " %s uart write THR 'a'  [", v->guest->cfg->name);
	assert_int_equal(fake_uart_count(want), 1);
	assert_int_equal(fake_uart_count(" uart read LSR -> 0x60  ["), 1);
	assert_int_equal(fake_uart_count(" sbi ext 0x54494d45 fid 0(0x1234) -> 0  ["), 1);
	assert_int_equal(fake_uart_count(" wfi -> blocked  ["), 1);
}

#define T(fn) cmocka_unit_test_setup(fn, hcf_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_trace_records_hcalls),
		T(test_trace_filters),
		T(test_trace_ring_counts_lost_records),
		T(test_trace_live_line),
		T(test_trace_fv_exits),
	};

	return cmocka_run_group_tests(tests, hcf_group_setup, hcf_group_teardown);
}
