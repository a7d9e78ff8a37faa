/* SPDX-License-Identifier: MIT */
/*
 * trace.c - the trace ring, its recorders, its filters and its live
 * "[trace] " lines (trace.h; the text of a record: trace_format.c).
 *
 * Several harts share the one ring under trace_lock (taken for a slot, and
 * for a call's record filled in at its end); what is open for a vCPU is its
 * home hart's alone. Records are printed outside the lock, except a call's
 * nested ones at its end: the order is trace_lock, then the console lock.
 */
#include <stdio.h>
#include <string.h>

#include <pvabi/hcall.h>
#include <pvabi/mm.h>

#include "hyp/core/arch.h"
#include "hyp/core/console.h"
#include "hyp/core/guest.h"
#include "hyp/core/log.h"
#include "hyp/core/sched.h"
#include "hyp/core/smp.h"
#include "hyp/core/spinlock.h"
#include "hyp/debug/trace.h"

#ifndef HYP_NO_TRACE
unsigned trace_active;
#endif

static void set_active(unsigned on)
{
#ifndef HYP_NO_TRACE
	trace_active = on;
#else
	(void)on;
#endif
}

/* Named apart from log.c's ring for GDB's rvhyp-trace (scripts/gdb/rvhyp.py). */
static struct trace_rec trace_ring[TRACE_RING];
/* Records ever written; trace_ring[trace_written % TRACE_RING] is next. */
static uint64_t trace_written;
static bool live = true; /* print each record as it is made */
static unsigned kinds;	 /* bit per enum trace_kind; 0: all */
static uint32_t guests;	 /* bit per guest index; 0: all */
static struct spinlock trace_lock = SPINLOCK_INIT;

static const char *const kind_names[TRACE_KINDS] = { "hcall", "exit", "sched", "irq" };

/* A hypercall under way: its slot, and where its nested calls begin. */
struct open_call {
	uint64_t slot;	/* index into the ring (mod TRACE_RING) */
	uint64_t start; /* instret at the start */
};

/*
 * What is under way for one vCPU: a call, and one inside a multicall; the
 * exit being handled. Per vCPU, because an exit may stop at a preemption
 * point while other vCPUs' exits are recorded (sched.h).
 */
struct trace_open {
	struct open_call calls[2];
	unsigned depth;
	struct trace_rec exit_rec;
	uint64_t exit_start;
	bool exit_open;
};
static struct trace_open open_of[GUEST_MAX][GUEST_VCPU_MAX];

static struct trace_open *tro(const struct vcpu *v)
{
	return &open_of[v->guest->id][v->id];
}

/* The vCPU whose exit the decoders below describe: the running one (per hart). */
static __thread const struct vcpu *exit_vcpu;

static struct trace_open *exit_of(void)
{
	static struct trace_open none; /* no exit was ever begun */
	const struct vcpu *v = sched_current();

	if (!v)
		v = exit_vcpu;
	return v ? tro(v) : &none;
}

void trace_vcpu_reset(struct vcpu *v)
{
	memset(tro(v), 0, sizeof(struct trace_open));
}

static bool wanted(const struct vcpu *v, enum trace_kind k)
{
	unsigned g = v->guest->id;

	return (!kinds || (kinds & (1u << k))) && (!guests || (g < 32 && (guests & (1u << g))));
}

static void print_rec(const struct trace_rec *r)
{
	char line[CONSOLE_LINE_MAX];

	trace_format(line, sizeof(line), r);
	log_trace_line(line);
}

/* The next free slot (trace_lock held). */
static struct trace_rec *slot_new(void)
{
	struct trace_rec *r = &trace_ring[trace_written++ % TRACE_RING];

	memset(r, 0, sizeof(*r));
	return r;
}

/*
 * A complete record: into the trace_ring, and printed unless inside a call of its
 * guest being recorded.
 */
static void record(const struct trace_rec *r)
{
	spin_lock(&trace_lock);
	*slot_new() = *r;
	spin_unlock(&trace_lock);
	if (live && !open_of[r->guest][r->vcpu % GUEST_VCPU_MAX].depth)
		print_rec(r);
}

static struct trace_rec rec_for(const struct vcpu *v, enum trace_kind k)
{
	return (struct trace_rec){ .time = arch_time(),
				   .kind = (uint8_t)k,
				   .guest = (uint8_t)v->guest->id,
				   .hart = (uint8_t)smp_this(),
				   .vcpu = (uint8_t)v->id };
}

int trace_hcall_begin(struct vcpu *v, uint64_t nr, const uint64_t args[5])
{
	struct trace_open *o = tro(v);
	struct trace_rec *r;

	if (!trace_active || !wanted(v, TRACE_HCALL) || o->depth >= ARRAY_SIZE(o->calls))
		return -1;
	spin_lock(&trace_lock);
	o->calls[o->depth].slot = trace_written;
	r = slot_new();
	*r = rec_for(v, TRACE_HCALL);
	r->what = (uint16_t)nr;
	r->flags = o->depth ? TRACE_F_NEST : 0;
	memcpy(r->arg, args, sizeof(r->arg));
	spin_unlock(&trace_lock);
	o->calls[o->depth].start = arch_instret();
	return (int)o->depth++;
}

