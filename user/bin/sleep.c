/* SPDX-License-Identifier: MIT */
/*
 * sleep.c - wait for a number of seconds, decimals allowed ("sleep 0.25");
 * the kernel counts in milliseconds, so digits past the third are ignored.
 */
#include "ulib.h"

/* Seconds as "N", "N.f", ".f": milliseconds, or -1 if malformed. */
static long parse_ms(const char *s)
{
	long ms = 0;
	int digits = 0;

	for (; isdigit((unsigned char)*s); s++, digits++) {
		if (ms > 1000000000L)
			return -1; /* over 30 years: surely a typo */
		ms = ms * 10 + (*s - '0');
	}
	ms *= 1000;
	if (*s == '.') {
		long scale = 100;
		for (s++; isdigit((unsigned char)*s); s++, digits++) {
			ms += (*s - '0') * scale;
			scale /= 10;
		}
	}
	return (*s == '\0' && digits > 0) ? ms : -1;
}

int main(int argc, char *argv[])
{
	if (argc != 2)
		die("usage: sleep seconds (decimals allowed, e.g. 0.5)\n");
	long ms = parse_ms(argv[1]);
	if (ms < 0)
		die("sleep: %s: not a number of seconds\n", argv[1]);
	if (msleep(ms) < 0)
		die("sleep: %s\n", strerror(errno));
	return 0;
}
