/* SPDX-License-Identifier: MIT */
/*
 * posix.c - the POSIX-style wrappers of the raw system calls: a negative
 * kernel result becomes -1 with errno set, so picolibc (malloc, strtol) and
 * the programs share one error convention.
 */
#include "ulib.h"

/* The kernel returns negative errno values; POSIX wants -1 and errno. */
static long ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

int fork(void)
{
	return (int)ret(sys_fork());
}
int wait(int *status)
{
	return (int)ret(sys_wait(status));
}
int pipe(int fds[2])
{
	return (int)ret(sys_pipe(fds));
}
long read(int fd, void *buf, size_t n)
{
	return ret(sys_read(fd, buf, n));
}
int kill(int pid)
{
	return (int)ret(sys_kill(pid));
}
int exec(const char *path, char *const argv[])
{
	return (int)ret(sys_exec(path, argv));
}
int fstat(int fd, struct stat *st)
{
	return (int)ret(sys_fstat(fd, st));
}
int chdir(const char *path)
{
	return (int)ret(sys_chdir(path));
}
int dup(int fd)
{
	return (int)ret(sys_dup(fd));
}
int getpid(void)
{
	return (int)ret(sys_getpid());
}
int msleep(long ms)
{
	return (int)ret(sys_sleep(ms));
}
long uptime(void)
{
	return ret(sys_uptime());
}
int open(const char *path, int flags)
{
	return (int)ret(sys_open(path, flags));
}
long write(int fd, const void *buf, size_t n)
{
	return ret(sys_write(fd, buf, n));
}
long lseek(int fd, long off, int whence)
{
	return ret(sys_lseek(fd, off, whence));
}
int unlink(const char *path)
{
	return (int)ret(sys_unlink(path));
}
int mkdir(const char *path)
{
	return (int)ret(sys_mkdir(path));
}
int close(int fd)
{
	return (int)ret(sys_close(fd));
}
int yield(void)
{
	return (int)ret(sys_yield());
}
int procinfo(struct procinfo *buf, int max)
{
	return (int)ret(sys_procinfo(buf, max));
}
int memstat(struct memstat *ms)
{
	return (int)ret(sys_memstat(ms));
}
int shutdown(void)
{
	return (int)ret(sys_shutdown());
}
int setpgid(int pid, int pgid)
{
	return (int)ret(sys_setpgid(pid, pgid));
}
int tcsetpgrp(int fd, int pgid)
{
	return (int)ret(sys_tcsetpgrp(fd, pgid));
}
int tcgetpgrp(int fd)
{
	return (int)ret(sys_tcgetpgrp(fd));
}

/* picolibc's malloc calls this and expects (void *)-1 on failure. */
void *sbrk(ptrdiff_t delta)
{
	long r = sys_sbrk(delta);

	if (r < 0) {
		errno = (int)-r;
		return (void *)-1;
	}
	return (void *)r;
}

/* No stdio buffers to flush (lib/printf.c writes at once), so exit is the call. */
void exit(int status)
{
	sys_exit(status);
	for (;;)
		;
}

void _exit(int status)
{
	exit(status);
}
