/* SPDX-License-Identifier: MIT */
/*
 * t_proc.c - process tests: fork, exit and wait, orphans, a full process
 * table, getpid, exec (errors, argv passing, bad arguments), kill, sleep and
 * uptime, yield, procinfo, unknown call numbers.
 */
#include "ut.h"

#define MAX_FORKS 500 /* far above any process table: stop a runaway */

static int global_counter = 1;

int t_fork(void)
{
	int pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) { /* memory is a copy: the parent must not see this */
		global_counter = 2;
		exit(global_counter == 2 ? 0 : 1);
	}
	EXPECT(ut_wait_pid(pid), 0);
	EXPECT(global_counter, 1);
	return 0;
}

static int exit_codes(void)
{
	enum { N = 5 };
	int pids[N];

	for (int i = 0; i < N; i++) {
		pids[i] = fork();
		CHECK(pids[i] >= 0);
		if (pids[i] == 0)
			exit(10 + i);
	}
	for (int n = 0; n < N; n++) { /* any order: match pid to status */
		int st, w = (int)sys_wait(&st), found = 0;
		for (int i = 0; i < N; i++)
			if (pids[i] == w) {
				EXPECT(st, 10 + i);
				found = 1;
			}
		CHECK(found);
	}
	return 0;
}

int t_exitwait(void)
{
	int st = 0;
	int pid = fork();

	CHECK(pid >= 0);
	if (pid == 0)
		exit(42);
	EXPECT(ut_wait_pid(pid), 42);
	pid = fork();
	if (pid == 0)
		exit(0);
	EXPECT(sys_wait(NULL), pid); /* status pointer may be null */
	if (exit_codes())
		return 1;
	EXPECT(sys_wait(&st), -ECHILD);
	EXPECT(sys_wait(NULL), -ECHILD);
	return 0;
}

/*
 * A grandchild whose parent exits goes to init, not to us. It must also be
 * gone when this test ends: a grandchild that outlived it (it used to sleep
 * 50 ms) held a process slot into the next test, forkfill, and freed it
 * mid-test or not depending on the speed of the machine. So it waits on a
 * pipe we hold, and we wait until init has reaped it.
 */
int t_orphan(void)
{
	int report[2], release[2], grandchild = -1;
	struct procinfo pi;

	EXPECT(pipe(report), 0);
	EXPECT(pipe(release), 0);
	int pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		int gc = fork();
		if (gc == 0) {
			char c;
			close(release[1]);
			read(release[0], &c, 1); /* end of file: the test is done with us */
			exit(0);
		}
		write(report[1], &gc, sizeof(gc));
		exit(0);
	}
	close(report[1]);
	close(release[0]);
	EXPECT(read(report[0], &grandchild, sizeof(grandchild)), sizeof(grandchild));
	close(report[0]);
	CHECK(grandchild > 0);
	EXPECT(ut_wait_pid(pid), 0);
	EXPECT(sys_wait(NULL), -ECHILD);
	CHECK(ut_find_proc(grandchild, &pi));
	EXPECT(pi.ppid, 1); /* init's pid */
	close(release[1]);
	while (ut_find_proc(grandchild, &pi)) /* until init reaps it */
		yield();
	return 0;
}

/* Fork until the kernel refuses; children wait on a pipe, then all are reaped. */
static int fill_once(int *count)
{
	int p[2], n = 0;
	long err = 0;

	EXPECT(pipe(p), 0);
	for (; n < MAX_FORKS; n++) {
		long pid = sys_fork();
		if (pid < 0) {
			err = pid;
			break;
		}
		if (pid == 0) {
			char c;
			close(p[1]);
			read(p[0], &c, 1); /* end of file once the parent closes */
			exit(0);
		}
	}
	close(p[0]);
	close(p[1]);
	for (int i = 0; i < n; i++) {
		int st = -1;
		CHECK(sys_wait(&st) > 0);
		EXPECT(st, 0);
	}
	EXPECT(sys_wait(NULL), -ECHILD);
	CHECK(err == -EAGAIN || err == -ENOMEM);
	*count = n;
	return 0;
}

