/* SPDX-License-Identifier: MIT */
/*
 * console.c - line-assembled, prefixed console output, what a guest's
 * control bytes may do on the terminal, and per-port input rings (see
 * console.h; monitor.c decides which port has the focus and gets input).
 * The hypervisor runs with interrupts masked, and every public function
 * here holds the console lock (recursive: log.c's lines nest in it), so a
 * line written here is never split by another writer, on any hart. A guest's
 * unfinished line (a shell prompt, echoed keys) is shown when the guest waits
 * (console_show).
 *
 * The policy on control bytes, so that no guest can draw over another
 * owner's line (docs/architecture.md, "Console"): a port without the focus
 * has every control byte shown escaped ("\x1b", "\x0d" for a \r not followed
 * by \n); the focused guest's \r, \b and a few escape sequences of line
 * editing pass, but only within its own line: \r returns the cursor to just
 * after its prefix (the prefix is written again), the cursor never moves left
 * past the prefix (counted, or from the prefix when the count may be wrong)
 * nor up, and attributes it set are reset before the line ends. Everything
 * else it sends is shown escaped too.
 */
#include <stdio.h>
#include <string.h>

#include "hyp/core/console.h"
#include "hyp/core/spinlock.h"

void console_port_init(struct console_port *p, const char *name)
{
	size_t n = strlen(name);

	memset(p, 0, sizeof(*p));
	if (n > sizeof(p->prefix) - 4)
		n = sizeof(p->prefix) - 4;
	p->prefix[0] = '[';
	memcpy(p->prefix + 1, name, n);
	memcpy(p->prefix + 1 + n, "] ", 3);
	p->prefix_len = (unsigned)n + 3;
}

/*
 * The wire holds at most one unfinished line, open_port's. Another port that
 * writes first ends it, so every line on the wire has one owner and starts
 * with that owner's prefix.
 */
static struct console_port *open_port;
static const struct console_port *focus_port;

/* The console lock; a hart is named by its own copy of hart_mark (spinlock.h). */
static struct spinlock_rec console_lk = SPINLOCK_REC_INIT;
static __thread char hart_mark;

void console_lock(void)
{
	spin_lock_rec(&console_lk, (uintptr_t)&hart_mark);
}

void console_unlock(void)
{
	spin_unlock_rec(&console_lk);
}

static void wire(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		uart_putc(s[i]);
}

void console_set_focus(const struct console_port *p)
{
	console_lock();
	focus_port = p;
	console_unlock();
}

bool console_has_focus(const struct console_port *p)
{
	return p == focus_port;
}

/* ---- The filter: one byte of p onto p's open wire line ---- */

#define ESC 0x1b
#define COL_MAX 0xffffu

static void col_add(struct console_filter *f, unsigned n)
{
	f->col = f->col + n > COL_MAX ? COL_MAX : f->col + n;
}

