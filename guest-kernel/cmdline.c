/* SPDX-License-Identifier: MIT */
/* cmdline.c - "key=value" lookup in the kernel command line. */
#include <string.h>

#include "kernel/cmdline.h"

/* Where the value of "key=" starts in cmdline, or NULL. */
static const char *find(const char *cmdline, const char *key)
{
	size_t klen = strlen(key);

	for (const char *p = cmdline; p && *p;) {
		while (*p == ' ')
			p++;
		if (strncmp(p, key, klen) == 0 && p[klen] == '=')
			return p + klen + 1;
		p = strchr(p, ' ');
	}
	return NULL;
}

bool cmdline_str(const char *cmdline, const char *key, char *buf, size_t size)
{
	const char *d = find(cmdline, key);
	size_t n = d ? strcspn(d, " ") : 0;

	if (!d || n >= size)
		return false;
	memcpy(buf, d, n);
	buf[n] = 0;
	return true;
}

uint64_t cmdline_u64(const char *cmdline, const char *key, uint64_t def)
{
	const char *d = find(cmdline, key);
	uint64_t v = 0;

	if (!d || *d < '0' || *d > '9')
		return def;
	while (*d >= '0' && *d <= '9')
		v = v * 10 + (uint64_t)(*d++ - '0');
	return (*d == ' ' || *d == '\0') ? v : def;
}
