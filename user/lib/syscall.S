/* SPDX-License-Identifier: MIT */
/*
 * syscall.S - the raw system call stubs sys_NAME: a7 = number, arguments
 * already in a0..a5, the kernel's result (value or negative errno) returned
 * unchanged in a0. lib/posix.c wraps them in the errno convention.
 */
#include "uapi/syscall.h"

/* One stub per call, each in its own section so --gc-sections drops unused ones. */
#define STUB(name)                                         \
	.section .text.sys_##name, "ax", @progbits;        \
	.globl sys_##name;                                 \
	.type sys_##name, @function;                       \
sys_##name:                                                \
	li a7, SYS_##name;                                 \
	ecall;                                             \
	ret;                                               \
	.size sys_##name, . - sys_##name

STUB(fork)
STUB(exit)
STUB(wait)
STUB(pipe)
STUB(read)
STUB(kill)
STUB(exec)
STUB(fstat)
STUB(chdir)
STUB(dup)
STUB(getpid)
STUB(sbrk)
STUB(sleep)
STUB(uptime)
STUB(open)
STUB(write)
STUB(lseek)
STUB(unlink)
STUB(mkdir)
STUB(close)
STUB(yield)
STUB(procinfo)
STUB(memstat)
STUB(shutdown)
STUB(setpgid)
STUB(tcsetpgrp)
STUB(tcgetpgrp)

/* sys_raw(nr, a0, a1, a2): any call number, for usertests' bad-number checks. */
	.section .text.sys_raw, "ax", @progbits
	.globl sys_raw
	.type sys_raw, @function
sys_raw:
	mv a7, a0
	mv a0, a1
	mv a1, a2
	mv a2, a3
	ecall
	ret
	.size sys_raw, . - sys_raw
