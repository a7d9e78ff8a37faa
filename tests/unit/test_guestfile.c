/* SPDX-License-Identifier: MIT */
/*
 * test_guestfile.c - host unit tests for the guest kernel's open files,
 * descriptors, pipes and file system calls (guest-kernel/file.c, pipe.c,
 * sysfile.c) on guestfs_harness.c: dup and shared offsets, the per-process
 * and system-wide limits, the errno of every bad descriptor, pointer, size,
 * flag and whence, the console device, and pipes (end of file, EPIPE,
 * blocking on empty and full, wrap-around, killed sleepers). Each test ends
 * by checking that every open file, pipe and page was given back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>

#include "kernel/file.h"
#include "kernel/fs.h"
#include "kernel/pipe.h"
#include "kernel/syscall.h"
#include "tests/unit/guestfs_harness.h"

/* ---- open files and descriptors ---- */

static void test_dup(void **state)
{
	int64_t fd, fd2;
	int err;
	struct file *f;

	(void)state;
	assert_int_equal(fd = gfh_open("/f", O_CREAT | O_RDWR), 0);
	assert_int_equal(fd2 = gfh_call(sys_dup, fd, 0, 0), 1);
	assert_int_equal(gfh_write(fd, "abc"), 3);
	assert_int_equal(gfh_lseek(fd2, 0, SEEK_CUR), 3); /* one shared offset */
	assert_int_equal(gfh_close(fd), 0);
	assert_int_equal(gfh_lseek(fd2, 0, SEEK_SET), 0);
	assert_int_equal(gfh_read(fd2, 10), 3);
	assert_int_equal(gfh_call(sys_dup, fd2, 0, 0), 0); /* lowest free */
	assert_int_equal(gfh_close(0), 0);
	assert_int_equal(gfh_close(fd2), 0);
	assert_int_equal(gfh_close(fd2), -EBADF);

	/* the kernel's own references */
	assert_non_null(f = file_open("/f", O_RDONLY, &err));
	assert_ptr_equal(file_dup(f), f);
	file_close(f);
	assert_int_equal(file_read(f, UVA(BUF2), 10), 3);
	assert_int_equal(file_write(f, UVA(BUF), 1), -EBADF);
	file_close(f);
	assert_null(file_open("/f", O_ACCMODE, &err));
	assert_int_equal(err, -EINVAL);
	assert_null(file_open("/f", 0x10000, &err));
	assert_int_equal(err, -EINVAL);
}

static void test_fd_limits(void **state)
{
	struct file *files[NFILE];
	int err;

	(void)state;
	gfh_create_file("/f", "x");
	for (int i = 0; i < NOFILE; i++)
		assert_int_equal(gfh_open("/f", O_RDONLY), i);
	assert_int_equal(gfh_open("/f", O_RDONLY), -EMFILE);
	assert_int_equal(gfh_open("/new", O_CREAT | O_RDWR), -EMFILE);
	assert_int_equal(gfh_lookup_err("/new"), -ENOENT); /* nothing created */
	assert_int_equal(gfh_call(sys_dup, 0, 0, 0), -EMFILE);
	assert_int_equal(gfh_call(sys_pipe, UVA(BUF), 0, 0), -EMFILE);
	assert_int_equal(gfh_close(3), 0);
	assert_int_equal(gfh_call(sys_dup, 0, 0, 0), 3);
	for (int i = 0; i < NOFILE; i++)
		assert_int_equal(gfh_close(i), 0);

	/* the system-wide table */
	for (int i = 0; i < NFILE; i++)
		assert_non_null(files[i] = file_open("/f", O_RDONLY, &err));
	assert_int_equal(gfh_open("/f", O_RDONLY), -ENFILE);
	assert_int_equal(gfh_open("/new", O_CREAT | O_RDWR), -ENFILE);
	assert_int_equal(gfh_lookup_err("/new"), -ENOENT);
	assert_int_equal(gfh_call(sys_pipe, UVA(BUF), 0, 0), -ENFILE);
	file_close(files[0]);
	assert_int_equal(gfh_call(sys_pipe, UVA(BUF), 0, 0), -ENFILE); /* needs two */
	for (int i = 1; i < NFILE; i++)
		file_close(files[i]);
}

