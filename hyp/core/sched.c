/* SPDX-License-Identifier: MIT */
/*
 * sched.c - scheduling vCPUs on each hart: whom to run (credit.h's shares and
 * priorities), for how long, preemption by the hypervisor timer, blocking
 * and waking on events (vCPU timers, console input), run-state changes, and
 * the idle loop (which scrubs free frames while it waits). Placement and
 * the credit accounts it runs by are sched_share.c's.
 *
 * Several harts: each guest has a home hart, chosen when it is created from
 * its affinity (sched_place) and never changed, where all its vCPUs run,
 * time-shared; each hart runs the loop below over its own vCPUs (its run
 * queue: struct sched_hart). A vCPU's
 * scheduling state, and its guest's state, are touched only on its home
 * hart, so they need no lock: news from another hart (console input) is
 * posted in the home hart's inbox with a kick (smp_kick), and hart 0's
 * monitor changes them only in a rendezvous (smp.h), with every other hart
 * stopped at a safe point. Shares are per hart: the vCPUs of one hart share
 * that hart (docs/architecture.md, "Several harts").
 *
 * Each vCPU runs on a hypervisor context of its own (struct vctx, sched_priv.h): a stack on
 * which its guest is entered and its exits are handled, and on which its
 * guest's lifecycle work (release, rebuild) is done. The scheduler loop runs
 * on the boot stack and switches to a vCPU's context to run it; the context
 * switches back when the vCPU's turn ends, or in the middle of an exit at a
 * preemption point once the exit has used its budget. The hart's time, the
 * hypervisor's work included, is charged to whichever context runs.
 */
#include <string.h>

#include <pvabi/errno.h>

#include "hyp/core/arch.h"
#include "hyp/core/credit.h"
#include "hyp/core/frame.h"
#include "hyp/core/guest.h"
#include "hyp/core/log.h"
#include "hyp/core/sched.h"
#include "hyp/core/sched_priv.h"
#include "hyp/core/smp.h"
#include "hyp/debug/monitor.h"
#include "hyp/debug/trace.h"
#include "hyp/fv/virq.h"
#include "hyp/pv/event.h"

/* Frames scrubbed per idle-loop pass: small, so a wake-up is not delayed much. */
#define IDLE_SCRUB_BATCH 16
/* Console input is polled at least this often, even when all guests sleep. */
#define INPUT_POLL_US 10000
/* Each context's stack; the deepest path is a page-table validation's. */
#define VCTX_STACK_SIZE (16 * 1024)
#define VCTX_CANARY 0x5354414b43414e59ull /* "STAKCANY" */

struct vctx sched_vctx[GUEST_MAX][GUEST_VCPU_MAX];
/*
 * Stacks: vCPU 0's are in the image; the other vCPUs' are frames taken when
 * their guest is created (most guests have one vCPU) and kept for good, like
 * a hart's stack: guest_check_frames leaves them out (sched_stack_frames).
 */
#define VCTX_STACK_FRAMES (VCTX_STACK_SIZE / PAGE_SIZE)
static uint64_t vctx_stack[GUEST_MAX][VCTX_STACK_SIZE / 8] __attribute__((aligned(16)));
static uint64_t *vctx_stack_more[GUEST_MAX][GUEST_VCPU_MAX];
static uint64_t stack_frames;

struct sched_hart sched_harts[SMP_HART_MAX];
__thread struct sched_hart *sched_self = &sched_harts[0];

static uint64_t ticks_per_us_num; /* timebase_hz; ticks = us * hz / 1e6 */
static uint64_t budget_ticks;	  /* SCHED_EXIT_BUDGET_US in timebase ticks */
__thread uint64_t sched_work_ticks, sched_work_insns;

