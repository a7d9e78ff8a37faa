/* SPDX-License-Identifier: MIT */
/*
 * sched.c - round-robin scheduling of vCPUs on one hart, preemption by the
 * hypervisor timer, blocking and waking on events (vCPU timers, console
 * input), run-state changes, and the idle loop (which scrubs free frames
 * while it waits).
 */
#include "hyp/core/arch.h"
#include "hyp/pv/event.h"
#include "hyp/core/frame.h"
#include "hyp/core/guest.h"
#include "hyp/core/log.h"
#include "hyp/debug/monitor.h"
#include "hyp/core/sched.h"
#include "hyp/debug/trace.h"
#include "hyp/fv/virq.h"

static uint64_t ticks_per_us_num; /* timebase_hz; ticks = us * hz / 1e6 */
static struct vcpu *current;
static unsigned last_picked;  /* round-robin position */
static uint64_t slice_end;
static bool need_resched;

/* Frames scrubbed per idle-loop pass: small, so a wake-up is not delayed much. */
#define IDLE_SCRUB_BATCH 16
/* Console input is polled at least this often, even when all guests sleep. */
#define INPUT_POLL_US 10000

void sched_init(uint64_t timebase_hz)
{
	ticks_per_us_num = timebase_hz;
}

uint64_t sched_us_to_ticks(uint64_t us)
{
	return us * ticks_per_us_num / 1000000;
}

uint64_t sched_ticks_to_us(uint64_t ticks)
{
	return ticks_per_us_num ? ticks / ticks_per_us_num * 1000000 +
					  ticks % ticks_per_us_num * 1000000 / ticks_per_us_num
				: 0;
}

struct vcpu *sched_current(void)
{
	return current;
}

bool sched_event_pending(struct vcpu *v)
{
	bool expired = v->deadline != VCPU_NO_DEADLINE && arch_time() >= v->deadline;

	if (v->guest->cfg->mode == GUEST_FV)
		return expired || virq_pending(v);
	return expired || event_pending(v);
}

bool sched_timer_fire(struct vcpu *v, uint64_t now)
{
	if (v->state == VCPU_STOPPED || v->deadline == VCPU_NO_DEADLINE || now < v->deadline)
		return false;
	v->deadline = VCPU_NO_DEADLINE; /* one-shot */
	if (v->guest->cfg->mode == GUEST_FV)
		virq_raise(v, ARCH_VIRQ_TIMER);
	else
		event_raise(v, PVABI_EVT_timer);
	return true;
}

void sched_yield(struct vcpu *v)
{
	if (v == current)
		need_resched = true;
}

bool sched_block(struct vcpu *v)
{
	sched_timer_fire(v, arch_time());
	if (sched_event_pending(v))
		return false;
	v->state = VCPU_BLOCKED;
	trace_sched(v, TRACE_BLOCK);
	if (v == current)
		need_resched = true;
	return true;
}

/*
 * A woken vCPU preempts the running one (like Xen's credit scheduler
 * boosting a waking vCPU): guests that mostly sleep get low wake-up latency,
 * and a guest that spins still gets the rest of the time.
 */
void sched_wake(struct vcpu *v)
{
	if (v->state != VCPU_BLOCKED)
		return;
	v->state = VCPU_RUNNABLE;
	trace_sched(v, TRACE_WAKE);
	event_runstate(v, RUNSTATE_RUNNABLE, arch_time());
	need_resched = true;
}

void sched_stop(struct vcpu *v)
{
	/* Close the stretch it was in: its times are final from here. */
	if (v->state != VCPU_STOPPED)
		event_runstate(v, RUNSTATE_BLOCKED, arch_time());
	v->state = VCPU_STOPPED;
	v->deadline = VCPU_NO_DEADLINE;
	if (v == current)
		need_resched = true;
}

/*
 * The next time the hypervisor must look: slice end, an input poll, or the
 * deadline of any vCPU, the running one's too (vCPU timers are the
 * hypervisor's, not the hardware vstimecmp: their expiry is an event).
 */
static void program_timer(void)
{
	uint64_t now = arch_time();
	uint64_t next = now + sched_us_to_ticks(current ? SCHED_SLICE_US : INPUT_POLL_US);

	if (current && slice_end < next)
		next = slice_end;
	for (unsigned i = 0; i < guest_count; i++) {
		struct vcpu *v = &guest_table[i].vcpu;

		if (v->state != VCPU_STOPPED && v->deadline < next)
			next = v->deadline;
	}
	arch_timer_set(next);
}

void sched_set_deadline(struct vcpu *v, uint64_t host_deadline)
{
	v->deadline = host_deadline;
	if (current)
		program_timer(); /* it may be sooner than what is armed */
}

/* Route console input, fire expired vCPU timers (which wakes their vCPUs). */
static void check_events(void)
{
	uint64_t now = arch_time();

	monitor_poll_input();
	for (unsigned i = 0; i < guest_count; i++)
		sched_timer_fire(&guest_table[i].vcpu, now);
}

void sched_timer_tick(void)
{
	check_events();
	if (current && arch_time() >= slice_end)
		need_resched = true;
	program_timer();
}

static struct vcpu *pick_next(void)
{
	for (unsigned n = 1; n <= guest_count; n++) {
		unsigned i = (last_picked + n) % guest_count;
		struct vcpu *v = &guest_table[i].vcpu;

		if (v->state == VCPU_RUNNABLE && !v->guest->paused) {
			last_picked = i;
			return v;
		}
	}
	return NULL;
}

static void idle(void)
{
	struct frame_stats st;

	program_timer();
	frame_get_stats(&st);
	if (st.dirty) {
		/* Use idle time to scrub; look for work again before sleeping. */
		frame_scrub(IDLE_SCRUB_BATCH);
	} else {
		arch_wait();
	}
	sched_timer_tick();
}

/* Run v until its slice ends, it blocks or stops, or a woken vCPU preempts it. */
static void run_slice(struct vcpu *v)
{
	uint64_t now = arch_time();

	arch_vcpu_load(v);
	current = v;
	trace_sched(v, TRACE_SWITCH);
	need_resched = false;
	event_runstate(v, RUNSTATE_RUNNING, now);
	slice_end = now + sched_us_to_ticks(SCHED_SLICE_US);
	program_timer();
	while (!need_resched && v->state == VCPU_RUNNABLE && !v->guest->paused) {
		/* Every return to the guest is a chance to deliver its events. */
		event_deliver(v);
		arch_vcpu_run(v);
	}
	current = NULL;
	if (v->state != VCPU_STOPPED)
		event_runstate(v, v->state == VCPU_BLOCKED ? RUNSTATE_BLOCKED : RUNSTATE_RUNNABLE,
			       arch_time());
}

void sched_run(void)
{
	last_picked = guest_count - 1; /* so the first guest runs first */
	for (;;) {
		struct vcpu *v;

		guest_reap(); /* restart or free what stopped in the last slice */
		v = pick_next();
		if (v) {
			run_slice(v);
			continue;
		}
		if (guest_all_stopped()) {
			bool crashed = guest_any_crashed();
			bool frames_back = guest_check_frames();

			log_printf("all guests stopped%s\n", crashed ? ", some crashed" : "");
			arch_machine_exit(crashed || !frames_back ? 1 : 0);
		}
		idle();
	}
}
