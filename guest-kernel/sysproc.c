/* SPDX-License-Identifier: MIT */
/*
 * sysproc.c - the process system calls, job control (process groups and the
 * console's foreground group) among them: arguments checked, work done in
 * proc.c, exec.c and console.c.
 */
#include <errno.h>
#include <string.h>

#include "kernel/console.h"
#include "kernel/exec.h"
#include "kernel/file.h"
#include "kernel/kalloc.h"
#include "kernel/platform.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "uapi/fs.h"

int64_t sys_fork(void)
{
	return proc_fork();
}

int64_t sys_exit(void)
{
	proc_exit((int)syscall_arg(0));
}

int64_t sys_wait(void)
{
	return proc_wait(syscall_arg(0));
}

int64_t sys_kill(void)
{
	return proc_kill((int)syscall_arg(0));
}

int64_t sys_setpgid(void)
{
	return proc_setpgid((int)syscall_arg(0), (int)syscall_arg(1));
}

/* Argument n as a descriptor of the console: 0, -EBADF or -ENOTTY. */
static int arg_console(int n)
{
	struct file *f = file_from_fd((int)syscall_arg(n));

	if (!f)
		return -EBADF;
	return file_is_console(f) ? 0 : -ENOTTY;
}

/* Any holder of the console may give it to any group: there are no sessions. */
int64_t sys_tcsetpgrp(void)
{
	int pgid = (int)syscall_arg(1);
	int err = arg_console(0);

	if (err)
		return err;
	if (pgid < 0)
		return -EINVAL;
	if (pgid && !proc_group_exists(pgid))
		return -EPERM;
	console_set_foreground(pgid);
	return 0;
}

int64_t sys_tcgetpgrp(void)
{
	int err = arg_console(0);

	return err ? err : console_foreground();
}

int64_t sys_getpid(void)
{
	return proc_current()->pid;
}

int64_t sys_yield(void)
{
	proc_yield();
	return 0;
}

int64_t sys_sleep(void)
{
	return proc_sleep_ms(syscall_arg(0));
}

int64_t sys_uptime(void)
{
	return (int64_t)proc_uptime_ms();
}

/* The heap grows lazily (pages appear on first touch) and shrinks at once. */
int64_t sys_sbrk(void)
{
	struct addrspace *as = &proc_current()->as;
	int64_t delta = (int64_t)syscall_arg(0);
	uint64_t old = as->brk, new = old + (uint64_t)delta;
	struct memstat st;

	if (delta >= 0) {
		kalloc_stats(&st);
		if (new < old || new > USER_TOP - (USER_STACK_PAGES + 1) * PAGE_SIZE ||
		    PAGE_ROUND_UP(new) - PAGE_ROUND_UP(old) > st.pages_free * PAGE_SIZE)
			return -ENOMEM;
	} else {
		if (new > old || new < as->heap_base)
			return -EINVAL;
		vm_dealloc(as, PAGE_ROUND_UP(new), PAGE_ROUND_UP(old) - PAGE_ROUND_UP(new));
		vm_commit();
	}
	as->brk = new;
	return (int64_t)old;
}

/* argv from user memory into one kernel page: pointers first, then strings. */
static int fetch_args(uint64_t uargv, char *page, char ***argv_out)
{
	char **argv = (char **)page;
	char *strs = page + (EXEC_MAXARG + 1) * sizeof(char *);
	size_t room = PAGE_SIZE - (EXEC_MAXARG + 1) * sizeof(char *);
	int argc = 0;

	for (;; argc++) {
		uint64_t uarg;
		int len;

		if (argc > EXEC_MAXARG)
			return -E2BIG;
		if (uvm_copyin(&uarg, uargv + (uint64_t)argc * sizeof(uint64_t), sizeof(uarg)))
			return -EFAULT;
		if (!uarg)
			break;
		if ((len = uvm_copyinstr(strs, uarg, room)) < 0)
			return len == -ENAMETOOLONG ? -E2BIG : len;
		argv[argc] = strs;
		strs += len + 1;
		room -= (size_t)len + 1;
	}
	argv[argc] = NULL;
	*argv_out = argv;
	return 0;
}

int64_t sys_exec(void)
{
	char path[PATH_MAX_LEN + 1], **argv;
	char *page;
	int err;

	if ((err = uvm_copyinstr(path, syscall_arg(0), sizeof(path))) < 0)
		return err;
	if (!(page = page_alloc_dirty()))
		return -ENOMEM;
	err = fetch_args(syscall_arg(1), page, &argv);
	if (!err)
		err = exec_start(path, argv);
	page_free(page);
	/* On success the trap frame was replaced: a0 holds argc already. */
	return err ? err : (int64_t)proc_current()->tf->x[REG_A0];
}

int64_t sys_procinfo(void)
{
	return proc_list(syscall_arg(0), (int)syscall_arg(1));
}

int64_t sys_memstat(void)
{
	struct memstat st;

	kalloc_stats(&st);
	return uvm_copyout(syscall_arg(0), &st, sizeof(st));
}

int64_t sys_shutdown(void)
{
	plat_shutdown(0);
}
