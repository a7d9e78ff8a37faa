/* SPDX-License-Identifier: MIT */
/*
 * console.c - kprintf and kpanic (formatted by picolibc, written by the
 * platform), and the console device: input arrives as an event, is edited
 * a line at a time (backspace, ^U, ^D for end of file) and echoed; a read
 * blocks until a whole line is there. ^C interrupts: the console's
 * foreground process group (set by the shell for each job) is killed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "kernel/console.h"
#include "kernel/platform.h"
#include "kernel/proc.h"
#include "kernel/vm.h"

#define INPUT_MAX 256
#define CTRL(c) ((c) - '@')

static struct {
	char buf[INPUT_MAX];
	unsigned r, w, e; /* read, written (complete lines), edit */
	unsigned intrs;	  /* ^C typed so far: a waiting read sees it change */
} in;

static int fg_pgid; /* the foreground process group; 0: none */

static int kvprintf(const char *fmt, va_list ap)
{
	char buf[256];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n < 0)
		return n;
	plat_console_write(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

void kpanic(const char *fmt, ...)
{
	va_list ap;

	kprintf("panic: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	plat_shutdown(1);
}

static void echo(const char *s, size_t n)
{
	plat_console_write(s, n);
}

/*
 * ^C, as a terminal's INTR does it: the foreground group is killed (the shell
 * gives the console to each job's group, never to its own), input nobody has
 * read yet is thrown away, and reads waiting for a line return -EINTR, so a
 * shell at its prompt prints a new one.
 */
static void interrupt(void)
{
	echo("^C\n", 3);
	in.e = in.w = in.r;
	in.intrs++;
	if (fg_pgid)
		proc_kill_group(fg_pgid);
	proc_wakeup(&in);
}

static void edit(char c)
{
	switch (c) {
	case CTRL('C'):
		interrupt();
		return;
	case '\b':
	case 0x7f:
		if (in.e != in.w) {
			in.e--;
			echo("\b \b", 3);
		}
		return;
	case CTRL('U'):
		while (in.e != in.w) {
			in.e--;
			echo("\b \b", 3);
		}
		return;
	case '\r':
		c = '\n';
		break;
	default:
		break;
	}
	if (in.e - in.r >= INPUT_MAX)
		return; /* full: drop until a reader makes room */
	in.buf[in.e++ % INPUT_MAX] = c;
	if (c != CTRL('D'))
		echo(&c, 1);
	if (c == '\n' || c == CTRL('D') || in.e - in.r == INPUT_MAX) {
		in.w = in.e;
		proc_wakeup(&in);
	}
}

void console_intr(void)
{
	char buf[64];
	size_t n;

	while ((n = plat_console_read(buf, sizeof(buf))) > 0)
		for (size_t i = 0; i < n; i++)
			edit(buf[i]);
}

int64_t console_read(uint64_t udst, size_t n)
{
	size_t got = 0;
	unsigned intrs = in.intrs;

	while (in.r == in.w) {
		if (proc_killed(proc_current()) || in.intrs != intrs)
			return -EINTR;
		proc_sleep(&in);
	}
	while (got < n && in.r != in.w) {
		char c = in.buf[in.r % INPUT_MAX];

		if (c == CTRL('D')) {
			if (got == 0)
				in.r++; /* ^D alone: end of file */
			break;
		}
		if (uvm_copyout(udst + got, &c, 1))
			return got ? (int64_t)got : -EFAULT;
		in.r++;
		got++;
		if (c == '\n')
			break;
	}
	return (int64_t)got;
}

int64_t console_write(uint64_t usrc, size_t n)
{
	char buf[128];
	size_t done = 0;

	while (done < n) {
		size_t chunk = n - done < sizeof(buf) ? n - done : sizeof(buf);

		if (uvm_copyin(buf, usrc + done, chunk))
			return done ? (int64_t)done : -EFAULT;
		plat_console_write(buf, chunk);
		done += chunk;
	}
	return (int64_t)done;
}

void console_set_foreground(int pgid)
{
	fg_pgid = pgid;
}

int console_foreground(void)
{
	return fg_pgid;
}
