/* SPDX-License-Identifier: MIT */
/*
 * test_hcall.c - host unit tests for hypercall dispatch and argument checking
 * (hyp/pv/hcall*.c): unknown numbers, version, vcpu_op and event_op,
 * console_io, sched_op, set_timer_op, set_trap_table and multicall, each with
 * its results and refusals, on the real console, log, scheduler, guest and
 * frame code over the fake arch (tests/unit/fake_arch.c). The guests come
 * from tests/unit/hcall_fixture.c; building and rebooting them is
 * test_guest_create.c's, the trace test_trace.c's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "hyp/pv/hcall.h"
#include "hyp/pv/event.h"
#include "hyp/core/sched.h"
#include "tests/unit/hcall_fixture.h"

/* Dispatch */

static void test_unknown_enosys_logged_once(void **state)
{
	uint64_t value = 0xdead;
	char line[96];

	(void)state;
	assert_int_equal(hcall(v0, 5, 1, 2, 3, &value), -PVABI_ENOSYS);
	assert_int_equal(value, 0);
	assert_output("[hyp] guest pv0: unknown hypercall 5 -> -ENOSYS\r\n");
	assert_int_equal(hcall(v0, 5, 0, 0, 0, NULL), -PVABI_ENOSYS);
	assert_int_equal(fake_uart_count("unknown hypercall"), 1);

	/* Another guest, another number: logged again, each once. */
	assert_int_equal(hcall(v1, 5, 0, 0, 0, NULL), -PVABI_ENOSYS);
	assert_int_equal(hcall(v1, 5, 0, 0, 0, NULL), -PVABI_ENOSYS);
	assert_int_equal(hcall(v0, 50, 0, 0, 0, NULL), -PVABI_ENOSYS);
	assert_int_equal(hcall(v0, 50, 0, 0, 0, NULL), -PVABI_ENOSYS);
	assert_int_equal(fake_uart_count("[hyp] guest pv1: unknown hypercall 5 "), 1);
	assert_int_equal(fake_uart_count("[hyp] guest pv0: unknown hypercall 50 "), 1);
	assert_int_equal(fake_uart_count("unknown hypercall"), 3);

	/* Every unimplemented number below PVABI_HC_MAX. */
	for (uint64_t nr = 0; nr < PVABI_HC_MAX; nr++) {
		if (nr == PVABI_HC_set_timer_op || nr == PVABI_HC_version ||
		    nr == PVABI_HC_console_io || nr == PVABI_HC_sched_op ||
		    nr == PVABI_HC_mmu_update || nr == PVABI_HC_mmuext_op ||
		    nr == PVABI_HC_set_trap_table || nr == PVABI_HC_multicall ||
		    nr == PVABI_HC_set_callbacks || nr == PVABI_HC_memory_op ||
		    nr == PVABI_HC_vcpu_op || nr == PVABI_HC_event_op)
			continue;
		assert_int_equal(hcall(v1, nr, 0, 0, 0, NULL), -PVABI_ENOSYS);
		if (nr < 63) {
			snprintf(line, sizeof(line), "[hyp] guest pv1: unknown hypercall %llu ",
				 (unsigned long long)nr);
			assert_int_equal(fake_uart_count(line), 1);
		}
	}
	assert_int_equal(v0->nr_hcalls, 4);
	assert_int_equal(v1->nr_hcalls, 2 + PVABI_HC_MAX - 12);
	/* Counted by number, known or not. */
	assert_int_equal(guest_table[1].stats.hcalls[5], 3);
	assert_int_equal(guest_table[0].stats.hcalls[50], 2);
	assert_int_equal(guest_table[1].stats.hcalls[PVABI_HC_MAX - 1], 1);
}

static void test_unknown_large_numbers(void **state)
{
	static const uint64_t nrs[] = { PVABI_HC_MAX, PVABI_HC_MAX + 1, 1000, 1ull << 32,
					UINT64_MAX };
	uint64_t value;

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(nrs); i++) {
		value = 0xdead;
		assert_int_equal(hcall(v0, nrs[i], 0, 0, 0, &value), -PVABI_ENOSYS);
		assert_int_equal(value, 0);
		assert_false(hcall_implemented(nrs[i]));
	}
	/* Numbers from 63 up share one log line, which says so. */
	assert_output("[hyp] guest pv0: unknown hypercall 64"
		      " (further numbers >= 63 not logged) -> -ENOSYS\r\n");
}

