/* SPDX-License-Identifier: MIT */
/*
 * fv_trap.S - the trap entry of the FV test guests (fv*.c, which have no tg
 * library): all general registers saved on the stack, then the guest's own
 * C handler fv_trap(), then back with sret. An FV test guest points stvec at
 * fv_trap_entry.
 */
	.section .text
	.balign 4
	.globl fv_trap_entry
fv_trap_entry:
	addi	sp, sp, -256
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (\n * 8)(sp)
	.endr
	call	fv_trap
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, (\n * 8)(sp)
	.endr
	addi	sp, sp, 256
	sret