/* A byte the terminal must not act on, shown as text: "\x1b". */
static void put_escaped(struct console_port *p, uint8_t c)
{
	static const char hex[] = "0123456789abcdef";
	char s[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

	wire(s, sizeof(s));
	col_add(&p->f, sizeof(s));
}

/* The collected escape sequence was refused: shown as text. */
static void esc_refuse(struct console_port *p)
{
	struct console_filter *f = &p->f;

	put_escaped(p, ESC);
	wire(f->esc + 1, f->esc_len - 1u); /* printable by construction */
	col_add(f, f->esc_len - 1u);
	f->esc_len = 0;
}

/* The first parameter of the collected CSI sequence (def when absent or 0). */
static unsigned csi_param(const struct console_filter *f, unsigned def)
{
	unsigned n = 0;

	for (unsigned i = 2; i < f->esc_len && f->esc[i] >= '0' && f->esc[i] <= '9'; i++)
		if ((n = n * 10 + (unsigned)(f->esc[i] - '0')) > COL_MAX)
			n = COL_MAX;
	return n ? n : def;
}

/* Whether the CSI's parameters are digits and ';' only (no private marker). */
static bool csi_plain(const struct console_filter *f)
{
	for (unsigned i = 2; i + 1 < f->esc_len; i++)
		if (!(f->esc[i] >= '0' && f->esc[i] <= '9') && f->esc[i] != ';')
			return false;
	return true;
}

/* "ESC [ ? N h|l" for the harmless modes: cursor keys, cursor shown, bracketed paste. */
static bool csi_private_mode_ok(const struct console_filter *f)
{
	static const char *const modes[] = { "1", "25", "2004" };
	unsigned n;

	if (f->esc_len < 5 || f->esc[2] != '?')
		return false;
	n = f->esc_len - 4u; /* between "ESC [ ?" and the final byte */
	for (unsigned i = 0; i < ARRAY_SIZE(modes); i++)
		if (strlen(modes[i]) == n && !memcmp(f->esc + 3, modes[i], n))
			return true;
	return false;
}

/* The cursor to just after p's prefix, written again (over itself). */
static void to_prefix(struct console_port *p)
{
	wire("\r", 1);
	wire(p->prefix, p->prefix_len);
	p->f.col = 0;
	p->f.unsure = false;
}

/*
 * Cursor back n columns, at most to just after the prefix. While the console
 * knows where the cursor is (ASCII only, left of CONSOLE_WIDTH_MIN) a plain
 * move; else (wide or combining characters, a line the terminal wrapped or
 * a move it clamped at its edge) from the prefix, written again, forward.
 */
static void cursor_back(struct console_port *p, unsigned n)
{
	struct console_filter *f = &p->f;
	bool known = !f->unsure && p->prefix_len + f->col < CONSOLE_WIDTH_MIN;
	unsigned to;
	char s[16];

	if (n > f->col)
		n = f->col;
	if (!n)
		return;
	to = f->col - n;
	if (known) {
		f->col = to;
		if (n == 1)
			wire("\b", 1);
		else
			wire(s, (size_t)snprintf(s, sizeof(s), "\x1b[%uD", n));
		return;
	}
	to_prefix(p);
	if (to)
		wire(s, (size_t)snprintf(s, sizeof(s), "\x1b[%uC", to));
	f->col = to;
}

/*
 * A complete CSI sequence from the focused guest: what line editing needs
 * passes (cursor back clamped), anything that could reach another line is
 * refused. False: refused.
 */
static bool csi_done(struct console_port *p)
{
	struct console_filter *f = &p->f;
	char fin = f->esc[f->esc_len - 1];
	unsigned n = csi_param(f, 0);

	if (fin == 'h' || fin == 'l')
		return csi_private_mode_ok(f);
	if (!csi_plain(f))
		return false;
	switch (fin) {
	case 'm': /* colours and attributes: reset before the line ends */
		f->sgr = true;
		return true;
	case 'C': /* cursor forward */
		col_add(f, n ? n : 1);
		return true;
	case 'K': /* erase to the end of the line, of the screen: after the cursor */
	case 'J':
		return n == 0;
	case 'P': /* delete, insert, erase characters at the cursor */
	case '@':
	case 'X':
		return true;
	case 'n': /* status and cursor position reports: answered as input */
		return n == 5 || n == 6;
	default: /* up, down, absolute positions, scrolling regions, ...: not allowed */
		return false;
	}
}

static void filter_byte(struct console_port *p, uint8_t c);

/* One more byte of the focused guest's escape sequence. */
static void esc_add(struct console_port *p, uint8_t c)
{
	struct console_filter *f = &p->f;

	if (c < 0x20 || c >= 0x7f || f->esc_len == CONSOLE_ESC_MAX) {
		esc_refuse(p); /* a sequence cut by a control byte, or too long */
		filter_byte(p, c);
		return;
	}
	f->esc[f->esc_len++] = (char)c;
	if (f->esc_len == 2 && c == '[')
		return; /* a CSI sequence: parameters and a final byte follow */
	if (f->esc_len == 2 && c != '=' && c != '>') {
		esc_refuse(p); /* cursor save/restore, charsets, OSC, reset, ... */
		return;
	}
	if (f->esc_len > 2 && (c < 0x40 || c > 0x7e))
		return; /* not the final byte yet */
	if (c == 'D' && csi_plain(f)) {
		cursor_back(p, csi_param(f, 1)); /* rewritten, clamped */
		f->esc_len = 0;
	} else if (f->esc_len == 2 || csi_done(p)) {
		wire(f->esc, f->esc_len); /* ESC = and ESC > (keypad modes), or a CSI */
		f->esc_len = 0;
	} else {
		esc_refuse(p);
	}
}

/* A carriage return that is not a line end. */
static void carriage_return(struct console_port *p, bool focused)
{
	if (!focused) {
		put_escaped(p, '\r');
		return;
	}
	to_prefix(p); /* the cursor goes back to just after it */
}

/* Bytes from 0x80: UTF-8 passes, a C1 control byte outside a sequence does not. */
static void high_byte(struct console_port *p, uint8_t c)
{
	struct console_filter *f = &p->f;

	if (c >= 0xc0) {
		f->utf8 = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
		f->unsure = true; /* it may take 0, 1 or 2 columns */
	} else if (f->utf8) {
		f->utf8--;
		wire((const char *)&c, 1);
		return; /* a continuation byte takes no column */
	} else if (c < 0xa0) {
		put_escaped(p, c);
		return;
	}
	wire((const char *)&c, 1);
	col_add(f, 1);
}

/* A control byte below 0x20 other than \r. */
static void control_byte(struct console_port *p, uint8_t c, bool focused)
{
	struct console_filter *f = &p->f;

	if (c == '\t') {
		unsigned at = p->prefix_len + f->col;

		wire("\t", 1);
		col_add(f, ((at | 7u) + 1u) - at);
	} else if (focused && c == ESC) {
		f->esc[0] = (char)c;
		f->esc_len = 1;
	} else if (focused && c == '\b') {
		cursor_back(p, 1); /* never onto the prefix */
	} else if (focused && c == '\a') {
		wire("\a", 1);
	} else {
		put_escaped(p, c);
	}
}

static void filter_byte(struct console_port *p, uint8_t c)
{
	struct console_filter *f = &p->f;
	bool focused = console_has_focus(p);

	if (f->esc_len && focused) {
		esc_add(p, c);
		return;
	}
	if (f->esc_len)
		esc_refuse(p); /* the focus moved in the middle of it */
	if (f->cr) {
		f->cr = false; /* not followed by \n: console_write ends lines at \n */
		carriage_return(p, focused);
	}
	if (c >= 0x80) {
		high_byte(p, c);
		return;
	}
	f->utf8 = 0;
	if (c >= 0x20 && c < 0x7f) {
		wire((const char *)&c, 1);
		col_add(f, 1);
	} else if (c == '\r') {
		f->cr = true;
	} else {
		control_byte(p, c, focused);
	}
}

/* ---- Lines on the wire ---- */

/* End the open wire line; own: its port ended it (else another port takes the wire). */
static void end_line(bool own)
{
	struct console_port *p = open_port;

	if (!p)
		return;
	if (own && p->f.esc_len)
		esc_refuse(p); /* an escape sequence the line end cut */
	if (p->f.sgr)
		wire("\x1b[0m", 4); /* the next line, maybe another owner's, starts plain */
	p->f.sgr = p->f.cr = false;
	wire("\r\n", 2);
	open_port = NULL;
}

/* Put p's buffered bytes on the wire, on a line of its own. */
static void show(struct console_port *p)
{
	if (open_port != p) {
		end_line(false);
		wire(p->prefix, p->prefix_len);
		open_port = p;
		p->f.col = 0;
		p->f.cr = p->f.unsure = false;
	}
	for (unsigned i = 0; i < p->len; i++) {
		if (p->trusted)
			uart_putc(p->line[i]);
		else
			filter_byte(p, (uint8_t)p->line[i]);
	}
	p->len = 0;
}

static void emit(struct console_port *p)
{
	show(p);
	end_line(true);
}

void console_write(struct console_port *p, const char *buf, size_t n)
{
	console_lock();
	for (size_t i = 0; i < n; i++) {
		char c = buf[i];

		if (c == '\n') {
			emit(p); /* a \r before it is dropped there: one "\r\n" */
			continue;
		}
		if (p->len == CONSOLE_LINE_MAX)
			show(p); /* a long line goes out whole, continued */
		p->line[p->len++] = c;
	}
	console_unlock();
}

void console_show(struct console_port *p)
{
	console_lock();
	if (p->len)
		show(p);
	console_unlock();
}

void console_flush(struct console_port *p)
{
	console_lock();
	if (p->len || open_port == p)
		emit(p);
	memset(&p->f, 0, sizeof(p->f)); /* an escape sequence left waiting is dropped */
	console_unlock();
}

bool console_is_open(const struct console_port *p)
{
	return open_port == p;
}

void console_redraw(struct console_port *p, const char *text, size_t n)
{
	bool in_place;

	console_lock();
	in_place = open_port == p;
	p->len = 0;
	if (in_place)
		to_prefix(p);
	console_write(p, text, n);
	show(p);
	if (in_place)
		wire("\x1b[K", 3); /* what is left of a longer line before */
	console_unlock();
}

/* ---- Input ---- */

static unsigned ring_next(unsigned i)
{
	return (i + 1) % CONSOLE_INPUT_MAX;
}

size_t console_read(struct console_port *p, char *buf, size_t n)
{
	size_t got = 0;

	console_lock(); /* hart 0 queues input while the guest's home hart reads it */
	while (got < n && p->in_tail != p->in_head) {
		buf[got++] = p->in[p->in_tail];
		p->in_tail = ring_next(p->in_tail);
	}
	console_unlock();
	return got;
}

bool console_input_pending(const struct console_port *p)
{
	return p->in_head != p->in_tail;
}

bool console_queue_input(struct console_port *p, char c)
{
	bool room;

	console_lock();
	if ((room = ring_next(p->in_head) != p->in_tail)) { /* full: the byte is dropped */
		p->in[p->in_head] = c;
		p->in_head = ring_next(p->in_head);
	}
	console_unlock();
	return room;
}
