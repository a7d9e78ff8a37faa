/* SPDX-License-Identifier: MIT */
/*
 * main.c - usertests: the list of tests, the runner (a child process and a
 * watchdog per test), the frame-leak check, and the summary line
 * "usertests: N passed, M failed" (then "ALL TESTS PASSED" when M == 0).
 *
 *   usertests           run every test
 *   usertests WORD...   run the tests whose name contains one of the WORDs
 */
#include "ut.h"

#define TIMEOUT_MS 60000  /* per test; QEMU without KVM is slow, hangs are not */
#define STRAY_YIELDS 1000 /* init reaps an orphan the first time it runs */

struct ut_test {
	const char *name;
	int (*fn)(void);
	int batch; /* part of the leak check's batch */
};

static int t_leak(void);

static const struct ut_test tests[] = {
	{ "fork", t_fork, 1 },
	{ "exitwait", t_exitwait, 1 },
	{ "orphan", t_orphan, 1 },
	{ "forkfill", t_forkfill, 1 },
	{ "getpid", t_getpid, 0 },
	{ "exec_errors", t_exec_errors, 1 },
	{ "exec_argv", t_exec_argv, 1 },
	{ "exec_echo", t_exec_echo, 1 },
	{ "exec_bad_argv", t_exec_bad_argv, 1 },
	{ "kill_sleeping", t_kill_sleeping, 1 },
	{ "kill_running", t_kill_running, 1 },
	{ "kill_self", t_kill_self, 1 },
	{ "kill_errors", t_kill_errors, 0 },
	{ "setpgid", t_setpgid, 1 },
	{ "tcpgrp", t_tcpgrp, 0 },
	{ "sleep_uptime", t_sleep_uptime, 0 },
	{ "yield", t_yield, 0 },
	{ "procinfo", t_procinfo, 0 },
	{ "bad_syscall", t_bad_syscall, 0 },
	{ "sbrk", t_sbrk, 1 },
	{ "sbrk_zero", t_sbrk_zero, 1 },
	{ "sbrk_shrink_fault", t_sbrk_shrink_fault, 1 },
	{ "sbrk_huge", t_sbrk_huge, 1 },
	{ "memstat", t_memstat, 0 },
	{ "malloc", t_malloc, 1 },
	{ "pipe_basic", t_pipe_basic, 1 },
	{ "pipe_eof", t_pipe_eof, 1 },
	{ "pipe_epipe", t_pipe_epipe, 1 },
	{ "pipe_big", t_pipe_big, 1 },
	{ "file_rw", t_file_rw, 1 },
	{ "file_lseek", t_file_lseek, 1 },
	{ "file_append", t_file_append, 1 },
	{ "file_trunc", t_file_trunc, 1 },
	{ "file_unlink_open", t_file_unlink_open, 1 },
	{ "dup", t_dup, 1 },
	{ "fork_offset", t_fork_offset, 1 },
	{ "dir_rules", t_dir_rules, 1 },
	{ "names", t_names, 1 },
	{ "isdir", t_isdir, 1 },
	{ "chdir", t_chdir, 1 },
	{ "dirlist", t_dirlist, 1 },
	{ "bad_ptr_io", t_bad_ptr_io, 1 },
	{ "bad_ptr_path", t_bad_ptr_path, 1 },
	{ "bad_ptr_misc", t_bad_ptr_misc, 1 },
	{ "bad_fd", t_bad_fd, 1 },
	{ "huge_sizes", t_huge_sizes, 1 },
	{ "lseek_bad", t_lseek_bad, 1 },
	{ "fd_exhaust", t_fd_exhaust, 1 },
	{ "faults", t_faults, 1 },
	{ "leak", t_leak, 0 }, /* last: runs the batch twice */
};

#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

int ut_main_pid;

/* ----- helpers for the tests ----- */

int ut_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(2, "  %s:%d: %s\n", file, line, msg);
	return 1;
}

