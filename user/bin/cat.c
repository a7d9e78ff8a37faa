/* SPDX-License-Identifier: MIT */
/*
 * cat.c - copy files (or standard input when there are none) to standard
 * output.
 */
#include "ulib.h"

static char buf[4096];

/* 0, or -1 after printing why. */
static int copy(int fd, const char *name)
{
	long n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (write_all(1, buf, (size_t)n) != n) {
			fprintf(2, "cat: write error: %s\n", strerror(errno));
			return -1;
		}
	}
	if (n < 0) {
		fprintf(2, "cat: %s: %s\n", name, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	int status = 0;

	if (argc < 2)
		return copy(0, "stdin") < 0;
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			fprintf(2, "cat: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (copy(fd, argv[i]) < 0)
			status = 1;
		close(fd);
	}
	return status;
}
