/* SPDX-License-Identifier: MIT */
/*
 * console.c - line-assembled, prefixed console output and per-port input
 * rings (see console.h; monitor.c decides which port gets input). The
 * hypervisor runs with interrupts masked on one hart, so a line written here
 * is never split by another writer. A guest's unfinished line (a shell
 * prompt, echoed keys) is shown when the guest waits (console_show).
 */
#include <string.h>

#include "hyp/core/console.h"

void console_port_init(struct console_port *p, const char *name)
{
	size_t n = strlen(name);

	memset(p, 0, sizeof(*p));
	if (n > sizeof(p->prefix) - 4)
		n = sizeof(p->prefix) - 4;
	p->prefix[0] = '[';
	memcpy(p->prefix + 1, name, n);
	memcpy(p->prefix + 1 + n, "] ", 3);
}

/*
 * The wire holds at most one unfinished line, open_port's. Another port that
 * writes first ends it, so every line on the wire has one owner and starts
 * with that owner's prefix.
 */
static struct console_port *open_port;

static void puts_raw(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		uart_putc(s[i]);
}

/* Put p's unshown bytes on the wire, on a line of its own. */
static void show(struct console_port *p)
{
	if (open_port != p) {
		if (open_port)
			puts_raw("\r\n", 2);
		puts_raw(p->prefix, strlen(p->prefix));
		open_port = p;
	}
	puts_raw(p->line + p->shown, p->len - p->shown);
	p->shown = p->len;
}

static void emit(struct console_port *p)
{
	show(p);
	puts_raw("\r\n", 2);
	open_port = NULL;
	p->len = p->shown = 0;
}

void console_write(struct console_port *p, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = buf[i];

		if (c == '\n') {
			emit(p);
			continue;
		}
		if (c == '\r')
			continue; /* lines end in "\r\n" on the wire anyway */
		if (p->len == CONSOLE_LINE_MAX)
			emit(p); /* an over-long line goes out in pieces */
		p->line[p->len++] = c;
	}
}

void console_show(struct console_port *p)
{
	if (p->len > p->shown)
		show(p);
}

void console_flush(struct console_port *p)
{
	if (p->len || open_port == p)
		emit(p);
}

static unsigned ring_next(unsigned i)
{
	return (i + 1) % CONSOLE_INPUT_MAX;
}

size_t console_read(struct console_port *p, char *buf, size_t n)
{
	size_t got = 0;

	while (got < n && p->in_tail != p->in_head) {
		buf[got++] = p->in[p->in_tail];
		p->in_tail = ring_next(p->in_tail);
	}
	return got;
}

bool console_input_pending(const struct console_port *p)
{
	return p->in_head != p->in_tail;
}

bool console_queue_input(struct console_port *p, char c)
{
	if (ring_next(p->in_head) == p->in_tail)
		return false; /* full: the byte is dropped */
	p->in[p->in_head] = c;
	p->in_head = ring_next(p->in_head);
	return true;
}
