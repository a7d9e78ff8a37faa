/* SPDX-License-Identifier: MIT */
/*
 * syscall.h - system call dispatch and argument access. Handlers take no
 * parameters, read their arguments with syscall_arg(), and return a result
 * or a negative errno.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stdint.h>

#include "kernel/trap.h"

uint64_t syscall_arg(int n);
void syscall_dispatch(struct trapframe *tf);

/* Process calls (sysproc.c). */
int64_t sys_fork(void), sys_exit(void), sys_wait(void), sys_kill(void), sys_exec(void),
    sys_getpid(void), sys_sbrk(void), sys_sleep(void), sys_uptime(void), sys_yield(void),
    sys_procinfo(void), sys_memstat(void), sys_shutdown(void), sys_setpgid(void),
    sys_tcsetpgrp(void), sys_tcgetpgrp(void);
/* File calls (sysfile.c). */
int64_t sys_pipe(void), sys_read(void), sys_fstat(void), sys_chdir(void), sys_dup(void),
    sys_open(void), sys_write(void), sys_lseek(void), sys_unlink(void), sys_mkdir(void),
    sys_close(void);

#endif
