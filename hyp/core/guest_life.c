/* SPDX-License-Identifier: MIT */
/*
 * guest_life.c - a built guest's lifecycle: its vCPUs going up and down,
 * stopping it with a reason, rebooting it, and what its on_stop policy or
 * the monitor asks once it stopped (guest_reap_one, on vCPU 0's context).
 * Building a guest from its configuration is guest.c's.
 */
#include <stdarg.h>

#include <pvabi/pvabi.h>

#include "hyp/core/arch.h"
#include "hyp/core/frame.h"
#include "hyp/core/guest.h"
#include "hyp/core/log.h"
#include "hyp/core/sched.h"
#include "hyp/core/smp.h"
#include "hyp/fv/virq.h"
#include "hyp/pv/event.h"

void guest_stop_vcpus(struct guest *g)
{
	for (unsigned i = 0; i < g->nr_vcpus; i++)
		sched_stop(&g->vcpus[i]);
}

struct vcpu *guest_vcpu(struct guest *g, uint64_t id)
{
	return id < g->nr_vcpus ? &g->vcpus[id] : NULL;
}

unsigned guest_vcpus_up(const struct guest *g)
{
	unsigned n = 0;

	for (unsigned i = 0; i < g->nr_vcpus; i++)
		n += vcpu_is_up(&g->vcpus[i]);
	return n;
}

/*
 * An FV guest's external lines go to the vCPUs that are up: one coming up
 * gets a request its PLIC context holds, one going down drops its line (so
 * that a later start raises it afresh).
 */
static void lines_follow(struct guest *g)
{
	if (g->cfg->mode == GUEST_FV)
		virq_update_external(g);
}

int guest_vcpu_up(struct guest *g, uint64_t id, gpa_t entry, uint64_t a0, uint64_t a1)
{
	struct vcpu *v = guest_vcpu(g, id);

	if (!v)
		return -PVABI_EINVAL;
	if (v->state != VCPU_DOWN || g->state != GUEST_RUNNING)
		return -PVABI_EEXIST;
	if (sched_vcpu_busy(v))
		return -PVABI_EAGAIN; /* taken down in a long call it has not finished yet */
	/* Guest time is the guest's, one clock for all its vCPUs. */
	arch_vcpu_init(v, entry, a0, a1, g->vcpus[0].time_offset);
	v->deadline = VCPU_NO_DEADLINE;
	v->trap_entry = 0;
	v->event_entry = 0;
	/* pv_root stays: a PV vcpu_op(up) drops the one it may still hold. */
	sched_vcpu_up(v);
	lines_follow(g);
	return 0;
}

int guest_vcpu_down(struct guest *g, uint64_t id)
{
	struct vcpu *v = guest_vcpu(g, id);

	if (!v)
		return -PVABI_EINVAL;
	if (!vcpu_is_up(v))
		return 0; /* down already: as Xen's VCPUOP_down */
	sched_vcpu_down(v);
	/* Nothing of it runs any more: the guest is over, as when it shuts down. */
	if (!guest_vcpus_up(g))
		guest_stop(g, GUEST_SHUTDOWN, "its last vCPU (%u) went down", v->id);
	else
		lines_follow(g);
	return 0;
}

void guest_console_input(struct guest *g)
{
	struct vcpu *v0 = &g->vcpus[0]; /* console input is vCPU 0's */

	if (sched_home(v0) != smp_this()) {
		sched_notify(v0); /* its guest state is its home hart's */
		return;
	}
	if (g->cfg->mode == GUEST_PV) {
		event_raise(v0, PVABI_EVT_console);
		return;
	}
	virq_update_external(g);
	/* A guest may poll the UART from a WFI loop with its interrupt off. */
	sched_wake(v0);
}

void guest_stop(struct guest *g, enum guest_state how, const char *fmt, ...)
{
	struct log_scope outer;
	va_list ap;

	if (g->state != GUEST_RUNNING)
		return;
	console_flush(&g->con);
	g->state = how;
	guest_stop_vcpus(g);
	/*
	 * One message, its statistics included: a crash loop's lines are
	 * limited, and no other hart's line splits it (the console lock).
	 */
	console_lock();
	outer = log_guest_begin(g);
	log_printf("guest %s %s: ", g->cfg->name, how == GUEST_CRASHED ? "crashed" : "shut down");
	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
	log_printf("\n");
	stats_print(g);
	log_guest_end(outer);
	console_unlock();
	g->reap = GUEST_REAP_POLICY;
}

/*
 * Build a guest again from its image; its old memory is already released.
 * If that fails, what the build took goes back too and the guest is
 * destroyed: nothing would ever return it otherwise.
 */
