/* SPDX-License-Identifier: MIT */
/*
 * proc.c - the process benchmarks: a null system call, fork, fork + exec,
 * a pipe ping-pong between two processes, pipe bandwidth, and the sleeper
 * (the idle guest's workload, which never ends).
 */
#include "bench.h"

#define NULL_CALLS 1000
#define FORKS 20
#define EXECS 10
#define ROUND_TRIPS 100
#define PIPE_CHUNK (64 * 1024)
#define PIPE_CHUNKS 16 /* 1 MiB at scale 1 */

struct result b_null(unsigned long scale)
{
	unsigned long n = NULL_CALLS * scale;
	struct stamp t0 = stamp_now();

	for (unsigned long i = 0; i < n; i++)
		sys_getpid();
	return since(t0, n);
}

static void fork_once(void)
{
	int pid = fork();

	if (pid == 0)
		_exit(0);
	reap(pid);
}

struct result b_fork(unsigned long scale)
{
	unsigned long n = FORKS * scale;

	fork_once(); /* warm-up: the first fork pays for first-touch paths */
	struct stamp t0 = stamp_now();
	for (unsigned long i = 0; i < n; i++)
		fork_once();
	return since(t0, n);
}

static void exec_once(void)
{
	char *const argv[] = { "bench", "noop", NULL };
	int pid = fork();

	if (pid == 0) {
		exec("/bin/bench", argv);
		fprintf(2, "bench: exec /bin/bench: %s\n", strerror(errno));
		_exit(1);
	}
	reap(pid);
}

struct result b_exec(unsigned long scale)
{
	unsigned long n = EXECS * scale;

	exec_once();
	struct stamp t0 = stamp_now();
	for (unsigned long i = 0; i < n; i++)
		exec_once();
	return since(t0, n);
}

static void xpipe(int fds[2])
{
	if (pipe(fds) < 0)
		die("bench: pipe: %s\n", strerror(errno));
}

/* The far end of pipe_rtt: echo every byte until end of file. */
static void echo_child(int in, int out) __attribute__((noreturn));
static void echo_child(int in, int out)
{
	char c;

	while (read(in, &c, 1) == 1)
		if (write(out, &c, 1) != 1)
			_exit(1);
	_exit(0);
}

static void round_trip(int out, int in)
{
	char c = 'x';

	if (write(out, &c, 1) != 1 || read(in, &c, 1) != 1)
		die("bench: pipe_rtt: pipe broken\n");
}

struct result b_pipe_rtt(unsigned long scale)
{
	unsigned long n = ROUND_TRIPS * scale;
	int there[2], back[2];

	xpipe(there);
	xpipe(back);
	int pid = fork();
	if (pid == 0) {
		close(there[1]);
		close(back[0]);
		echo_child(there[0], back[1]);
	}
	close(there[0]);
	close(back[1]);
	round_trip(there[1], back[0]); /* warm-up: the child has run once */
	struct stamp t0 = stamp_now();
	for (unsigned long i = 0; i < n; i++)
		round_trip(there[1], back[0]);
	struct result r = since(t0, n);
	close(there[1]);
	close(back[0]);
	reap(pid);
	return r;
}

/* The reader of pipebw: drain the pipe; exit 0 if every byte came. */
static void drain_child(int in, char *buf, unsigned long want) __attribute__((noreturn));
static void drain_child(int in, char *buf, unsigned long want)
{
	unsigned long got = 0;
	long r;

	while ((r = read(in, buf, PIPE_CHUNK)) > 0)
		got += (unsigned long)r;
	_exit(got == want ? 0 : 1);
}

struct result b_pipebw(unsigned long scale)
{
	unsigned long chunks = PIPE_CHUNKS * scale;
	char *buf = heap_grow(PIPE_CHUNK);
	int fds[2];

	memset(buf, 'p', PIPE_CHUNK); /* the pages exist before timing starts */
	xpipe(fds);
	int pid = fork();
	if (pid == 0) {
		close(fds[1]);
		drain_child(fds[0], buf, chunks * PIPE_CHUNK);
	}
	close(fds[0]);
	struct stamp t0 = stamp_now();
	for (unsigned long i = 0; i < chunks; i++)
		if (write_all(fds[1], buf, PIPE_CHUNK) != PIPE_CHUNK)
			die("bench: pipebw: short write\n");
	close(fds[1]);
	reap(pid); /* timed: the last chunk has been read */
	struct result r = since(t0, chunks * (PIPE_CHUNK / 1024));
	heap_shrink(PIPE_CHUNK);
	return r;
}

void b_sleeper(void)
{
	for (;;)
		msleep(10);
}
