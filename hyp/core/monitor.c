/* SPDX-License-Identifier: MIT */
/*
 * monitor.c - who gets console input, and the hypervisor's monitor (see
 * monitor.h). Input bytes go to the focused guest's ring and raise its
 * PVABI_EVT_console; Ctrl-] moves the focus to the next running guest, then
 * to the hypervisor, then round again. While the hypervisor has focus, a
 * line reader runs the commands below.
 */
#include <string.h>

#include <pvabi/event.h>

#include "hyp/console.h"
#include "hyp/event.h"
#include "hyp/guest.h"
#include "hyp/log.h"
#include "hyp/monitor.h"
#include "hyp/stats.h"
#include "hyp/trace.h"

#define FOCUS_HYP (-1)
#define MONITOR_LINE_MAX 64

static int focus = FOCUS_HYP;
static char line[MONITOR_LINE_MAX];
static unsigned line_len;

static bool running(int i)
{
	return i >= 0 && (unsigned)i < guest_count && guest_table[i].state == GUEST_RUNNING;
}

/* The next focus after from: later running guests, then the hypervisor. */
static int next_focus(int from)
{
	for (int i = from + 1; (unsigned)i < guest_count; i++)
		if (running(i))
			return i;
	return FOCUS_HYP;
}

static void say_focus(void)
{
	log_printf("console focus: %s (Ctrl-] switches)\n",
		   focus == FOCUS_HYP ? "hypervisor" : guest_table[focus].cfg->name);
}

/* A guest that stopped passes the focus on to the next one, when input comes. */
static void focus_resolve(void)
{
	if (focus != FOCUS_HYP && !running(focus)) {
		focus = next_focus(focus);
		say_focus();
	}
}

void monitor_init(void)
{
	focus = next_focus(FOCUS_HYP);
	line_len = 0;
	say_focus();
}

int monitor_focus(void)
{
	focus_resolve();
	return focus;
}

static void cmd_focus(const char *arg)
{
	if (!strcmp(arg, "hyp") || !strcmp(arg, "hypervisor")) {
		focus = FOCUS_HYP;
		say_focus();
		return;
	}
	for (unsigned i = 0; i < guest_count; i++) {
		if (running((int)i) && !strcmp(arg, guest_table[i].cfg->name)) {
			focus = (int)i;
			say_focus();
			return;
		}
	}
	log_printf("focus: no running guest named \"%s\"\n", arg);
}

static void cmd_help(void)
{
	log_printf("monitor commands: help, stats, focus <guest|hyp>, trace [SPEC | last N];"
		   " Ctrl-] cycles focus\n");
	log_printf("  trace SPEC: comma list of on, off, live, quiet, all, hcall, exit, sched,"
		   " irq, guest names\n");
}

/* trace (show), trace last N (the ring), trace SPEC (switch it). */
static void cmd_trace(const char *arg)
{
	const char *why;

	if (!arg || !*arg) {
		trace_show_config();
	} else if (!strncmp(arg, "last", 4) && (arg[4] == ' ' || !arg[4])) {
		unsigned n = 0;

		for (arg += 4; *arg == ' '; arg++)
			;
		while (*arg >= '0' && *arg <= '9' && n < 100000)
			n = n * 10 + (unsigned)(*arg++ - '0');
		if (*arg || n == 0)
			log_printf("trace last: give a number of records, like \"trace last 20\"\n");
		else
			trace_dump(n);
	} else if ((why = trace_configure(arg))) {
		log_printf("trace: \"%s\": %s\n", arg, why);
	} else {
		trace_show_config();
	}
}

/* One command line: a word and an optional argument. */
static void run_line(char *cmd)
{
	char *arg = strchr(cmd, ' ');

	log_printf("monitor> %s\n", cmd);
	if (arg)
		for (*arg++ = '\0'; *arg == ' '; arg++)
			;
	if (!strcmp(cmd, "help"))
		cmd_help();
	else if (!strcmp(cmd, "stats"))
		stats_print_all();
	else if (!strcmp(cmd, "focus") && arg && *arg)
		cmd_focus(arg);
	else if (!strcmp(cmd, "trace"))
		cmd_trace(arg);
	else
		log_printf("unknown command \"%s\" (try help)\n", cmd);
}

/* The line reader: printable bytes collect, backspace edits, Enter runs. */
static void monitor_char(char c)
{
	if (c == '\r' || c == '\n') {
		line[line_len] = '\0';
		/* Leading blanks and empty lines (the \n of a \r\n) are nothing. */
		char *cmd = line + strspn(line, " ");

		if (*cmd)
			run_line(cmd);
		line_len = 0;
	} else if (c == 0x7f || c == '\b') {
		if (line_len)
			line_len--;
	} else if (c >= 0x20 && c < 0x7f && line_len < MONITOR_LINE_MAX - 1) {
		line[line_len++] = c;
	}
}

void monitor_poll_input(void)
{
	int c;

	while ((c = uart_getc()) >= 0) {
		if (c == MONITOR_ESCAPE) {
			/* From a stopped guest too: on to the one after it. */
			focus = next_focus(focus);
			line_len = 0;
			say_focus();
			continue;
		}
		focus_resolve();
		if (focus == FOCUS_HYP) {
			monitor_char((char)c);
		} else if (console_queue_input(&guest_table[focus].con, (char)c)) {
			guest_console_input(&guest_table[focus]);
		}
	}
}
