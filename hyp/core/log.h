/* SPDX-License-Identifier: MIT */
/* log.h - the hypervisor's own messages, printed as "[hyp] ..." lines. */
#ifndef HYP_LOG_H
#define HYP_LOG_H

#include <stdarg.h>

void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_vprintf(const char *fmt, va_list ap);
/* The ring of recent "[hyp] " text the monitor's "log" shows. */
#define LOG_RING_BYTES 8192
/* Print the last lines lines of that ring, each as "[hyp] | ...". */
void log_dump(unsigned lines);
/* A hypervisor bug, never a guest's doing: print and end the machine. */
/* One whole "[trace] " line (trace.c), apart from the "[hyp] " ones. */
void log_trace_line(const char *line);
void log_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
