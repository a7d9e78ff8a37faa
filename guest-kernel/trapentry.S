/* SPDX-License-Identifier: MIT */
/*
 * trapentry.S - the kernel's one trap vector: exceptions, system calls and
 * event upcalls all arrive here (scause tells them apart).
 *
 * sscratch is 0 while the kernel runs and holds the current process's trap
 * frame (at the top of its kernel stack) while user code runs, so one swap
 * tells where the trap came from. Offsets are TF_* from kernel/trap.h,
 * asserted against the C struct.
 */
#include "kernel/trap.h"

	.macro SAVE_REGS
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (\n * 8)(sp)
	.endr
	.endm

	.macro SAVE_CSRS
	csrr	t0, sepc
	sd	t0, TF_SEPC(sp)
	csrr	t0, scause
	sd	t0, TF_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, TF_STVAL(sp)
	csrr	t0, sstatus
	sd	t0, TF_SSTATUS(sp)
	.endm

	.macro RESTORE_CSRS_AND_REGS
	ld	t0, TF_SEPC(sp)
	csrw	sepc, t0
	ld	t0, TF_SSTATUS(sp)
	csrw	sstatus, t0
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, (\n * 8)(sp)
	.endr
	.endm

	.text
	.balign 4
	.globl kernel_trap_entry
kernel_trap_entry:
	csrrw	sp, sscratch, sp
	bnez	sp, from_user
	csrrw	sp, sscratch, sp
	addi	sp, sp, -TF_SIZE
	SAVE_REGS
	addi	t0, sp, TF_SIZE
	sd	t0, (2 * 8)(sp)
	SAVE_CSRS
	mv	a0, sp
	call	kernel_trap
	RESTORE_CSRS_AND_REGS
	addi	sp, sp, TF_SIZE
	sret

from_user:
	/* sp = the trap frame; sscratch = the user's sp. */
	SAVE_REGS
	csrr	t0, sscratch
	sd	t0, (2 * 8)(sp)
	csrw	sscratch, zero
	SAVE_CSRS
	mv	a0, sp
	call	user_trap
	/* user_trap returns through trap_user_return. */
1:	j	1b

/* void trap_user_return(struct trapframe *tf): back to user mode. */
	.globl trap_user_return
trap_user_return:
	mv	sp, a0
	csrw	sscratch, a0
	RESTORE_CSRS_AND_REGS
	ld	sp, (2 * 8)(sp)
	sret
