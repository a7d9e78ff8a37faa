/* SPDX-License-Identifier: MIT */
/*
 * trace.c - the trace ring, its filters and its live "[trace] " lines
 * (trace.h). One hart, interrupts masked in the hypervisor: no locking.
 */
#include <stdio.h>
#include <string.h>

#include "hyp/arch.h"
#include "hyp/console.h"
#include "hyp/guest.h"
#include "hyp/hcall.h"
#include "hyp/log.h"
#include "hyp/trace.h"

unsigned trace_active;

static struct trace_rec ring[TRACE_RING];
static uint64_t written;     /* records ever written; ring[written % TRACE_RING] is next */
static bool live = true;     /* print each record as it is made */
static unsigned kinds;       /* bit per enum trace_kind; 0: all */
static uint32_t guests;      /* bit per guest index; 0: all */

static const char *const kind_names[TRACE_KINDS] = { "hcall", "exit", "sched", "irq" };
static const char *const sched_names[] = { "switch to", "block", "wake" };

/* The argument names of each hypercall, as pvabi/hcall.h documents them. */
static const char *const arg_names[PVABI_HC_MAX][3] = {
	[PVABI_HC_set_trap_table] = { "entry" },
	[PVABI_HC_mmu_update] = { "reqs", "count" },
	[PVABI_HC_set_callbacks] = { "event_entry" },
	[PVABI_HC_memory_op] = { "cmd", "list", "count" },
	[PVABI_HC_multicall] = { "calls", "count" },
	[PVABI_HC_set_timer_op] = { "deadline" },
	[PVABI_HC_version] = { "cmd", "arg" },
	[PVABI_HC_console_io] = { "cmd", "count", "buf" },
	[PVABI_HC_mmuext_op] = { "ops", "count" },
	[PVABI_HC_sched_op] = { "cmd", "arg" },
};

static bool wanted(const struct vcpu *v, enum trace_kind k)
{
	unsigned g = v->guest->id;

	return (!kinds || (kinds & (1u << k))) && (!guests || (g < 32 && (guests & (1u << g))));
}

static void format_args(char *buf, size_t n, const struct trace_rec *r)
{
	const char *const *names = r->what < PVABI_HC_MAX ? arg_names[r->what] : NULL;
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < 3 && names && names[i] && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s=0x%llx", i ? ", " : "", names[i],
					(unsigned long long)r->arg[i]);
}

/* One record as one line, without the "[trace] " prefix. */
static void format(char *buf, size_t n, const struct trace_rec *r)
{
	const char *name = r->guest < guest_count ? guest_table[r->guest].cfg->name : "?";
	char args[96];

	switch (r->kind) {
	case TRACE_HCALL:
		format_args(args, sizeof(args), r);
		snprintf(buf, n, "%s %s(%s) -> %lld%s%s  [%llu insns]", name, hcall_name(r->what),
			 args, (long long)r->ret, r->note ? ": " : "", r->note ? r->note : "",
			 (unsigned long long)r->insns);
		break;
	case TRACE_EXIT:
		snprintf(buf, n, "%s exit %s at pc 0x%llx tval 0x%llx gpa 0x%llx", name,
			 arch_exit_name(r->ret, r->what), (unsigned long long)r->arg[0],
			 (unsigned long long)r->arg[1], (unsigned long long)r->arg[2]);
		break;
	case TRACE_SCHED:
		snprintf(buf, n, "%s %s", sched_names[r->what % 3], name);
		break;
	default:
		snprintf(buf, n, "%s inject %s", name, r->note ? r->note : "interrupt");
		break;
	}
}

static void record(const struct trace_rec *r)
{
	ring[written++ % TRACE_RING] = *r;
	if (live) {
		char line[CONSOLE_LINE_MAX];

		format(line, sizeof(line), r);
		log_trace_line(line);
	}
}

void trace_hcall_rec(struct vcpu *v, uint64_t nr, const uint64_t args[5], int64_t ret,
		     uint64_t insns, const char *reason)
{
	if (!trace_active || !wanted(v, TRACE_HCALL))
		return;
	struct trace_rec r = { .time = arch_time(), .insns = insns, .kind = TRACE_HCALL,
			       .guest = (uint8_t)v->guest->id, .what = (uint16_t)nr, .ret = ret,
			       .arg = { args[0], args[1], args[2] }, .note = ret ? reason : NULL };

	record(&r);
}

