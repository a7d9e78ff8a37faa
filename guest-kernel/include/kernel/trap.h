/* SPDX-License-Identifier: MIT */
/* trap.h - the trap frame, and handling traps from user and kernel mode. */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#define TF_SEPC (32 * 8)
#define TF_SCAUSE (33 * 8)
#define TF_STVAL (34 * 8)
#define TF_SSTATUS (35 * 8)
#define TF_SIZE (36 * 8)

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct trapframe {
	uint64_t x[32]; /* x[0] unused; x[2] is the sp before the trap */
	uint64_t sepc, scause, stval, sstatus;
};
_Static_assert(offsetof(struct trapframe, sepc) == TF_SEPC, "sepc");
_Static_assert(offsetof(struct trapframe, scause) == TF_SCAUSE, "scause");
_Static_assert(offsetof(struct trapframe, stval) == TF_STVAL, "stval");
_Static_assert(offsetof(struct trapframe, sstatus) == TF_SSTATUS, "sstatus");
_Static_assert(sizeof(struct trapframe) == TF_SIZE, "trapframe size");

#define REG_SP 2
#define REG_A0 10
#define REG_A7 17

/* Register the trap entry with the platform; 0 or an error. */
int trap_init(void);
void kernel_trap(struct trapframe *tf);
void user_trap(struct trapframe *tf) __attribute__((noreturn));
/* Return to user mode with the registers in tf. */
void trap_user_return(struct trapframe *tf) __attribute__((noreturn));
#endif

#endif
