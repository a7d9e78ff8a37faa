/* SPDX-License-Identifier: MIT */
/*
 * trapentry.S - the kernel's trap entry: saves every register in a struct
 * trapframe on the kernel stack, calls kernel_trap(tf), restores, sret.
 * Offsets are TF_* from kernel/trap.h, asserted against the C struct.
 */
#include "kernel/trap.h"

	.text
	.balign 4
	.globl kernel_trap_entry
kernel_trap_entry:
	addi	sp, sp, -TF_SIZE
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (\n * 8)(sp)
	.endr
	addi	t0, sp, TF_SIZE
	sd	t0, (2 * 8)(sp)
	csrr	t0, sepc
	sd	t0, TF_SEPC(sp)
	csrr	t0, scause
	sd	t0, TF_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, TF_STVAL(sp)
	csrr	t0, sstatus
	sd	t0, TF_SSTATUS(sp)
	mv	a0, sp
	call	kernel_trap
	ld	t0, TF_SEPC(sp)
	csrw	sepc, t0
	ld	t0, TF_SSTATUS(sp)
	csrw	sstatus, t0
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, (\n * 8)(sp)
	.endr
	addi	sp, sp, TF_SIZE
	sret