void sched_init(uint64_t timebase_hz)
{
	/* Before any guest: their vCPUs' stacks are taken afresh (unit tests start over). */
	memset(vctx_stack_more, 0, sizeof(vctx_stack_more));
	stack_frames = 0;
	ticks_per_us_num = timebase_hz;
	budget_ticks = sched_us_to_ticks(SCHED_EXIT_BUDGET_US);
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
	return me()->current;
}

static void account(void)
{
	sched_account_on(me());
}

int sched_vcpu_init(struct vcpu *v)
{
	uint64_t **more = &vctx_stack_more[v->guest->id][v->id];
	hpa_t h;

	*vctx_of(v) = (struct vctx){ 0 };
	if (v->id == 0 || *more)
		return 0;
	if (!frame_alloc(VCTX_STACK_FRAMES, PAGE_SIZE, &h))
		return -PVABI_ENOMEM;
	*more = hpa_ptr(h);
	stack_frames += VCTX_STACK_FRAMES;
	return 0;
}

uint64_t sched_stack_frames(void)
{
	return stack_frames;
}

/* Events and timers */

bool sched_event_pending(struct vcpu *v)
{
	bool expired = v->deadline != VCPU_NO_DEADLINE && arch_time() >= v->deadline;

	if (v->guest->cfg->mode == GUEST_FV)
		return expired || virq_pending(v);
	return expired || event_pending(v);
}

bool sched_timer_fire(struct vcpu *v, uint64_t now)
{
	if (!vcpu_is_up(v) || v->deadline == VCPU_NO_DEADLINE || now < v->deadline)
		return false;
	v->deadline = VCPU_NO_DEADLINE; /* one-shot */
	if (v->guest->cfg->mode == GUEST_FV)
		virq_raise(v, ARCH_VIRQ_TIMER);
	else
		event_raise(v, PVABI_EVT_timer);
	return true;
}

/*
 * From v's own exit, on its home hart. v is not dereferenced: the name is
 * also the C library's, which the unit tests' sanitizer calls with its own
 * argument at exit.
 */
void sched_yield(struct vcpu *v)
{
	if (v == me()->current)
		me()->need_resched = true;
}

bool sched_block(struct vcpu *v)
{
	sched_timer_fire(v, arch_time());
	if (sched_event_pending(v))
		return false;
	v->state = VCPU_BLOCKED;
	trace_sched(v, TRACE_BLOCK);
	if (v == home(v)->current)
		home(v)->need_resched = true;
	return true;
}

/*
 * A woken vCPU under its share gets BOOST and preempts a running vCPU that
 * has none (Xen credit's wake-up boost): a guest that mostly sleeps gets its
 * CPU at once. One that has spent its share waits its turn like any other.
 */
void sched_wake(struct vcpu *v)
{
	struct vctx *c = vctx_of(v);
	struct sched_hart *h = home(v);

	if (v->state != VCPU_BLOCKED)
		return;
	sched_account_on(h);
	v->state = VCPU_RUNNABLE;
	trace_sched(v, TRACE_WAKE);
	event_runstate(v, RUNSTATE_RUNNABLE, arch_time());
	credit_wake(&c->cr);
	if (!h->current || credit_prio(&c->cr) > credit_prio(&vctx_of(h->current)->cr))
		h->need_resched = true;
	/* From the monitor, in a rendezvous: its hart may be asleep in its idle loop. */
	smp_kick(c->hart);
}

void sched_notify(struct vcpu *v)
{
	__atomic_fetch_or(&home(v)->inbox, 1u << v->guest->id, __ATOMIC_RELEASE);
	smp_kick(vctx_of(v)->hart);
}

void sched_stop(struct vcpu *v)
{
	struct vctx *c = vctx_of(v);

	/* Close the stretch it was in: its times are final from here. */
	if (vcpu_is_up(v))
		event_runstate(v, RUNSTATE_BLOCKED, arch_time());
	v->state = VCPU_STOPPED;
	v->deadline = VCPU_NO_DEADLINE;
	if (v == home(v)->current)
		home(v)->need_resched = true;
	smp_kick(c->hart);
	/*
	 * Stopped from outside while it waited at a preemption point in an
	 * exit: what that exit still had to do is moot. Lifecycle work (release,
	 * rebuild) is never dropped: it finishes, then what was asked runs.
	 */
	if (c->in_exit && !c->in_reap && v != home(v)->current)
		c->discard = true;
}

