/* SPDX-License-Identifier: MIT */
/* trap.h - the kernel's trap frame and trap handling. */
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

/* Register the trap entry with the platform; 0 or an error. */
int trap_init(void);
void kernel_trap(struct trapframe *tf);
#endif

#endif
