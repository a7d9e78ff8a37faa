/* SPDX-License-Identifier: MIT */
/*
 * console.h - the hypervisor's console: the physical UART shared by the
 * hypervisor and every guest. Output is assembled line by line and each line
 * is written whole with its owner's prefix ("[pv0] ", "[hyp] "), so lines of
 * two guests never interleave. An unfinished line is shown early when its
 * guest waits (a prompt); if another port writes before it is finished, the
 * rest continues on a new prefixed line. Input goes to the guest that has focus
 * (monitor.h).
 */
#ifndef HYP_CONSOLE_H
#define HYP_CONSOLE_H

#include "hyp/core/types.h"

#define CONSOLE_LINE_MAX 160
#define CONSOLE_INPUT_MAX 64

/* A guest's (or the hypervisor's) end of the console. */
struct console_port {
	char prefix[24];
	char line[CONSOLE_LINE_MAX];
	unsigned len;
	unsigned shown; /* bytes of line[] already on the wire */
	char in[CONSOLE_INPUT_MAX];
	unsigned in_head, in_tail; /* ring of pending input */
};

void console_port_init(struct console_port *p, const char *name);
/* Append bytes; complete lines go out at once. */
void console_write(struct console_port *p, const char *buf, size_t n);
/* Show an unfinished line without ending it (the guest waits for input). */
void console_show(struct console_port *p);
/* End the current line, partial or not (at guest stop). */
void console_flush(struct console_port *p);
/* Take up to n bytes of pending input; returns how many. */
size_t console_read(struct console_port *p, char *buf, size_t n);
bool console_input_pending(const struct console_port *p);
/* Queue one input byte for p; false if its ring is full (the byte is lost). */
bool console_queue_input(struct console_port *p, char c);

/* UART driver entry points the console uses (hyp/drivers/). */
void uart_putc(char c);
int uart_getc(void); /* -1 when nothing is pending */

#endif
