/* SPDX-License-Identifier: MIT */
/*
 * ulib.h - the user library: raw system calls (sys_*: value or negative
 * errno), their POSIX-style wrappers (-1 and errno on error), fd-based
 * printf, and small helpers. Programs include this instead of picolibc's
 * <stdio.h>, <unistd.h>, <fcntl.h> and <sys/stat.h>, whose declarations clash
 * with the kernel's interface; picolibc's <string.h>, <stdlib.h>, <ctype.h>
 * and <errno.h> are fine (this header includes them).
 */
#ifndef ULIB_H
#define ULIB_H

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "uapi/fs.h"
#include "uapi/proc.h"
#include "uapi/syscall.h"

/* Raw calls (lib/syscall.S): exactly what the kernel returned. */
long sys_fork(void);
long sys_exit(long status);
long sys_wait(int *status);
long sys_pipe(int fds[2]);
long sys_read(int fd, void *buf, size_t n);
long sys_kill(int pid);
long sys_exec(const char *path, char *const argv[]);
long sys_fstat(int fd, struct stat *st);
long sys_chdir(const char *path);
long sys_dup(int fd);
long sys_getpid(void);
long sys_sbrk(long delta);
long sys_sleep(long ms);
long sys_uptime(void);
long sys_open(const char *path, int flags);
long sys_write(int fd, const void *buf, size_t n);
long sys_lseek(int fd, long off, int whence);
long sys_unlink(const char *path);
long sys_mkdir(const char *path);
long sys_close(int fd);
long sys_yield(void);
long sys_procinfo(struct procinfo *buf, int max);
long sys_memstat(struct memstat *ms);
long sys_shutdown(void);
long sys_setpgid(int pid, int pgid);
long sys_tcsetpgrp(int fd, int pgid);
long sys_tcgetpgrp(int fd);
long sys_raw(long nr, long a0, long a1, long a2);

/* Wrappers (lib/posix.c): the result, or -1 with errno set. */
int fork(void);
void exit(int status) __attribute__((noreturn));
void _exit(int status) __attribute__((noreturn));
int wait(int *status); /* status: the child's exit value; -1 if killed */
int pipe(int fds[2]);
long read(int fd, void *buf, size_t n);
int kill(int pid);
int exec(const char *path, char *const argv[]);
int fstat(int fd, struct stat *st);
int chdir(const char *path);
int dup(int fd);
int getpid(void);
void *sbrk(ptrdiff_t delta); /* (void *)-1 on error, as malloc expects */
int msleep(long ms);	     /* milliseconds, not seconds */
long uptime(void);	     /* milliseconds since boot */
int open(const char *path, int flags);
long write(int fd, const void *buf, size_t n);
long lseek(int fd, long off, int whence);
int unlink(const char *path);
int mkdir(const char *path);
int close(int fd);
int yield(void);
int procinfo(struct procinfo *buf, int max);
int memstat(struct memstat *ms);
int shutdown(void); /* returns only on failure */
/* Job control: ^C on the console kills its foreground process group. */
int setpgid(int pid, int pgid);	 /* pid 0: the caller; pgid 0: a group of pid's own */
int tcsetpgrp(int fd, int pgid); /* fd: the console; pgid 0: no foreground group */
int tcgetpgrp(int fd);

/* Helpers (lib/util.c). */
int stat(const char *path, struct stat *st);
long write_all(int fd, const void *buf, size_t n); /* loops over short writes */
int isatty(int fd);				   /* the console? */

/* Output (lib/printf.c): picolibc's vsnprintf, then one write() per call. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vdprintf(int fd, const char *fmt, va_list ap);
/* Print the message (the caller writes "prog: ...\n") to fd 2 and exit(1). */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* From picolibc (declared here because <stdio.h> is not included). */
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif
