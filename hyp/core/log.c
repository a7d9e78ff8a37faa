/* SPDX-License-Identifier: MIT */
/*
 * log.c - the hypervisor's own "[hyp] " console lines, the trace's
 * "[trace] " lines, and the panic path.
 */
#include <stdio.h>
#include <string.h>

#include "hyp/arch.h"
#include "hyp/console.h"
#include "hyp/log.h"

static struct console_port log_port;
static bool log_ready;

void log_vprintf(const char *fmt, va_list ap)
{
	char buf[256];
	int n;

	if (!log_ready) {
		console_port_init(&log_port, "hyp");
		log_ready = true;
	}
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	console_write(&log_port, buf, (size_t)n);
}

void log_trace_line(const char *line)
{
	static struct console_port trace_port;
	static bool ready;

	if (!ready) {
		console_port_init(&trace_port, "trace");
		ready = true;
	}
	console_write(&trace_port, line, strlen(line));
	console_write(&trace_port, "\n", 1);
}

void log_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
}

void log_panic(const char *fmt, ...)
{
	va_list ap;

	log_printf("PANIC: ");
	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
	console_flush(&log_port);
	arch_machine_exit(3);
}