static void test_bad_args(void **state)
{
	const int64_t bad_fds[] = { -1, NOFILE, 5, INT32_MAX, INT32_MIN };
	int64_t fd;

	(void)state;
	gfh_create_file("/f", "hello world");
	assert_int_equal(fd = gfh_open("/f", O_RDONLY), 0);
	for (size_t i = 0; i < sizeof(bad_fds) / sizeof(bad_fds[0]); i++) {
		uint64_t b = (uint64_t)bad_fds[i];

		assert_int_equal(gfh_call(sys_read, b, UVA(BUF), 1), -EBADF);
		assert_int_equal(gfh_call(sys_write, b, UVA(BUF), 1), -EBADF);
		assert_int_equal(gfh_call(sys_close, b, 0, 0), -EBADF);
		assert_int_equal(gfh_call(sys_dup, b, 0, 0), -EBADF);
		assert_int_equal(gfh_call(sys_lseek, b, 0, SEEK_SET), -EBADF);
		assert_int_equal(gfh_call(sys_fstat, b, UVA(BUF), 0), -EBADF);
	}
	/* bad pointers and sizes */
	assert_int_equal(gfh_call(sys_read, fd, 0, 5), -EFAULT);
	assert_int_equal(gfh_call(sys_read, fd, UVA(USIZE - 4), 11), -EFAULT);
	assert_int_equal(gfh_lseek(fd, 0, SEEK_CUR), 0); /* nothing consumed */
	assert_int_equal(gfh_call(sys_read, fd, UVA(BUF), UINT64_MAX), -EFAULT);
	assert_int_equal(gfh_call(sys_read, fd, UVA(BUF), 1ull << 40), 11);
	assert_int_equal(gfh_call(sys_read, fd, UVA(BUF), 0), 0);
	assert_int_equal(gfh_call(sys_fstat, fd, 0, 0), -EFAULT);
	assert_int_equal(gfh_call(sys_fstat, fd, UVA(USIZE - 8), 0), -EFAULT);
	assert_int_equal(gfh_write(fd, "x"), -EBADF); /* read-only */
	assert_int_equal(gfh_lseek(fd, 0, 3), -EINVAL);
	assert_int_equal(gfh_lseek(fd, 0, -1), -EINVAL);
	assert_int_equal(gfh_lseek(fd, -5, SEEK_SET), -EINVAL);
	assert_int_equal(gfh_lseek(fd, -12, SEEK_END), -EINVAL);
	assert_int_equal(gfh_close(fd), 0);

	assert_int_equal(fd = gfh_open("/f", O_WRONLY), 0);
	assert_int_equal(gfh_read(fd, 1), -EBADF);
	assert_int_equal(gfh_call(sys_write, fd, 0, 1), -EFAULT);
	assert_int_equal(gfh_call(sys_write, fd, UVA(BUF), UINT64_MAX), -EFAULT);
	assert_int_equal(gfh_call(sys_write, fd, UVA(BUF), 1ull << 40), -EFAULT);
	assert_int_equal(gfh_close(fd), 0);

	/* paths */
	char longpath[300];

	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	assert_int_equal(gfh_open(longpath, O_RDONLY), -ENAMETOOLONG);
	assert_int_equal(gfh_call(sys_open, 0, O_RDONLY, 0), -EFAULT);
	assert_int_equal(gfh_call(sys_open, UVA(USIZE), O_RDONLY, 0), -EFAULT);
	assert_int_equal(gfh_open("", O_RDONLY), -ENOENT);
	assert_int_equal(gfh_open("/f", O_ACCMODE), -EINVAL);
	assert_int_equal(gfh_open("/f", 0x4000), -EINVAL);
	assert_int_equal(gfh_call(sys_mkdir, 0, 0, 0), -EFAULT);
	assert_int_equal(gfh_call(sys_unlink, 0, 0, 0), -EFAULT);
	assert_int_equal(gfh_call(sys_chdir, 0, 0, 0), -EFAULT);
	assert_int_equal(gfh_path(sys_mkdir, longpath), -ENAMETOOLONG);
	assert_int_equal(gfh_path(sys_chdir, ""), -ENOENT);
}

