/* SPDX-License-Identifier: MIT */
/*
 * entry.S - a test guest's first instructions: a stack, a cleared BSS,
 * then kmain(a0, a1). As a PV guest a0 is the vCPU id and a1 the
 * guest-physical address of the start info (pvabi/start_info.h).
 */
	.section .text.entry, "ax"
	.globl _start
_start:
	la	sp, __stack_top
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	kmain
3:	j	3b
