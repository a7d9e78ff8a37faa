/* SPDX-License-Identifier: MIT */
/*
 * sched.h - the scheduler: one hart time-shared round-robin among runnable
 * vCPUs, preempted by the hypervisor timer every SCHED_SLICE_US.
 */
#ifndef HYP_SCHED_H
#define HYP_SCHED_H

#include "hyp/core/vcpu.h"

#define SCHED_SLICE_US 10000 /* 10 ms */

void sched_init(uint64_t timebase_hz);
/* Run guests until all have stopped, then end the machine. */
void sched_run(void) __attribute__((noreturn));
struct vcpu *sched_current(void);
void sched_yield(struct vcpu *v);
/* Block unless an event is pending (fires a passed deadline first); true if it blocked. */
bool sched_block(struct vcpu *v);
/* Make a blocked vCPU runnable; it preempts the running one. */
void sched_wake(struct vcpu *v);
void sched_stop(struct vcpu *v);
/* The hypervisor timer fired (or the idle loop woke). */
void sched_timer_tick(void);
/* Guest timer, absolute host time; VCPU_NO_DEADLINE cancels. */
void sched_set_deadline(struct vcpu *v, uint64_t host_deadline);
/*
 * The vCPU's one-shot timer, if host time now reached its deadline: it is
 * cleared and becomes an event (PV) or a raised timer line (FV). True if so.
 */
bool sched_timer_fire(struct vcpu *v, uint64_t now);
/* An unmasked event is pending, or the vCPU's deadline passed. */
bool sched_event_pending(struct vcpu *v);
uint64_t sched_us_to_ticks(uint64_t us);
uint64_t sched_ticks_to_us(uint64_t ticks);

#endif
