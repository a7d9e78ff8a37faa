/* SPDX-License-Identifier: MIT */
/*
 * test_console.c - host unit tests of the console's lines and its policy on
 * control bytes (hyp/core/console.c): one owner and one "\r\n" per line on
 * the wire, long lines whole, what a guest with and without the focus may
 * send; and of the monitor's line editor and what it prints
 * (hyp/debug/monitor.c, monitor_cmd.c, stats.c, log.c): prompt, echo,
 * backspace, Ctrl-U, Ctrl-C, history, over-long lines, "log" without the
 * echo, "stats" labelled. One PV guest over the fake arch (pv_harness).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "hyp/core/console.h"
#include "hyp/core/log.h"
#include "hyp/debug/monitor.h"
#include "hyp/debug/stats.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/pv_harness.h"

/* Two ports of the tests' own; static, as the console keeps a pointer to the open one. */
static struct console_port a, b;

static void put(struct console_port *p, const char *s)
{
	console_write(p, s, strlen(s));
}

static void assert_output(const char *want)
{
	assert_string_equal(fake_uart_output(), want);
}

/* A fresh guest, a and b with no focus, and nothing open on the wire. */
static int setup(void **state)
{
	if (pvh_setup(state))
		return -1;
	console_port_init(&a, "pv0");
	console_port_init(&b, "pv1");
	console_set_focus(NULL);
	put(&a, "\n"); /* ends whatever line an earlier test left open */
	fake_uart_clear();
	return 0;
}

/* ---- Lines ---- */

static void test_one_line_end_each(void **state)
{
	(void)state;
	put(&a, "one\r\ntwo\nthree\r");
	put(&a, "\n\n");
	assert_output("[pv0] one\r\n[pv0] two\r\n[pv0] three\r\n[pv0] \r\n");
}

/* Longer than the buffer: shown as it fills, on one line, never cut or split. */
static void test_long_line_whole(void **state)
{
	char line[3 * CONSOLE_LINE_MAX + 10], want[sizeof(line) + 16];

	(void)state;
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	put(&a, line);
	put(&a, "\n");
	snprintf(want, sizeof(want), "[pv0] %s\r\n", line);
	assert_output(want);
}

/* Another owner ends the open line; the rest goes on a new one with the same prefix. */
static void test_interrupted_line_continues(void **state)
{
	(void)state;
	put(&a, "$ ");
	console_show(&a); /* a prompt: the guest waits */
	put(&b, "news\n");
	put(&a, "ls\n");
	console_flush(&a); /* nothing left: no empty line */
	assert_output("[pv0] $ \r\n[pv1] news\r\n[pv0] ls\r\n");
}

/* A stop or restart after another owner wrote leaves no empty "[pv0] " line. */
static void test_flush_after_interruption(void **state)
{
	(void)state;
	put(&a, "$ ");
	console_show(&a);
	put(&b, "x\n");
	console_flush(&a);
	console_flush(&a);
	assert_output("[pv0] $ \r\n[pv1] x\r\n");
}

/* ---- Control bytes ---- */

/* Without the focus every control byte is text: nothing can draw over a prefix. */
static void test_unfocused_escaped(void **state)
{
	(void)state;
	put(&a, "x\x1b[2K\r[hyp] forged\b\a\x7f\n");
	put(&a, "\x9b"
		"31m caf\xc3\xa9 \xe2\x80\xa6\ttab\n");
	assert_output("[pv0] x\\x1b[2K\\x0d[hyp] forged\\x08\\x07\\x7f\r\n"
		      "[pv0] \\x9b31m caf\xc3\xa9 \xe2\x80\xa6\ttab\r\n");
}