static void test_implemented(void **state)
{
	(void)state;
	assert_true(hcall_implemented(PVABI_HC_set_timer_op));
	assert_true(hcall_implemented(PVABI_HC_version));
	assert_true(hcall_implemented(PVABI_HC_console_io));
	assert_true(hcall_implemented(PVABI_HC_sched_op));
	assert_true(hcall_implemented(PVABI_HC_mmu_update));
	assert_true(hcall_implemented(PVABI_HC_mmuext_op));
	assert_true(hcall_implemented(PVABI_HC_set_trap_table));
	assert_true(hcall_implemented(PVABI_HC_set_callbacks));
	assert_true(hcall_implemented(PVABI_HC_memory_op));
	assert_false(hcall_implemented(2));
	assert_false(hcall_implemented(16));
	assert_false(hcall_implemented(PVABI_HC_MAX - 1));
	assert_false(hcall_implemented(PVABI_HC_MAX));
}

/* version */

static void test_version(void **state)
{
	uint64_t value = 0;

	(void)state;
	assert_int_equal(hcall(v0, PVABI_HC_version, PVABI_VER_abi, 0, 0, &value), 0);
	assert_int_equal(value, PVABI_VERSION);
	assert_int_equal(value, 0x10002);

#define PROBE(nr) hcall(v0, PVABI_HC_version, PVABI_VER_probe, (nr), 0, &value)
	assert_int_equal(PROBE(PVABI_HC_set_timer_op), 0);
	assert_int_equal(PROBE(PVABI_HC_version), 0);
	assert_int_equal(PROBE(PVABI_HC_console_io), 0);
	assert_int_equal(PROBE(PVABI_HC_sched_op), 0);
	assert_int_equal(PROBE(PVABI_HC_set_trap_table), 0);
	assert_int_equal(PROBE(PVABI_HC_vcpu_op), 0);
	assert_int_equal(PROBE(PVABI_HC_event_op), 0);
	assert_int_equal(PROBE(2), -PVABI_ENOSYS);
	assert_int_equal(PROBE(16), -PVABI_ENOSYS);
	assert_int_equal(PROBE(PVABI_HC_MAX), -PVABI_ENOSYS);
	assert_int_equal(PROBE(UINT64_MAX), -PVABI_ENOSYS);
#undef PROBE
	/* Probing is silent: no "unknown hypercall" lines. */
	assert_output("");

	assert_int_equal(hcall(v0, PVABI_HC_version, 2, 0, 0, &value), -PVABI_ENOSYS);
	assert_int_equal(hcall(v0, PVABI_HC_version, UINT64_MAX, 0, 0, &value), -PVABI_ENOSYS);
}

/* vcpu_op and event_op on a guest of one vCPU (tg-vcpus proves two: test_vcpus.py) */

static void test_vcpu_op_one_vcpu(void **state)
{
	struct pvabi_shared_info *sh = event_shared(&guest_table[0]);
	uint64_t value = 7;

	(void)state;
	assert_int_equal(hcall(v0, PVABI_HC_vcpu_op, PVABI_VCPUOP_is_up, 0, 0, &value), 1);
	assert_int_equal(value, 1);
	assert_int_equal(hcall(v0, PVABI_HC_vcpu_op, PVABI_VCPUOP_is_up, 1, 0, NULL),
			 -PVABI_EINVAL);
	assert_int_equal(hcall(v0, PVABI_HC_vcpu_op, PVABI_VCPUOP_up, 0, 0, NULL), -PVABI_EEXIST);
	assert_int_equal(hcall(v0, PVABI_HC_vcpu_op, PVABI_VCPUOP_up, UINT64_MAX, 0, NULL),
			 -PVABI_EINVAL);
	assert_int_equal(hcall(v0, PVABI_HC_vcpu_op, PVABI_VCPUOP_down, 4, 0, NULL), -PVABI_EINVAL);
	assert_int_equal(hcall(v0, PVABI_HC_vcpu_op, 1, 0, 0, NULL), -PVABI_ENOSYS);
	/* An IPI to itself: its own bit, vCPU 0's (the fields at the start). */
	assert_int_equal(hcall(v0, PVABI_HC_event_op, PVABI_EVTOP_send_ipi, 0, 0, NULL), 0);
	assert_int_equal(sh->evt_pending, 1ull << PVABI_EVT_ipi);
	assert_int_equal(hcall(v0, PVABI_HC_event_op, PVABI_EVTOP_send_ipi, 1, 0, NULL),
			 -PVABI_EINVAL);
	assert_int_equal(hcall(v0, PVABI_HC_event_op, 1, 0, 0, NULL), -PVABI_ENOSYS);
	assert_int_equal(event_shared(&guest_table[1])->evt_pending, 0); /* not pv1's */
	/* Its last vCPU down: the guest has shut down, the other runs on. */
	assert_int_equal(hcall(v0, PVABI_HC_vcpu_op, PVABI_VCPUOP_down, 0, 0, NULL), 0);
	assert_int_equal(guest_table[0].state, GUEST_SHUTDOWN);
	assert_int_equal(fake_uart_count("[hyp] guest pv0 shut down: its last vCPU (0) went down"),
			 1);
	assert_int_equal(guest_table[1].state, GUEST_RUNNING);
}