/* The entries of a batch, read back from the guest: up to TRACE_BATCH_SHOW. */
static void record_entries(struct vcpu *v, const struct trace_rec *call, uint64_t done)
{
	uint64_t n = call->arg[1] < TRACE_BATCH_SHOW ? call->arg[1] : TRACE_BATCH_SHOW;
	bool mmu = call->what == PVABI_HC_mmu_update;
	size_t size = mmu ? sizeof(struct pvabi_mmu_update) : sizeof(struct pvabi_mmuext_op);

	if (!vcpu_is_up(v) || call->arg[1] > PVABI_MMU_BATCH_MAX)
		return; /* its memory may be gone; a refused size has no entries */
	for (uint64_t i = 0; i < n; i++) {
		struct trace_rec e = rec_for(v, TRACE_ENTRY);
		uint64_t raw[3];

		if (arch_copy_from_guest(raw, GVA(call->arg[0] + i * size), size))
			break;
		e.time = call->time;
		e.what = call->what;
		e.cls = (uint8_t)i;
		e.val = call->arg[1];
		e.arg[0] = raw[0];
		e.arg[1] = raw[1];
		e.arg[2] = mmu ? 0 : raw[2];
		e.ret = i < done ? 0 : i == done ? call->ret : 1; /* 1: not reached */
		e.note = i == done ? call->note : NULL;
		record(&e);
	}
}

void trace_hcall_end(int h, struct vcpu *v, int64_t ret, uint64_t value, const char *reason)
{
	struct trace_open *o = tro(v);
	struct trace_rec *r, call;
	uint64_t first;

	if (h < 0)
		return;
	first = o->calls[h].slot;
	spin_lock(&trace_lock);
	if (trace_written - first > TRACE_RING) {
		spin_unlock(&trace_lock);
		o->depth = (unsigned)h;
		return; /* its nested calls (or other harts' records) overwrote it */
	}
	r = &trace_ring[first % TRACE_RING];
	r->insns = arch_instret() - o->calls[h].start;
	r->ticks = (uint32_t)(arch_time() - r->time);
	r->ret = ret;
	r->val = value;
	r->note = ret ? reason : NULL;
	call = *r;
	spin_unlock(&trace_lock);
	if ((call.what == PVABI_HC_mmu_update || call.what == PVABI_HC_mmuext_op) && call.arg[1])
		record_entries(v, &call, value); /* still at its depth: not printed yet */
	o->depth = (unsigned)h;
	if (!live || o->depth)
		return;
	/*
	 * The call, then what was recorded inside it, in order: this vCPU's only.
	 * Others' records, a sibling's too if the call was preempted, were
	 * printed already (the depth that holds them back is per vCPU).
	 */
	spin_lock(&trace_lock);
	for (uint64_t i = first; i < trace_written; i++) {
		const struct trace_rec *r = &trace_ring[i % TRACE_RING];

		if (r->guest == v->guest->id && r->vcpu == v->id)
			print_rec(r);
	}
	spin_unlock(&trace_lock);
}

void trace_exit_begin_rec(struct vcpu *v, bool irq, uint64_t cause, uint64_t pc, uint64_t tval,
			  uint64_t gpa)
{
	struct trace_open *o = tro(v);

	exit_vcpu = v;
	o->exit_open = trace_active && wanted(v, TRACE_EXIT);
	if (!o->exit_open)
		return;
	o->exit_rec = rec_for(v, TRACE_EXIT);
	o->exit_rec.what = (uint16_t)cause;
	o->exit_rec.flags = irq ? TRACE_F_IRQ : 0;
	o->exit_rec.arg[0] = pc;
	o->exit_rec.arg[1] = tval;
	o->exit_rec.arg[2] = gpa;
	o->exit_start = arch_instret();
}

void trace_exit_sbi_rec(uint64_t ext, uint64_t fid, uint64_t a0, int64_t error, uint64_t value)
{
	struct trace_open *o = exit_of();

	if (!o->exit_open)
		return;
	o->exit_rec.cls = TRACE_X_SBI;
	o->exit_rec.arg[0] = ext;
	o->exit_rec.arg[1] = fid;
	o->exit_rec.arg[2] = a0;
	o->exit_rec.ret = error;
	o->exit_rec.val = value;
}

void trace_exit_mmio_rec(uint64_t gpa, unsigned width, bool store, uint64_t val)
{
	struct trace_open *o = exit_of();

	if (!o->exit_open)
		return;
	o->exit_rec.cls = TRACE_X_MMIO;
	o->exit_rec.arg[2] = gpa;
	o->exit_rec.width = (uint8_t)width;
	o->exit_rec.flags |= store ? TRACE_F_STORE : 0;
	o->exit_rec.val = val;
}

