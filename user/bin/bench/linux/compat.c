/* SPDX-License-Identifier: MIT */
/*
 * linux/compat.c - the project's user-library calls bench needs that Linux's
 * libc lacks or spells differently (linux/ulib.h) and stdout's buffer.
 * (instret is read as on the project's kernel, bench.h: Linux boots with
 * initcall_blacklist=pmu_sbi_devinit, scripts/linux_exits.py says why.)
 */
#include <stdarg.h>
#include <sys/syscall.h>

#include "ulib.h"

/* A static, line-buffered stdout: printf must not malloc, since the
 * benchmarks move the program break themselves (heap_grow/heap_shrink), and
 * a child's _exit must not leave a parent's half line behind or repeat it. */
static char stdout_buf[BUFSIZ];

__attribute__((constructor)) static void stdout_line_buffered(void)
{
	setvbuf(stdout, stdout_buf, _IOLBF, sizeof(stdout_buf));
}

int memstat(struct memstat *ms)
{
	(void)ms;
	errno = ENOSYS;
	return -1;
}

/* syscall(), not getpid(): the null benchmark times a kernel entry. */
long sys_getpid(void)
{
	return syscall(SYS_getpid);
}

int exec(const char *path, char *const argv[])
{
	return execv(path, argv);
}

int msleep(long ms)
{
	return usleep((useconds_t)ms * 1000);
}

long write_all(int fd, const void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = write(fd, (const char *)buf + done, n - done);
		if (r <= 0)
			return done ? (long)done : -1;
		done += (size_t)r;
	}
	return (long)done;
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdprintf(2, fmt, ap);
	va_end(ap);
	exit(1);
}
