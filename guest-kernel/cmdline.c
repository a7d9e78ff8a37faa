/* SPDX-License-Identifier: MIT */
/* cmdline.c - "key=value" lookup in the kernel command line. */
#include <string.h>

#include "kernel/cmdline.h"

uint64_t cmdline_u64(const char *cmdline, const char *key, uint64_t def)
{
	size_t klen = strlen(key);

	for (const char *p = cmdline; p && *p;) {
		while (*p == ' ')
			p++;
		if (strncmp(p, key, klen) == 0 && p[klen] == '=') {
			const char *d = p + klen + 1;
			uint64_t v = 0;

			if (*d < '0' || *d > '9')
				return def;
			while (*d >= '0' && *d <= '9')
				v = v * 10 + (uint64_t)(*d++ - '0');
			return (*d == ' ' || *d == '\0') ? v : def;
		}
		p = strchr(p, ' ');
	}
	return def;
}
