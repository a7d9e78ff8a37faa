/* SPDX-License-Identifier: MIT */
/*
 * linux/ulib.h - the bench program's view of the project's user library
 * (user/include/ulib.h), made of Linux's libc: with -Iuser/bin/bench/linux
 * the shared sources' #include "ulib.h" finds this file, so the same
 * sources in user/bin/bench/ build as a static Linux program (scripts/linux.py).
 * Only what bench uses is here; compat.c holds the few functions glibc has
 * under other names or not at all.
 */
#ifndef BENCH_LINUX_ULIB_H
#define BENCH_LINUX_ULIB_H

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The project's fprintf writes to a file descriptor: glibc's dprintf. */
#define fprintf dprintf

/* The project's open creates files readable and writable by all (it has no
 * modes); Linux's needs the mode whenever O_CREAT is given. */
#define open(path, flags) open((path), (flags), 0644)

/* The project's kernel counters of memory work; Linux has no such call,
 * and memstat() says so with ENOSYS (main.c then prints no memstat line). */
struct memstat {
	uint64_t bytes_zeroed;
	uint64_t pages_zero_skipped;
	uint64_t pages_returned;
	uint64_t pages_populated;
	uint64_t hypercalls;
};

int memstat(struct memstat *ms);
long sys_getpid(void);				/* the system call, never cached */
int exec(const char *path, char *const argv[]); /* execv */
int msleep(long ms);
long write_all(int fd, const void *buf, size_t n); /* loops over short writes */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
