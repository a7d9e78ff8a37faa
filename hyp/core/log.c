/* SPDX-License-Identifier: MIT */
/*
 * log.c - the hypervisor's own "[hyp] " console lines, kept also in a ring
 * of the last LOG_RING_BYTES for the monitor's "log" command; the limit on
 * lines about one guest (a token bucket each); the trace's "[trace] "
 * lines; and the panic path.
 */
#include <stdio.h>
#include <string.h>

#include "hyp/core/arch.h"
#include "hyp/core/console.h"
#include "hyp/core/guest.h"
#include "hyp/core/log.h"

/* A ring line "log" shows whole up to this, then "..." (it fits log_vprintf's buffer). */
#define DUMP_LINE_MAX 240

static struct console_port log_port;
static bool log_ready;
static char ring[LOG_RING_BYTES];
static uint64_t ring_written; /* bytes ever put in the ring */
static bool ring_paused;      /* while log_dump prints the ring itself */
static uint64_t timebase_hz = 10000000;
/* The guest the lines now logged are about, if any: per hart, as the work that logs. */
static __thread struct log_scope scope;

static void ring_put(const char *s, size_t n)
{
	if (ring_paused)
		return;
	for (size_t i = 0; i < n; i++)
		ring[ring_written++ % LOG_RING_BYTES] = s[i];
}

/* What a line costs, and what the bucket holds, in clock ticks. */
static int64_t line_cost(void)
{
	return (int64_t)(timebase_hz / LOG_GUEST_PER_SEC);
}

static int64_t bucket_size(void)
{
	return LOG_GUEST_BURST * line_cost();
}

static unsigned count_lines(const char *s, size_t n)
{
	unsigned lines = 0;

	for (size_t i = 0; i < n; i++)
		lines += s[i] == '\n';
	return lines;
}

/* Top g's bucket up for the time since the last refill. */
static struct log_limit *refill(struct guest *g, uint64_t now)
{
	struct log_limit *l = &g->log;

	if (!l->started) {
		l->credit = bucket_size();
		l->refilled = now;
		l->started = true;
	}
	if (now > l->refilled) {
		uint64_t add = now - l->refilled;

		if (add > 2 * (uint64_t)bucket_size())
			add = 2 * (uint64_t)bucket_size(); /* fills it from the deepest debt */
		l->credit += (int64_t)add;
		if (l->credit > bucket_size())
			l->credit = bucket_size();
		l->refilled = now;
	}
	return l;
}

/*
 * At a scope's first line: print its guest's pending summary if due, then
 * print the scope's lines if its bucket holds one, else none of them.
 */
static void decide(void)
{
	struct guest *g = scope.g;
	struct log_limit *l;

	log_guest_summary(g, false);
	l = refill(g, arch_time());
	scope.state = l->credit < line_cost() ? LOG_SCOPE_MUTED : LOG_SCOPE_PRINTS;
}

/* Lines about a muted scope's guest are counted; the others charged to it. */
static bool limited_out(const char *s, size_t n)
{
	struct log_limit *l = &scope.g->log;
	unsigned lines = count_lines(s, n);

	if (scope.state == LOG_SCOPE_UNDECIDED)
		decide();
	if (scope.state == LOG_SCOPE_PRINTS) {
		l->credit -= (int64_t)lines * line_cost();
		if (l->credit < -bucket_size())
			l->credit = -bucket_size(); /* a debt is paid within a few seconds */
		return false;
	}
	if (lines) {
		if (!l->suppressed)
			l->since = arch_time();
		l->suppressed += lines;
	}
	return true;
}

void log_vprintf(const char *fmt, va_list ap)
{
	char buf[256];
	int n;

	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf)) { /* cut: say so, and keep the line's end */
		bool eol = fmt[strlen(fmt) - 1] == '\n';

		n = sizeof(buf) - 1;
		memcpy(buf + n - 3 - eol, "...\n", 3u + eol);
	}
	console_lock();
	if (!log_ready) {
		console_port_init(&log_port, "hyp");
		log_ready = true;
	}
	if (!scope.g || !limited_out(buf, (size_t)n)) {
		ring_put(buf, (size_t)n);
		console_write(&log_port, buf, (size_t)n);
	}
	console_unlock();
}

void log_set_timebase(uint64_t hz)
{
	if (hz >= LOG_GUEST_PER_SEC)
		timebase_hz = hz;
}

void log_guest_summary(struct guest *g, bool now)
{
	struct log_limit *l = &g->log;
	struct log_scope outer = scope;
	uint64_t t;

	if (!l->suppressed)
		return;
	t = arch_time();
	if (!now && t - l->since < LOG_GUEST_WINDOW_SEC * timebase_hz)
		return;
	console_lock(); /* g's limit is charged on g's hart too */
	refill(g, t);
	scope.g = NULL; /* the limit's own line: printed, then charged */
	log_printf("guest %s: %llu messages suppressed in the last %llu ms (at most %u lines at "
		   "once, then %u a second)\n",
		   g->cfg->name, (unsigned long long)l->suppressed,
		   (unsigned long long)((t - l->since) * 1000 / timebase_hz), LOG_GUEST_BURST,
		   LOG_GUEST_PER_SEC);
	scope = outer;
	l->suppressed = 0;
	l->credit -= line_cost();
	console_unlock();
}

struct log_scope log_guest_begin(struct guest *g)
{
	struct log_scope outer = scope;

	if (scope.g != g) /* in g's own: part of the same message */
		scope = (struct log_scope){ g, LOG_SCOPE_UNDECIDED };
	return outer;
}

void log_guest_end(struct log_scope outer)
{
	scope = outer;
}

void log_guest(struct guest *g, const char *fmt, ...)
{
	struct log_scope outer = log_guest_begin(g);
	va_list ap;

	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
	log_guest_end(outer);
}

void log_dump(unsigned lines)
{
	uint64_t first = ring_written > LOG_RING_BYTES ? ring_written - LOG_RING_BYTES : 0;
	uint64_t at = ring_written;
	char line[DUMP_LINE_MAX + 1];
	bool cut = false;

	console_lock();
	/* Back from the end to the start of the lines-th last complete line. */
	for (unsigned seen = 0; at > first; at--)
		if (ring[(at - 1) % LOG_RING_BYTES] == '\n' && at != ring_written &&
		    ++seen == lines)
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
	console_unlock();
}

void log_trace_line(const char *line)
{
	static struct console_port trace_port;
	static bool ready;

	console_lock();
	if (!ready) {
		console_port_init(&trace_port, "trace");
		ready = true;
	}
	console_write(&trace_port, line, strlen(line));
	console_write(&trace_port, "\n", 1);
	console_unlock();
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

	scope.g = NULL; /* never limited, whatever guest it happened for */
	console_lock(); /* kept to the end: no other hart's line splits the report */
	log_printf("PANIC: ");
	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
	console_flush(&log_port);
	arch_machine_exit(3);
}
