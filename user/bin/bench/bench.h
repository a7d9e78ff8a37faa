/* SPDX-License-Identifier: MIT */
/*
 * bench.h - what the bench program's files share: the counters a run reads
 * (instret and time, straight from user mode), the result of one benchmark,
 * and the benchmarks themselves (one function each, in proc.c, mem.c, io.c).
 */
#ifndef BENCH_H
#define BENCH_H

#include "ulib.h"

#define PAGE 4096L

/* One timed run: N operations in I retired instructions and T time ticks. */
struct result {
	unsigned long ops;
	unsigned long insns;
	unsigned long ticks;
};

/* The counters at one instant (the kernel opens them to U-mode: scounteren). */
struct stamp {
	unsigned long insns;
	unsigned long ticks;
};

static inline struct stamp stamp_now(void)
{
	struct stamp s;

	__asm__ __volatile__("rdtime %0" : "=r"(s.ticks));
	__asm__ __volatile__("rdinstret %0" : "=r"(s.insns));
	return s;
}

/* The result of ops operations timed since start. */
static inline struct result since(struct stamp start, unsigned long ops)
{
	struct stamp end = stamp_now();

	return (struct result){ ops, end.insns - start.insns, end.ticks - start.ticks };
}

/* A benchmark: scale multiplies its iteration count. */
typedef struct result bench_fn(unsigned long scale);

bench_fn b_null, b_fork, b_exec, b_pipe_rtt, b_pipebw; /* proc.c */
bench_fn b_pagefault, b_sbrk, b_cpu, b_zero;	       /* mem.c */
bench_fn b_console, b_file;			       /* io.c */
void b_sleeper(void) __attribute__((noreturn));	       /* proc.c */

/* Helpers (main.c): wait for pid and die unless it exited 0; heap moves. */
void reap(int pid);
char *heap_grow(long bytes);
void heap_shrink(long bytes);

#endif
