/* SPDX-License-Identifier: MIT */
/*
 * guest_access.S - copying to and from guest-virtual memory with the
 * hypervisor load/store instructions (hlv/hsv), which translate as the guest
 * would. A fault on one of them is turned into -EFAULT by riscv_hyp_trap()
 * through the fixup table below, instead of stopping the hypervisor.
 */
#include <pvabi/errno.h>

	.option push
	.option arch, +h

	.text
	/* int arch_copy_from_guest(void *dst, gva_t src, size_t n) */
	.globl arch_copy_from_guest
arch_copy_from_guest:
	/* Whole doublewords when everything is 8-byte aligned (hypercall structs). */
	or	t1, a0, a1
	or	t1, t1, a2
	andi	t1, t1, 7
	bnez	t1, 0f
	beqz	a2, 2f
3:
.Lhlvd:	hlv.d	t0, (a1)
	sd	t0, 0(a0)
	addi	a0, a0, 8
	addi	a1, a1, 8
	addi	a2, a2, -8
	bnez	a2, 3b
	li	a0, 0
	ret
0:	beqz	a2, 2f
1:
.Lhlv:	hlv.bu	t0, (a1)
	sb	t0, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	bnez	a2, 1b
2:	li	a0, 0
	ret

	/* int arch_copy_to_guest(gva_t dst, const void *src, size_t n) */
	.globl arch_copy_to_guest
arch_copy_to_guest:
	or	t1, a0, a1
	or	t1, t1, a2
	andi	t1, t1, 7
	bnez	t1, 0f
	beqz	a2, 2f
3:	ld	t0, 0(a1)
.Lhsvd:	hsv.d	t0, (a0)
	addi	a0, a0, 8
	addi	a1, a1, 8
	addi	a2, a2, -8
	bnez	a2, 3b
	li	a0, 0
	ret
0:	beqz	a2, 2f
1:	lbu	t0, 0(a1)
.Lhsv:	hsv.b	t0, (a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	bnez	a2, 1b
2:	li	a0, 0
	ret

	/*
	 * int riscv_guest_hlvx_check(gva_t va): 0 if hlvx may read at va (it
	 * checks execute permission in both stages, but this QEMU skips the
	 * VS-stage X bit: vswalk.c completes it as arch_guest_check_exec).
	 */
	.globl riscv_guest_hlvx_check
riscv_guest_hlvx_check:
.Lhlvx:	hlvx.hu	t0, (a0)
	li	a0, 0
	ret

	/*
	 * int riscv_guest_fetch16(gva_t va, uint16_t *out): read 16 bits of
	 * the guest's code at va as its instruction fetch would (hlvx: execute
	 * permission), for decoding a trapped instruction.
	 */
	.globl riscv_guest_fetch16
riscv_guest_fetch16:
.Lhlvx16:
	hlvx.hu	t0, (a0)
	sh	t0, 0(a1)
	li	a0, 0
	ret

riscv_guest_access_fault:
	li	a0, -PVABI_EFAULT
	ret

	.option pop

	/* Fixup table: {faulting pc, resume pc} pairs, ended by zeros. */
	.section .rodata
	.balign 8
	.globl riscv_guest_access_fixups
riscv_guest_access_fixups:
	.dword	.Lhlv, riscv_guest_access_fault
	.dword	.Lhlvd, riscv_guest_access_fault
	.dword	.Lhsvd, riscv_guest_access_fault
	.dword	.Lhsv, riscv_guest_access_fault
	.dword	.Lhlvx, riscv_guest_access_fault
	.dword	.Lhlvx16, riscv_guest_access_fault
	.dword	0, 0
