/* SPDX-License-Identifier: MIT */
/*
 * t_bad.c - bad arguments: pointers the kernel must refuse (-EFAULT),
 * descriptors that are closed, negative or too large (-EBADF), sizes that
 * wrap around, bad lseek whence and offsets, a full descriptor table
 * (-EMFILE, with nothing leaked), and accesses that must kill the process.
 */
#include "ut.h"

#define F1 UT_PREFIX "bad"

static char buf[256];

/* Pointers no buffer may use. The text segment is mapped, but read-only. */
static void *const bad_ptrs[] = {
	NULL,
	(void *)0x1000,
	(void *)UT_BAD_USER,
	(void *)UT_BAD_KERNEL,
	(void *)UT_STACK_TOP,
	(void *)-4096l,
};
#define NBAD ((int)(sizeof(bad_ptrs) / sizeof(bad_ptrs[0])))

/* An open file with 100 bytes in it. */
static int data_file(void)
{
	memset(buf, 'd', 100);
	if (ut_write_file(F1, buf, 100) < 0)
		return -1;
	return open(F1, O_RDWR);
}

int t_bad_ptr_io(void)
{
	int fd = data_file(), p[2];

	CHECK(fd >= 0);
	for (int i = 0; i < NBAD; i++) {
		EXPECT(sys_read(fd, bad_ptrs[i], 10), -EFAULT);
		EXPECT(sys_write(fd, bad_ptrs[i], 10), -EFAULT);
	}
	EXPECT(sys_read(fd, (void *)t_bad_ptr_io, 10), -EFAULT); /* text is read-only */
	/* Starting in the unmapped page below the stack, ending inside it. */
	EXPECT(sys_write(fd, (char *)UT_STACK_TOP - 16384 - 8, 16), -EFAULT);
	/* Running off the top of the stack: an error, or a short write at most. */
	long r = sys_write(fd, (char *)UT_STACK_TOP - 8, 16);
	CHECK(r == -EFAULT || (r >= 0 && r <= 8));
	EXPECT(sys_pipe(p), 0);
	EXPECT(sys_write(p[1], "abc", 3), 3);
	EXPECT(sys_read(p[0], (void *)UT_BAD_USER, 3), -EFAULT);
	EXPECT(sys_write(p[1], (void *)UT_BAD_KERNEL, 3), -EFAULT);
	close(p[0]);
	close(p[1]);
	close(fd);
	EXPECT(unlink(F1), 0);
	return 0;
}

/* A string that runs into the unmapped page after the heap's break. */
static char *unterminated(void)
{
	char *cur = (char *)sys_sbrk(0);
	long pad = (long)(-(uintptr_t)cur & (UT_PAGE - 1));

	if (pad == 0)
		pad = (long)UT_PAGE;
	sys_sbrk(pad); /* the break is now at a page boundary */
	memset(cur + pad - 100, 'a', 100);
	return cur + pad - 100;
}

int t_bad_ptr_path(void)
{
	char *argv[] = { "x", NULL };
	char *s = unterminated();

	for (int i = 0; i < NBAD; i++) {
		const char *path = bad_ptrs[i];
		EXPECT(sys_open(path, O_RDONLY), -EFAULT);
		EXPECT(sys_open(path, O_CREAT | O_RDWR), -EFAULT);
		EXPECT(sys_mkdir(path), -EFAULT);
		EXPECT(sys_unlink(path), -EFAULT);
		EXPECT(sys_chdir(path), -EFAULT);
		EXPECT(sys_exec(path, argv), -EFAULT);
	}
	EXPECT(sys_open(s, O_RDONLY), -EFAULT);
	EXPECT(sys_mkdir(s), -EFAULT);
	EXPECT(sys_exec(s, argv), -EFAULT);
	return 0;
}

/* The lowest free descriptor: nothing may change it across failed calls. */
static int lowest_free(void)
{
	int fd = dup(1);

	close(fd);
	return fd;
}

int t_bad_ptr_misc(void)
{
	struct stat st;
	int free_fd = lowest_free(), st_val = 0;

	for (int i = 0; i < NBAD; i++) {
		EXPECT(sys_pipe(bad_ptrs[i]), -EFAULT);
		EXPECT(sys_fstat(1, bad_ptrs[i]), -EFAULT);
		if (bad_ptrs[i]) { /* wait(NULL) is allowed */
			int pid = fork();
			if (pid == 0)
				exit(5);
			msleep(10);
			EXPECT(sys_wait(bad_ptrs[i]), -EFAULT);
			EXPECT(sys_wait(&st_val), pid); /* not lost by the failed wait */
			EXPECT(st_val, 5);
		}
		EXPECT(sys_procinfo(bad_ptrs[i], 4), -EFAULT);
		EXPECT(sys_memstat(bad_ptrs[i]), -EFAULT);
	}
	EXPECT(sys_fstat(1, (void *)t_bad_ptr_misc), -EFAULT); /* read-only text */
	EXPECT(sys_memstat((void *)t_bad_ptr_misc), -EFAULT);
	EXPECT(lowest_free(), free_fd); /* the failed pipes leaked no descriptor */
	EXPECT(sys_fstat(1, &st), 0);
	return 0;
}

