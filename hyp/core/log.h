/* SPDX-License-Identifier: MIT */
/*
 * log.h - the hypervisor's messages, printed as "[hyp] ..." lines: its own,
 * never limited, and those about one guest, limited per guest.
 */
#ifndef HYP_LOG_H
#define HYP_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

/* The hypervisor's own messages: never limited. */
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_vprintf(const char *fmt, va_list ap);

/*
 * Messages about one guest (a crash, a restart, a bad call, a fault) are
 * limited, so that a guest cannot drown the console the others share: a
 * token bucket per guest by the hypervisor's clock allows LOG_GUEST_BURST
 * lines at once, then LOG_GUEST_PER_SEC a second. Lines over the limit are
 * counted, neither printed nor kept for the monitor's "log", and "[hyp]
 * guest NAME: N messages suppressed ..." follows (a message is a line)
 * once LOG_GUEST_WINDOW_SEC has passed since the first of them.
 *
 * The burst holds what a guest's trouble legitimately logs at once: three
 * restarts of a crashing guest take 18 lines with their statistics, a
 * hostile FV guest's whole run 16; a storm is then cut to 5 lines a second.
 */
#define LOG_GUEST_BURST 30
#define LOG_GUEST_PER_SEC 5
#define LOG_GUEST_WINDOW_SEC 1

/* A guest's bucket (struct guest, reset when it is created, kept across reboots). */
struct log_limit {
	int64_t credit;	     /* clock ticks of printing in hand; a line costs a 1/PER_SEC second */
	uint64_t refilled;   /* when credit was last topped up */
	uint64_t suppressed; /* lines not printed since the last summary */
	uint64_t since;	     /* when the first of them was */
	bool started;
};

struct guest;
/* The clock's rate, for the limits; 10 MHz until the guests are built. */
void log_set_timebase(uint64_t hz);
/* One message about g, limited. */
void log_guest(struct guest *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Everything logged between log_guest_begin(g) and log_guest_end is about
 * g and limited as one message: all its lines or none (a crash and its
 * statistics). Scopes nest, one in g's own being part of the same message;
 * end restores the scope that begin returned.
 */
enum log_scope_state { LOG_SCOPE_UNDECIDED, LOG_SCOPE_PRINTS, LOG_SCOPE_MUTED };
struct log_scope {
	struct guest *g;
	enum log_scope_state state; /* decided at its first line */
};
struct log_scope log_guest_begin(struct guest *g);
void log_guest_end(struct log_scope outer);
/*
 * Print g's "N messages suppressed" once its window has passed (the scheduler
 * asks between turns, guest_log_summaries), or at once if now: before its last words.
 */
void log_guest_summary(struct guest *g, bool now);
/* The ring of recent "[hyp] " text the monitor's "log" shows. */
#define LOG_RING_BYTES 8192
/* Print the last lines lines of that ring, each as "[hyp] | ...". */
void log_dump(unsigned lines);
/* A hypervisor bug, never a guest's doing: print and end the machine. */
/* One whole "[trace] " line (trace.c), apart from the "[hyp] " ones. */
void log_trace_line(const char *line);
void log_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
