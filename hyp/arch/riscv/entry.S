/* SPDX-License-Identifier: MIT */
/*
 * entry.S - the hypervisor's assembly: boot entry from OpenSBI, the trap
 * vector, and the switch into a guest and back. Frame offsets come from
 * arch/regs.h, statically asserted against struct arch_regs.
 *
 * While the hypervisor runs, sscratch is 0. While a guest runs, sscratch
 * holds its struct arch_regs; the trap vector tells the two cases apart by
 * swapping sscratch with a0.
 *
 * tp is the hypervisor's thread pointer (its TLS block, picolibc's errno in
 * it): set at boot, kept in the host frame while a guest runs (the guest has
 * its own tp) and restored at every exit.
 */
#include "arch/csr.h"
#include "arch/regs.h"

	.section .text.entry, "ax"
	.globl _start
_start:
	/* a0 = hart id, a1 = device tree, from OpenSBI. Keep them for hyp_main. */
	la	sp, __stack_top
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	csrw	sscratch, zero
	mv	s0, a0
	mv	s1, a1
	la	a0, __hart_tls
	call	_init_tls		/* copy .tdata, zero .tbss */
	la	tp, __hart_tls
	mv	a0, s0
	mv	a1, s1
	call	hyp_main
3:	wfi
	j	3b

	.text
/*
 * Callee-saved hypervisor registers and tp, kept on its stack while a guest
 * runs, and the guest's frame (for the fast path, which keeps no register
 * of its own across its call).
 */
#define HOST_FRAME 128
#define HOST_FRAME_REGS 112

/* The guest's a0 (in sscratch, which goes back to 0: "in the hypervisor") and pc. */
.macro save_a0_pc
	csrr	t0, sscratch
	sd	t0, REGS_X(10)(a0)
	csrw	sscratch, zero
	csrr	t0, sepc
	sd	t0, REGS_PC(a0)
.endm

	/* void riscv_vcpu_enter(struct arch_regs *r): returns at the guest's next trap. */
	.globl riscv_vcpu_enter
riscv_vcpu_enter:
	addi	sp, sp, -HOST_FRAME
	sd	ra, 0(sp)
	sd	s0, 8(sp)
	sd	s1, 16(sp)
	sd	s2, 24(sp)
	sd	s3, 32(sp)
	sd	s4, 40(sp)
	sd	s5, 48(sp)
	sd	s6, 56(sp)
	sd	s7, 64(sp)
	sd	s8, 72(sp)
	sd	s9, 80(sp)
	sd	s10, 88(sp)
	sd	s11, 96(sp)
	sd	tp, HOST_FRAME_TP(sp)
	sd	a0, HOST_FRAME_REGS(sp)
	sd	sp, REGS_HOST_SP(a0)
	csrw	sscratch, a0
	ld	t0, REGS_PC(a0)
	csrw	sepc, t0
	ld	t0, REGS_SSTATUS(a0)
	csrw	sstatus, t0
	ld	t0, REGS_HSTATUS(a0)
	csrw	hstatus, t0
	.irp n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, REGS_X(\n)(a0)
	.endr
	ld	a0, REGS_X(10)(a0)
	sret

	.balign 4
	.globl riscv_trap_vector
riscv_trap_vector:
	csrrw	a0, sscratch, a0
	beqz	a0, hyp_trap
	/* From a guest: a0 = its frame, sscratch = its a0. */
	sd	t0, REGS_X(5)(a0)
	sd	t1, REGS_X(6)(a0)
	csrr	t0, scause
	addi	t0, t0, -EXC_ECALL_VS
	bnez	t0, guest_exit
	/* An ecall: is a6 (the hypercall number) on this vCPU's fast list? */
	li	t1, 64
	bgeu	a6, t1, guest_exit
	not	t1, a6			/* a shift by 63 - a6 (its low 6 bits): bit a6 to the sign */
	ld	t0, REGS_FAST(a0)
	sll	t0, t0, t1
	bltz	t0, ecall_fast
	ld	t0, REGS_DIRECT(a0)
	sll	t0, t0, t1
	bltz	t0, ecall_direct
guest_exit:
	/* A full exit: every register, back to riscv_vcpu_enter's caller. */
	.irp n, 1,2,3,4,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, REGS_X(\n)(a0)
	.endr
	save_a0_pc
	csrr	t0, sstatus
	sd	t0, REGS_SSTATUS(a0)
	csrr	t0, hstatus
	sd	t0, REGS_HSTATUS(a0)
host_return:
	ld	sp, REGS_HOST_SP(a0)
