/* SPDX-License-Identifier: MIT */
/*
 * monitor.c - who gets console input, and the hypervisor's monitor (see
 * monitor.h). Input bytes go to the focused guest's ring and raise its
 * PVABI_EVT_console; Ctrl-] moves the focus to the next running guest, then
 * to the hypervisor, then round again. While the hypervisor has focus, a
 * line editor reads commands for monitor_cmd.c: a "monitor> " prompt, keys
 * echoed, backspace, Ctrl-U, Ctrl-C and a history on the up and down arrows,
 * as a shell's line discipline. Its line is a console port of its own with
 * the hypervisor's prefix, apart from the log: the echo is not logged, and a
 * line another owner broke into is drawn again on the next key.
 */
#include <string.h>

#include <pvabi/event.h>

#include "hyp/core/console.h"
#include "hyp/pv/event.h"
#include "hyp/core/guest.h"
#include "hyp/core/log.h"
#include "hyp/debug/monitor.h"

#define FOCUS_HYP (-1)
#define PROMPT "monitor> "
#define HISTORY 8

static int focus = FOCUS_HYP;

/* The line being edited: at most MONITOR_LINE_MAX - 1 characters. */
static struct console_port port;
static char line[MONITOR_LINE_MAX];
static unsigned len;
static bool too_long;	/* characters were refused: the line is not run */
static bool after_cr;	/* the \n of a \r\n is no second Enter */
static unsigned esc;	/* where in an escape sequence (an arrow key) input is */
static bool ran;	/* a line was entered in this poll */
static bool prompt_due; /* the prompt waits for the next poll */

/* The last HISTORY lines run, and which one is shown (0: the line being typed). */
static char history[HISTORY][MONITOR_LINE_MAX];
static unsigned history_count, history_at;
static char typed[MONITOR_LINE_MAX]; /* the line being typed, while browsing */

/* ---- The line editor ---- */

/* The prompt and the line, on a line of their own or in place of the old. */
static void draw(void)
{
	char text[sizeof(PROMPT) + MONITOR_LINE_MAX];

	memcpy(text, PROMPT, sizeof(PROMPT) - 1);
	memcpy(text + sizeof(PROMPT) - 1, line, len);
	console_redraw(&port, text, sizeof(PROMPT) - 1 + len);
}

/* Echo s, or draw the whole line again if another owner wrote since. */
static void echo(const char *s, size_t n)
{
	if (!console_is_open(&port)) {
		draw();
		return;
	}
	console_write(&port, s, n);
	console_show(&port);
}

static void set_line(const char *s)
{
	len = (unsigned)strnlen(s, MONITOR_LINE_MAX - 1);
	memcpy(line, s, len);
	too_long = false;
	draw();
}

static void history_add(void)
{
	char *last = history[(history_count + HISTORY - 1) % HISTORY];

	if (history_count && !strcmp(last, line))
		return;
	memcpy(history[history_count++ % HISTORY], line, len + 1);
}

/* older: +1 (up arrow) or -1 (down arrow). */
static void history_move(int older)
{
	unsigned kept = history_count < HISTORY ? history_count : HISTORY;
	unsigned to = history_at + (unsigned)older;

	if ((older < 0 && !history_at) || (older > 0 && history_at == kept))
		return;
	if (!history_at) {
		memcpy(typed, line, len);
		typed[len] = '\0';
	}
	history_at = to;
	set_line(to ? history[(history_count - to) % HISTORY] : typed);
}

/* End the line on the wire with tail; drawn whole first if another owner broke in. */
static void finish(const char *tail)
{
	if (!console_is_open(&port))
		draw();
	console_write(&port, tail, strlen(tail));
}

/* Enter: the line stays on the wire as typed, then runs. */
static void enter(void)
{
	finish("\n");
	ran = true;
	line[len] = '\0';
	if (too_long) {
		log_printf("monitor: line too long (at most %u characters): not run\n",
			   MONITOR_LINE_MAX - 1);
	} else if (line[strspn(line, " ")]) {
		history_add();
		monitor_command(line + strspn(line, " "));
	}
	len = history_at = 0;
	too_long = false;
}

