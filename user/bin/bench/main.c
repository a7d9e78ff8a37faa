/* SPDX-License-Identifier: MIT */
/*
 * main.c - bench [-s SCALE] NAME...: runs lmbench-style benchmarks and prints
 * one line each, "bench NAME ops=N insns=I ticks=T", then one line of the
 * kernel's memory counters (what changed while bench ran). The output is the
 * interface of scripts/bench.py, which boots the same kernel natively, PV
 * and FV under deterministic QEMU and compares the lines. The same sources
 * also build for Linux (linux/ulib.h; scripts/linux.py), where the
 * memstat line is left out.
 */
#include "bench.h"

struct bench {
	const char *name;
	bench_fn *fn;
	int in_all; /* part of "bench all" */
};

static const struct bench benches[] = {
	{ "null", b_null, 1 },	   { "fork", b_fork, 1 },
	{ "exec", b_exec, 1 },	   { "pagefault", b_pagefault, 1 },
	{ "sbrk", b_sbrk, 1 },	   { "pipe_rtt", b_pipe_rtt, 1 },
	{ "pipebw", b_pipebw, 1 }, { "console", b_console, 1 },
	{ "file", b_file, 1 },	   { "cpu", b_cpu, 0 },
	{ "zero", b_zero, 0 },
};
#define NBENCH (sizeof(benches) / sizeof(benches[0]))

void reap(int pid)
{
	int status;

	if (pid < 0)
		die("bench: fork: %s\n", strerror(errno));
	if (wait(&status) != pid || status != 0)
		die("bench: child %d failed (status %d)\n", pid, status);
}

/* The heap is ours alone (no malloc): grow and shrink it in whole pages. */
char *heap_grow(long bytes)
{
	char *p = sbrk(bytes);

	if (p == (char *)-1)
		die("bench: sbrk %ld: %s\n", bytes, strerror(errno));
	return p;
}

void heap_shrink(long bytes)
{
	if (sbrk(-bytes) == (void *)-1)
		die("bench: sbrk -%ld: %s\n", bytes, strerror(errno));
}

static const struct bench *lookup(const char *name)
{
	for (size_t i = 0; i < NBENCH; i++)
		if (strcmp(benches[i].name, name) == 0)
			return &benches[i];
	return NULL;
}

static void run(const struct bench *b, unsigned long scale)
{
	struct result r = b->fn(scale);

	printf("bench %s ops=%lu insns=%lu ticks=%lu\n", b->name, r.ops, r.insns, r.ticks);
}

static void run_name(const char *name, unsigned long scale)
{
	if (strcmp(name, "noop") == 0)
		return;
	if (strcmp(name, "sleeper") == 0)
		b_sleeper();
	if (strcmp(name, "all") == 0) {
		for (size_t i = 0; i < NBENCH; i++)
			if (benches[i].in_all)
				run(&benches[i], scale);
		return;
	}
	run(lookup(name), scale);
}

static void memstat_line(const struct memstat *a, const struct memstat *b)
{
	printf("bench memstat zeroed=%lu skipped=%lu returned=%lu populated=%lu hypercalls=%lu\n",
	       (unsigned long)(b->bytes_zeroed - a->bytes_zeroed),
	       (unsigned long)(b->pages_zero_skipped - a->pages_zero_skipped),
	       (unsigned long)(b->pages_returned - a->pages_returned),
	       (unsigned long)(b->pages_populated - a->pages_populated),
	       (unsigned long)(b->hypercalls - a->hypercalls));
}

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
	die("usage: bench [-s SCALE] NAME... (all null fork exec pagefault sbrk pipe_rtt "
	    "pipebw console file cpu zero sleeper noop)\n");
}

/* Every name is checked before anything runs: a typo costs no time. */
static void check_names(int argc, char *argv[])
{
	if (argc < 1)
		usage();
	for (int i = 0; i < argc; i++) {
		const char *n = argv[i];
		if (strcmp(n, "all") && strcmp(n, "sleeper") && strcmp(n, "noop") && !lookup(n)) {
			fprintf(2, "bench: unknown benchmark '%s'\n", n);
			usage();
		}
	}
}

int main(int argc, char *argv[])
{
	unsigned long scale = 1;
	int i = 1;

	if (argc > 2 && strcmp(argv[1], "-s") == 0) {
		char *end;
		scale = strtoul(argv[2], &end, 10);
		if (*end || scale == 0)
			usage();
		i = 3;
	}
	check_names(argc - i, argv + i);
	/* noop is exec's target: it exits at once and prints nothing. */
	if (argc - i == 1 && strcmp(argv[i], "noop") == 0)
		return 0;

	/* A kernel without the call (Linux: linux/ulib.h) has no line for it. */
	struct memstat before, after;
	int counted = memstat(&before) == 0;
	if (!counted && errno != ENOSYS)
		die("bench: memstat: %s\n", strerror(errno));
	for (; i < argc; i++)
		run_name(argv[i], scale);
	if (counted && memstat(&after) < 0)
		die("bench: memstat: %s\n", strerror(errno));
	if (counted)
		memstat_line(&before, &after);
	return 0;
}