void trace_exit_rec(struct vcpu *v, bool irq, uint64_t cause, uint64_t pc, uint64_t tval,
		    uint64_t gpa)
{
	if (!trace_active || !wanted(v, TRACE_EXIT))
		return;
	struct trace_rec r = { .time = arch_time(), .kind = TRACE_EXIT,
			       .guest = (uint8_t)v->guest->id, .what = (uint16_t)cause,
			       .ret = irq, .arg = { pc, tval, gpa } };

	record(&r);
}

void trace_sched_rec(struct vcpu *v, enum trace_sched event)
{
	if (!trace_active || !wanted(v, TRACE_SCHED))
		return;
	struct trace_rec r = { .time = arch_time(), .kind = TRACE_SCHED,
			       .guest = (uint8_t)v->guest->id, .what = (uint16_t)event };

	record(&r);
}

void trace_irq_rec(struct vcpu *v, unsigned irq, const char *what)
{
	if (!trace_active || !wanted(v, TRACE_IRQ))
		return;
	struct trace_rec r = { .time = arch_time(), .kind = TRACE_IRQ,
			       .guest = (uint8_t)v->guest->id, .what = (uint16_t)irq, .note = what };

	record(&r);
}

/* One word of a SPEC; NULL, or why it is not one. */
static const char *configure_word(const char *w, size_t n)
{
	static const struct { const char *word; unsigned on, live; } switches[] = {
		{ "on", 1, 1 }, { "off", 0, 1 }, { "live", 1, 1 }, { "quiet", 1, 0 },
	};

	for (unsigned i = 0; i < ARRAY_SIZE(switches); i++)
		if (strlen(switches[i].word) == n && !memcmp(w, switches[i].word, n)) {
			trace_active = switches[i].on;
			live = switches[i].live;
			return NULL;
		}
	if (n == 3 && !memcmp(w, "all", 3)) {
		kinds = guests = 0;
		trace_active = 1;
		return NULL;
	}
	for (unsigned k = 0; k < TRACE_KINDS; k++)
		if (strlen(kind_names[k]) == n && !memcmp(w, kind_names[k], n)) {
			kinds |= 1u << k;
			trace_active = 1;
			return NULL;
		}
	for (unsigned i = 0; i < guest_count && i < 32; i++)
		if (strlen(guest_table[i].cfg->name) == n && !memcmp(w, guest_table[i].cfg->name, n)) {
			guests |= 1u << i;
			trace_active = 1;
			return NULL;
		}
	return "not on, off, live, quiet, all, hcall, exit, sched, irq or a guest's name";
}

const char *trace_configure(const char *spec)
{
	const char *why;

	kinds = guests = 0;
	while (*spec && *spec != ' ') {
		size_t n = strcspn(spec, ", ");

		if (n && (why = configure_word(spec, n)))
			return why;
		spec += n + (spec[n] == ',');
	}
	return NULL;
}

void trace_cmdline(const char *bootargs)
{
	for (const char *s = bootargs; (s = strstr(s, "trace=")); s += 6) {
		const char *why;

		if (s != bootargs && s[-1] != ' ')
			continue;
		if ((why = trace_configure(s + 6)))
			log_printf("command line: trace=%.*s: %s\n", (int)strcspn(s + 6, " "), s + 6,
				   why);
		else
			trace_show_config();
	}
}

void trace_show_config(void)
{
	char buf[128];
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned k = 0; k < TRACE_KINDS; k++)
		if (kinds & (1u << k))
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %s", kind_names[k]);
	for (unsigned i = 0; i < guest_count && i < 32 && len < sizeof(buf); i++)
		if (guests & (1u << i))
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %s",
						guest_table[i].cfg->name);
	log_printf("trace %s%s, records%s; %llu written, %llu lost\n", trace_active ? "on" : "off",
		   trace_active ? (live ? " (live)" : " (ring only)") : "", len ? buf : " of all",
		   (unsigned long long)written, (unsigned long long)trace_lost());
}

uint64_t trace_total(void)
{
	return written;
}

uint64_t trace_lost(void)
{
	return written > TRACE_RING ? written - TRACE_RING : 0;
}

const struct trace_rec *trace_get(unsigned i)
{
	if (i >= written || i >= TRACE_RING)
		return NULL;
	return &ring[(written - 1 - i) % TRACE_RING];
}

void trace_dump(unsigned n)
{
	char line[CONSOLE_LINE_MAX];

	if (n > TRACE_RING)
		n = TRACE_RING;
	for (unsigned i = n; i-- > 0;) {
		const struct trace_rec *r = trace_get(i);

		if (!r)
			continue;
		format(line, sizeof(line), r);
		log_trace_line(line);
	}
	trace_show_config();
}
