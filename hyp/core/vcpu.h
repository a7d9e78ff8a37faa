/* SPDX-License-Identifier: MIT */
/*
 * vcpu.h - a virtual CPU as the core sees it: the architecture's state plus
 * the scheduler's state and counters.
 */
#ifndef HYP_VCPU_H
#define HYP_VCPU_H

#include "arch/vcpu.h"
#include "hyp/core/types.h"

struct guest;
struct pvabi_vcpu_info;

enum vcpu_state {
	VCPU_RUNNABLE, /* may be picked by the scheduler */
	VCPU_BLOCKED,  /* waits for an event (timer, console input) */
	VCPU_STOPPED,  /* its guest shut down or crashed */
	/*
	 * It exists but does not run: not started yet (every vCPU but 0 at
	 * boot), or taken down by its own guest (SBI HSM hart_stop, PV
	 * vcpu_op down). Only its guest brings it up again.
	 */
	VCPU_DOWN,
};

#define VCPU_NO_DEADLINE UINT64_MAX

/* What the vCPU's time is counted as in the shared info page (Xen's runstate). */
enum vcpu_runstate {
	RUNSTATE_RUNNABLE, /* waiting for the CPU (stolen time) */
	RUNSTATE_RUNNING,
	RUNSTATE_BLOCKED,
	RUNSTATE_COUNT,
};

struct vcpu {
	struct arch_vcpu arch; /* must stay first */
	struct guest *guest;
	unsigned id;
	enum vcpu_state state;
	uint64_t deadline;    /* guest timer, host time; VCPU_NO_DEADLINE if none */
	uint64_t time_offset; /* host time at which guest time was 0 */
	bool regs_reset;      /* reset during an exit: do not step past the trap */
	uint64_t trap_entry;  /* PV: the kernel's registered trap entry, 0 if none */
	uint64_t event_entry; /* PV: the kernel's event callback (upcalls), 0 if none */
	enum vcpu_runstate runstate;
	uint64_t runstate_since;		/* host time of the last runstate change */
	uint64_t runstate_time[RUNSTATE_COUNT]; /* host ticks spent in each, this boot */
	/* Not those the arch's entry path counts itself (arch_vcpu_add_hcalls). */
	uint64_t nr_exits;
	uint64_t nr_hcalls;
	/* PV: its events and run-state times in the shared info page, once looked up (event.c) */
	struct pvabi_vcpu_info *evt;
	uint64_t pv_root; /* PV: its live root table (NEW_BASEPTR), referenced; 0: none */
};

/* Runnable or blocked: neither stopped with its guest nor down. */
static inline bool vcpu_is_up(const struct vcpu *v)
{
	return v->state == VCPU_RUNNABLE || v->state == VCPU_BLOCKED;
}

#endif