/*
 * Unlike a stop, a down keeps what the vCPU was doing in an exit it left at
 * a preemption point: its guest goes on, so that exit (a table half
 * validated) must finish; it does when picked (wants_cpu), then it parks.
 */
void sched_vcpu_down(struct vcpu *v)
{
	if (!vcpu_is_up(v))
		return;
	sched_account_on(home(v));			  /* the time so far at the old split */
	event_runstate(v, RUNSTATE_BLOCKED, arch_time()); /* down counts as blocked */
	v->state = VCPU_DOWN;
	v->deadline = VCPU_NO_DEADLINE;
	sched_resplit(v->guest, v->guest->weight, v->guest->cap);
	if (v == home(v)->current)
		home(v)->need_resched = true;
}

bool sched_vcpu_busy(const struct vcpu *v)
{
	const struct vctx *c = vctx_of(v);

	return c->in_exit && !c->discard;
}

void sched_vcpu_up(struct vcpu *v)
{
	struct vctx *c = vctx_of(v);

	sched_account_on(home(v));
	/* A fresh context: it enters its guest at the state just set, nothing else. */
	c->discard = c->started;
	v->state = VCPU_RUNNABLE;
	sched_resplit(v->guest, v->guest->weight, v->guest->cap);
	event_runstate(v, RUNSTATE_RUNNABLE, arch_time());
	trace_sched(v, TRACE_WAKE);
	smp_kick(c->hart);
}

/* A vCPU that cannot run now only because of its cap, and when it may again. */
static uint64_t cap_release_time(const struct vcpu *v, uint64_t now)
{
	uint64_t wait = credit_cap_wait(&vctx_of(v)->cr);

	return wait ? now + wait : UINT64_MAX;
}

/*
 * A blocked vCPU's own hardware timer (arch_vcpu_timer_deadline): nothing
 * but the hypervisor can wake it when it comes due. A running or runnable
 * one takes that interrupt by itself when it runs: no hypervisor timer for it.
 */
static uint64_t hw_deadline(struct vcpu *v)
{
	return v->state == VCPU_BLOCKED ? arch_vcpu_timer_deadline(v) : VCPU_NO_DEADLINE;
}

/*
 * The next time the hypervisor must look: slice end, an input poll, the
 * deadline of any vCPU (the timers it keeps for them, and the hardware timer
 * of a blocked one), or a capped vCPU's release.
 */
static void program_timer(void)
{
	struct sched_hart *h = me();
	uint64_t now = arch_time();
	uint64_t next = now + sched_us_to_ticks(h->current ? SCHED_SLICE_US : INPUT_POLL_US);

	if (h->current && h->slice_end < next)
		next = h->slice_end;
	for_each_vcpu(g, v) {
		uint64_t t;

		if (!here(v) || !vcpu_is_up(v))
			continue;
		if (v->deadline < next)
			next = v->deadline;
		if ((t = hw_deadline(v)) < next)
			next = t;
		if (v->state == VCPU_RUNNABLE && (t = cap_release_time(v, now)) < next)
			next = t;
	}
	arch_timer_set(next);
}

/*
 * Only a deadline sooner than the armed timer needs the timer now, and then
 * it is the soonest of all (what is armed is program_timer's minimum, or
 * sooner). A later one, or none, is left to the tick the armed timer gives,
 * which arms what is next: at worst one early tick, instead of a scan of
 * every vCPU on each set_timer_op (a kernel sets one per timer interrupt).
 */
