/* SPDX-License-Identifier: MIT */
/*
 * monitor.c - who gets console input, and the hypervisor's monitor (see
 * monitor.h). Input bytes go to the focused guest's ring and raise its
 * PVABI_EVT_console; Ctrl-] moves the focus to the next running guest, then
 * to the hypervisor, then round again. While the hypervisor has focus, a
 * line reader hands each line to the commands (monitor_cmd.c).
 */
#include <string.h>

#include <pvabi/event.h>

#include "hyp/core/console.h"
#include "hyp/pv/event.h"
#include "hyp/core/guest.h"
#include "hyp/core/log.h"
#include "hyp/debug/monitor.h"

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

const char *monitor_set_focus(const char *name)
{
	if (!strcmp(name, "hyp") || !strcmp(name, "hypervisor")) {
		focus = FOCUS_HYP;
		say_focus();
		return NULL;
	}
	struct guest *g = guest_find(name, strlen(name));

	if (g && running((int)g->id)) {
		focus = (int)g->id;
		say_focus();
		return NULL;
	}
	return *name ? "no running guest by that name" : "name a running guest, or hyp";
}

/* The line reader: printable bytes collect, backspace edits, Enter runs. */
static void monitor_char(char c)
{
	if (c == '\r' || c == '\n') {
		line[line_len] = '\0';
		/* Leading blanks and empty lines (the \n of a \r\n) are nothing. */
		char *cmd = line + strspn(line, " ");

		if (*cmd)
			monitor_command(cmd);
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
