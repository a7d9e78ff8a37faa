/* SPDX-License-Identifier: MIT */
/*
 * log.c - the hypervisor's own "[hyp] " console lines, kept also in a ring
 * of the last LOG_RING_BYTES for the monitor's "log" command; the trace's
 * "[trace] " lines; and the panic path.
 */
#include <stdio.h>
#include <string.h>

#include "hyp/core/arch.h"
#include "hyp/core/console.h"
#include "hyp/core/log.h"

/* A ring line "log" shows whole up to this, then "..." (it fits log_vprintf's buffer). */
#define DUMP_LINE_MAX 240

static struct console_port log_port;
static bool log_ready;
static char ring[LOG_RING_BYTES];
static uint64_t ring_written; /* bytes ever put in the ring */
static bool ring_paused;      /* while log_dump prints the ring itself */

static void ring_put(const char *s, size_t n)
{
	if (ring_paused)
		return;
	for (size_t i = 0; i < n; i++)
		ring[ring_written++ % LOG_RING_BYTES] = s[i];
}

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
	if ((size_t)n >= sizeof(buf)) { /* cut: say so, and keep the line's end */
		bool eol = fmt[strlen(fmt) - 1] == '\n';

		n = sizeof(buf) - 1;
		memcpy(buf + n - 3 - eol, "...\n", 3u + eol);
	}
	ring_put(buf, (size_t)n);
	console_write(&log_port, buf, (size_t)n);
}

void log_dump(unsigned lines)
{
	uint64_t first = ring_written > LOG_RING_BYTES ? ring_written - LOG_RING_BYTES : 0;
	uint64_t at = ring_written;
	char line[DUMP_LINE_MAX + 1];
	bool cut = false;

	/* Back from the end to the start of the lines-th last complete line. */
	for (unsigned seen = 0; at > first; at--)
		if (ring[(at - 1) % LOG_RING_BYTES] == '\n' && at != ring_written && ++seen == lines)
			break;
	if (at == first && first) /* the oldest line is cut: skip to the next */
		while (at < ring_written && ring[at++ % LOG_RING_BYTES] != '\n')
			;
	ring_paused = true;
	for (size_t len = 0; at < ring_written; at++) {
		char c = ring[at % LOG_RING_BYTES];

		if (c != '\n') {
			if (len < DUMP_LINE_MAX)
				line[len++] = c;
			else
				cut = true;
			continue;
		}
		line[len] = '\0';
		log_printf("| %s%s\n", line, cut ? "..." : "");
		len = 0;
		cut = false;
	}
	ring_paused = false;
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
