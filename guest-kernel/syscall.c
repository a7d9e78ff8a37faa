/* SPDX-License-Identifier: MIT */
/*
 * syscall.c - system call dispatch: the number in a7, arguments in a0..a5,
 * the result (or a negative errno) back in a0. The table is indexed by the
 * numbers of uapi/syscall.h.
 */
#include <errno.h>

#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "uapi/syscall.h"

static int64_t (*const table[SYS_MAX])(void) = {
	[SYS_fork] = sys_fork,		 [SYS_exit] = sys_exit,
	[SYS_wait] = sys_wait,		 [SYS_pipe] = sys_pipe,
	[SYS_read] = sys_read,		 [SYS_kill] = sys_kill,
	[SYS_exec] = sys_exec,		 [SYS_fstat] = sys_fstat,
	[SYS_chdir] = sys_chdir,	 [SYS_dup] = sys_dup,
	[SYS_getpid] = sys_getpid,	 [SYS_sbrk] = sys_sbrk,
	[SYS_sleep] = sys_sleep,	 [SYS_uptime] = sys_uptime,
	[SYS_open] = sys_open,		 [SYS_write] = sys_write,
	[SYS_lseek] = sys_lseek,	 [SYS_unlink] = sys_unlink,
	[SYS_mkdir] = sys_mkdir,	 [SYS_close] = sys_close,
	[SYS_yield] = sys_yield,	 [SYS_procinfo] = sys_procinfo,
	[SYS_memstat] = sys_memstat,	 [SYS_shutdown] = sys_shutdown,
	[SYS_setpgid] = sys_setpgid,	 [SYS_tcsetpgrp] = sys_tcsetpgrp,
	[SYS_tcgetpgrp] = sys_tcgetpgrp,
};

uint64_t syscall_arg(int n)
{
	return proc_current()->tf->x[REG_A0 + n];
}

void syscall_dispatch(struct trapframe *tf)
{
	uint64_t nr = tf->x[REG_A7];

	if (nr < SYS_MAX && table[nr])
		tf->x[REG_A0] = (uint64_t)table[nr]();
	else
		tf->x[REG_A0] = (uint64_t)-ENOSYS;
}
