/* SPDX-License-Identifier: MIT */
/*
 * crt0.S - the program entry point. The kernel's exec enters _start with
 * a0 = argc, a1 = argv and sp at the top of the user stack; returning from
 * main exits with main's return value.
 */
	.section .text.start, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	/* picolibc keeps errno in TLS: tp must point at the TLS block. */
	.option push
	.option norelax
	lla	tp, __tls_base
	.option pop
	/* A zero frame pointer ends a debugger's backtrace here. */
	li	s0, 0
	call	main
	call	exit
1:	j	1b
	.size _start, . - _start