void sched_set_deadline(struct vcpu *v, uint64_t host_deadline)
{
	v->deadline = host_deadline;
	if (me()->current && host_deadline < arch_timer_armed())
		arch_timer_set(host_deadline);
}

/* News from other harts for this one's guests (sched_notify). */
static void read_inbox(void)
{
	uint32_t news = __atomic_exchange_n(&me()->inbox, 0, __ATOMIC_ACQUIRE);

	for (unsigned i = 0; news; i++, news >>= 1)
		if ((news & 1) && i < guest_count && mine(i))
			guest_console_input(&guest_table[i]);
}

/*
 * Kicks (an interrupt cleared before the inbox is read, so that none is
 * lost), a rendezvous, console input and the monitor (hart 0), expired vCPU
 * timers (which wakes their vCPUs).
 */
static void check_events(void)
{
	uint64_t now;

	if (smp_harts() > 1) {
		arch_ipi_clear();
		smp_park_point();
		read_inbox();
	}
	now = arch_time();
	if (smp_this() == 0) {
		monitor_poll_input();
		guest_log_summaries();
	}
	for_each_vcpu(g, v) {
		if (!here(v))
			continue;
		sched_timer_fire(v, now);
		if (hw_deadline(v) <= now)
			sched_wake(v);
		/* A tick bounds how long a device interrupt is held back (virq.h). */
		if (v->id == 0 && g->cfg->mode == GUEST_FV)
			virq_release(g);
	}
}

/*
 * A woken vCPU with BOOST waits while current has none. Only a wake-up cuts
 * a turn short: UNDER against OVER is settled at the end of the slice, so two
 * busy guests do not trade the hart at every preemption point.
 */
static bool boost_waiting(void);

void sched_timer_tick(void)
{
	struct sched_hart *h = me();

	check_events();
	if (h->current) {
		account();
		if (arch_time() >= h->slice_end || credit_capped(&vctx_of(h->current)->cr) ||
		    boost_waiting())
			h->need_resched = true;
	}
	program_timer();
}

/* Picking */

/*
 * Does v want the hart: for its guest's lifecycle work (whatever else), or to
 * run its guest or finish an exit it left at a preemption point?
 */
static bool wants_cpu(const struct vcpu *v)
{
	const struct vctx *c = vctx_of(v);

	if (sched_lifecycle(v))
		return true;
	if (v->guest->paused || credit_capped(&c->cr))
		return false;
	return v->state == VCPU_RUNNABLE || (c->in_exit && !c->discard);
}

static int prio_of(const struct vcpu *v)
{
	return (int)credit_prio(&vctx_of(v)->cr);
}

/* The vCPU after guest *g's vCPU *i, round the table (one step of round robin). */
static void next_slot(unsigned *g, unsigned *i)
{
	if (++*i < guest_table[*g].nr_vcpus)
		return;
	*i = 0;
	*g = (*g + 1) % guest_count;
}

/* The highest priority that wants the hart; round robin within it, over every vCPU. */
static struct vcpu *pick_next(void)
{
	struct sched_hart *h = me();
	struct vcpu *best = NULL;
	unsigned g = h->last_guest, i = h->last_vcpu;

	if (!guest_count)
		return NULL;
	if (g >= guest_count || i >= guest_table[g].nr_vcpus) {
		/* the table changed (unit tests build it again): the loop ends here too */
		h->last_guest = h->last_vcpu = g = i = 0;
	}
	do {
		struct vcpu *v;

		next_slot(&g, &i);
		v = &guest_table[g].vcpus[i];
		if (mine(g) && wants_cpu(v) && (!best || prio_of(v) > prio_of(best)))
			best = v;
	} while (g != h->last_guest || i != h->last_vcpu);
	if (best) {
		h->last_guest = best->guest->id;
		h->last_vcpu = best->id;
	}
	return best;
}