static const char *errno_name(long e)
{
	static const struct {
		int num;
		const char *name;
	} names[] = {
		{ EPERM, "EPERM" },
		{ ENOENT, "ENOENT" },
		{ ESRCH, "ESRCH" },
		{ EINTR, "EINTR" },
		{ E2BIG, "E2BIG" },
		{ ENOEXEC, "ENOEXEC" },
		{ EBADF, "EBADF" },
		{ ECHILD, "ECHILD" },
		{ EAGAIN, "EAGAIN" },
		{ ENOMEM, "ENOMEM" },
		{ EACCES, "EACCES" },
		{ EFAULT, "EFAULT" },
		{ EBUSY, "EBUSY" },
		{ EEXIST, "EEXIST" },
		{ ENOTDIR, "ENOTDIR" },
		{ EISDIR, "EISDIR" },
		{ EINVAL, "EINVAL" },
		{ EMFILE, "EMFILE" },
		{ ENFILE, "ENFILE" },
		{ ENOSPC, "ENOSPC" },
		{ ESPIPE, "ESPIPE" },
		{ EPIPE, "EPIPE" },
		{ ENOSYS, "ENOSYS" },
		{ ENOTEMPTY, "ENOTEMPTY" },
		{ ENAMETOOLONG, "ENAMETOOLONG" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].num == e)
			return names[i].name;
	return NULL;
}

const char *ut_val(long v)
{
	static char bufs[4][32];
	static int next;
	char *b = bufs[next++ % 4];
	const char *name = (v < 0 && v > -4096) ? errno_name(-v) : NULL;

	if (name)
		snprintf(b, sizeof(bufs[0]), "-%s", name);
	else
		snprintf(b, sizeof(bufs[0]), "%ld", v);
	return b;
}

int ut_wait_pid(int pid)
{
	int status;
	long w = sys_wait(&status);

	if (w != pid) {
		ut_fail(__FILE_NAME__, __LINE__, "wait = %s, want pid %d", ut_val(w), pid);
		return UT_NO_STATUS;
	}
	return status;
}

int ut_find_proc(int pid, struct procinfo *out)
{
	static struct procinfo all[UT_MAX_PROCS];
	long n = sys_procinfo(all, UT_MAX_PROCS);

	for (long i = 0; i < n; i++)
		if (all[i].pid == pid) {
			*out = all[i];
			return 1;
		}
	return 0;
}

long ut_write_file(const char *path, const void *data, size_t n)
{
	long fd = sys_open(path, O_CREAT | O_TRUNC | O_WRONLY);

	if (fd < 0)
		return fd;
	long w = sys_write((int)fd, data, n);
	sys_close((int)fd);
	return w < 0 ? w : (w == (long)n ? 0 : -EIO);
}

/* ----- the runner ----- */

/* A process that exits after TIMEOUT_MS: its exit means the test hung. */
static int start_watchdog(void)
{
	int pid = fork();

	if (pid == 0) {
		msleep(TIMEOUT_MS);
		exit(0);
	}
	return pid;
}

/* The test's exit status, or a note of what went wrong. */
static const char *verdict(int status, int timed_out, int strays)
{
	static char buf[48];

	if (timed_out)
		return "FAILED (timed out)";
	if (strays) {
		snprintf(buf, sizeof(buf), "FAILED (left %d process%s behind)", strays,
			 strays == 1 ? "" : "es");
		return buf;
	}
	if (status == 0)
		return "ok";
	if (status == 1)
		return "FAILED";
	snprintf(buf, sizeof(buf), "FAILED (exit status %d: killed?)", status);
	return buf;
}

/* Kill every live process with a pid of at least first (pids only grow: the
 * ones a test started); how many, and in *zombies those that exited but are
 * not reaped yet. */
static int kill_from(int first, int *zombies)
{
	static struct procinfo all[UT_MAX_PROCS];
	long n = sys_procinfo(all, UT_MAX_PROCS);
	int live = 0;

	*zombies = 0;
	for (long i = 0; i < n; i++) {
		if (all[i].pid < first)
			continue;
		if (all[i].state == PS_ZOMBIE) {
			(*zombies)++;
		} else {
			live++;
			kill(all[i].pid);
		}
	}
	return live;
}