static void test_console(void **state)
{
	int64_t fd;
	struct stat st;
	int err;
	struct inode *ip;
	char buf[4];

	(void)state;
	assert_int_equal(fd = gfh_open("/dev/console", O_RDWR), 0);
	assert_int_equal(gfh_write(fd, "hi"), 2);
	assert_int_equal(stub_console_writes, 1);
	assert_int_equal(stub_console_uva, UVA(BUF));
	assert_int_equal(stub_console_n, 2);
	assert_int_equal(gfh_read(fd, 7), 0);
	assert_int_equal(stub_console_reads, 1);
	assert_int_equal(stub_console_n, 7);
	assert_int_equal(gfh_lseek(fd, 0, SEEK_SET), -ESPIPE);
	st = gfh_fstat(fd);
	assert_int_equal(st.type, T_DEVICE);
	assert_int_equal(st.size, 0);
	assert_int_equal(gfh_close(fd), 0);

	assert_non_null(ip = fs_lookup("/dev/console", &err));
	assert_int_equal(fs_read(ip, buf, 0, sizeof(buf)), -EINVAL);
	assert_int_equal(fs_write(ip, buf, 0, sizeof(buf)), -EINVAL);
	fs_put(ip);
}

/* ---- pipes ---- */

static int32_t pipe_fds[2];

static void spipe(void)
{
	assert_int_equal(gfh_call(sys_pipe, UVA(PATH2), 0, 0), 0);
	memcpy(pipe_fds, UPTR(PATH2), sizeof(pipe_fds));
}

static void hook_write_x(void)
{
	assert_int_equal(gfh_write(pipe_fds[1], "x"), 1);
}

static void hook_close_writer(void)
{
	assert_int_equal(gfh_close(pipe_fds[1]), 0);
}

static void hook_close_reader(void)
{
	assert_int_equal(gfh_close(pipe_fds[0]), 0);
}

static void hook_read_100(void)
{
	assert_int_equal(gfh_call(sys_read, pipe_fds[0], UVA(BUF2), 100), 100);
}

static void test_pipe_basic(void **state)
{
	struct stat st;

	(void)state;
	spipe();
	assert_int_equal(pipe_fds[0], 0);
	assert_int_equal(pipe_fds[1], 1);
	assert_int_equal(gfh_write(pipe_fds[1], "hello"), 5);
	st = gfh_fstat(pipe_fds[0]);
	assert_int_equal(st.type, T_PIPE);
	assert_int_equal(st.size, 5);
	assert_int_equal(gfh_read(pipe_fds[0], 3), 3);
	assert_int_equal(gfh_read(pipe_fds[0], 100), 2);
	assert_memory_equal(UPTR(BUF2), "lo", 2);
	assert_int_equal(gfh_read(pipe_fds[0], 0), 0);
	assert_int_equal(stub_sleeps, 0);

	/* empty with a writer: sleeps until data comes */
	stub_sleep_hook = hook_write_x;
	assert_int_equal(gfh_read(pipe_fds[0], 100), 1);
	assert_int_equal(stub_sleeps, 1);
	/* ... or until the writer goes: end of file, and again without sleeping */
	stub_sleep_hook = hook_close_writer;
	assert_int_equal(gfh_read(pipe_fds[0], 100), 0);
	assert_int_equal(gfh_read(pipe_fds[0], 100), 0);
	assert_int_equal(stub_sleeps, 2);

	assert_int_equal(gfh_write(pipe_fds[0], "x"), -EBADF);
	assert_int_equal(gfh_lseek(pipe_fds[0], 0, SEEK_SET), -ESPIPE);
	assert_int_equal(gfh_close(pipe_fds[0]), 0);

	/* no reader: EPIPE */
	spipe();
	assert_int_equal(gfh_read(pipe_fds[1], 1), -EBADF);
	assert_int_equal(gfh_close(pipe_fds[0]), 0);
	assert_int_equal(gfh_write(pipe_fds[1], "x"), -EPIPE);
	assert_int_equal(gfh_close(pipe_fds[1]), 0);
}

