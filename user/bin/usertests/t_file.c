/* SPDX-License-Identifier: MIT */
/*
 * t_file.c - regular file tests: write and read back, lseek, O_APPEND,
 * O_TRUNC, fstat, a file unlinked while open, and offsets shared by dup and
 * fork.
 */
#include "ut.h"

#define F1 UT_PREFIX "file1"
#define F_SIZE 10000 /* spans pages */

static char wbuf[F_SIZE], rbuf[F_SIZE];

static void fill(char *buf, size_t n, int seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)('a' + (i * 7 + (size_t)seed) % 26);
}

int t_file_rw(void)
{
	struct stat st;

	unlink(F1);
	EXPECT(sys_open(F1, O_RDONLY), -ENOENT);
	int fd = (int)sys_open(F1, O_CREAT | O_RDWR);
	CHECK(fd >= 0);
	EXPECT(sys_fstat(fd, &st), 0);
	EXPECT(st.type, T_FILE);
	EXPECT(st.size, 0);
	fill(wbuf, F_SIZE, 1);
	EXPECT(sys_write(fd, wbuf, F_SIZE), F_SIZE);
	EXPECT(sys_fstat(fd, &st), 0);
	EXPECT(st.size, F_SIZE);
	EXPECT(sys_read(fd, rbuf, 10), 0); /* at the end */
	close(fd);
	fd = open(F1, O_RDONLY);
	CHECK(fd >= 0);
	memset(rbuf, 0, sizeof(rbuf));
	EXPECT(sys_read(fd, rbuf, 100), 100); /* in two parts */
	EXPECT(sys_read(fd, rbuf + 100, F_SIZE), F_SIZE - 100);
	CHECK(memcmp(rbuf, wbuf, F_SIZE) == 0);
	EXPECT(sys_read(fd, rbuf, 1), 0);
	EXPECT(sys_write(fd, "x", 1), -EBADF); /* opened read-only */
	close(fd);
	fd = open(F1, O_WRONLY);
	EXPECT(sys_read(fd, rbuf, 1), -EBADF); /* opened write-only */
	close(fd);
	EXPECT(unlink(F1), 0);
	EXPECT(sys_open(F1, O_RDONLY), -ENOENT);
	return 0;
}

int t_file_lseek(void)
{
	char c[4] = { 0 };

	fill(wbuf, 1000, 2);
	EXPECT(ut_write_file(F1, wbuf, 1000), 0);
	int fd = open(F1, O_RDWR);
	CHECK(fd >= 0);
	EXPECT(sys_lseek(fd, 10, SEEK_SET), 10);
	EXPECT(sys_read(fd, c, 1), 1);
	EXPECT(c[0], wbuf[10]);
	EXPECT(sys_lseek(fd, 5, SEEK_CUR), 16);
	EXPECT(sys_read(fd, c, 1), 1);
	EXPECT(c[0], wbuf[16]);
	EXPECT(sys_lseek(fd, -3, SEEK_END), 997);
	EXPECT(sys_read(fd, c, 4), 3);
	EXPECT(sys_lseek(fd, 0, SEEK_CUR), 1000);
	EXPECT(sys_lseek(fd, 0, SEEK_END), 1000);
	EXPECT(sys_lseek(fd, 500, SEEK_SET), 500); /* overwrite in the middle */
	EXPECT(sys_write(fd, "XY", 2), 2);
	EXPECT(sys_lseek(fd, 499, SEEK_SET), 499);
	EXPECT(sys_read(fd, c, 4), 4);
	CHECK(c[0] == wbuf[499] && c[1] == 'X' && c[2] == 'Y' && c[3] == wbuf[502]);
	close(fd);
	EXPECT(unlink(F1), 0);
	return 0;
}

int t_file_append(void)
{
	struct stat st;
	char buf[16] = { 0 };

	EXPECT(ut_write_file(F1, "abc", 3), 0);
	int fd = open(F1, O_WRONLY | O_APPEND);
	CHECK(fd >= 0);
	EXPECT(sys_lseek(fd, 0, SEEK_SET), 0);
	EXPECT(sys_write(fd, "de", 2), 2); /* goes to the end anyway */
	EXPECT(sys_write(fd, "f", 1), 1);
	EXPECT(sys_fstat(fd, &st), 0);
	EXPECT(st.size, 6);
	close(fd);
	fd = open(F1, O_RDONLY);
	EXPECT(sys_read(fd, buf, sizeof(buf)), 6);
	CHECK(strcmp(buf, "abcdef") == 0);
	close(fd);
	EXPECT(unlink(F1), 0);
	return 0;
}