void trace_exit_wfi_rec(bool blocked)
{
	struct trace_open *o = exit_of();

	if (!o->exit_open)
		return;
	o->exit_rec.cls = TRACE_X_WFI;
	o->exit_rec.note = blocked ? "blocked" : "an interrupt is pending: continues";
}

void trace_exit_note_rec(const char *how)
{
	struct trace_open *o = exit_of();

	if (o->exit_open)
		o->exit_rec.note = how;
}

void trace_exit_end_rec(struct vcpu *v)
{
	struct trace_open *o = tro(v);

	if (!o->exit_open)
		return;
	o->exit_open = false;
	o->exit_rec.insns = arch_instret() - o->exit_start;
	o->exit_rec.ticks = (uint32_t)(arch_time() - o->exit_rec.time);
	if (v->state == VCPU_STOPPED && !o->exit_rec.note)
		o->exit_rec.note = "guest stopped";
	record(&o->exit_rec);
}

void trace_sched_rec(struct vcpu *v, enum trace_sched event)
{
	struct trace_rec r = rec_for(v, TRACE_SCHED);

	if (!trace_active || !wanted(v, TRACE_SCHED))
		return;
	r.what = (uint16_t)event;
	record(&r);
}

void trace_longest_rec(struct vcpu *v, uint64_t insns, uint64_t ticks)
{
	struct trace_rec r = rec_for(v, TRACE_SCHED);

	if (!trace_active || !wanted(v, TRACE_SCHED))
		return;
	r.what = TRACE_LONGEST;
	r.time -= ticks; /* when the stretch began */
	r.insns = insns;
	r.ticks = (uint32_t)ticks;
	record(&r);
}

void trace_irq_rec(struct vcpu *v, unsigned irq, const char *what)
{
	struct trace_rec r = rec_for(v, TRACE_IRQ);

	if (!trace_active || !wanted(v, TRACE_IRQ))
		return;
	r.what = (uint16_t)irq;
	r.note = what;
	record(&r);
}

/* One word of a SPEC; NULL, or why it is not one. */
static const char *configure_word(const char *w, size_t n)
{
	static const struct {
		const char *word;
		unsigned on, live;
	} switches[] = {
		{ "on", 1, 1 },
		{ "off", 0, 1 },
		{ "live", 1, 1 },
		{ "quiet", 1, 0 },
	};
	struct guest *g;

	for (unsigned i = 0; i < ARRAY_SIZE(switches); i++)
		if (strlen(switches[i].word) == n && !memcmp(w, switches[i].word, n)) {
			set_active(switches[i].on);
			live = switches[i].live;
			return NULL;
		}
	if (n == 3 && !memcmp(w, "all", 3)) {
		kinds = guests = 0;
		set_active(1);
		return NULL;
	}
	for (unsigned k = 0; k < TRACE_KINDS; k++)
		if (strlen(kind_names[k]) == n && !memcmp(w, kind_names[k], n)) {
			kinds |= 1u << k;
			set_active(1);
			return NULL;
		}
	if ((g = guest_find(w, n)) && g->id < 32) {
		guests |= 1u << g->id;
		set_active(1);
		return NULL;
	}
	return "not on, off, live, quiet, all, hcall, exit, sched, irq or a guest's name";
}

const char *trace_configure(const char *spec)
{
	const char *why;

#ifdef HYP_NO_TRACE
	(void)spec;
	return "tracing is compiled out of this build (HYP_TRACE=0)";
#endif
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
	bool given = false;

	for (const char *s = bootargs; (s = strstr(s, "trace=")); s += 6) {
		const char *why;

		if (s != bootargs && s[-1] != ' ')
			continue;
		given = true;
		if ((why = trace_configure(s + 6)))
			log_printf("command line: trace=%.*s: %s\n", (int)strcspn(s + 6, " "),
				   s + 6, why);
		else
			trace_show_config();
	}
	if (given)
		trace_show_units();
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
		   (unsigned long long)trace_written, (unsigned long long)trace_lost());
}

void trace_show_units(void)
{
	log_printf("trace costs: insns = instret delta (instructions under QEMU -icount, host CPU "
		   "ticks without it), us = time CSR\n");
}

uint64_t trace_total(void)
{
	return trace_written;
}

uint64_t trace_lost(void)
{
	return trace_written > TRACE_RING ? trace_written - TRACE_RING : 0;
}

const struct trace_rec *trace_get(unsigned i)
{
	if (i >= trace_written || i >= TRACE_RING)
		return NULL;
	return &trace_ring[(trace_written - 1 - i) % TRACE_RING];
}

void trace_dump(unsigned n)
{
	if (n > TRACE_RING)
		n = TRACE_RING;
	for (unsigned i = n; i-- > 0;) {
		const struct trace_rec *r = trace_get(i);

		if (r)
			print_rec(r);
	}
	trace_show_config();
}
