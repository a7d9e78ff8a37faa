/* SPDX-License-Identifier: MIT */
/*
 * test_guestconsole.c - host unit tests for the guest kernel's console line
 * discipline (guest-kernel/console.c) on stubs of the platform and the
 * process table: echo and line editing, whole-line reads, and ^C: the
 * foreground process group killed (and no other), "^C" and a newline
 * echoed, unread input thrown away, a waiting read ended with -EINTR.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>

#include "kernel/console.h"
#include "kernel/platform.h"
#include "kernel/proc.h"
#include "kernel/vm.h"

#define CTRL_C "\x03"

/* ---- stubs: the platform console ---- */

static char out[1024]; /* what the console echoed */
static size_t out_len;
static const char *typed; /* input plat_console_read hands out */

void plat_console_write(const char *buf, size_t n)
{
	assert_true(out_len + n < sizeof(out));
	memcpy(out + out_len, buf, n);
	out_len += n;
	out[out_len] = '\0';
}

size_t plat_console_read(char *buf, size_t n)
{
	size_t len = typed ? strlen(typed) : 0;

	if (len > n)
		len = n;
	memcpy(buf, typed, len);
	typed = len ? typed + len : NULL;
	return len;
}

void plat_shutdown(int crashed)
{
	fail_msg("plat_shutdown(%d): the console panicked", crashed);
	abort();
}

/* ---- stubs: processes ---- */

static struct proc me;
static void (*sleep_hook)(void); /* what happens while the reader sleeps */
static int killed_group, kills;	 /* proc_kill_group's last argument, calls */

struct proc *proc_current(void)
{
	return &me;
}

bool proc_killed(const struct proc *p)
{
	return p->killed;
}

void proc_sleep(void *chan)
{
	void (*hook)(void) = sleep_hook;

	(void)chan;
	if (!hook)
		fail_msg("console read would block for ever");
	sleep_hook = NULL;
	hook();
}

void proc_wakeup(void *chan)
{
	(void)chan;
}

int proc_kill_group(int pgid)
{
	killed_group = pgid;
	kills++;
	return 1;
}

/* ---- stubs: user memory (a user address is an offset into ubuf) ---- */

static char ubuf[512];

int uvm_copyout(uint64_t uva, const void *src, size_t n)
{
	if (uva > sizeof(ubuf) || n > sizeof(ubuf) - uva)
		return -EFAULT;
	memcpy(ubuf + uva, src, n);
	return 0;
}

int uvm_copyin(void *dst, uint64_t uva, size_t n)
{
	if (uva > sizeof(ubuf) || n > sizeof(ubuf) - uva)
		return -EFAULT;
	memcpy(dst, ubuf + uva, n);
	return 0;
}

/* ---- helpers ---- */

/* Bytes arrive, as the console event delivers them. */
static void type(const char *s)
{
	typed = s;
	console_intr();
}

/* One read of up to n bytes: its result; the bytes are in ubuf, terminated. */
static int64_t read_console(size_t n)
{
	int64_t r = console_read(0, n);

	ubuf[r > 0 ? r : 0] = '\0';
	return r;
}

/* Every test starts with nothing typed, nothing echoed, no foreground group:
 * ^C itself clears the input. */
static int setup(void **state)
{
	(void)state;
	console_set_foreground(0);
	type(CTRL_C);
	memset(&me, 0, sizeof(me));
	sleep_hook = NULL;
	killed_group = kills = 0;
	out_len = 0;
	out[0] = '\0';
	return 0;
}

/* ---- tests ---- */

static void test_line_is_echoed_and_read_whole(void **state)
{
	(void)state;
	type("hix\b\r");
	assert_string_equal(out, "hix\b \b\n");
	assert_int_equal(read_console(100), 3);
	assert_string_equal(ubuf, "hi\n");
}

static void test_ctrl_c_kills_the_foreground_group(void **state)
{
	(void)state;
	console_set_foreground(7);
	assert_int_equal(console_foreground(), 7);
	type("sle" CTRL_C);
	assert_int_equal(kills, 1);
	assert_int_equal(killed_group, 7);
	assert_string_equal(out, "sle^C\n");
}

static void test_ctrl_c_without_a_foreground_group_kills_nobody(void **state)
{
	(void)state;
	type(CTRL_C);
	assert_int_equal(kills, 0);
	assert_string_equal(out, "^C\n");
}

/* The interrupted line, and whole lines typed ahead, are gone: the next
 * read gets what is typed after ^C, and never a ^C byte. */
static void test_ctrl_c_discards_unread_input(void **state)
{
	(void)state;
	type("one\rtw" CTRL_C "ok\r");
	assert_int_equal(read_console(100), 3);
	assert_string_equal(ubuf, "ok\n");
}

static void type_ctrl_c(void)
{
	type(CTRL_C);
}

static void type_a_line(void)
{
	type("later\r");
}

/* A shell waiting at its prompt learns of ^C (-EINTR) and prompts again;
 * its next read waits for a new line. */
static void test_waiting_read_is_interrupted(void **state)
{
	(void)state;
	type("half");
	sleep_hook = type_ctrl_c;
	assert_int_equal(read_console(100), -EINTR);
	sleep_hook = type_a_line;
	assert_int_equal(read_console(100), 6);
	assert_string_equal(ubuf, "later\n");
}

static void kill_me(void)
{
	me.killed = true;
}

static void test_killed_reader_gets_eintr(void **state)
{
	(void)state;
	sleep_hook = kill_me;
	assert_int_equal(read_console(100), -EINTR);
}

/* A full buffer drops input, but ^C still gets through and empties it. */
static void test_ctrl_c_when_the_buffer_is_full(void **state)
{
	char line[400];

	(void)state;
	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	type(line);
	console_set_foreground(3);
	type(CTRL_C "b\r");
	assert_int_equal(killed_group, 3);
	assert_int_equal(read_console(100), 2);
	assert_string_equal(ubuf, "b\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_line_is_echoed_and_read_whole, setup),
		cmocka_unit_test_setup(test_ctrl_c_kills_the_foreground_group, setup),
		cmocka_unit_test_setup(test_ctrl_c_without_a_foreground_group_kills_nobody, setup),
		cmocka_unit_test_setup(test_ctrl_c_discards_unread_input, setup),
		cmocka_unit_test_setup(test_waiting_read_is_interrupted, setup),
		cmocka_unit_test_setup(test_killed_reader_gets_eintr, setup),
		cmocka_unit_test_setup(test_ctrl_c_when_the_buffer_is_full, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
