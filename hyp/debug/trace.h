/* SPDX-License-Identifier: MIT */
/*
 * trace.h - the hypervisor's trace: a ring of records of what guests ask
 * and cause (hypercalls with their arguments, batched entries, result,
 * rejection reason and cost; other exits decoded: SBI calls, device
 * accesses, wfi, faults, and how each was handled; scheduler events;
 * injected interrupts), kept while tracing is on and printed live as
 * "[trace] " lines when asked. Off, each hook costs one load and one branch.
 *
 * Switched by the hypervisor's command line (trace=SPEC, make qemu
 * TRACE=SPEC) and the monitor's "trace" command. SPEC is a comma list of
 * on, off, live, quiet (ring only), all, hcall, exit, sched, irq, and guest
 * names; kinds and guests narrow what is recorded (none named: all).
 * The text of a record: trace_format.c.
 */
#ifndef HYP_TRACE_H
#define HYP_TRACE_H

#include "hyp/core/types.h"

struct vcpu;

/* TRACE_ENTRY: one entry of a batch, recorded with (after) its call. */
enum trace_kind {
	TRACE_HCALL,
	TRACE_EXIT,
	TRACE_SCHED,
	TRACE_IRQ,
	TRACE_KINDS,
	TRACE_ENTRY = TRACE_KINDS
};
/*
 * TRACE_PREEMPT: an exit's hypervisor work stopped at its budget, to go on
 * later. TRACE_LONGEST: the longest stretch of hypervisor work for that guest
 * so far just ended (insns, ticks: its length): the exit budget's record.
 */
enum trace_sched {
	TRACE_SWITCH,
	TRACE_BLOCK,
	TRACE_WAKE,
	TRACE_PREEMPT,
	TRACE_LONGEST,
	TRACE_SCHED_EVENTS
};
/* What the hypervisor made of an exit that is not a hypercall. */
enum trace_exit_class {
	TRACE_X_PLAIN, /* an interrupt, a fault given back: cause and pc say it */
	TRACE_X_SBI,   /* FV SBI call: arg = a7 (ext), a6 (fid), a0; ret, val = result */
	TRACE_X_MMIO,  /* emulated device access: arg[2] = gpa, val, width, store */
	TRACE_X_WFI,   /* wfi */
};

#define TRACE_RING 1024
/* Entries of one mmu_update, mmuext_op or multicall shown after it. */
#define TRACE_BATCH_SHOW 8

struct trace_rec {
	uint64_t time;	  /* host time when it began */
	uint64_t insns;	  /* instructions the hypervisor spent on it */
	uint32_t ticks;	  /* host time it took (hypercalls, exits) */
	uint8_t kind;	  /* enum trace_kind */
	uint8_t guest;	  /* guest_table index */
	uint16_t what;	  /* hypercall number, exit cause, sched event, irq */
	uint8_t cls;	  /* exits: enum trace_exit_class; entries: index in batch */
	uint8_t width;	  /* MMIO: bytes */
	uint8_t flags;	  /* TRACE_F_* */
	uint8_t hart;	  /* the hart it happened on (smp.h) */
	uint8_t vcpu;	  /* the vCPU of its guest (0 for most guests) */
	int64_t ret;	  /* hypercall or SBI result; entries: their result */
	uint64_t arg[3];  /* hypercall a0..a2; exit: pc, tval, guest-physical; see above */
	uint64_t val;	  /* SBI value, MMIO data, hypercall a1 out, batch size */
	const char *note; /* a rejection reason or how it was handled; static, or NULL */
};
#define TRACE_F_IRQ 1u	 /* exit: an interrupt */
#define TRACE_F_STORE 2u /* MMIO: a store */
#define TRACE_F_NEST 4u	 /* a call made inside a multicall */

/*
 * Nonzero while anything is recorded: the one test every hook makes. A
 * build with HYP_TRACE=0 (-DHYP_NO_TRACE) makes it a constant and every
 * hook compiles away: the baseline the cost of the hooks is measured by
 * (docs/performance.md).
 */
#ifdef HYP_NO_TRACE
#define trace_active 0u
#else
extern unsigned trace_active;
#endif

/* Apply a SPEC (see above); NULL, or what was wrong with it. */
const char *trace_configure(const char *spec);
/* The trace=SPEC items of the hypervisor's command line (after the guests exist). */
void trace_cmdline(const char *bootargs);
/* One line saying what is traced. */
void trace_show_config(void);
/* What the cost column of a record counts (instret is no instruction count without -icount). */
void trace_show_units(void);
/* Print the last n records of the ring, then what is traced and the lost count. */
void trace_dump(unsigned n);
/* Records written and overwritten before being read, since boot. */
uint64_t trace_total(void);
uint64_t trace_lost(void);
/* The i-th newest record (0: the last), or NULL. */
const struct trace_rec *trace_get(unsigned i);
/* One record as text, without the "[trace] " prefix (trace_format.c). */
void trace_format(char *buf, size_t n, const struct trace_rec *r);

/*
 * Hypercalls: begin before the handler, end after it (hcall.c). Calls made
 * inside a multicall are recorded after it, marked TRACE_F_NEST; the entries
 * of mmu_update and mmuext_op are read back from the guest and recorded as
 * TRACE_ENTRY records. begin returns a handle for end, or -1 if not recorded.
 */
int trace_hcall_begin(struct vcpu *v, uint64_t nr, const uint64_t args[5]);
void trace_hcall_end(int h, struct vcpu *v, int64_t ret, uint64_t value, const char *reason);

/* Exits: begin on the way in, the decoders while handling, end on the way out (arch). */
void trace_exit_begin_rec(struct vcpu *v, bool irq, uint64_t cause, uint64_t pc, uint64_t tval,
			  uint64_t gpa);
void trace_exit_sbi_rec(uint64_t ext, uint64_t fid, uint64_t a0, int64_t error, uint64_t value);
void trace_exit_mmio_rec(uint64_t gpa, unsigned width, bool store, uint64_t val);
void trace_exit_wfi_rec(bool blocked);
void trace_exit_note_rec(const char *how);
void trace_exit_end_rec(struct vcpu *v);

void trace_sched_rec(struct vcpu *v, enum trace_sched event);
/* A new longest stretch of hypervisor work for v's guest: insns and ticks long. */
void trace_longest_rec(struct vcpu *v, uint64_t insns, uint64_t ticks);
/* v's calls and exit under way are dropped (its half-done work was). */
void trace_vcpu_reset(struct vcpu *v);
void trace_irq_rec(struct vcpu *v, unsigned irq, const char *what);

/* The hooks: with tracing off, one load and one branch, no call. */
#define TRACE_HOOK(call)                                                                           \
	do {                                                                                       \
		if (trace_active)                                                                  \
			call;                                                                      \
	} while (0)
#define trace_exit_sbi(...) TRACE_HOOK(trace_exit_sbi_rec(__VA_ARGS__))
#define trace_exit_mmio(...) TRACE_HOOK(trace_exit_mmio_rec(__VA_ARGS__))
#define trace_exit_wfi(...) TRACE_HOOK(trace_exit_wfi_rec(__VA_ARGS__))
#define trace_exit_note(...) TRACE_HOOK(trace_exit_note_rec(__VA_ARGS__))
#define trace_sched(...) TRACE_HOOK(trace_sched_rec(__VA_ARGS__))
#define trace_longest(...) TRACE_HOOK(trace_longest_rec(__VA_ARGS__))
#define trace_irq(...) TRACE_HOOK(trace_irq_rec(__VA_ARGS__))

#endif