int t_forkfill(void)
{
	int first = 0, second = 0;

	if (fill_once(&first) || fill_once(&second))
		return 1;
	CHECK(first > 0);
	EXPECT(second, first); /* every slot came back */
	return 0;
}

int t_getpid(void)
{
	int me = getpid();
	int p[2];

	CHECK(me > 0);
	EXPECT(getpid(), me);
	EXPECT(pipe(p), 0);
	int pid = fork();
	if (pid == 0) {
		int child = getpid();
		write(p[1], &child, sizeof(child));
		exit(0);
	}
	int reported = -1;
	EXPECT(read(p[0], &reported, sizeof(reported)), sizeof(reported));
	EXPECT(reported, pid);
	CHECK(reported != me);
	EXPECT(ut_wait_pid(pid), 0);
	return 0;
}

int t_exec_errors(void)
{
	char *argv[] = { "x", NULL };
	char header[64];

	EXPECT(sys_exec("/no/such/program", argv), -ENOENT);
	EXPECT(sys_exec(UT_PREFIX "missing", argv), -ENOENT);
	EXPECT(ut_write_file(UT_PREFIX "text", "#!/bin/sh\necho hi\n", 18), 0);
	EXPECT(sys_exec(UT_PREFIX "text", argv), -ENOEXEC);
	EXPECT(ut_write_file(UT_PREFIX "text", "", 0), 0);
	EXPECT(sys_exec(UT_PREFIX "text", argv), -ENOEXEC);
	/* A valid ELF header whose program headers are missing. */
	int fd = open("/bin/usertests", O_RDONLY);
	CHECK(fd >= 0);
	EXPECT(read(fd, header, sizeof(header)), sizeof(header));
	close(fd);
	EXPECT(ut_write_file(UT_PREFIX "text", header, sizeof(header)), 0);
	EXPECT(sys_exec(UT_PREFIX "text", argv), -ENOEXEC);
	EXPECT(unlink(UT_PREFIX "text"), 0);
	EXPECT_ERR(sys_exec("/bin", argv)); /* a directory */
	return 0;
}

/* The exec'd side of t_exec_argv (usertests -argcheck ...): returns 42 from
 * main when argv, bss and data arrived intact. */
static char bss_block[8192];
static int data_word = 12345;

#define LONG_ARG "0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

int ut_argcheck(int argc, char *argv[])
{
	static const char *const want[] = { "usertests", "-argcheck", "a", "bc", "", LONG_ARG };
	const uint64_t stack_top = UT_STACK_TOP;

	if (argc != 6 || argv[6] != NULL || (uintptr_t)argv % 8 != 0)
		return 1;
	for (int i = 0; i < 6; i++) {
		uintptr_t a = (uintptr_t)argv[i];
		if (strcmp(argv[i], want[i]) || a >= stack_top || a < stack_top - 16384)
			return 2;
	}
	for (size_t i = 0; i < sizeof(bss_block); i++)
		if (bss_block[i])
			return 3;
	return data_word == 12345 ? 42 : 4;
}

int t_exec_argv(void)
{
	int pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		char *argv[] = { "usertests", "-argcheck", "a", "bc", "", LONG_ARG, NULL };
		exec("/bin/usertests", argv);
		exit(99);
	}
	EXPECT(ut_wait_pid(pid), 42);
	return 0;
}

/* exec replaces the program but keeps descriptors: echo writes into our pipe. */
int t_exec_echo(void)
{
	char buf[64];
	int p[2], got = 0;
	long n;

	EXPECT(pipe(p), 0);
	int pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		char *argv[] = { "echo", "hello", "world", NULL };
		close(1);
		dup(p[1]);
		close(p[0]);
		close(p[1]);
		exec("/bin/echo", argv);
		exit(99);
	}
	close(p[1]);
	while ((n = read(p[0], buf + got, sizeof(buf) - 1 - (size_t)got)) > 0)
		got += (int)n;
	buf[got] = '\0';
	close(p[0]);
	EXPECT(ut_wait_pid(pid), 0);
	CHECK(strcmp(buf, "hello world\n") == 0);
	return 0;
}

