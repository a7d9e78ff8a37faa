/* SPDX-License-Identifier: MIT */
/*
 * sched.h - the scheduler: vCPUs time-shared on each hart by proportional
 * share (credit.h: weight, optional cap, BOOST for a vCPU woken under its
 * share), preempted by the hypervisor timer. Each vCPU's exits run on a
 * hypervisor context (stack) of its own, so long work inside an exit stops at
 * preemption points (sched_preempt_point) once it has used SCHED_EXIT_BUDGET_US,
 * lets the scheduler look (timers, console input, other vCPUs), and goes on
 * later where it stopped.
 */
#ifndef HYP_SCHED_H
#define HYP_SCHED_H

#include "hyp/core/arch.h"
#include "hyp/core/vcpu.h"

#define SCHED_SLICE_US 10000 /* 10 ms */
/* The longest run a wake-up BOOST gives before the vCPU competes like others. */
#define SCHED_BOOST_US 1000
/*
 * The longest stretch of hypervisor work in one go: 100 us, 100,000
 * instructions at QEMU's icount rate (one per ns). A hundredth of a slice,
 * a tenth of the 1 ms timer-latency promise, and a few hundred page-table
 * entries or a few dozen scrubbed pages: long enough that preemption points
 * cost nothing measurable, short enough that no guest notices another's exit.
 */
#define SCHED_EXIT_BUDGET_US 100

void sched_init(uint64_t timebase_hz);
/*
 * This hart's scheduler loop: run its guests; on hart 0, end the machine
 * once all guests everywhere have stopped.
 */
void sched_run(void) __attribute__((noreturn));
/* The vCPU whose context runs on this hart, NULL in the scheduler's own. */
struct vcpu *sched_current(void);
/*
 * Give v's guest its home hart, for good, where all its vCPUs run: the least
 * loaded hart its affinity allows (bit per hart; 0, or no such hart: any),
 * the lowest on a tie. sched.c says why a vCPU never moves.
 */
void sched_place(struct vcpu *v, uint32_t affinity);
unsigned sched_home(const struct vcpu *v);
/*
 * From another hart: v's guest has news (console input) that its home hart
 * must act on (guest_console_input there). Posted in its inbox, with a kick.
 */
void sched_notify(struct vcpu *v);
/* What a hart did, for the monitor's harts command. */
struct sched_hart_stats {
	uint64_t idle_ticks; /* in its idle loop (sleeping or scrubbing) */
	uint64_t scrubbed;   /* frames its idle loop scrubbed */
	uint64_t exits;	     /* guest exits it handled */
	uint64_t switches;   /* vCPU turns it began */
};
/* A hart's figures and the name of the guest it runs now (NULL: none). Racy reads. */
void sched_hart_stats(unsigned hart, struct sched_hart_stats *out, const char **running);
void sched_yield(struct vcpu *v);
/* Block unless an event is pending (fires a passed deadline first); true if it blocked. */
bool sched_block(struct vcpu *v);
/* Make a blocked vCPU runnable; it preempts the running one if it is under its share. */
void sched_wake(struct vcpu *v);
/*
 * Take v off the CPU for good (its guest stopped or restarts). Work its
 * context left half done at a preemption point is dropped: the guest's
 * memory is released or rebuilt whole.
 */
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
/*
 * A preemption point, for loops whose length a guest decides (page-table
 * trees, batches, building or releasing its memory). Call it only where
 * the work done so far is consistent and no lock is held. Past the exit
 * budget it does what a timer exit does (due timers, console input, the
 * monitor); if that ends the vCPU's turn (its slice is over, a better vCPU
 * woke) it gives the hart to the scheduler and returns when this vCPU is
 * picked again. A no-op in the scheduler's own context (boot, the monitor).
 */
void sched_preempt_point(void);
/*
 * When the stretch of hypervisor work under way on this hart began (time,
 * instret): one at a time per hart, so thread-local (the hart's TLS block).
 */
extern __thread uint64_t sched_work_ticks, sched_work_insns;

/* The guest arch code saw an exit begin (its guest trapped): a stretch of work starts. */
static inline void sched_exit_begin(struct vcpu *v)
{
	(void)v;
	sched_work_ticks = arch_time();
	sched_work_insns = arch_instret();
}
/*
 * An arch's entry path handled an exit itself, without returning to the
 * vCPU's context loop: end the stretch of work as that loop would, and say
 * whether the vCPU may go straight back to its guest (its turn goes on, it
 * is runnable and not paused). False: return to the loop (a full exit).
 */
bool sched_exit_end(struct vcpu *v);
/*
 * A vCPU is created: no context yet, nothing under way. vCPUs but 0 take
 * their stack from the frames, once per guest slot: 0 or -PVABI_ENOMEM.
 */
int sched_vcpu_init(struct vcpu *v);
/* Frames held for good by those stacks (not the guests': guest_check_frames). */
uint64_t sched_stack_frames(void);
/*
 * A fresh account for v with its guest's weight (1..65535, 0: the default)
 * and cap (percent, 0: none), each split among the guest's vCPUs.
 */
void sched_set_share(struct vcpu *v, unsigned weight, unsigned cap);
/* The same for every vCPU of g, keeping their credit (the monitor's sched command). */
struct guest;
void sched_change_share(struct guest *g, unsigned weight, unsigned cap);
/*
 * Its guest takes v down (VCPU_DOWN): off the CPU, timer cancelled. An exit
 * it left at a preemption point still finishes (sched_vcpu_busy until then).
 */
void sched_vcpu_down(struct vcpu *v);
bool sched_vcpu_busy(const struct vcpu *v);
/* A down vCPU, its registers just reset, becomes runnable on a fresh context. */
void sched_vcpu_up(struct vcpu *v);
/* For the monitor: a vCPU's credit in us and its priority's name. */
int64_t sched_credit_us(const struct vcpu *v);
const char *sched_prio_name(const struct vcpu *v);
uint64_t sched_us_to_ticks(uint64_t us);
uint64_t sched_ticks_to_us(uint64_t ticks);

#endif
