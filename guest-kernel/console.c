/* SPDX-License-Identifier: MIT */
/* console.c - kprintf and kpanic, formatted by picolibc, written by the platform. */
#include <stdarg.h>
#include <stdio.h>

#include "kernel/console.h"
#include "kernel/platform.h"

static int kvprintf(const char *fmt, va_list ap)
{
	char buf[256];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n < 0)
		return n;
	plat_console_write(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

void kpanic(const char *fmt, ...)
{
	va_list ap;

	kprintf("panic: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	plat_shutdown(1);
}
