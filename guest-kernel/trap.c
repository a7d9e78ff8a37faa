/* SPDX-License-Identifier: MIT */
/*
 * trap.c - what a trap means: a system call, a page fault (the heap grows
 * on first touch), an event (timer, console input), or a fault that kills
 * the process. A trap in kernel mode is either an event taken while idle
 * or a kernel bug.
 */
#include "kernel/console.h"
#include "kernel/platform.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/trap.h"
#include "kernel/vm.h"

void kernel_trap_entry(void);

#define SCAUSE_INTR (1ull << 63)
#define CAUSE_ECALL_U 8
#define CAUSE_LOAD_PF 13
#define CAUSE_STORE_PF 15

/* scounteren: user programs (bench) may read cycle, time and instret. */
#define SCOUNTEREN_CY (1u << 0)
#define SCOUNTEREN_TM (1u << 1)
#define SCOUNTEREN_IR (1u << 2)

int trap_init(void)
{
	__asm__ __volatile__("csrw sscratch, zero");
	/* Natively M-mode (OpenSBI) has opened these to S; under the hypervisor
	 * hcounteren has opened them to VS, and scounteren is the guest's own. */
	__asm__ __volatile__("csrw scounteren, %0"
			     :
			     : "r"(SCOUNTEREN_CY | SCOUNTEREN_TM | SCOUNTEREN_IR));
	return plat_set_trap_entry((uintptr_t)kernel_trap_entry);
}

static void events(uint64_t scause)
{
	unsigned ev = plat_interrupt(scause);

	if (ev & PLAT_EV_CONSOLE)
		console_intr();
	if (ev & PLAT_EV_TIMER)
		proc_timer_tick();
}

void kernel_trap(struct trapframe *tf)
{
	if (tf->scause & SCAUSE_INTR) {
		events(tf->scause);
		return;
	}
	kpanic("kernel trap: scause 0x%llx sepc 0x%llx stval 0x%llx",
	       (unsigned long long)tf->scause, (unsigned long long)tf->sepc,
	       (unsigned long long)tf->stval);
}

static const char *fault_name(uint64_t cause)
{
	static const char *const names[] = {
		[0] = "misaligned fetch", [1] = "fetch access fault", [2] = "illegal instruction",
		[3] = "breakpoint",	  [4] = "misaligned load",    [5] = "load access fault",
		[6] = "misaligned store", [7] = "store access fault", [12] = "fetch page fault",
		[13] = "load page fault", [15] = "store page fault",
	};

	return cause < sizeof(names) / sizeof(names[0]) && names[cause] ? names[cause]
									: "exception";
}

void user_trap(struct trapframe *tf)
{
	struct proc *p = proc_current();
	uint64_t cause = tf->scause;

	if (cause & SCAUSE_INTR) {
		events(cause);
	} else if (cause == CAUSE_ECALL_U) {
		tf->sepc += 4;
		syscall_dispatch(tf);
	} else if ((cause == CAUSE_LOAD_PF || cause == CAUSE_STORE_PF) &&
		   vm_fault(&p->as, tf->stval) == 0) {
		/* heap page allocated on first touch */
	} else {
		kprintf("pid %d (%s): %s at pc 0x%llx, address 0x%llx: killed\n", p->pid, p->name,
			fault_name(cause), (unsigned long long)tf->sepc,
			(unsigned long long)tf->stval);
		p->killed = true;
	}
	proc_user_return();
}
