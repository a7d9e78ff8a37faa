/* SPDX-License-Identifier: MIT */
/* cmdline.c - "key=value" lookup in the kernel command line. */
#include <string.h>

#include "kernel/cmdline.h"

/* The value of "key=" (up to a space), NUL-terminated in buf; false if absent. */
bool cmdline_str(const char *cmdline, const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);

	for (const char *p = cmdline; p && *p;) {
		while (*p == ' ')
			p++;
		if (strncmp(p, key, klen) == 0 && p[klen] == '=') {
			const char *d = p + klen + 1;
			size_t n = strcspn(d, " ");

			if (n >= size)
				return false;
			memcpy(buf, d, n);
			buf[n] = 0;
			return true;
		}
		p = strchr(p, ' ');
	}
	return false;
}

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