/* The focused guest's line editing passes, within its own line. */
static void test_focused_line_editing(void **state)
{
	(void)state;
	console_set_focus(&a);
	put(&a, "$ lx\bs\x1b[K\x1b[1C\x1b[2D\x1b[?25l\x1b[?2004h\x1b=\x1b[6n\x1b[P\x1b[J\n");
	assert_output("[pv0] $ lx\bs\x1b[K\x1b[1C\x1b[2D\x1b[?25l\x1b[?2004h\x1b=\x1b[6n\x1b[P"
		      "\x1b[J\r\n");
}

/* \r returns to just after the prefix, written again; the cursor never goes left of it. */
static void test_focused_stays_on_its_line(void **state)
{
	(void)state;
	console_set_focus(&a);
	put(&a, "abc\r[hyp] x\n");
	put(&a, "ab\x1b[10D\b\b\b[hyp] y\n");
	put(&a, "\x1b[A\x1b[H\x1b[2J\x1b[1K\x1b"
		"7\x1b"
		"8\x1b]0;t\a\x1b[?1049h\x1b[4h\x0e\n");
	assert_output("[pv0] abc\r[pv0] [hyp] x\r\n"
		      "[pv0] ab\x1b[2D[hyp] y\r\n"
		      "[pv0] \\x1b[A\\x1b[H\\x1b[2J\\x1b[1K\\x1b7\\x1b8\\x1b]0;t\a\\x1b[?1049h"
		      "\\x1b[4h\\x0e\r\n");
}

/*
 * Where the console cannot be sure of the cursor (after a move the terminal
 * may have clamped at its edge, after non-ASCII text, past 80 columns), a move
 * back starts from the prefix, written again.
 */
static void test_focused_unsure_column(void **state)
{
	char line[128];

	(void)state;
	console_set_focus(&a);
	put(&a, "ab\x1b[200C\x1b[300D[hyp] x\n");
	put(&a, "e\xcc\x81\xcc\x81\xcc\x81\b\b\b[hyp] y\n");
	memset(line, 'x', 80);
	strcpy(line + 80, "\b\b\n");
	put(&a, line);
	assert_int_equal(
	    fake_uart_count("[pv0] ab\x1b[200C\r[pv0] [hyp] x\r\n"
			    "[pv0] e\xcc\x81\xcc\x81\xcc\x81\r[pv0] \x1b[3C\b\b[hyp] y\r\n"),
	    1);
	assert_int_equal(fake_uart_count("xxxxxxxx\r[pv0] \x1b[79C\r[pv0] \x1b[78C\r\n"), 1);
}

/* Colours end with the line: the next owner's line starts plain. */
static void test_attributes_reset(void **state)
{
	(void)state;
	console_set_focus(&a);
	put(&a, "\x1b[31mred");
	console_show(&a);
	put(&b, "plain\n");
	put(&a, "\x1b[1mbold\n");
	assert_output("[pv0] \x1b[31mred\x1b[0m\r\n[pv1] plain\r\n[pv0] \x1b[1mbold\x1b[0m\r\n");
}

/* The cursor's column counts from a new wire line: a continued line cannot back onto it. */
static void test_column_from_new_line(void **state)
{
	(void)state;
	console_set_focus(&a);
	put(&a, "0123456789");
	console_show(&a);
	put(&b, "x\n");
	put(&a, "\b\b\x1b[20D[hyp] z\n");
	assert_output("[pv0] 0123456789\r\n[pv1] x\r\n[pv0] [hyp] z\r\n");
}

/* A sequence the focus left half-way, one the line end cut, one too long: text. */
static void test_broken_sequences(void **state)
{
	(void)state;
	console_set_focus(&a);
	put(&a, "\x1b[3");
	console_show(&a);
	console_set_focus(NULL);
	put(&a, "1mX\n");
	console_set_focus(&a);
	put(&a, "\x1b[12\n");
	put(&a, "\x1b[1;2;3;4;5;6;7;8m\n");
	put(&a, "\x1b[1\r\n");
	assert_output("[pv0] \\x1b[31mX\r\n"
		      "[pv0] \\x1b[12\r\n"
		      "[pv0] \\x1b[1;2;3;4;5;6;7;8m\r\n"
		      "[pv0] \\x1b[1\r\n");
}

