/* SPDX-License-Identifier: MIT */
/*
 * echo.c - print the arguments separated by spaces; -n leaves out the
 * final newline.
 */
#include "ulib.h"

int main(int argc, char *argv[])
{
	int newline = 1;
	int i = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		newline = 0;
		i = 2;
	}
	/* One buffer, one write: a pipe reader sees the whole line at once. */
	size_t len = 1;
	for (int j = i; j < argc; j++)
		len += strlen(argv[j]) + 1;
	char *out = malloc(len);
	if (out == NULL)
		die("echo: out of memory\n");
	char *p = out;
	for (int j = i; j < argc; j++) {
		if (j > i)
			*p++ = ' ';
		size_t n = strlen(argv[j]);
		memcpy(p, argv[j], n);
		p += n;
	}
	if (newline)
		*p++ = '\n';
	return write_all(1, out, (size_t)(p - out)) < 0;
}