int t_bad_fd(void)
{
	int closed = open("/", O_RDONLY);
	struct stat st;

	CHECK(closed >= 0);
	close(closed);
	const int fds[] = { -1, -1000, closed, 1000, 0x7fffffff };
	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		int fd = fds[i];
		EXPECT(sys_read(fd, buf, 1), -EBADF);
		EXPECT(sys_write(fd, "x", 1), -EBADF);
		EXPECT(sys_close(fd), -EBADF);
		EXPECT(sys_fstat(fd, &st), -EBADF);
		EXPECT(sys_lseek(fd, 0, SEEK_SET), -EBADF);
		EXPECT(sys_dup(fd), -EBADF);
	}
	return 0;
}

int t_huge_sizes(void)
{
	int fd = data_file();

	CHECK(fd >= 0);
	EXPECT(sys_write(fd, buf, (size_t)-1), -EFAULT); /* wraps around */
	EXPECT(sys_read(fd, buf, (size_t)-1), -EFAULT);
	EXPECT(sys_write(fd, buf, (size_t)-4096), -EFAULT);
	EXPECT(sys_lseek(fd, 0, SEEK_SET), 0);
	/* Larger than the address space holds: the 100 bytes, or an error. */
	long r = sys_read(fd, buf, 1ul << 40);
	CHECK(r == 100 || r == -EFAULT);
	r = sys_write(fd, buf, 1ul << 40);
	CHECK(r < 0 || r < (1l << 30));
	EXPECT(sys_lseek(fd, 0, SEEK_SET), 0); /* the file still works */
	EXPECT(sys_read(fd, buf, 10), 10);
	EXPECT(buf[0], 'd');
	close(fd);
	EXPECT(unlink(F1), 0);
	return 0;
}

int t_lseek_bad(void)
{
	int fd = data_file(), p[2];

	CHECK(fd >= 0);
	EXPECT(sys_lseek(fd, 10, SEEK_SET), 10);
	EXPECT(sys_lseek(fd, 0, 3), -EINVAL);
	EXPECT(sys_lseek(fd, 0, -1), -EINVAL);
	EXPECT(sys_lseek(fd, 0, 1000), -EINVAL);
	EXPECT(sys_lseek(fd, -1, SEEK_SET), -EINVAL);
	EXPECT(sys_lseek(fd, -11, SEEK_CUR), -EINVAL);
	EXPECT(sys_lseek(fd, -101, SEEK_END), -EINVAL);
	EXPECT(sys_lseek(fd, 0, SEEK_CUR), 10); /* failures moved nothing */
	EXPECT(sys_pipe(p), 0);
	EXPECT(sys_lseek(p[0], 0, SEEK_SET), -ESPIPE);
	close(p[0]);
	close(p[1]);
	close(fd);
	EXPECT(unlink(F1), 0);
	return 0;
}

int t_fd_exhaust(void)
{
	int fds[256], n = 0, p[2];
	long r = 0;

	sys_unlink(UT_PREFIX "new");
	while (n < 256 && (r = sys_dup(1)) >= 0)
		fds[n++] = (int)r;
	CHECK(n > 0 && n < 256);
	EXPECT(r, -EMFILE);
	EXPECT(sys_open("/", O_RDONLY), -EMFILE);
	EXPECT(sys_open(UT_PREFIX "new", O_CREAT | O_RDWR), -EMFILE);
	EXPECT(sys_pipe(p), -EMFILE);
	close(fds[--n]); /* one free: a pipe needs two */
	EXPECT(sys_pipe(p), -EMFILE);
	EXPECT(sys_dup(1), fds[n]); /* and it took none */
	n++;
	while (n > 0)
		close(fds[--n]);
	EXPECT(sys_open(UT_PREFIX "new", O_RDONLY), -ENOENT); /* -EMFILE created nothing */
	return 0;
}

/* ----- accesses that must kill the process ----- */

/* Addresses go through a volatile variable: a visible null dereference
 * would be compiled into a trap instruction instead of a memory access. */
static volatile uintptr_t addr_null = 0, addr_kernel = UT_BAD_KERNEL;

static void read_null(void)
{
	(void)*(volatile long *)addr_null;
}
static void read_kernel(void)
{
	(void)*(volatile long *)addr_kernel;
}
static void write_kernel(void)
{
	*(volatile long *)addr_kernel = 1;
}
static void write_text(void)
{
	*(volatile char *)(uintptr_t)t_faults = 0;
}

static void jump_kernel(void)
{
	void (*volatile fn)(void) = (void (*)(void))addr_kernel;
	fn();
}

static int recurse(int depth)
{
	volatile char pad[1024];

	pad[0] = (char)depth;
	if (depth > 1000000) /* never: the 16 KiB stack ends long before */
		return 0;
	return recurse(depth + 1) + pad[0];
}

static void overflow_stack(void)
{
	recurse(0);
}

/* 1 if fn killed the child running it. */
static int dies(void (*fn)(void))
{
	int pid = fork();

	if (pid == 0) {
		fn();
		exit(0);
	}
	int st = ut_wait_pid(pid);
	return st != 0 && st != UT_NO_STATUS;
}

int t_faults(void)
{
	CHECK(dies(read_null));
	CHECK(dies(read_kernel));
	CHECK(dies(write_kernel));
	CHECK(dies(write_text));
	CHECK(dies(jump_kernel));
	CHECK(dies(overflow_stack));
	return 0;
}