/* ---- The monitor's own line ---- */

static void test_redraw(void **state)
{
	(void)state;
	a.trusted = true; /* its bytes as they are, like the monitor's */
	put(&a, "m> ab\b \b");
	console_show(&a);
	assert_true(console_is_open(&a));
	console_redraw(&a, "m> xyz", 6);
	put(&b, "y\n");
	assert_false(console_is_open(&a));
	console_redraw(&a, "m> xyz", 6);
	assert_output("[pv0] m> ab\b \b\r[pv0] m> xyz\x1b[K\r\n[pv1] y\r\n[pv0] m> xyz");
}

/* ---- The monitor ---- */

static void feed(const char *s)
{
	fake_uart_feed(s);
	monitor_poll_input();
}

/* The focus on the monitor: the prompt at once, each key echoed, output on lines after. */
static void test_monitor_prompt_and_echo(void **state)
{
	(void)state;
	monitor_init();
	fake_uart_clear();
	feed("\x1d");
	assert_output("[hyp] console focus: hypervisor (Ctrl-] switches)\r\n[hyp] monitor> ");
	feed("fra");
	feed("mes\r");
	assert_int_equal(fake_uart_count("[hyp] monitor> frames\r\n[hyp] frames: "), 1);
	fake_uart_clear();
	feed(""); /* the prompt comes one poll later, after what the command set going */
	assert_output("[hyp] monitor> ");
	/* A guest's line breaks in: the next key draws the line again. */
	put(&pvh_g->con, "hello\n");
	feed("g");
	assert_output("[hyp] monitor> \r\n[pv0] hello\r\n[hyp] monitor> g");
}

static void test_monitor_editing(void **state)
{
	(void)state;
	monitor_init();
	feed("\x1d");
	fake_uart_clear();
	feed("stxx\x7f\bats\r");
	assert_int_equal(fake_uart_count("stxx\b \b\b \bats\r\n[hyp] pv0 stats: "), 1);
	feed("");
	fake_uart_clear();
	feed("garbage\x15help\r");
	assert_int_equal(fake_uart_count("garbage\r[hyp] monitor> \x1b[Khelp\r\n"), 1);
	assert_int_equal(fake_uart_count("[hyp] monitor commands"), 1);
	assert_int_equal(fake_uart_count("unknown command"), 0);
	feed("");
	fake_uart_clear();
	feed("destroy pv0\x03");
	assert_output("destroy pv0^C\r\n[hyp] monitor> ");
	assert_int_equal(pvh_g->state, GUEST_RUNNING); /* dropped, not run */
	/* \r\n is one Enter; unknown escape sequences are nothing. */
	fake_uart_clear();
	feed("\x1b[C\x1b[3~\r\nx\r");
	assert_output("\r\n[hyp] monitor> x\r\n[hyp] unknown command \"x\" (try help)\r\n");
}

static void test_monitor_history(void **state)
{
	(void)state;
	monitor_init();
	feed("\x1d");
	feed("guests\rframes\rframes\r");
	feed("");
	fake_uart_clear();
	feed("tr");
	feed("\x1b[A"); /* frames, once: repeats are kept once */
	feed("\x1bOA"); /* guests (the keypad's form) */
	feed("\x1b[A"); /* no older: stays */
	assert_output("tr\r[hyp] monitor> frames\x1b[K\r[hyp] monitor> guests\x1b[K");
	fake_uart_clear();
	feed("\x1b[B\x1b[B"); /* frames, then the line being typed */
	assert_output("\r[hyp] monitor> frames\x1b[K\r[hyp] monitor> tr\x1b[K");
	feed("\x1b[B\x1b[A\r"); /* nothing newer; up: frames, run */
	assert_int_equal(fake_uart_count("[hyp] monitor> frames\x1b[K\r\n[hyp] frames: "), 1);
}

