/* SPDX-License-Identifier: MIT */
/*
 * num.c - numbers typed by people (num.h), on the C library's strtoull.
 * strtoull reports overflow through errno, which lives in the hypervisor's
 * TLS block (set up at boot: arch entry code points tp at it).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hyp/lib/num.h"

/* Longer than any 64-bit number in either base, with its 0x. */
#define NUM_TEXT_MAX 24

bool num_parse_u64(const char *s, size_t len, uint64_t *out)
{
	char buf[NUM_TEXT_MAX + 1], *end;
	int base = 10;
	unsigned long long v;

	if (len == 0 || len > NUM_TEXT_MAX)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (len > 2 && buf[0] == '0' && (buf[1] | 0x20) == 'x')
		base = 16;
	/* strtoull would also take spaces, a sign, or a bare "0x": not here. */
	if (!(buf[base == 16 ? 2 : 0] >= '0' && buf[base == 16 ? 2 : 0] <= '9') &&
	    !(base == 16 && ((buf[2] | 0x20) >= 'a' && (buf[2] | 0x20) <= 'f')))
		return false;
	errno = 0;
	v = strtoull(buf, &end, base);
	if (errno == ERANGE || *end != '\0')
		return false;
	*out = (uint64_t)v;
	return true;
}
