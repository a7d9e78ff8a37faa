/* SPDX-License-Identifier: MIT */
/*
 * t_pipe.c - pipe tests: data through, end of file when the writer is gone,
 * EPIPE when the reader is gone, and a transfer much larger than the pipe
 * buffer between two processes, checked byte for byte.
 */
#include "ut.h"

#define BIG_BYTES (200 * 1024)

static unsigned char chunk[4096];

int t_pipe_basic(void)
{
	int p[2] = { -1, -1 };
	char buf[16];
	struct stat st;

	EXPECT(sys_pipe(p), 0);
	CHECK(p[0] >= 0 && p[1] >= 0 && p[0] != p[1]);
	EXPECT(sys_write(p[1], "hello", 5), 5);
	EXPECT(sys_read(p[0], buf, sizeof(buf)), 5);
	CHECK(memcmp(buf, "hello", 5) == 0);
	EXPECT(sys_fstat(p[0], &st), 0);
	EXPECT(st.type, T_PIPE);
	EXPECT(sys_write(p[0], "x", 1), -EBADF); /* wrong ends */
	EXPECT(sys_read(p[1], buf, 1), -EBADF);
	EXPECT(sys_close(p[0]), 0);
	EXPECT(sys_close(p[1]), 0);
	return 0;
}

int t_pipe_eof(void)
{
	int p[2];
	char buf[8];

	EXPECT(pipe(p), 0);
	EXPECT(write(p[1], "ab", 2), 2);
	EXPECT(close(p[1]), 0);
	EXPECT(sys_read(p[0], buf, sizeof(buf)), 2); /* data first, then the end */
	EXPECT(sys_read(p[0], buf, sizeof(buf)), 0);
	EXPECT(sys_read(p[0], buf, sizeof(buf)), 0);
	close(p[0]);
	return 0;
}

int t_pipe_epipe(void)
{
	int p[2];

	EXPECT(pipe(p), 0);
	EXPECT(close(p[0]), 0);
	EXPECT(sys_write(p[1], "x", 1), -EPIPE);
	close(p[1]);
	/* The reader of another pipe leaves while a writer is blocked on a full pipe. */
	EXPECT(pipe(p), 0);
	int pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		long r;
		while ((r = sys_write(p[1], chunk, sizeof(chunk))) > 0)
			;
		exit(r == -EPIPE ? 0 : 1);
	}
	close(p[1]);
	msleep(50); /* let the child fill the pipe and block */
	close(p[0]);
	EXPECT(ut_wait_pid(pid), 0);
	return 0;
}

/* A xorshift stream both sides can generate. */
static uint32_t next_byte(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x & 0xff;
}

static void big_writer(int fd)
{
	uint32_t state = 2463534242u;

	for (long sent = 0; sent < BIG_BYTES;) {
		size_t n =
		    BIG_BYTES - sent < 1000 ? (size_t)(BIG_BYTES - sent) : 1000; /* odd sizes */
		for (size_t i = 0; i < n; i++)
			chunk[i] = (unsigned char)next_byte(&state);
		if (write_all(fd, chunk, n) != (long)n)
			exit(1);
		sent += (long)n;
	}
	exit(0);
}

int t_pipe_big(void)
{
	uint32_t state = 2463534242u, sum = 0, want_sum = 0;
	long total = 0, n;
	int p[2];

	EXPECT(pipe(p), 0);
	int pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		big_writer(p[1]);
	}
	close(p[1]);
	while ((n = read(p[0], chunk, sizeof(chunk))) > 0) {
		for (long i = 0; i < n; i++) {
			sum = sum * 31 + chunk[i];
			want_sum = want_sum * 31 + next_byte(&state);
		}
		total += n;
	}
	close(p[0]);
	EXPECT(n, 0);
	EXPECT(total, BIG_BYTES);
	EXPECT(sum, want_sum);
	EXPECT(ut_wait_pid(pid), 0);
	return 0;
}