static bool boost_waiting(void)
{
	struct vcpu *cur = me()->current;

	if (prio_of(cur) == CREDIT_BOOST)
		return false;
	for_each_vcpu(g, v)
		if (here(v) && v != cur && wants_cpu(v) && prio_of(v) == CREDIT_BOOST)
			return true;
	return false;
}

static void idle(void)
{
	struct sched_hart *h = me();
	uint64_t t0, n;

	program_timer();
	t0 = arch_time();
	/* Use idle time to scrub; look for work again before sleeping. */
	if (frame_dirty_count() && (n = frame_scrub(IDLE_SCRUB_BATCH)))
		h->st.scrubbed += n;
	else
		arch_wait();
	h->st.idle_ticks += arch_time() - t0;
	account();
	sched_timer_tick();
}

/* Contexts */

static uint64_t *stack_of(const struct vcpu *v)
{
	return v->id ? vctx_stack_more[v->guest->id][v->id] : vctx_stack[v->guest->id];
}

/* Leave v's context for the scheduler's; back here when v is picked again. */
static void switch_out(struct vcpu *v)
{
	struct vctx *c = vctx_of(v);

	if (stack_of(v)[0] != VCTX_CANARY)
		log_panic("vCPU context of %s overflowed its stack\n", v->guest->cfg->name);
	arch_ctx_switch(&c->ctx, &me()->ctx);
}

/* A stretch of hypervisor work for v begins (an exit, or a resumed one). */
static void work_begin(struct vcpu *v)
{
	sched_exit_begin(v);
}

/* A new longest stretch: out of line, so that the common end needs no frame of its own. */
static __attribute__((noinline)) void work_longest(struct vcpu *v, uint64_t insns)
{
	struct guest_stats *s = &v->guest->stats;

	s->exit_longest_insns = insns;
	s->exit_longest_ticks = arch_time() - sched_work_ticks;
	trace_longest(v, insns, s->exit_longest_ticks);
}

/* It ends: the longest one is what the exit budget is checked against. */
static inline void work_end(struct vcpu *v)
{
	uint64_t insns = arch_instret() - sched_work_insns;

	if (insns > v->guest->stats.exit_longest_insns)
		work_longest(v, insns);
}

bool sched_exit_end(struct vcpu *v)
{
	work_end(v);
	return !me()->need_resched && v->state == VCPU_RUNNABLE && !v->guest->paused;
}

/* The budget is spent: out of line, so that the common check needs almost no frame. */
static __attribute__((noinline)) void preempt(struct vcpu *v)
{
	struct vctx *c = vctx_of(v);

	/*
	 * The budget is spent: do what a timer exit would (fire due timers, read
	 * input, charge the time) and leave only if the turn is over (slice, cap)
	 * or a BOOST vCPU woke. Otherwise go on, with a fresh budget.
	 */
	work_end(v);
	/* A tick may do anything (start a trace, raise events, switch out). */
	arch_vcpu_work_waits(v);
	sched_timer_tick();
	if (!me()->need_resched) {
		work_begin(v);
		return;
	}
	v->guest->stats.preemptions++;
	trace_sched(v, TRACE_PREEMPT);
	c->in_exit = true;
	switch_out(v);
	c->in_exit = false;
	work_begin(v);
}

/* Called per entry of a guest's tables and batches: the common case is one comparison. */
void sched_preempt_point(void)
{
	struct vcpu *v = me()->current;

	if (!v)
		return; /* the scheduler's own context: nowhere to switch to */
	if (arch_time() - sched_work_ticks >= budget_ticks)
		preempt(v);
}

/*
 * A vCPU's context: its guest's lifecycle work, then its guest until its
 * turn ends, then back to the scheduler; round again when picked.
 */
