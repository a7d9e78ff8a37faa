/* SPDX-License-Identifier: MIT */
/*
 * ut.h - usertests' framework: every test is a function returning 0 (pass)
 * or 1 (fail) and runs in a child process of its own, so a crash or a
 * leaked descriptor cannot disturb the others. Checks print the file, line,
 * expression and values (errors by name) of the first failure.
 */
#ifndef UT_H
#define UT_H

#include "ulib.h"

/* Names of the files and directories tests create (in the current directory). */
#define UT_PREFIX "ut_"

/* Addresses no user pointer may use: unmapped user space, kernel space. */
#define UT_BAD_USER 0x3000000000ul
#define UT_BAD_KERNEL 0xffffffc080000000ul
#define UT_STACK_TOP 0x4000000000ul
#define UT_PAGE 4096ul
#define UT_MAX_PROCS 64 /* more than any process table holds */

/* Print "  file:line: message" and return 1, the failing test's result. */
int ut_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A number as text; negative errno values as "-ENAME". Four rotating buffers. */
const char *ut_val(long v);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return ut_fail(__FILE_NAME__, __LINE__, "%s", #cond);                      \
	} while (0)

#define EXPECT(expr, want)                                                                         \
	do {                                                                                       \
		long got_ = (long)(expr), want_ = (long)(want);                                    \
		if (got_ != want_)                                                                 \
			return ut_fail(__FILE_NAME__, __LINE__, "%s = %s, want %s", #expr,         \
				       ut_val(got_), ut_val(want_));                               \
	} while (0)

/* expr must fail: any negative result. */
#define EXPECT_ERR(expr)                                                                           \
	do {                                                                                       \
		long got_ = (long)(expr);                                                          \
		if (got_ >= 0)                                                                     \
			return ut_fail(__FILE_NAME__, __LINE__, "%s = %s, want an error", #expr,   \
				       ut_val(got_));                                              \
	} while (0)

/* The exit status of child pid (waited for), or UT_NO_STATUS if wait failed. */
#define UT_NO_STATUS (-99999)
int ut_wait_pid(int pid);
/* Create or truncate path and write text to it: 0 or a negative errno. */
long ut_write_file(const char *path, const void *data, size_t n);
/* 1 and a copy of pid's procinfo in *out if it is in the process table
 * (zombies included), else 0. */
int ut_find_proc(int pid, struct procinfo *out);
/* The pid of usertests' main process (the parent of every test process). */
extern int ut_main_pid;

/* usertests -argcheck ...: the other side of the exec argv test. */
int ut_argcheck(int argc, char *argv[]);

/* The tests (t_proc.c, t_mem.c, t_pipe.c, t_file.c, t_dir.c, t_bad.c, t_job.c). */
int t_fork(void), t_exitwait(void), t_orphan(void), t_forkfill(void), t_getpid(void);
int t_exec_errors(void), t_exec_argv(void), t_exec_echo(void), t_exec_bad_argv(void);
int t_kill_sleeping(void), t_kill_running(void), t_kill_self(void), t_kill_errors(void);
int t_sleep_uptime(void), t_yield(void), t_procinfo(void), t_bad_syscall(void);
int t_sbrk(void), t_sbrk_zero(void), t_sbrk_shrink_fault(void), t_sbrk_huge(void);
int t_memstat(void), t_malloc(void);
int t_pipe_basic(void), t_pipe_eof(void), t_pipe_epipe(void), t_pipe_big(void);
int t_file_rw(void), t_file_lseek(void), t_file_append(void), t_file_trunc(void);
int t_file_unlink_open(void), t_dup(void), t_fork_offset(void);
int t_dir_rules(void), t_names(void), t_isdir(void), t_chdir(void), t_dirlist(void);
int t_bad_ptr_io(void), t_bad_ptr_path(void), t_bad_ptr_misc(void), t_bad_fd(void);
int t_huge_sizes(void), t_lseek_bad(void), t_fd_exhaust(void), t_faults(void);
int t_setpgid(void), t_tcpgrp(void);

#endif
