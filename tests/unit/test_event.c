/* SPDX-License-Identifier: MIT */
/*
 * test_event.c - host unit tests of events (hyp/pv/event.c): set_callbacks,
 * when an upcall is delivered (callback, evt_mask, the kernel's SIE, user
 * mode), sched_op(block) setting SIE and returning when an event is pending,
 * the one-shot timer, run-state times, and console focus with the monitor
 * (hyp/debug/monitor.c). One PV guest over the fake arch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hyp/pv/event.h"
#include "hyp/pv/hcall.h"
#include "hyp/debug/monitor.h"
#include "hyp/core/sched.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/pv_harness.h"

#define TIMER (1ull << PVABI_EVT_timer)
#define CONSOLE (1ull << PVABI_EVT_console)

static struct pvabi_shared_info *sh(void)
{
	return event_shared(pvh_g);
}

static int64_t call(uint64_t nr, uint64_t a0, uint64_t a1)
{
	const uint64_t args[5] = { a0, a1, 0, 0, 0 };
	uint64_t value;

	return hcall_dispatch(pvh_v, nr, args, &value);
}

static void test_set_callbacks(void **state)
{
	(void)state;
	assert_int_equal(call(PVABI_HC_set_callbacks, PVH_BUF_GVA + 2, 0), -PVABI_EINVAL);
	assert_int_equal(call(PVABI_HC_set_callbacks, 0x1000, 0), -PVABI_EFAULT);
	assert_int_equal(pvh_v->event_entry, 0);
	assert_int_equal(call(PVABI_HC_set_callbacks, PVH_BUF_GVA, 0), 0);
	assert_int_equal(pvh_v->event_entry, PVH_BUF_GVA);
	/* The trap entry is another thing. */
	assert_int_equal(pvh_v->trap_entry, 0);
	assert_int_equal(call(PVABI_HC_set_callbacks, 0, 0), 0);
	assert_int_equal(pvh_v->event_entry, 0);
}

static void test_upcall_conditions(void **state)
{
	(void)state;
	/* No callback: the event is only recorded. */
	fake.sie = true;
	event_raise(pvh_v, PVABI_EVT_console);
	assert_int_equal(sh()->evt_pending, CONSOLE);
	assert_false(event_deliver(pvh_v));

	assert_int_equal(call(PVABI_HC_set_callbacks, PVH_BUF_GVA, 0), 0);
	/* Kernel mode with SIE clear: held back. */
	fake.sie = false;
	assert_false(event_deliver(pvh_v));
	/* Masked: held back whatever SIE says. */
	fake.sie = true;
	sh()->evt_mask = CONSOLE;
	assert_false(event_deliver(pvh_v));
	assert_false(event_pending(pvh_v));
	sh()->evt_mask = TIMER;
	assert_true(event_pending(pvh_v));
	/* Unmasked, SIE set: delivered once, counted in the page and the stats. */
	assert_true(event_deliver(pvh_v));
	assert_int_equal(fake.upcall_calls, 1);
	assert_ptr_equal(fake.upcall_vcpu, pvh_v);
	assert_int_equal(fake.upcall_entry, PVH_BUF_GVA);
	assert_int_equal(sh()->upcalls, 1);
	assert_int_equal(pvh_g->stats.upcalls, 1);
	/* Taking it cleared SIE: no second upcall until the kernel sets it again. */
	assert_false(event_deliver(pvh_v));
	/* A user program is interrupted whatever the kernel's SIE. */
	fake.user_mode = true;
	assert_true(event_deliver(pvh_v));
	assert_int_equal(sh()->upcalls, 2);
	/* The guest handled it: nothing more. */
	sh()->evt_pending &= ~CONSOLE;
	fake.sie = true;
	assert_false(event_deliver(pvh_v));
	assert_int_equal(fake.upcall_calls, 2);
}

