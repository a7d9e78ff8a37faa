/* SPDX-License-Identifier: MIT */
/*
 * entry.S - the guest kernel's first instructions. Paging is off and the
 * kernel runs at its load address: boot() builds the kernel's mapping (all
 * PC-relative), then we jump to the linked, higher-half address, move the
 * stack there, and call kmain(a0, a1). As a PV guest a0 is the vCPU id and
 * a1 the guest-physical address of the start info (pvabi/start_info.h).
 */
	.section .text.entry, "ax"
	.globl _start
_start:
	la	sp, __stack_top
	mv	s0, a0
	mv	s1, a1
	call	boot
	li	t0, 0xffffffc000000000
	la	t1, 1f
	add	t1, t1, t0
	jr	t1
1:	add	sp, sp, t0
	mv	a0, s0
	mv	a1, s1
	call	kmain
2:	j	2b
