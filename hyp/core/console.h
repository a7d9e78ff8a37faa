/* SPDX-License-Identifier: MIT */
/*
 * console.h - the hypervisor's console: the physical UART shared by the
 * hypervisor and every guest. Output is assembled line by line and each line
 * is written whole with its owner's prefix ("[pv0] ", "[hyp] "), so lines of
 * two guests never interleave: every line on the wire is one owner's and
 * ends in a single "\r\n". An unfinished line is shown early when its guest
 * waits (a prompt) or when it outgrows the buffer; if another port writes
 * before it is finished, the rest continues on a new line with the same
 * prefix. What a guest's control bytes may do on the terminal is
 * console_filter.c's policy: shown escaped ("\x1b") unless the guest has the
 * input focus (monitor.h), and even then never outside its own line.
 */
#ifndef HYP_CONSOLE_H
#define HYP_CONSOLE_H

#include "hyp/core/types.h"

#define CONSOLE_LINE_MAX 256
/*
 * Typed-ahead input kept per guest until it reads it: a page, like a
 * terminal's line buffer, so a pasted line reaches a guest whole. The
 * hypervisor drains the host UART at every look (the monitor's escape must
 * get through whatever a guest does), so a burst is held here, not there.
 */
#define CONSOLE_INPUT_MAX 4096
/* Bytes one console_io read hands a PV guest at most (on the vCPU's stack). */
#define CONSOLE_READ_CHUNK 64
#define CONSOLE_ESC_MAX 16 /* longest escape sequence a focused guest may send */
/* Terminals are taken to be at least this wide: before it, no line wraps or clamps. */
#define CONSOLE_WIDTH_MIN 80

/* Where the cursor and the terminal stand on a port's wire line (console_filter.c). */
struct console_filter {
	unsigned col;	 /* the cursor's column after the prefix, as this port moved it */
	bool cr;	 /* a \r waits: \n next ends the line, anything else returns */
	bool sgr;	 /* colours or attributes were set on this line */
	bool unsure;	 /* non-ASCII text since the prefix: col may not be the cursor's */
	uint8_t utf8;	 /* UTF-8 continuation bytes still expected */
	uint8_t esc_len; /* bytes of an escape sequence collected in esc[] */
	char esc[CONSOLE_ESC_MAX];
};

/* A guest's (or the hypervisor's) end of the console. */
struct console_port {
	char prefix[24];
	unsigned prefix_len;
	bool trusted; /* the hypervisor's monitor line: its bytes go out as they are */
	char line[CONSOLE_LINE_MAX]; /* bytes not yet on the wire */
	unsigned len;
	struct console_filter f;
	char in[CONSOLE_INPUT_MAX];
	unsigned in_head, in_tail; /* ring of pending input */
};

void console_port_init(struct console_port *p, const char *name);
/*
 * The console lock (docs/architecture.md, "Several harts"): the wire, every
 * port, and log.c's ring and limits. Each function here takes it; take it
 * around several of them to keep their output together. Recursive.
 */
void console_lock(void);
void console_unlock(void);
/* Append bytes; complete lines go out at once. */
void console_write(struct console_port *p, const char *buf, size_t n);
/* Show an unfinished line without ending it (the guest waits for input). */
void console_show(struct console_port *p);
/* End the current line, partial or not (at guest stop). */
void console_flush(struct console_port *p);
/* Whether p's unfinished line is the one the terminal's cursor is on. */
bool console_is_open(const struct console_port *p);
/*
 * Replace p's unfinished line by text (an editor's line): rewritten in place
 * if it is still the open one, else started again on a line of its own.
 */
void console_redraw(struct console_port *p, const char *text, size_t n);
/* The port whose control bytes reach the terminal (NULL: none, the monitor's). */
void console_set_focus(const struct console_port *p);
bool console_has_focus(const struct console_port *p);
/* Take up to n bytes of pending input; returns how many. */
size_t console_read(struct console_port *p, char *buf, size_t n);
bool console_input_pending(const struct console_port *p);
/* Queue one input byte for p; false if its ring is full (the byte is lost). */
bool console_queue_input(struct console_port *p, char c);

/* UART driver entry points the console uses (hyp/drivers/). */
void uart_putc(char c);
int uart_getc(void); /* -1 when nothing is pending */

#endif