static void test_block_sets_sie(void **state)
{
	(void)state;
	/* Pending with SIE clear: block enables events and returns at once. */
	event_raise(pvh_v, PVABI_EVT_console);
	fake.sie = false;
	assert_int_equal(call(PVABI_HC_sched_op, PVABI_SCHEDOP_block, 0), 0);
	assert_int_equal(fake.events_on_calls, 1);
	assert_true(fake.sie);
	assert_int_equal(pvh_v->state, VCPU_RUNNABLE);
	/* So the upcall goes on the way back. */
	assert_int_equal(call(PVABI_HC_set_callbacks, PVH_BUF_GVA, 0), 0);
	assert_true(event_deliver(pvh_v));

	/* A masked pending event does not keep it awake ... */
	sh()->evt_mask = CONSOLE;
	assert_int_equal(call(PVABI_HC_sched_op, PVABI_SCHEDOP_block, 0), 0);
	assert_int_equal(pvh_v->state, VCPU_BLOCKED);
	/* ... but an event arriving while it sleeps wakes it, masked or not. */
	event_raise(pvh_v, PVABI_EVT_console);
	assert_int_equal(pvh_v->state, VCPU_RUNNABLE);
	assert_false(event_deliver(pvh_v)); /* masked: no upcall */
}

static void test_timer_fires_once(void **state)
{
	(void)state;
	fake.time = 1000;
	assert_int_equal(call(PVABI_HC_set_timer_op, 1500, 0), 0);
	assert_int_equal(pvh_v->deadline, 1500);
	assert_false(sched_timer_fire(pvh_v, 1499));
	assert_int_equal(sh()->evt_pending, 0);
	assert_true(sched_timer_fire(pvh_v, 1500));
	assert_int_equal(sh()->evt_pending, TIMER);
	assert_int_equal(pvh_v->deadline, VCPU_NO_DEADLINE);
	sh()->evt_pending = 0;
	assert_false(sched_timer_fire(pvh_v, 99999));
	assert_int_equal(sh()->evt_pending, 0);
	/* A timer passed while runnable is delivered by event_deliver itself. */
	assert_int_equal(call(PVABI_HC_set_callbacks, PVH_BUF_GVA, 0), 0);
	assert_int_equal(call(PVABI_HC_set_timer_op, 2000, 0), 0);
	fake.sie = true;
	assert_false(event_deliver(pvh_v));
	fake.time = 2000;
	assert_true(event_deliver(pvh_v));
	assert_int_equal(sh()->evt_pending, TIMER);
}

/* The scheduler loop: an upcall on the way back, and the run-state times. */
static unsigned runs;
static jmp_buf exit_jmp;

static void run_hook(struct vcpu *v)
{
	runs++;
	if (runs == 1) {
		/* Ran 100 ticks, then sleeps until 1000 with events on. */
		fake.time += 100;
		assert_int_equal(call(PVABI_HC_set_callbacks, PVH_BUF_GVA, 0), 0);
		assert_int_equal(call(PVABI_HC_set_timer_op, 1000, 0), 0);
		assert_int_equal(call(PVABI_HC_sched_op, PVABI_SCHEDOP_block, 0), 0);
		assert_int_equal(v->state, VCPU_BLOCKED);
	} else if (runs == 2) {
		/* Woken at its deadline, the upcall was delivered before it ran. */
		assert_int_equal(fake.time, 1000);
		assert_int_equal(fake.upcall_calls, 1);
		assert_int_equal(sh()->upcalls, 1);
		fake.time += 50;
		assert_int_equal(call(PVABI_HC_sched_op, PVABI_SCHEDOP_yield, 0), 0);
	} else {
		assert_int_equal(
		    call(PVABI_HC_sched_op, PVABI_SCHEDOP_shutdown, PVABI_SHUTDOWN_poweroff), 0);
	}
}

