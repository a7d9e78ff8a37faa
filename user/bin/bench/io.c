/* SPDX-License-Identifier: MIT */
/*
 * io.c - the I/O benchmarks: console output (the text appears on the
 * console: its cost, under the hypervisor, is the point) and a file's
 * create, write, read back and unlink in the in-memory file system.
 */
#include "bench.h"

#define CONSOLE_BLOCK 4096
#define CONSOLE_LINE 64 /* characters, the '\n' included */
#define CONSOLE_BLOCKS 4
#define FILE_SIZE 4096
#define FILE_ITERS 20
#define FILE_PATH "/bench.tmp"

static char block[CONSOLE_BLOCK]; /* console text, then file contents */

/* 64 lines of 63 printable characters and a '\n'. */
static void fill_text(void)
{
	for (int i = 0; i < CONSOLE_BLOCK; i++)
		block[i] = (i % CONSOLE_LINE == CONSOLE_LINE - 1)
			       ? '\n'
			       : (char)('!' + (i % CONSOLE_LINE) % 94);
}

struct result b_console(unsigned long scale)
{
	unsigned long n = CONSOLE_BLOCKS * scale;

	fill_text();
	struct stamp t0 = stamp_now();
	for (unsigned long i = 0; i < n; i++)
		if (write_all(1, block, CONSOLE_BLOCK) != CONSOLE_BLOCK)
			die("bench: console: short write\n");
	return since(t0, n);
}

static int xopen(const char *path, int flags)
{
	int fd = open(path, flags);

	if (fd < 0)
		die("bench: open %s: %s\n", path, strerror(errno));
	return fd;
}

static void file_once(void)
{
	int fd = xopen(FILE_PATH, O_CREAT | O_TRUNC | O_WRONLY);

	if (write_all(fd, block, FILE_SIZE) != FILE_SIZE)
		die("bench: file: short write\n");
	close(fd);
	fd = xopen(FILE_PATH, O_RDONLY);
	if (read(fd, block, FILE_SIZE) != FILE_SIZE)
		die("bench: file: short read\n");
	close(fd);
	if (unlink(FILE_PATH) < 0)
		die("bench: unlink %s: %s\n", FILE_PATH, strerror(errno));
}

struct result b_file(unsigned long scale)
{
	unsigned long n = FILE_ITERS * scale;

	fill_text();
	file_once(); /* warm-up: the file system's first allocations */
	struct stamp t0 = stamp_now();
	for (unsigned long i = 0; i < n; i++)
		file_once();
	return since(t0, n);
}