/* console_io */

static void test_console_write_lines(void **state)
{
	uint64_t value = 0;

	(void)state;
	assert_int_equal(con_write(v0, "hello", &value), 0);
	assert_int_equal(value, 5);
	assert_output(""); /* not a whole line yet */
	assert_int_equal(con_write(v0, ", world\nsecond", &value), 0);
	assert_int_equal(value, 14);
	assert_output("[pv0] hello, world\r\n");
	assert_int_equal(con_write(v0, " line\r\n", &value), 0);
	assert_output("[pv0] hello, world\r\n[pv0] second line\r\n");

	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_write, 0, BUF_GVA, &value),
			 0);
	assert_int_equal(value, 0);
}

static void test_console_no_interleave(void **state)
{
	(void)state;
	assert_int_equal(con_write(v0, "abc", NULL), 0);
	assert_int_equal(con_write(v1, "xyz", NULL), 0);
	assert_int_equal(con_write(v1, "\n", NULL), 0);
	assert_int_equal(con_write(v0, "def\n", NULL), 0);
	assert_int_equal(con_write(v1, "one\ntw", NULL), 0);
	assert_int_equal(con_write(v0, "ghi\n", NULL), 0);
	assert_int_equal(con_write(v1, "o\n", NULL), 0);
	assert_output("[pv1] xyz\r\n"
		      "[pv0] abcdef\r\n"
		      "[pv1] one\r\n"
		      "[pv0] ghi\r\n"
		      "[pv1] two\r\n");
}

static void test_console_write_clipped(void **state)
{
	char want[4096], *w = want;
	uint64_t value = 0;
	unsigned zs = 0, shown;

	(void)state;
	/* 16 lines of 63 characters fill the first 1024 bytes; then 'Z's. */
	memset(buf, 'Z', sizeof(buf));
	for (int l = 0; l < 16; l++) {
		memset(buf + l * 64, 'a' + l, 63);
		buf[l * 64 + 63] = '\n';
		w += sprintf(w, "[pv0] %.63s\r\n", (const char *)buf + l * 64);
	}
	assert_int_equal(
	    hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_write, 5000, BUF_GVA, &value), 0);
	assert_int_equal(value, PVABI_CONSOLE_MAX);
	assert_output(want);

	/* The guest goes on from a1: the next 1024 bytes, an over-long line. */
	fake_uart_clear();
	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_write, 5000 - value,
			       BUF_GVA + value, &value),
			 0);
	assert_int_equal(value, PVABI_CONSOLE_MAX);
	for (const char *p = fake_uart_output(); *p; p++)
		zs += *p == 'Z';
	/* Each full buffer went out on one open line, not cut; the rest waits for more. */
	shown = (PVABI_CONSOLE_MAX - 1) / CONSOLE_LINE_MAX * CONSOLE_LINE_MAX;
	assert_int_equal(zs, shown);
	assert_int_equal(fake_uart_count("[pv0] "), 1);
	assert_int_equal(fake_uart_count("\r\n"), 0);
	assert_int_equal(guest_table[0].con.len, PVABI_CONSOLE_MAX - shown);
}