static void vctx_main(void *arg)
{
	struct vcpu *v = arg;

	for (;;) {
		while (v->id == 0 && v->guest->reap != GUEST_REAP_NONE) {
			struct vctx *c = vctx_of(v);

			c->in_reap = true;
			work_begin(v);
			guest_reap_one(v->guest);
			work_end(v);
			c->in_reap = false;
		}
		/* A rebuild just now left nothing of it in the hart: load it again. */
		arch_vcpu_load(v);
		while (!me()->need_resched && v->state == VCPU_RUNNABLE && !v->guest->paused) {
			/* Every return to the guest is a chance to deliver its events. */
			event_deliver(v);
			arch_vcpu_run(v);
			me()->st.exits++;
			work_end(v);
		}
		switch_out(v);
	}
}

static void vctx_start(struct vcpu *v)
{
	struct vctx *c = vctx_of(v);
	uint64_t *stack = stack_of(v);

	stack[0] = VCTX_CANARY;
	trace_vcpu_reset(v); /* what it had under way is gone */
	arch_ctx_init(&c->ctx, stack + VCTX_STACK_SIZE / 8, vctx_main, v);
	c->started = true;
	c->in_exit = false;
	c->discard = false;
}

/* Run v until its turn ends: it blocks or stops, its slice ends, or a better one waits. */
static void run_slice(struct vcpu *v)
{
	struct sched_hart *h = me();
	struct vctx *c = vctx_of(v);
	uint64_t now;

	account();
	now = arch_time();
	arch_vcpu_load(v);
	h->current = v;
	h->st.switches++;
	trace_sched(v, TRACE_SWITCH);
	h->need_resched = false;
	if (v->state == VCPU_RUNNABLE)
		event_runstate(v, RUNSTATE_RUNNING, now);
	h->slice_end = now + credit_run_limit(&c->cr, sched_us_to_ticks(SCHED_SLICE_US),
					      sched_us_to_ticks(SCHED_BOOST_US));
	program_timer();
	if (!c->started || c->discard)
		vctx_start(v);
	arch_ctx_switch(&h->ctx, &c->ctx);
	account();
	h->current = NULL;
	credit_unboost(&c->cr);
	if (vcpu_is_up(v))
		event_runstate(v, v->state == VCPU_BLOCKED ? RUNSTATE_BLOCKED : RUNSTATE_RUNNABLE,
			       arch_time());
}

/* No guest runs and none has lifecycle work left. */
static bool all_done(void)
{
	if (!guest_all_stopped())
		return false;
	for (unsigned i = 0; i < guest_count; i++)
		if (guest_table[i].reap != GUEST_REAP_NONE || sched_vctx[i][0].in_reap)
			return false;
	return true;
}

/*
 * Nothing runs, nothing is left to reap, and no guest runs: the machine ends.
 * Hart 0 decides, with the other harts stopped at their safe points (they
 * may still be finishing a guest's release when it first looks).
 */
static void finish_if_done(void)
{
	bool crashed, frames_back;

	if (smp_this() != 0 || !all_done())
		return;
	smp_stop_others();
	if (!all_done()) {
		smp_resume_others();
		return;
	}
	crashed = guest_any_crashed();
	frames_back = guest_check_frames();
	log_printf("all guests stopped%s\n", crashed ? ", some crashed" : "");
	arch_machine_exit(crashed || !frames_back ? 1 : 0);
}

void sched_run(void)
{
	struct sched_hart *h = sched_self = &sched_harts[smp_this()];

	/* So that the first guest's vCPU 0 runs first. */
	h->last_guest = guest_count ? guest_count - 1 : 0;
	h->last_vcpu = guest_count ? guest_table[h->last_guest].nr_vcpus - 1 : 0;
	h->last_account = arch_time();
	for (;;) {
		struct vcpu *v;

		/*
		 * A turn can end without a timer exit (a block, a yield, a
		 * preemption point in a long exit, during which interrupts are
		 * masked): look at timers and input before choosing.
		 */
		check_events();
		v = pick_next();
		if (v) {
			run_slice(v);
			continue;
		}
		finish_if_done();
		idle();
	}
}