int t_exec_bad_argv(void)
{
	char *bad_string[] = { "echo", (char *)UT_BAD_USER, NULL };
	char *argv[] = { "echo", NULL };

	EXPECT(sys_exec("/bin/echo", (char **)UT_BAD_USER), -EFAULT);
	EXPECT(sys_exec("/bin/echo", (char **)UT_BAD_KERNEL), -EFAULT);
	EXPECT(sys_exec("/bin/echo", NULL), -EFAULT);
	EXPECT(sys_exec("/bin/echo", bad_string), -EFAULT);
	EXPECT(sys_exec((char *)UT_BAD_USER, argv), -EFAULT);
	EXPECT(sys_exec(NULL, argv), -EFAULT);
	return 0; /* and we are still running the old program */
}

/* A child killed while it sleeps: wait reports status -1, soon. */
int t_kill_sleeping(void)
{
	int pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		msleep(20000);
		exit(0);
	}
	msleep(50);
	long t0 = uptime();
	EXPECT(sys_kill(pid), 0);
	EXPECT(ut_wait_pid(pid), -1);
	CHECK(uptime() - t0 < 5000);
	return 0;
}

/* A child spinning in user mode: only preemption lets the kill land. */
int t_kill_running(void)
{
	int pid = fork();

	CHECK(pid >= 0);
	if (pid == 0)
		for (;;)
			;
	msleep(50);
	EXPECT(sys_kill(pid), 0);
	EXPECT(ut_wait_pid(pid), -1);
	return 0;
}

int t_kill_self(void)
{
	int pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		kill(getpid());
		exit(7); /* must not get here */
	}
	EXPECT(ut_wait_pid(pid), -1);
	return 0;
}

int t_kill_errors(void)
{
	EXPECT(sys_kill(1000000), -ESRCH);
	EXPECT_ERR(sys_kill(0));
	EXPECT_ERR(sys_kill(-1));
	int pid = fork();
	if (pid == 0)
		exit(0);
	EXPECT(ut_wait_pid(pid), 0);
	EXPECT(sys_kill(pid), -ESRCH); /* reaped: gone */
	return 0;
}

int t_sleep_uptime(void)
{
	long t0 = sys_uptime();

	CHECK(t0 >= 0);
	EXPECT(sys_sleep(100), 0);
	long t1 = sys_uptime();
	CHECK(t1 - t0 >= 100);
	CHECK(t1 - t0 < 10000);
	EXPECT(sys_sleep(0), 0);
	CHECK(sys_uptime() >= t1);
	return 0;
}

int t_yield(void)
{
	int pid = fork();

	CHECK(pid >= 0);
	for (int i = 0; i < 100; i++)
		if (sys_yield() != 0)
			exit(1);
	if (pid == 0)
		exit(0);
	EXPECT(ut_wait_pid(pid), 0);
	return 0;
}

static struct procinfo procs[64];

int t_procinfo(void)
{
	int me = getpid(), found = 0;
	long n = sys_procinfo(procs, 64);

	CHECK(n >= 2); /* at least usertests and this test */
	for (long i = 0; i < n; i++) {
		if (procs[i].pid != me)
			continue;
		found = 1;
		EXPECT(procs[i].ppid, ut_main_pid);
		EXPECT(procs[i].state, PS_RUNNING);
		CHECK(procs[i].mem > 0);
		CHECK(strncmp(procs[i].name, "usertests", PROC_NAME_LEN) == 0);
	}
	CHECK(found);
	EXPECT(sys_procinfo(procs, 1), 1);
	EXPECT(sys_procinfo(procs, 0), 0);
	EXPECT(sys_procinfo(procs, -1), -EINVAL);
	return 0;
}

int t_bad_syscall(void)
{
	EXPECT(sys_raw(0, 0, 0, 0), -ENOSYS);
	EXPECT(sys_raw(SYS_MAX, 0, 0, 0), -ENOSYS);
	EXPECT(sys_raw(1000, 0, 0, 0), -ENOSYS);
	EXPECT(sys_raw(-1, 0, 0, 0), -ENOSYS);
	return 0;
}