/*
 * A test must leave no process behind: one that outlives it shares the next
 * test's machine, which then passes or fails by the timing of its exit
 * (forkfill counted an orphan of the orphan test, or not). Once the test and
 * its watchdog are reaped, processes started since first are strays: killed,
 * and counted against the test. Exited orphans are zombies until init reaps
 * them: yield to it until none is left (bounded, should init be stuck).
 */
static int strays(int first)
{
	int zombies, live = kill_from(first, &zombies), left = live;

	for (int i = 0; i < STRAY_YIELDS && (left || zombies); i++) {
		yield();
		left = kill_from(first, &zombies);
	}
	return live;
}

/* Run t in a child with a watchdog: its exit status; *timed_out if it hung. */
static int run_watched(const struct ut_test *t, int watchdog, int *timed_out)
{
	int pid = fork(), st = UT_NO_STATUS, w;

	if (pid == 0)
		exit(t->fn());
	if (pid < 0) {
		fprintf(2, "usertests: fork: %s\n", strerror(errno));
		return UT_NO_STATUS;
	}
	while ((w = wait(&st)) >= 0 && w != pid) {
		if (w == watchdog) { /* the test hangs: end it */
			*timed_out = 1;
			kill(pid);
		}
	}
	return w == pid ? st : UT_NO_STATUS;
}

/* Run one test in a child: 1 if it passed. Quiet: print failures only. */
static int run_one(const struct ut_test *t, int quiet)
{
	int timed_out = 0, watchdog = start_watchdog();
	int status = run_watched(t, watchdog, &timed_out);

	if (watchdog > 0 && !timed_out) {
		kill(watchdog);
		wait(NULL);
	}
	int stray = watchdog > 0 ? strays(watchdog) : 0;
	int ok = status == 0 && !timed_out && !stray;
	if (!quiet || !ok)
		printf("test %s: %s\n", t->name, verdict(status, timed_out, stray));
	return ok;
}

/* Every batch test once: 1 if all passed. */
static int run_batch(void)
{
	int ok = 1;

	for (int i = 0; i < NTESTS; i++)
		if (tests[i].batch)
			ok &= run_one(&tests[i], 1);
	return ok;
}

/*
 * Frames must not leak: after a warm-up batch (which lets the kernel grow
 * directories and the like once), another identical batch must leave the
 * number of free pages exactly where it was.
 */
static int t_leak(void)
{
	struct memstat before, after;

	CHECK(run_batch());
	EXPECT(sys_memstat(&before), 0);
	int second_batch_passed = run_batch();
	EXPECT(sys_memstat(&after), 0);
	printf("  leak: pages free %lu before, %lu after (returned %+ld, populated %+ld)\n",
	       (unsigned long)before.pages_free, (unsigned long)after.pages_free,
	       (long)(after.pages_returned - before.pages_returned),
	       (long)(after.pages_populated - before.pages_populated));
	CHECK(second_batch_passed);
	EXPECT(after.pages_free, before.pages_free);
	return 0;
}

/* Whether test name is selected: no words, or one of them is in the name. */
static int selected(const char *name, int nwords, char *words[])
{
	for (int i = 0; i < nwords; i++)
		if (strstr(name, words[i]))
			return 1;
	return nwords == 0;
}

/* "usertests: starting", and the words given, as one write. */
static void print_start(int nwords, char *words[])
{
	char line[160];
	int n =
	    snprintf(line, sizeof(line), "usertests: starting%s", nwords ? ", tests matching" : "");

	for (int i = 0; i < nwords && n < (int)sizeof(line); i++)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " %s", words[i]);
	printf("%s\n", line);
}

int main(int argc, char *argv[])
{
	int passed = 0, failed = 0;

	if (argc > 1 && !strcmp(argv[1], "-argcheck"))
		return ut_argcheck(argc, argv);
	ut_main_pid = getpid();
	print_start(argc - 1, argv + 1);
	for (int i = 0; i < NTESTS; i++) {
		if (!selected(tests[i].name, argc - 1, argv + 1))
			continue;
		if (run_one(&tests[i], 0))
			passed++;
		else
			failed++;
	}
	printf("usertests: %d passed, %d failed\n", passed, failed);
	if (failed == 0)
		printf("ALL TESTS PASSED\n");
	return failed != 0;
}