host_return_sp:
	ld	ra, 0(sp)
	ld	s0, 8(sp)
	ld	s1, 16(sp)
	ld	s2, 24(sp)
	ld	s3, 32(sp)
	ld	s4, 40(sp)
	ld	s5, 48(sp)
	ld	s6, 56(sp)
	ld	s7, 64(sp)
	ld	s8, 72(sp)
	ld	s9, 80(sp)
	ld	s10, 88(sp)
	ld	s11, 96(sp)
	ld	tp, HOST_FRAME_TP(sp)
	addi	sp, sp, HOST_FRAME
	ret

	/*
	 * A hypercall the entry path makes itself (hcall.h: the fast and the
	 * direct calls): save only what a C call may clobber, plus sp and tp
	 * (the hypervisor's stack and TLS replace them), and let trap.c make
	 * it on the vCPU's hypervisor stack, below riscv_vcpu_enter's frame.
	 * s1-s11 and gp stay the guest's: C preserves the first (across a
	 * context switch too), the hypervisor never uses the second.
	 */
.macro save_for_call
	.irp n, 1,2,4,7,11,12,13,14,15,16,17,28,29,30,31
	sd	x\n, REGS_X(\n)(a0)
	.endr
	save_a0_pc
.endm

.macro save_status
	csrr	t0, sstatus
	sd	t0, REGS_SSTATUS(a0)
	csrr	t0, hstatus
	sd	t0, REGS_HSTATUS(a0)
.endm

	/*
	 * One check for both lists: nothing waits for the vCPU (regs.slow is
	 * zero: no trace on, no event pending, masked or not, nothing left by
	 * the scheduler; trap.c's slow_work and arch_vcpu_work_waits), the call
	 * is the interface's and vsatp is still the one the hypervisor
	 * installed. Otherwise to \slowpath, the C path that looks at everything.
	 */
.macro quick_checks slowpath
	ld	t0, REGS_SLOW(a0)
	bnez	t0, \slowpath
	li	t0, ENTRY_SBI_EXT
	bne	a7, t0, \slowpath
	csrr	t0, vsatp
	ld	t1, REGS_PV_VSATP(a0)
	bne	t0, t1, \slowpath
.endm

	/*
	 * A fast call when nothing waits. version(PVABI_VER_abi), the
	 * cheapest call (and the one a kernel makes to have a pending event
	 * delivered), is answered here from t0 and t1 alone; any other one is
	 * made by its fast handler (hcall.h's hcall_fast_fns, indexed by a6),
	 * called from here with the frame's argument registers (the vCPU is
	 * the frame: struct vcpu starts with it). Either is counted as the C
	 * paths count theirs (regs.hcalls).
	 */
ecall_fast:
	quick_checks ecall_fast_c
	addi	t0, a6, -ENTRY_HC_VERSION
	bnez	t0, fast_call
	csrr	t0, sscratch		/* the guest's a0: the subcommand */
	bnez	t0, fast_call		/* (ENTRY_VER_ABI is 0) */
	ld	t0, REGS_HCALLS(ENTRY_HC_VERSION)(a0)
	addi	t0, t0, 1
	sd	t0, REGS_HCALLS(ENTRY_HC_VERSION)(a0)
version_answer:
1:	auipc	a1, %pcrel_hi(riscv_pvabi_version)
	lwu	a1, %pcrel_lo(1b)(a1)
	csrr	t0, sepc
	addi	t0, t0, 4
	csrw	sepc, t0
version_return:
	csrw	sscratch, a0
	ld	t0, REGS_X(5)(a0)
	ld	t1, REGS_X(6)(a0)
	li	a0, 0
	sret

	/*
	 * A fast handler cannot reach a preemption point: only a checked guest
	 * access that faults in it traps again, which overwrites sepc (saved
	 * first) and clears SPP and SPV (an ecall from VS-mode returns there):
	 * set them back. sstatus and hstatus are saved only for a full exit or
	 * a direct call.
	 */
.macro fast_spp_spv
	li	t0, SSTATUS_SPP_BIT
	csrs	sstatus, t0
	li	t0, HSTATUS_SPV_BIT
	csrs	hstatus, t0
.endm

	/*
	 * (The labels inside the fast and direct paths name their stretches
	 * for scripts/bench_hcprof.py: saving, dispatch, restoring.)
	 */
fast_call:
	save_for_call
	ld	sp, REGS_HOST_SP(a0)
	ld	tp, HOST_FRAME_TP(sp)
fast_dispatch:
1:	auipc	t1, %pcrel_hi(hcall_fast_fns)
	addi	t1, t1, %pcrel_lo(1b)
	slli	t0, a6, 3
	add	t1, t1, t0
	ld	t1, 0(t1)
	sd	zero, REGS_VALUE(a0)
	addi	a1, a0, REGS_X(10)	/* args: a0..a4 as saved */
	addi	a2, a0, REGS_VALUE
	jalr	t1
