/* SPDX-License-Identifier: MIT */
/*
 * wc.c - count lines, words and bytes of files (or standard input), printed
 * like Unix wc, with a total line when there are several files.
 */
#include "ulib.h"

struct counts {
	unsigned long lines, words, bytes;
};

static char buf[4096];

/* 0, or -1 on a read error. A word is a maximal run of non-space bytes. */
static int count(int fd, struct counts *c)
{
	int in_word = 0;
	long n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (long i = 0; i < n; i++) {
			if (buf[i] == '\n')
				c->lines++;
			if (isspace((unsigned char)buf[i])) {
				in_word = 0;
			} else if (!in_word) {
				in_word = 1;
				c->words++;
			}
		}
		c->bytes += (unsigned long)n;
	}
	return n < 0 ? -1 : 0;
}

static void show(const struct counts *c, const char *name)
{
	printf("%7lu %7lu %7lu%s%s\n", c->lines, c->words, c->bytes, name ? " " : "",
	       name ? name : "");
}

int main(int argc, char *argv[])
{
	struct counts total = { 0, 0, 0 };
	int status = 0;

	if (argc < 2) {
		if (count(0, &total) < 0)
			die("wc: %s\n", strerror(errno));
		show(&total, NULL);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		struct counts c = { 0, 0, 0 };
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0 || count(fd, &c) < 0) {
			fprintf(2, "wc: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		} else {
			show(&c, argv[i]);
			total.lines += c.lines;
			total.words += c.words;
			total.bytes += c.bytes;
		}
		if (fd >= 0)
			close(fd);
	}
	if (argc > 2)
		show(&total, "total");
	return status;
}