int t_file_trunc(void)
{
	struct stat st;
	char buf[8] = { 0 };

	EXPECT(ut_write_file(F1, "0123456789", 10), 0);
	int fd = open(F1, O_RDONLY | O_TRUNC); /* read-only: no truncation */
	CHECK(fd >= 0);
	EXPECT(sys_fstat(fd, &st), 0);
	EXPECT(st.size, 10);
	close(fd);
	fd = open(F1, O_RDWR | O_TRUNC);
	CHECK(fd >= 0);
	EXPECT(sys_fstat(fd, &st), 0);
	EXPECT(st.size, 0);
	EXPECT(sys_write(fd, "new", 3), 3);
	EXPECT(sys_lseek(fd, 0, SEEK_SET), 0);
	EXPECT(sys_read(fd, buf, sizeof(buf)), 3);
	CHECK(strcmp(buf, "new") == 0);
	close(fd);
	EXPECT(sys_open(F1, O_RDWR | O_WRONLY), -EINVAL); /* both access modes */
	EXPECT(unlink(F1), 0);
	return 0;
}

/* An unlinked file lives on while a descriptor refers to it. */
int t_file_unlink_open(void)
{
	struct stat st;

	fill(wbuf, 5000, 3);
	EXPECT(ut_write_file(F1, wbuf, 5000), 0);
	int fd = open(F1, O_RDWR);
	CHECK(fd >= 0);
	EXPECT(unlink(F1), 0);
	EXPECT(sys_open(F1, O_RDONLY), -ENOENT);
	EXPECT(sys_read(fd, rbuf, 5000), 5000);
	CHECK(memcmp(rbuf, wbuf, 5000) == 0);
	EXPECT(sys_write(fd, "more", 4), 4);
	EXPECT(sys_fstat(fd, &st), 0);
	EXPECT(st.size, 5004);
	EXPECT(st.nlink, 0);
	EXPECT(sys_unlink(F1), -ENOENT);
	EXPECT(close(fd), 0);
	return 0;
}

int t_dup(void)
{
	char buf[8] = { 0 };
	int fd = open(F1, O_CREAT | O_TRUNC | O_RDWR);

	CHECK(fd >= 0);
	int fd2 = (int)sys_dup(fd);
	CHECK(fd2 >= 0 && fd2 != fd);
	EXPECT(sys_write(fd, "ab", 2), 2);
	EXPECT(sys_write(fd2, "cd", 2), 2); /* one offset: appends after "ab" */
	EXPECT(sys_lseek(fd, 0, SEEK_CUR), 4);
	EXPECT(sys_lseek(fd2, 0, SEEK_SET), 0);
	EXPECT(sys_read(fd, buf, sizeof(buf)), 4);
	CHECK(strcmp(buf, "abcd") == 0);
	EXPECT(close(fd), 0);
	EXPECT(sys_write(fd2, "e", 1), 1); /* the other descriptor still works */
	/* dup takes the lowest free descriptor. */
	EXPECT(sys_dup(fd2), fd);
	close(fd);
	close(fd2);
	EXPECT(unlink(F1), 0);
	return 0;
}

/* A forked child shares the open file's offset with its parent. */
int t_fork_offset(void)
{
	char buf[8] = { 0 };
	int fd = open(F1, O_CREAT | O_TRUNC | O_RDWR);

	CHECK(fd >= 0);
	int pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		exit(write(fd, "abc", 3) == 3 ? 0 : 1);
	EXPECT(ut_wait_pid(pid), 0);
	EXPECT(sys_write(fd, "def", 3), 3);
	EXPECT(sys_lseek(fd, 0, SEEK_CUR), 6);
	EXPECT(sys_lseek(fd, 0, SEEK_SET), 0);
	EXPECT(sys_read(fd, buf, sizeof(buf)), 6);
	CHECK(strcmp(buf, "abcdef") == 0);
	close(fd);
	EXPECT(unlink(F1), 0);
	return 0;
}
