/* SPDX-License-Identifier: MIT */
/*
 * trap.c - the kernel's traps. The first stage has no user programs, so any
 * trap is a kernel bug: report it precisely and stop.
 */
#include "kernel/console.h"
#include "kernel/platform.h"
#include "kernel/trap.h"

void kernel_trap_entry(void);

int trap_init(void)
{
	return plat_set_trap_entry((uintptr_t)kernel_trap_entry);
}

void kernel_trap(struct trapframe *tf)
{
	kpanic("unexpected trap: scause 0x%llx sepc 0x%llx stval 0x%llx",
	       (unsigned long long)tf->scause, (unsigned long long)tf->sepc,
	       (unsigned long long)tf->stval);
}