/* A line over the limit is refused as a whole, and said so. */
static void test_monitor_line_too_long(void **state)
{
	char line[MONITOR_LINE_MAX + 20];

	(void)state;
	monitor_init();
	feed("\x1d");
	memset(line, 'x', sizeof(line) - 2);
	line[sizeof(line) - 2] = '\r';
	line[sizeof(line) - 1] = '\0';
	fake_uart_clear();
	feed(line);
	assert_int_equal(fake_uart_count("\a"), sizeof(line) - 2 - (MONITOR_LINE_MAX - 1));
	assert_int_equal(fake_uart_count("[hyp] monitor: line too long (at most 255 characters): "
					 "not run\r\n"),
			 1);
	assert_int_equal(fake_uart_count("unknown command"), 0);
	/* Just under the limit runs (and is unknown). */
	memset(line, 'y', MONITOR_LINE_MAX - 1);
	line[MONITOR_LINE_MAX - 1] = '\r';
	line[MONITOR_LINE_MAX] = '\0';
	feed(line);
	assert_int_equal(fake_uart_count("[hyp] unknown command \"yyyyyyyyyyyyyyyyyyyy"
					 "yyyyyyyyyyyyyyyyyyyy...\" (try help)\r\n"),
			 1);
}

/* "log N" shows the hypervisor's lines: the monitor's echo is not among them. */
static void test_log_without_echo(void **state)
{
	(void)state;
	monitor_init();
	feed("\x1d");
	feed("frobnicate\r");
	feed("log 2\r");
	assert_int_equal(fake_uart_count("[hyp] | console focus: hypervisor (Ctrl-] switches)\r\n"
					 "[hyp] | unknown command \"frobnicate\" (try help)\r\n"),
			 1);
	assert_int_equal(fake_uart_count("| monitor>"), 0);
}

/* The counters since creation and the times of this boot, labelled apart. */
static void test_stats_labelled(void **state)
{
	(void)state;
	fake_uart_clear();
	stats_print(pvh_g);
	assert_int_equal(fake_uart_count("[hyp] pv0 stats: hcalls 0, exits 0, upcalls 0, frames "
					 "given 1024 returned 0, scrubbed for it on demand "),
			 1);
	assert_int_equal(fake_uart_count("\r\n[hyp] pv0 stats: counts above since creation "
					 "(1 boot); this boot: running-us 0, blocked-us 0\r\n"),
			 1);
}

/* help's lines wrap at word boundaries, well inside a console line. */
static void test_help_wrapped(void **state)
{
	const char *s, *e;

	(void)state;
	monitor_init();
	feed("\x1d");
	fake_uart_clear();
	feed("help\r");
	for (s = fake_uart_output(); (e = strstr(s, "\r\n")); s = e + 2) {
		assert_true(e - s <= 100);
		assert_true(e[-1] != ' ');
	}
	assert_int_equal(fake_uart_count("[hyp]   trace [SPEC|last N|dump]: show or set tracing"),
			 1);
	assert_int_equal(fake_uart_count("[hyp]       "), 1); /* its continuation */
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_one_line_end_each),
		T(test_long_line_whole),
		T(test_interrupted_line_continues),
		T(test_flush_after_interruption),
		T(test_unfocused_escaped),
		T(test_focused_line_editing),
		T(test_focused_stays_on_its_line),
		T(test_focused_unsure_column),
		T(test_attributes_reset),
		T(test_column_from_new_line),
		T(test_broken_sequences),
		T(test_redraw),
		T(test_monitor_prompt_and_echo),
		T(test_monitor_editing),
		T(test_monitor_history),
		T(test_monitor_line_too_long),
		T(test_log_without_echo),
		T(test_stats_labelled),
		T(test_help_wrapped),
	};

	return cmocka_run_group_tests(tests, pvh_group_setup, pvh_group_teardown);
}
