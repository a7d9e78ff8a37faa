/* SPDX-License-Identifier: MIT */
/*
 * switch.S - hypervisor contexts: each vCPU's exits are handled on a stack of
 * its own (sched.c), so that long work in an exit can stop at a preemption
 * point and go on later, with the hart given to the scheduler in between.
 * A switch saves and loads only what the C calling convention says a call
 * preserves (ra, sp, s0-s11); tp is the hart's and never moves.
 * Offsets: struct arch_ctx (arch/vcpu.h), statically asserted there.
 */
#include "arch/regs.h"

	.text
	/* void arch_ctx_switch(struct arch_ctx *from, const struct arch_ctx *to) */
	.globl arch_ctx_switch
arch_ctx_switch:
	sd	ra, CTX_RA(a0)
	sd	sp, CTX_SP(a0)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11
	sd	s\n, CTX_S(\n)(a0)
	.endr
	ld	ra, CTX_RA(a1)
	ld	sp, CTX_SP(a1)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11
	ld	s\n, CTX_S(\n)(a1)
	.endr
	ret

	/*
	 * A new context's first switch lands here (arch_ctx_init put it in ra):
	 * s0 = the argument, s1 = the function, which must never return.
	 */
	.globl riscv_ctx_start
riscv_ctx_start:
	mv	a0, s0
	jalr	s1
1:	j	1b