static int guest_rebuild(struct guest *g)
{
	int err;

	if ((err = guest_load(g))) {
		guest_release_memory(g);
		g->state = GUEST_CRASHED;
		guest_stop_vcpus(g);
		g->destroyed = true;
		log_guest_summary(g, true); /* its last words are never suppressed */
		log_printf("guest %s: reboot failed (error %d): destroyed, frames given %llu, "
			   "returned %llu\n",
			   g->cfg->name, err, (unsigned long long)g->stats.frames_given,
			   (unsigned long long)g->stats.frames_returned);
		return err;
	}
	log_guest(g, "guest %s rebooted\n", g->cfg->name);
	return 0;
}

void guest_request_reboot(struct guest *g)
{
	console_flush(&g->con);
	guest_stop_vcpus(g);
	g->reap = GUEST_REAP_REBOOT;
}

int guest_reboot(struct guest *g)
{
	console_flush(&g->con);
	guest_stop_vcpus(g);
	guest_release_memory(g);
	return guest_rebuild(g);
}

/* Return a stopped guest's memory, and check that every frame it got came back. */
static void guest_free(struct guest *g)
{
	const struct guest_stats *s = &g->stats;
	struct frame_stats st;

	guest_release_memory(g);
	g->destroyed = true;
	frame_get_stats(&st);
	log_guest_summary(g, true); /* its last words are never suppressed */
	log_printf(
	    "guest %s destroyed: frames given %llu, returned %llu; %llu of %llu frames free\n",
	    g->cfg->name, (unsigned long long)s->frames_given,
	    (unsigned long long)s->frames_returned, (unsigned long long)st.free,
	    (unsigned long long)st.total);
	if (s->frames_given != s->frames_returned)
		log_printf("guest %s: frame accounting is off by %lld\n", g->cfg->name,
			   (long long)(s->frames_given - s->frames_returned));
}

/* The on_stop policy says restart, and it has restarts left: true once done. */
static bool restart_by_policy(struct guest *g)
{
	struct frame_stats st;

	if (g->on_stop != GUEST_ON_STOP_RESTART)
		return false;
	if (g->restarts >= g->restart_max) {
		log_guest_summary(g, true); /* its last words are never suppressed */
		log_printf("guest %s: restarted %u times already: destroyed instead\n",
			   g->cfg->name, g->restart_max);
		return false;
	}
	g->restarts++;
	guest_release_memory(g); /* count with it back: no growth is the soak's check */
	frame_get_stats(&st);
	log_guest(g, "guest %s: restarting (on_stop=restart, %u of %u), %llu frames free\n",
		  g->cfg->name, g->restarts, g->restart_max, (unsigned long long)st.free);
	guest_rebuild(g);
	return true;
}

void guest_reap_one(struct guest *g)
{
	enum guest_reap what = g->reap;

	g->reap = GUEST_REAP_NONE;
	switch (what) {
	case GUEST_REAP_NONE:
		return;
	case GUEST_REAP_RESTART:
	case GUEST_REAP_REBOOT:
		guest_reboot(g);
		return;
	case GUEST_REAP_POLICY:
		if (g->state == GUEST_RUNNING)
			return; /* rebuilt meanwhile (the monitor's restart came first) */
		if (restart_by_policy(g))
			return;
		break;
	case GUEST_REAP_DESTROY:
		break;
	}
	/* A destroy asked while it was being rebuilt: it stops first. */
	if (g->state == GUEST_RUNNING) {
		g->state = GUEST_SHUTDOWN;
		guest_stop_vcpus(g);
	}
	if (!g->destroyed)
		guest_free(g);
}

void guest_log_summaries(void)
{
	/* A storm's summary once its window passed, even if the guest went quiet. */
	for (unsigned i = 0; i < guest_count; i++)
		if (guest_table[i].log.suppressed)
			log_guest_summary(&guest_table[i], false);
}

void guest_destroy(struct guest *g)
{
	guest_stop(g, GUEST_SHUTDOWN, "destroyed from the monitor");
	g->reap = GUEST_REAP_DESTROY;
}

void guest_restart(struct guest *g)
{
	g->restarts = 0;
	g->paused = false;
	g->reap = GUEST_REAP_RESTART;
	if (g->state == GUEST_RUNNING)
		guest_stop_vcpus(g); /* off the CPU until rebuilt */
}

bool guest_all_stopped(void)
{
	for (unsigned i = 0; i < guest_count; i++)
		if (guest_table[i].state == GUEST_RUNNING)
			return false;
	return true;
}
