/* SPDX-License-Identifier: MIT */
/*
 * monitor.h - console input routing and the hypervisor's monitor: input goes
 * to one guest at a time (the focus); Ctrl-] cycles the focus through the
 * running guests and the hypervisor, whose monitor edits a command line
 * (prompt, echo, backspace, Ctrl-U, Ctrl-C, history) while it has focus.
 */
#ifndef HYP_MONITOR_H
#define HYP_MONITOR_H

#include "hyp/core/types.h"

/* The longest command line is one less (the rest is refused, and said so). */
#define MONITOR_LINE_MAX 256

/* The escape key: Ctrl-] (Ctrl-A belongs to QEMU's -nographic console). */
#define MONITOR_ESCAPE 0x1d

/* Give focus to the first running guest and say so, with the key. */
void monitor_init(void);
/* Read what the UART has and route it: the focused guest, or the monitor's
 * line editor, which then shows its prompt if it has the focus. */
void monitor_poll_input(void);
/* The guest with focus (index into guest_table), or -1 for the hypervisor. */
int monitor_focus(void);
/* Focus on the running guest name, or "hyp"; NULL, or why not. */
const char *monitor_set_focus(const char *name);
/* Run one command line of the monitor (monitor_cmd.c); line is modified. */
void monitor_command(char *line);

#endif