static void test_console_write_fault(void **state)
{
	uint64_t value = 0xdead;
	unsigned as = 0;

	(void)state;
	memcpy(buf, "secret\n", 7);
	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_write, 7, 0x1000, &value),
			 -PVABI_EFAULT);
	assert_int_equal(value, 0);
	assert_int_equal(
	    hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_write, 7, BUF_GVA + BUF_SIZE, &value),
	    -PVABI_EFAULT);
	assert_int_equal(
	    hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_write, 1, BUF_GVA - 1, &value),
	    -PVABI_EFAULT);
	/* Nothing was written, not even to the pending line. */
	assert_output("");
	assert_int_equal(con_write(v0, "\n", NULL), 0);
	assert_output("[pv0] \r\n");

	/* A buffer that runs off the end: what was written is reported. */
	fake_uart_clear();
	memset(buf, 'a', sizeof(buf));
	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_write, 300,
			       BUF_GVA + BUF_SIZE - 200, &value),
			 0);
	assert_true(value > 0 && value <= 200);
	console_flush(&guest_table[0].con);
	for (const char *p = fake_uart_output(); *p; p++)
		as += *p == 'a';
	assert_int_equal(as, value);
}

static void test_console_bad_cmd(void **state)
{
	uint64_t value;

	(void)state;
	memcpy(buf, "x\n", 2);
	assert_int_equal(hcall(v0, PVABI_HC_console_io, 2, 2, BUF_GVA, &value), -PVABI_ENOSYS);
	assert_int_equal(hcall(v0, PVABI_HC_console_io, UINT64_MAX, 2, BUF_GVA, &value),
			 -PVABI_ENOSYS);
	assert_output("");
}

static void test_console_read(void **state)
{
	uint64_t value = 0xdead;

	(void)state;
	/* Nothing pending: 0 bytes, buffer untouched. */
	memset(buf, '#', 16);
	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_read, 16, BUF_GVA, &value),
			 0);
	assert_int_equal(value, 0);
	assert_int_equal(buf[0], '#');

	/* Input reaches the focused guest (the first running one) on a tick. */
	fake_uart_feed("hi!\n");
	sched_timer_tick();
	assert_true(console_input_pending(&guest_table[0].con));
	assert_false(console_input_pending(&guest_table[1].con));

	assert_int_equal(hcall(v1, PVABI_HC_console_io, PVABI_CONSOLEIO_read, 16, BUF_GVA, &value),
			 0);
	assert_int_equal(value, 0);
	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_read, 2, BUF_GVA, &value),
			 0);
	assert_int_equal(value, 2);
	assert_memory_equal(buf, "hi##", 4);

	/* A bad buffer fails and loses no input. */
	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_read, 16, 0x1000, &value),
			 -PVABI_EFAULT);
	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_read, 16,
			       BUF_GVA + BUF_SIZE - 8, &value),
			 -PVABI_EFAULT);
	assert_true(console_input_pending(&guest_table[0].con));
	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_read, 64, BUF_GVA, &value),
			 0);
	assert_int_equal(value, 2);
	assert_memory_equal(buf, "!\n##", 4);
	assert_false(console_input_pending(&guest_table[0].con));

	/* With pv0 stopped, focus moves to pv1. */
	guest_stop(&guest_table[0], GUEST_SHUTDOWN, "test");
	fake_uart_feed("k");
	sched_timer_tick();
	assert_int_equal(
	    hcall(v1, PVABI_HC_console_io, PVABI_CONSOLEIO_read, 4096, BUF_GVA, &value), 0);
	assert_int_equal(value, 1);
	assert_int_equal(buf[0], 'k');
}

/* sched_op */

static void test_sched_yield(void **state)
{
	uint64_t value = 0xdead;

	(void)state;
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, PVABI_SCHEDOP_yield, 0, 0, &value), 0);
	assert_int_equal(value, 0);
	assert_int_equal(v0->state, VCPU_RUNNABLE);
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, 3, 0, 0, NULL), -PVABI_ENOSYS);
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, UINT64_MAX, 0, 0, NULL), -PVABI_ENOSYS);
	assert_int_equal(v0->state, VCPU_RUNNABLE);
}

static void test_sched_block(void **state)
{
	(void)state;
	/* Nothing pending: it blocks, and stays blocked on an empty tick. */
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, PVABI_SCHEDOP_block, 0, 0, NULL), 0);
	assert_int_equal(v0->state, VCPU_BLOCKED);
	sched_timer_tick();
	assert_int_equal(v0->state, VCPU_BLOCKED);
	assert_int_equal(v1->state, VCPU_RUNNABLE);
	/* Console input wakes it. */
	fake_uart_feed("x");
	sched_timer_tick();
	assert_int_equal(v0->state, VCPU_RUNNABLE);
	/* Input still pending: block returns at once. */
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, PVABI_SCHEDOP_block, 0, 0, NULL), 0);
	assert_int_equal(v0->state, VCPU_RUNNABLE);
}

