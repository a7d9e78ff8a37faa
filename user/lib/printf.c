/* SPDX-License-Identifier: MIT */
/*
 * printf.c - formatted output to file descriptors. picolibc's vsnprintf does
 * the formatting (integer-only variant); each call ends in one write(), so
 * lines from different processes do not interleave mid-line and nothing is
 * buffered at exit.
 */
#include "ulib.h"

/* Formats into a stack buffer; longer output goes through malloc. */
int vdprintf(int fd, const char *fmt, va_list ap)
{
	char small[256];
	va_list again;

	va_copy(again, ap);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n < 0 || (size_t)n < sizeof(small)) {
		va_end(again);
		return n < 0 ? n : (int)write_all(fd, small, (size_t)n);
	}
	char *big = malloc((size_t)n + 1);
	if (big == NULL) { /* print what fits rather than nothing */
		va_end(again);
		return (int)write_all(fd, small, sizeof(small) - 1);
	}
	vsnprintf(big, (size_t)n + 1, fmt, again);
	va_end(again);
	long w = write_all(fd, big, (size_t)n);
	free(big);
	return (int)w;
}

int printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vdprintf(1, fmt, ap);
	va_end(ap);
	return n;
}

int fprintf(int fd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdprintf(2, fmt, ap);
	va_end(ap);
	exit(1);
}
