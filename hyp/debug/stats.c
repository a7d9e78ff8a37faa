/* SPDX-License-Identifier: MIT */
/*
 * stats.c - the summary lines of the per-guest counters (stats.h), printed
 * when a guest stops and by the monitor's "stats" command. Lists of counters
 * wrap at item boundaries onto further lines of at most about 130 columns.
 * The counters add up over every boot of the guest ("since creation"); the
 * running and blocked times are its vCPU's, reset at each boot ("this
 * boot"): a last line says which is which.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hyp/core/arch.h"
#include "hyp/core/frame.h"
#include "hyp/core/guest.h"
#include "hyp/pv/hcall.h"
#include "hyp/core/log.h"
#include "hyp/core/sched.h"
#include "hyp/debug/stats.h"

/* Room for the text after "[hyp] NAME stats: " on one console line. */
#define STATS_LINE 110

struct out {
	const char *name;
	char buf[STATS_LINE + 1];
	size_t len;
};

static void out_flush(struct out *o)
{
	if (o->len)
		log_printf("%s stats: %s\n", o->name, o->buf);
	o->len = 0;
	o->buf[0] = '\0';
}

/*
 * Append sep and an item; if they would not fit, the item starts a new line
 * (without sep).
 */
static void out_add(struct out *o, const char *sep, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void out_add(struct out *o, const char *sep, const char *fmt, ...)
{
	char item[STATS_LINE + 1];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(item, sizeof(item), fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	if (o->len + strlen(sep) + (size_t)n > STATS_LINE)
		out_flush(o);
	o->len += (size_t)snprintf(o->buf + o->len, sizeof(o->buf) - o->len, "%s%s",
				   o->len ? sep : "", item);
}

static uint64_t sum(const uint64_t *c, unsigned n)
{
	uint64_t s = 0;

	for (unsigned i = 0; i < n; i++)
		s += c[i];
	return s;
}

/* " (a 1, b 2" continued: the non-zero counters of c, named by name(i, irq). */
static void out_list(struct out *o, const char **sep, const uint64_t *c, unsigned n,
		     const char *(*name)(unsigned i, bool irq), bool irq)
{
	for (unsigned i = 0; i < n; i++) {
		if (!c[i])
			continue;
		out_add(o, *sep, "%s %llu", name(i, irq), (unsigned long long)c[i]);
		*sep = ", ";
	}
}

void stats_read(const struct guest *g, struct guest_stats *s)
{
	*s = g->stats;
	for (unsigned i = 0; i < g->nr_vcpus; i++)
		arch_vcpu_add_hcalls(&g->vcpus[i], s);
}

uint64_t stats_hcalls_total(const struct guest_stats *s)
{
	return sum(s->hcalls, PVABI_HC_MAX) + s->hcalls_out_of_range;
}

uint64_t stats_exits_total(const struct guest_stats *s)
{
	return sum(s->exits_sync, STATS_CAUSES) + sum(s->exits_irq, STATS_CAUSES);
}

static const char *hcall_label(unsigned i, bool irq)
{
	(void)irq;
	return hcall_name(i);
}

static const char *exit_label(unsigned i, bool irq)
{
	return arch_exit_name(irq, i);
}

/* "what N (a 1, b 2)" over one or two counter arrays. */
static void out_counts(struct out *o, const char *what, uint64_t total, const uint64_t *c1,
		       const uint64_t *c2, unsigned n, const char *(*name)(unsigned, bool))
{
	const char *sep = " (";

	out_add(o, ", ", "%s %llu", what, (unsigned long long)total);
	out_list(o, &sep, c1, n, name, false);
	if (c2)
		out_list(o, &sep, c2, n, name, true);
	if (*sep == ',')
		out_add(o, "", ")");
}

/* Virtual time the vCPU spent in rs this boot, the current stretch included. */
static uint64_t runstate_us(const struct vcpu *v, enum vcpu_runstate rs)
{
	uint64_t t = v->runstate_time[rs];

	/* A down vCPU's stretch counts (as blocked); a stopped guest's clock is still. */
	if (v->runstate == rs && v->state != VCPU_STOPPED)
		t += arch_time() - v->runstate_since;
	return sched_ticks_to_us(t);
}

void stats_print(const struct guest *g)
{
	struct guest_stats all;
	const struct guest_stats *s = &all;
	struct out o = { .name = g->cfg->name };

	stats_read(g, &all);

	out_counts(&o, "hcalls", stats_hcalls_total(s), s->hcalls, NULL, PVABI_HC_MAX, hcall_label);
	out_counts(&o, "exits", stats_exits_total(s), s->exits_sync, s->exits_irq, STATS_CAUSES,
		   exit_label);
	if (g->cfg->mode == GUEST_PV)
		out_add(&o, ", ", "upcalls %llu", (unsigned long long)s->upcalls);
	else
		out_add(&o, ", ", "sbi %llu, mmio %llu, wfi %llu", (unsigned long long)s->sbi_calls,
			(unsigned long long)s->mmio, (unsigned long long)s->wfi);
	out_add(&o, ", ", "frames given %llu returned %llu", (unsigned long long)s->frames_given,
		(unsigned long long)s->frames_returned);
	out_add(&o, ", ", "scrubbed for it on demand %llu", (unsigned long long)s->frames_scrubbed);
	/* The exit budget (sched.h): its longest stretch of hypervisor work. */
	out_add(&o, ", ", "longest exit %llu insns %llu us, preempted in exits %llu",
		(unsigned long long)s->exit_longest_insns,
		(unsigned long long)sched_ticks_to_us(s->exit_longest_ticks),
		(unsigned long long)s->preemptions);
	out_add(&o, ", ", "weight %u cap %u, credit %lld us %s", g->weight, g->cap,
		(long long)sched_credit_us(&g->vcpus[0]), sched_prio_name(&g->vcpus[0]));
	out_flush(&o);
	log_printf("%s stats: counts above since creation (%u boot%s); this boot: running-us %llu, "
		   "blocked-us %llu\n",
		   g->cfg->name, g->boots, g->boots == 1 ? "" : "s",
		   (unsigned long long)runstate_us(&g->vcpus[0], RUNSTATE_RUNNING),
		   (unsigned long long)runstate_us(&g->vcpus[0], RUNSTATE_BLOCKED));
	/* The times above are vCPU 0's; the others' (down counts as blocked) follow. */
	for (unsigned i = 1; i < g->nr_vcpus; i++)
		log_printf("%s stats: vcpu %u running-us %llu, blocked-us %llu, exits %llu\n",
			   g->cfg->name, i,
			   (unsigned long long)runstate_us(&g->vcpus[i], RUNSTATE_RUNNING),
			   (unsigned long long)runstate_us(&g->vcpus[i], RUNSTATE_BLOCKED),
			   (unsigned long long)g->vcpus[i].nr_exits);
}

void stats_print_all(void)
{
	struct frame_stats st;

	for (unsigned i = 0; i < guest_count; i++)
		stats_print(&guest_table[i]);
	frame_get_stats(&st);
	log_printf(
	    "frames: %llu total, %llu free (%llu not yet scrubbed), %llu scrubbed since boot\n",
	    (unsigned long long)st.total, (unsigned long long)st.free, (unsigned long long)st.dirty,
	    (unsigned long long)(st.scrubbed_bytes / PAGE_SIZE));
}