fast_made:
	fast_spp_spv
	mv	t0, a0
	ld	a0, HOST_FRAME_REGS(sp)
	li	t1, -1
	slli	t1, t1, ENTRY_DECLINED_SHIFT
	beq	t0, t1, fast_declined
	sd	t0, REGS_X(10)(a0)
	ld	t0, REGS_VALUE(a0)
	sd	t0, REGS_X(11)(a0)
	ld	t2, REGS_PC(a0)
	addi	t2, t2, 4
	csrw	sepc, t2
fast_count:
	ld	t0, REGS_X(16)(a0)	/* the call's number */
	slli	t0, t0, 3
	add	t0, t0, a0
	ld	t1, REGS_HCALLS(0)(t0)
	addi	t1, t1, 1
	sd	t1, REGS_HCALLS(0)(t0)
	/* Work the call left (an event it raised) is in regs.slow too. */
	ld	t0, REGS_SLOW(a0)
	beqz	t0, fast_return_sepc
	sd	t2, REGS_PC(a0)
	call	riscv_ecall_fast_after
	j	fast_result

	/* Declined (a batch of mmuext_op): a direct call, the checks already made. */
fast_declined:
	save_status
	addi	a1, a0, REGS_X(10)
	ld	a2, REGS_X(16)(a0)
	j	direct_quick

	/* The C path: any case the checks above do not take. */
ecall_fast_c:
	save_for_call
	ld	sp, REGS_HOST_SP(a0)
	ld	tp, HOST_FRAME_TP(sp)
	call	riscv_ecall_fast
	fast_spp_spv
fast_result:
	mv	t0, a0
	ld	a0, HOST_FRAME_REGS(sp)
	addi	t1, t0, -ECALL_FAST_DONE
	beqz	t1, fast_return
	addi	t1, t0, -ECALL_FAST_DIRECT
	save_status		/* (keeps t1) */
	beqz	t1, direct_call
	j	ecall_exit_save	/* ECALL_FAST_EXIT */

	/*
	 * A direct call may stop at a preemption point, and another vCPU run
	 * meanwhile: sstatus and hstatus are saved first, and put back whole.
	 * When nothing waits, riscv_ecall_direct_quick makes it with the
	 * frame's argument registers and its number; otherwise
	 * riscv_ecall_direct looks at everything.
	 */
ecall_direct:
	quick_checks ecall_direct_c
direct_save:
	save_for_call
	save_status
	ld	sp, REGS_HOST_SP(a0)
	ld	tp, HOST_FRAME_TP(sp)
	addi	a1, a0, REGS_X(10)
	mv	a2, a6
direct_quick:
	call	riscv_ecall_direct_quick
	j	direct_result
ecall_direct_c:
	save_for_call
	save_status
	ld	sp, REGS_HOST_SP(a0)
	ld	tp, HOST_FRAME_TP(sp)
direct_call:
	call	riscv_ecall_direct
direct_result:
	mv	t0, a0
	ld	a0, HOST_FRAME_REGS(sp)	/* the frame (a reset of the vCPU clears regs) */
	addi	t1, t0, -ECALL_FAST_DONE
	bnez	t1, ecall_exit
	ld	t0, REGS_SSTATUS(a0)
	csrw	sstatus, t0
	ld	t0, REGS_HSTATUS(a0)
	csrw	hstatus, t0
	j	fast_return

ecall_exit:
	bnez	t0, host_return_sp	/* ECALL_FAST_RESET: nothing of it to keep */
ecall_exit_save:
	/* ECALL_FAST_EXIT: not made, or work waits that only a full exit does. */
	.irp n, 3,8,9,18,19,20,21,22,23,24,25,26,27
	sd	x\n, REGS_X(\n)(a0)
	.endr
	j	host_return_sp

fast_return:
	/* Straight back into the guest: riscv_vcpu_enter's end, for what was saved. */
	ld	t0, REGS_PC(a0)
	csrw	sepc, t0
fast_return_sepc:
	csrw	sscratch, a0
	.irp n, 1,2,4,5,6,7,11,12,13,14,15,16,17,28,29,30,31
	ld	x\n, REGS_X(\n)(a0)
	.endr
	ld	a0, REGS_X(10)(a0)
	sret

hyp_trap:
	/* In the hypervisor itself: restore a0 (sscratch back to 0) and save all. */
	csrrw	a0, sscratch, a0
	addi	sp, sp, -HFRAME_SIZE
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (\n * 8)(sp)
	.endr
	addi	t0, sp, HFRAME_SIZE
	sd	t0, (2 * 8)(sp)
	csrr	t0, sepc
	sd	t0, (32 * 8)(sp)
	mv	a0, sp
	call	riscv_hyp_trap
	ld	t0, (32 * 8)(sp)
	csrw	sepc, t0
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, (\n * 8)(sp)
	.endr
	addi	sp, sp, HFRAME_SIZE
	sret