static void test_sched_block_timer(void **state)
{
	uint64_t deadline = T0 + 500;
	struct pvabi_shared_info *sh = event_shared(&guest_table[0]);

	(void)state;
	/* A deadline already passed fires at once: the event, not the deadline, is left. */
	fake.time = T0 + 600;
	assert_int_equal(hcall(v0, PVABI_HC_set_timer_op, 500, 0, 0, NULL), 0);
	assert_int_equal(v0->deadline, VCPU_NO_DEADLINE);
	assert_int_equal(sh->evt_pending, 1ull << PVABI_EVT_timer);
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, PVABI_SCHEDOP_block, 0, 0, NULL), 0);
	assert_int_equal(v0->state, VCPU_RUNNABLE);
	/* Setting a new deadline drops the stale expiry. */
	fake.time = deadline - 1;
	assert_int_equal(hcall(v0, PVABI_HC_set_timer_op, 500, 0, 0, NULL), 0);
	assert_int_equal(v0->deadline, deadline);
	assert_int_equal(sh->evt_pending, 0);

	/* Exactly at the deadline counts as passed. */
	fake.time = deadline;
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, PVABI_SCHEDOP_block, 0, 0, NULL), 0);
	assert_int_equal(v0->state, VCPU_RUNNABLE);
	assert_int_equal(sh->evt_pending, 1ull << PVABI_EVT_timer);
	sh->evt_pending = 0; /* the guest handled it */

	/* One tick before: it blocks, and the hypervisor timer is set for it. */
	fake.time = deadline - 1;
	assert_int_equal(hcall(v0, PVABI_HC_set_timer_op, 500, 0, 0, NULL), 0);
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, PVABI_SCHEDOP_block, 0, 0, NULL), 0);
	assert_int_equal(v0->state, VCPU_BLOCKED);
	sched_timer_tick();
	assert_int_equal(v0->state, VCPU_BLOCKED);
	assert_int_equal(fake.timer, deadline);
	fake.time = deadline;
	sched_timer_tick();
	assert_int_equal(v0->state, VCPU_RUNNABLE);
	/* One-shot: the bit once, the deadline gone. */
	assert_int_equal(sh->evt_pending, 1ull << PVABI_EVT_timer);
	assert_int_equal(v0->deadline, VCPU_NO_DEADLINE);
	sh->evt_pending = 0;
	fake.time += 1000000;
	sched_timer_tick();
	assert_int_equal(sh->evt_pending, 0);
}

static void test_sched_shutdown(void **state)
{
	uint64_t value = 0xdead;

	(void)state;
	assert_int_equal(con_write(v0, "bye", NULL), 0);
	assert_int_equal(hcall(v0, PVABI_HC_set_timer_op, 100, 0, 0, NULL), 0);
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, PVABI_SCHEDOP_shutdown,
			       PVABI_SHUTDOWN_poweroff, 0, &value),
			 0);
	assert_int_equal(value, 0);
	assert_int_equal(guest_table[0].state, GUEST_SHUTDOWN);
	assert_int_equal(v0->state, VCPU_STOPPED);
	assert_int_equal(v0->deadline, VCPU_NO_DEADLINE);
	/* The partial line is flushed before the reason; its counters follow. */
	assert_int_equal(
	    strncmp(fake_uart_output(),
		    "[pv0] bye\r\n[hyp] guest pv0 shut down: poweroff\r\n"
		    "[hyp] pv0 stats: hcalls 3 (set_timer_op 1, console_io 1, sched_op 1)",
		    strlen("[pv0] bye\r\n[hyp] guest pv0 shut down: poweroff\r\n"
			   "[hyp] pv0 stats: hcalls 3 (set_timer_op 1, console_io 1, "
			   "sched_op 1)")),
	    0);
	assert_false(guest_all_stopped());
	assert_false(guest_any_crashed());

	fake_uart_clear();
	assert_int_equal(
	    hcall(v1, PVABI_HC_sched_op, PVABI_SCHEDOP_shutdown, PVABI_SHUTDOWN_crash, 0, NULL), 0);
	assert_int_equal(guest_table[1].state, GUEST_CRASHED);
	assert_int_equal(v1->state, VCPU_STOPPED);
	assert_int_equal(fake_uart_count("[hyp] guest pv1 crashed: the guest reported a crash\r\n"
					 "[hyp] pv1 stats: hcalls 1 (sched_op 1)"),
			 1);
	assert_true(guest_all_stopped());
	assert_true(guest_any_crashed());

	/* A stopped guest is not stopped again. */
	fake_uart_clear();
	guest_stop(&guest_table[0], GUEST_CRASHED, "again");
	assert_int_equal(guest_table[0].state, GUEST_SHUTDOWN);
	assert_output("");
}

