/* SPDX-License-Identifier: MIT */
/*
 * trace.h - the hypervisor's trace: a ring of records of what guests ask
 * and cause (hypercalls with their arguments, result, rejection reason and
 * cost; other exits; scheduler events; injected interrupts), kept while
 * tracing is on and printed live as "[trace] " lines when asked. Off, each
 * hook costs one load and one branch.
 *
 * Switched by the hypervisor's command line (trace=SPEC, make qemu
 * TRACE=SPEC) and the monitor's "trace" command. SPEC is a comma list of
 * on, off, live, quiet (ring only), all, hcall, exit, sched, irq, and guest
 * names; kinds and guests narrow what is recorded (none named: all).
 */
#ifndef HYP_TRACE_H
#define HYP_TRACE_H

#include "hyp/types.h"

struct vcpu;

enum trace_kind { TRACE_HCALL, TRACE_EXIT, TRACE_SCHED, TRACE_IRQ, TRACE_KINDS };
enum trace_sched { TRACE_SWITCH, TRACE_BLOCK, TRACE_WAKE };

#define TRACE_RING 1024

struct trace_rec {
	uint64_t time;      /* host time when it happened */
	uint64_t insns;     /* instructions the hypervisor spent on it (hypercalls) */
	uint8_t kind;       /* enum trace_kind */
	uint8_t guest;      /* guest_table index */
	uint16_t what;      /* hypercall number, exit cause, sched event, irq */
	int64_t ret;        /* hypercall result */
	uint64_t arg[3];    /* hypercall a0..a2; exit: pc, tval, guest-physical */
	const char *note;   /* a rejection reason or what was done; static, or NULL */
};

/* Nonzero while anything is recorded: the one test every hook makes. */
extern unsigned trace_active;

/* Apply a SPEC (see above); NULL, or what was wrong with it. */
const char *trace_configure(const char *spec);
/* The trace=SPEC items of the hypervisor's command line (after the guests exist). */
void trace_cmdline(const char *bootargs);
/* One line saying what is traced. */
void trace_show_config(void);
/* Print the last n records of the ring and the lost-record count. */
void trace_dump(unsigned n);
/* Records written and overwritten before being read, since boot. */
uint64_t trace_total(void);
uint64_t trace_lost(void);
/* The i-th newest record (0: the last), or NULL. */
const struct trace_rec *trace_get(unsigned i);

/* The recorders: each returns at once unless the kind and guest are traced. */
void trace_hcall_rec(struct vcpu *v, uint64_t nr, const uint64_t args[5], int64_t ret,
		     uint64_t insns, const char *reason);
void trace_exit_rec(struct vcpu *v, bool irq, uint64_t cause, uint64_t pc, uint64_t tval,
		    uint64_t gpa);
void trace_sched_rec(struct vcpu *v, enum trace_sched event);
void trace_irq_rec(struct vcpu *v, unsigned irq, const char *what);

/* The hooks: with tracing off, one load and one branch, no call. */
static inline void trace_hcall(struct vcpu *v, uint64_t nr, const uint64_t args[5], int64_t ret,
			       uint64_t insns, const char *reason)
{
	if (trace_active)
		trace_hcall_rec(v, nr, args, ret, insns, reason);
}

static inline void trace_exit(struct vcpu *v, bool irq, uint64_t cause, uint64_t pc,
			      uint64_t tval, uint64_t gpa)
{
	if (trace_active)
		trace_exit_rec(v, irq, cause, pc, tval, gpa);
}

static inline void trace_sched(struct vcpu *v, enum trace_sched event)
{
	if (trace_active)
		trace_sched_rec(v, event);
}

static inline void trace_irq(struct vcpu *v, unsigned irq, const char *what)
{
	if (trace_active)
		trace_irq_rec(v, irq, what);
}

#endif