static void test_pipe_full(void **state)
{
	(void)state;
	spipe();
	for (int i = 0; i < 8192; i++)
		UPTR(BUF)[i] = (uint8_t)(i % 251);
	assert_int_equal(gfh_call(sys_write, pipe_fds[1], UVA(BUF), 4096), 4096);
	assert_int_equal(stub_sleeps, 0);
	/* full: the writer sleeps until a reader makes room (the ring wraps) */
	stub_sleep_hook = hook_read_100;
	assert_int_equal(gfh_call(sys_write, pipe_fds[1], UVA(BUF + 4096), 100), 100);
	assert_int_equal(stub_sleeps, 1);
	assert_int_equal(gfh_call(sys_read, pipe_fds[0], UVA(BUF2), 8192), 4096);
	assert_memory_equal(UPTR(BUF2), UPTR(BUF + 100), 4096);

	/* the reader leaves part way: what was written is reported */
	assert_int_equal(gfh_call(sys_write, pipe_fds[1], UVA(BUF), 4000), 4000);
	stub_sleep_hook = hook_close_reader;
	assert_int_equal(gfh_call(sys_write, pipe_fds[1], UVA(BUF), 200), 96);
	assert_int_equal(gfh_write(pipe_fds[1], "x"), -EPIPE);
	assert_int_equal(gfh_close(pipe_fds[1]), 0);
}

static void test_pipe_errors(void **state)
{
	struct file *rf[NPIPE + 1], *wf[NPIPE + 1];

	(void)state;
	spipe();
	/* killed: give up instead of sleeping */
	stub_proc.killed = true;
	assert_int_equal(gfh_read(pipe_fds[0], 10), -EINTR);
	assert_int_equal(gfh_call(sys_write, pipe_fds[1], UVA(BUF), 4096), 4096);
	assert_int_equal(gfh_write(pipe_fds[1], "x"), -EINTR);
	assert_int_equal(stub_sleeps, 0);
	stub_proc.killed = false;
	/* bad buffers */
	assert_int_equal(gfh_call(sys_read, pipe_fds[0], 0, 10), -EFAULT);
	assert_int_equal(gfh_fstat(pipe_fds[0]).size, 4096); /* nothing lost */
	assert_int_equal(gfh_call(sys_read, pipe_fds[0], UVA(BUF), 4096), 4096);
	assert_int_equal(gfh_call(sys_write, pipe_fds[1], 0, 10), -EFAULT);
	assert_int_equal(gfh_call(sys_write, pipe_fds[1], UVA(USIZE - 5), 10), -EFAULT);
	assert_int_equal(gfh_fstat(pipe_fds[0]).size, 0);
	assert_int_equal(gfh_close(pipe_fds[0]), 0);
	assert_int_equal(gfh_close(pipe_fds[1]), 0);

	/* the array is written last; a bad one leaves nothing open */
	assert_int_equal(gfh_call(sys_pipe, 0, 0, 0), -EFAULT);
	assert_int_equal(gfh_call(sys_pipe, UVA(USIZE - 4), 0, 0), -EFAULT);
	assert_null(stub_proc.ofile[0]);
	assert_null(stub_proc.ofile[1]);
	stub_page_fail_after = 0;
	assert_int_equal(gfh_call(sys_pipe, UVA(BUF), 0, 0), -ENOMEM);
	stub_page_fail_after = -1;

	/* the pipe table */
	for (int i = 0; i < NPIPE; i++)
		assert_int_equal(pipe_alloc(&rf[i], &wf[i]), 0);
	assert_int_equal(pipe_alloc(&rf[NPIPE], &wf[NPIPE]), -ENFILE);
	for (int i = 0; i < NPIPE; i++) {
		file_close(wf[i]);
		file_close(rf[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dup, gfh_setup, gfh_teardown),
		cmocka_unit_test_setup_teardown(test_fd_limits, gfh_setup, gfh_teardown),
		cmocka_unit_test_setup_teardown(test_bad_args, gfh_setup, gfh_teardown),
		cmocka_unit_test_setup_teardown(test_console, gfh_setup, gfh_teardown),
		cmocka_unit_test_setup_teardown(test_pipe_basic, gfh_setup, gfh_teardown),
		cmocka_unit_test_setup_teardown(test_pipe_full, gfh_setup, gfh_teardown),
		cmocka_unit_test_setup_teardown(test_pipe_errors, gfh_setup, gfh_teardown),
	};

	gfh_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