static void test_sched_shutdown_invalid(void **state)
{
	static const uint64_t reasons[] = { PVABI_SHUTDOWN_suspend, 4, 1000, UINT64_MAX };

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(reasons); i++)
		assert_int_equal(
		    hcall(v0, PVABI_HC_sched_op, PVABI_SCHEDOP_shutdown, reasons[i], 0, NULL),
		    -PVABI_EINVAL);
	assert_int_equal(guest_table[0].state, GUEST_RUNNING);
	assert_int_equal(v0->state, VCPU_RUNNABLE);
	assert_output("");
}

/* set_timer_op */

static void test_set_timer(void **state)
{
	uint64_t value = 0xdead;

	(void)state;
	/* Guest time 0 was host time T0. */
	assert_int_equal(hcall(v0, PVABI_HC_set_timer_op, 5000, 0, 0, &value), 0);
	assert_int_equal(value, 0);
	assert_int_equal(v0->deadline, T0 + 5000);
	assert_int_equal(v1->deadline, VCPU_NO_DEADLINE);
	assert_int_equal(event_shared(&guest_table[0])->evt_pending, 0);

	/* 0 cancels. */
	assert_int_equal(hcall(v0, PVABI_HC_set_timer_op, 0, 0, 0, NULL), 0);
	assert_int_equal(v0->deadline, VCPU_NO_DEADLINE);

	/* Too far to express in host time: as good as never. */
	assert_int_equal(hcall(v0, PVABI_HC_set_timer_op, UINT64_MAX - 10, 0, 0, NULL), 0);
	assert_int_equal(v0->deadline, VCPU_NO_DEADLINE);
	assert_int_equal(hcall(v0, PVABI_HC_set_timer_op, UINT64_MAX - T0 - 1, 0, 0, NULL), 0);
	assert_int_equal(v0->deadline, UINT64_MAX - 1);

	/* A guest with another time offset converts with its own. */
	v1->time_offset = 123456;
	assert_int_equal(hcall(v1, PVABI_HC_set_timer_op, 44, 0, 0, NULL), 0);
	assert_int_equal(v1->deadline, 123456 + 44);
	/* The hardware timer of the guest is never used: the hypervisor's fires. */
	assert_int_equal(event_shared(&guest_table[1])->evt_pending, 0);
}

/* set_trap_table */

static void test_set_trap_table(void **state)
{
	uint64_t value = 0xdead;

	(void)state;
	/* Unaligned: refused before anything is looked at. */
	assert_int_equal(hcall(v0, PVABI_HC_set_trap_table, BUF_GVA + 2, 0, 0, &value),
			 -PVABI_EINVAL);
	/* Not executable for the guest (outside the fake's mapped window). */
	assert_int_equal(hcall(v0, PVABI_HC_set_trap_table, 0x1000, 0, 0, &value), -PVABI_EFAULT);
	assert_int_equal(fake.trap_entry_calls, 0);
	assert_int_equal(v0->trap_entry, 0);

	assert_int_equal(hcall(v0, PVABI_HC_set_trap_table, BUF_GVA, 0, 0, &value), 0);
	assert_int_equal(value, 0);
	assert_int_equal(v0->trap_entry, BUF_GVA);
	assert_ptr_equal(fake.trap_entry_vcpu, v0);
	assert_int_equal(fake.trap_entry, BUF_GVA);
	assert_int_equal(v1->trap_entry, 0);

	/* 0 unregisters. */
	assert_int_equal(hcall(v0, PVABI_HC_set_trap_table, 0, 0, 0, &value), 0);
	assert_int_equal(v0->trap_entry, 0);
	assert_int_equal(fake.trap_entry, 0);
	assert_int_equal(fake.trap_entry_calls, 2);
}

/* multicall */

