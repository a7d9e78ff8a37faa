/* SPDX-License-Identifier: MIT */
/*
 * util.c - small helpers several programs share: stat by path, a write that
 * finishes short writes, and isatty.
 */
#include "ulib.h"

int stat(const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	int r = fstat(fd, st);
	int saved = errno; /* close must not hide fstat's error */
	close(fd);
	errno = saved;
	return r;
}

/* Pipes and the console may take less than asked; keep going. */
long write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	size_t done = 0;

	while (done < n) {
		long w = write(fd, p + done, n - done);
		if (w <= 0)
			return done > 0 ? (long)done : w;
		done += (size_t)w;
	}
	return (long)done;
}

int isatty(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && st.type == T_DEVICE;
}