static void test_sched_loop(void **state)
{
	(void)state;
	runs = 0;
	fake.run_hook = run_hook;
	fake.exit_jmp = &exit_jmp;
	if (setjmp(exit_jmp) == 0) {
		sched_run();
		fail_msg("sched_run() returned");
	}
	assert_int_equal(runs, 3);
	assert_int_equal(sh()->time_running, 150);
	assert_int_equal(sh()->time_blocked, 900);
	assert_int_equal(sh()->time_runnable, 0);
	/* Its counters when it stopped. */
	assert_int_equal(
	    fake_uart_count("[hyp] pv0 stats: hcalls 5 (set_callbacks 1, "
			    "set_timer_op 1, sched_op 3), exits 3 (exc10 3), upcalls 1"),
	    1);
	assert_int_equal(fake_uart_count("frames given 1024 returned 0"), 1);
}

static void test_focus_and_monitor(void **state)
{
	char got[8];

	(void)state;
	monitor_init();
	assert_int_equal(fake_uart_count("[hyp] console focus: pv0 (Ctrl-] switches)\r\n"), 1);
	fake_uart_feed("ab");
	monitor_poll_input();
	assert_int_equal(sh()->evt_pending, CONSOLE);
	assert_int_equal(console_read(&pvh_g->con, got, sizeof(got)), 2);
	assert_memory_equal(got, "ab", 2);

	/* Ctrl-]: the hypervisor reads lines; the guest gets nothing. */
	sh()->evt_pending = 0;
	fake_uart_clear();
	fake_uart_feed("\x1dstats\rhelp\r\n  \rbogus  cmd\rfocus nobody\rfocus\r");
	monitor_poll_input();
	assert_int_equal(monitor_focus(), -1);
	assert_int_equal(sh()->evt_pending, 0);
	assert_false(console_input_pending(&pvh_g->con));
	assert_int_equal(fake_uart_count("[hyp] console focus: hypervisor (Ctrl-] switches)\r\n"),
			 1);
	assert_int_equal(fake_uart_count("[hyp] monitor> stats\r\n[hyp] pv0 stats: hcalls 0"), 1);
	assert_int_equal(fake_uart_count("[hyp] frames: "), 1);
	assert_int_equal(fake_uart_count("[hyp] monitor commands (Ctrl-] moves the focus on):"), 1);
	assert_int_equal(fake_uart_count("[hyp]   guests: each guest:"), 1);
	assert_int_equal(fake_uart_count("[hyp] unknown command \"bogus\" (try help)\r\n"), 1);
	assert_int_equal(fake_uart_count("[hyp] focus: no running guest by that name\r\n"), 1);
	assert_int_equal(fake_uart_count("[hyp] focus: name a running guest, or hyp\r\n"), 1);
	/* Each line stays as typed after its prompt; the blank one runs nothing. */
	assert_int_equal(fake_uart_count("monitor>"), 6);
	assert_int_equal(fake_uart_count("[hyp] monitor>   \r\n[hyp] monitor> bogus"), 1);

	/* Backspace edits; "focus pv0" gives the guest the input again. */
	fake_uart_feed("focus pv00\x7f\rx");
	monitor_poll_input();
	assert_int_equal(monitor_focus(), 0);
	assert_int_equal(console_read(&pvh_g->con, got, sizeof(got)), 1);
	/* Ctrl-] twice: hypervisor, then round to pv0. */
	fake_uart_clear();
	fake_uart_feed("\x1d\x1d");
	monitor_poll_input();
	assert_int_equal(monitor_focus(), 0);
	assert_int_equal(fake_uart_count("console focus: hypervisor"), 1);
	assert_int_equal(fake_uart_count("console focus: pv0"), 1);
	/* A stopped guest passes the focus on. */
	guest_stop(pvh_g, GUEST_SHUTDOWN, "test");
	assert_int_equal(monitor_focus(), -1);
}

#define T(fn) cmocka_unit_test_setup(fn, pvh_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_set_callbacks),	  T(test_upcall_conditions), T(test_block_sets_sie),
		T(test_timer_fires_once), T(test_sched_loop),	     T(test_focus_and_monitor),
	};

	return cmocka_run_group_tests(tests, pvh_group_setup, pvh_group_teardown);
}