static struct pvabi_multicall_entry *mc_entries(void)
{
	/* The entries live in the fake guest buffer, at BUF_GVA. */
	return (struct pvabi_multicall_entry *)buf;
}

static void test_multicall(void **state)
{
	struct pvabi_multicall_entry *e = mc_entries();
	uint64_t value = 0xdead;

	(void)state;
	memset(buf, 0, 4 * sizeof(*e));
	e[0].op = PVABI_HC_version;
	e[0].args[0] = PVABI_VER_abi;
	e[1].op = 5;		      /* unknown */
	e[2].op = PVABI_HC_multicall; /* nested: refused */
	e[3].op = PVABI_HC_set_timer_op;
	e[3].args[0] = 1000;
	assert_int_equal(hcall(v0, PVABI_HC_multicall, BUF_GVA, 4, 0, &value), 0);
	assert_int_equal(value, 4);
	assert_int_equal(e[0].result, 0);
	assert_int_equal(e[0].value, PVABI_VERSION);
	assert_int_equal(e[1].result, -PVABI_ENOSYS);
	assert_int_equal(e[2].result, -PVABI_EINVAL);
	assert_int_equal(e[3].result, 0);
	assert_int_equal(v0->deadline, T0 + 1000);
	/* The multicall and the three calls it dispatched. */
	assert_int_equal(v0->nr_hcalls, 4);
	assert_int_equal(fake_uart_count("unknown hypercall 5 "), 1);
}

static void test_multicall_limits(void **state)
{
	struct pvabi_multicall_entry *e = mc_entries();
	uint64_t value = 0xdead;
	uint64_t last = BUF_GVA + BUF_SIZE - sizeof(*e);

	(void)state;
	assert_int_equal(hcall(v0, PVABI_HC_multicall, BUF_GVA, PVABI_MULTICALL_MAX + 1, 0, &value),
			 -PVABI_E2BIG);
	assert_int_equal(hcall(v0, PVABI_HC_multicall, 0x1000, 1, 0, &value), -PVABI_EFAULT);
	assert_int_equal(value, 0);
	/* Two entries, the second past the end of guest memory: one runs. */
	memset(&buf[BUF_SIZE - sizeof(*e)], 0, sizeof(*e));
	((struct pvabi_multicall_entry *)&buf[BUF_SIZE - sizeof(*e)])->op = PVABI_HC_version;
	assert_int_equal(hcall(v0, PVABI_HC_multicall, last, 2, 0, &value), -PVABI_EFAULT);
	assert_int_equal(value, 1);
	assert_int_equal(((struct pvabi_multicall_entry *)&buf[BUF_SIZE - sizeof(*e)])->value,
			 PVABI_VERSION);
	(void)e;
}

static void test_multicall_stops_at_shutdown(void **state)
{
	struct pvabi_multicall_entry *e = mc_entries();
	uint64_t value = 0xdead;

	(void)state;
	memset(buf, 0, 2 * sizeof(*e));
	e[0].op = PVABI_HC_sched_op;
	e[0].args[0] = PVABI_SCHEDOP_shutdown;
	e[0].args[1] = PVABI_SHUTDOWN_poweroff;
	e[1].op = PVABI_HC_version;
	assert_int_equal(hcall(v0, PVABI_HC_multicall, BUF_GVA, 2, 0, &value), 0);
	assert_int_equal(value, 1);
	assert_int_equal(guest_table[0].state, GUEST_SHUTDOWN);
	assert_int_equal(e[1].value, 0); /* never ran */
}

#define T(fn) cmocka_unit_test_setup(fn, hcf_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_unknown_enosys_logged_once),
		T(test_unknown_large_numbers),
		T(test_implemented),
		T(test_version),
		T(test_vcpu_op_one_vcpu),
		T(test_console_write_lines),
		T(test_console_no_interleave),
		T(test_console_write_clipped),
		T(test_console_write_fault),
		T(test_console_bad_cmd),
		T(test_console_read),
		T(test_sched_yield),
		T(test_sched_block),
		T(test_sched_block_timer),
		T(test_sched_shutdown),
		T(test_sched_shutdown_invalid),
		T(test_set_timer),
		T(test_set_trap_table),
		T(test_multicall),
		T(test_multicall_limits),
		T(test_multicall_stops_at_shutdown),
	};

	return cmocka_run_group_tests(tests, hcf_group_setup, hcf_group_teardown);
}