static void backspace(void)
{
	if (!len)
		return;
	if (--len == 0)
		too_long = false;
	echo("\b \b", 3);
}

static void insert(char c)
{
	if (len == MONITOR_LINE_MAX - 1) {
		too_long = true;
		echo("\a", 1); /* the bell: this character is not taken */
		return;
	}
	line[len++] = c;
	echo(&c, 1);
}

/* A byte of an escape sequence: ESC [ A and ESC [ B (or ESC O A/B) move in the history. */
static void escape_key(char c)
{
	if (esc == 1) {
		esc = c == '[' || c == 'O' ? 2 : 0;
		return;
	}
	if (c >= 0x40 && c <= 0x7e) {
		esc = 0;
		if (c == 'A' || c == 'B')
			history_move(c == 'A' ? 1 : -1);
	} /* parameters: go on to the final byte */
}

static void line_key(char c)
{
	bool cr = after_cr;

	after_cr = c == '\r';
	if (esc) {
		escape_key(c);
	} else if (c == '\r' || (c == '\n' && !cr)) {
		enter();
	} else if (c == 0x7f || c == '\b') {
		backspace();
	} else if (c == 0x15) { /* Ctrl-U */
		history_at = 0;
		set_line("");
	} else if (c == 0x03) { /* Ctrl-C: the line is dropped */
		finish("^C\n");
		len = history_at = 0;
		too_long = false;
	} else if (c == 0x1b) {
		esc = 1;
	} else if (c >= 0x20 && c < 0x7f) {
		insert(c);
	}
}

static void line_show(void)
{
	if (!console_is_open(&port))
		draw();
}

static void line_init(void)
{
	console_port_init(&port, "hyp");
	port.trusted = true;
	len = history_count = history_at = esc = 0;
	too_long = after_cr = ran = prompt_due = false;
}

/* ---- Focus ---- */

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

/* Move the focus and say so; the console lets only the focused guest's
 * control bytes reach the terminal. */
static void set_focus(int to)
{
	focus = to;
	console_set_focus(focus == FOCUS_HYP ? NULL : &guest_table[focus].con);
	log_printf("console focus: %s (Ctrl-] switches)\n",
		   focus == FOCUS_HYP ? "hypervisor" : guest_table[focus].cfg->name);
}

/* A guest that stopped passes the focus on to the next one, when input comes. */
static void focus_resolve(void)
{
	if (focus != FOCUS_HYP && !running(focus))
		set_focus(next_focus(focus));
}

void monitor_init(void)
{
	line_init();
	set_focus(next_focus(FOCUS_HYP));
	if (focus == FOCUS_HYP)
		line_show();
}

int monitor_focus(void)
{
	focus_resolve();
	return focus;
}

const char *monitor_set_focus(const char *name)
{
	if (!strcmp(name, "hyp") || !strcmp(name, "hypervisor")) {
		set_focus(FOCUS_HYP);
		return NULL;
	}
	struct guest *g = guest_find(name, strlen(name));

	if (g && running((int)g->id)) {
		set_focus((int)g->id);
		return NULL;
	}
	return *name ? "no running guest by that name" : "name a running guest, or hyp";
}

/*
 * The prompt (and what was typed) when the focus comes or after a key, at
 * once; after a command, one poll later, so that what the command set going
 * at the scheduler's next turns (a guest destroyed, restarted) is said first.
 */
static void show_prompt(bool got)
{
	if (focus != FOCUS_HYP) {
		prompt_due = ran = false;
	} else if (ran) {
		prompt_due = true;
		ran = false;
	} else if (got || prompt_due) {
		prompt_due = false;
		line_show();
	}
}

void monitor_poll_input(void)
{
	bool got = false;
	int c;

	while ((c = uart_getc()) >= 0) {
		got = true;
		if (c == MONITOR_ESCAPE) {
			/* From a stopped guest too: on to the one after it. */
			set_focus(next_focus(focus));
			continue;
		}
		focus_resolve();
		if (focus == FOCUS_HYP) {
			line_key((char)c);
		} else if (console_queue_input(&guest_table[focus].con, (char)c)) {
			guest_console_input(&guest_table[focus]);
		}
	}
	show_prompt(got);
}
