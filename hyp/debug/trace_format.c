/* SPDX-License-Identifier: MIT */
/*
 * trace_format.c - the text of a trace record (trace.h): one strace-like
 * line, "0.012345 pv1 mmu_update(reqs=0x..., count=0x3) -> 0  [412 insns,
 * 0.4 us]", decoded as far as the hypervisor can: hypercall arguments by
 * name, the entries of a batch, SBI calls and device accesses by name.
 * scripts/trace_decode.py reads these lines back.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <pvabi/hcall.h>
#include <pvabi/mm.h>

#include "hyp/core/arch.h"
#include "hyp/core/guest.h"
#include "hyp/core/smp.h"
#include "hyp/pv/hcall.h"
#include "hyp/core/sched.h"
#include "hyp/debug/trace.h"
#include "hyp/fv/vmmio.h"

static const char *const sched_names[TRACE_SCHED_EVENTS] = {
	"switch to", "block", "wake", "preempted in exit", "longest exit so far",
};

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
	[PVABI_HC_vcpu_op] = { "cmd", "vcpu", "arg" },
	[PVABI_HC_event_op] = { "cmd", "arg" },
};

static const char *const mmuext_names[] = {
	[PVABI_MMUEXT_PIN_L1_TABLE] = "pin_l1_table",
	[PVABI_MMUEXT_PIN_L2_TABLE] = "pin_l2_table",
	[PVABI_MMUEXT_PIN_L3_TABLE] = "pin_l3_table",
	[PVABI_MMUEXT_UNPIN_TABLE] = "unpin_table",
	[PVABI_MMUEXT_NEW_BASEPTR] = "new_baseptr",
	[PVABI_MMUEXT_TLB_FLUSH_LOCAL] = "tlb_flush_local",
	[PVABI_MMUEXT_INVLPG_LOCAL] = "invlpg_local",
};

struct text {
	char *buf;
	size_t n, len;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (t->len >= t->n)
		return;
	va_start(ap, fmt);
	k = vsnprintf(t->buf + t->len, t->n - t->len, fmt, ap);
	va_end(ap);
	if (k > 0)
		t->len += (size_t)k;
}

/* Host ticks as microseconds with one decimal. */
static void put_us(struct text *t, uint64_t ticks)
{
	uint64_t tenths = sched_ticks_to_us(ticks * 10);

	put(t, "%llu.%llu us", (unsigned long long)(tenths / 10),
	    (unsigned long long)(tenths % 10));
}

static void put_cost(struct text *t, const struct trace_rec *r)
{
	put(t, "  [%llu insns, ", (unsigned long long)r->insns);
	put_us(t, r->ticks);
	put(t, "]");
}

static void put_result(struct text *t, int64_t ret, uint64_t value, const char *note)
{
	put(t, " -> %lld", (long long)ret);
	if (value)
		put(t, " (a1 0x%llx)", (unsigned long long)value);
	if (note)
		put(t, ": %s", note);
}

static void put_hcall(struct text *t, const struct trace_rec *r)
{
	const char *const *names = r->what < PVABI_HC_MAX ? arg_names[r->what] : NULL;

	if (r->flags & TRACE_F_NEST)
		put(t, "  + ");
	put(t, "%s(", hcall_name(r->what));
	for (unsigned i = 0; i < 3 && names && names[i]; i++)
		put(t, "%s%s=0x%llx", i ? ", " : "", names[i], (unsigned long long)r->arg[i]);
	if (!names || !names[0])
		put(t, "0x%llx, 0x%llx, 0x%llx", (unsigned long long)r->arg[0],
		    (unsigned long long)r->arg[1], (unsigned long long)r->arg[2]);
	put(t, ")");
	put_result(t, r->ret, r->val, r->note);
	put_cost(t, r);
}

/* One entry of an mmu_update or mmuext_op batch, read back after the call. */
static void put_entry(struct text *t, const struct trace_rec *r)
{
	put(t, "    [%u] ", r->cls);
	if (r->what == PVABI_HC_mmu_update) {
		put(t, "pte at 0x%llx = 0x%llx", (unsigned long long)r->arg[0],
		    (unsigned long long)r->arg[1]);
	} else {
		const char *op =
		    r->arg[0] < ARRAY_SIZE(mmuext_names) ? mmuext_names[r->arg[0]] : NULL;

		if (op)
			put(t, "%s 0x%llx, 0x%llx", op, (unsigned long long)r->arg[1],
			    (unsigned long long)r->arg[2]);
		else
			put(t, "op %llu 0x%llx, 0x%llx", (unsigned long long)r->arg[0],
			    (unsigned long long)r->arg[1], (unsigned long long)r->arg[2]);
	}
	if (r->ret == 1)
		put(t, " (not reached)");
	else
		put_result(t, r->ret, 0, r->note);
	if (r->cls == TRACE_BATCH_SHOW - 1 && r->val > TRACE_BATCH_SHOW)
		put(t, " (and %llu more)", (unsigned long long)(r->val - TRACE_BATCH_SHOW));
}

static void put_exit(struct text *t, const struct trace_rec *r)
{
	char what[48];

	switch (r->cls) {
	case TRACE_X_SBI:
		arch_fw_call_name(r->arg[0], r->arg[1], what, sizeof(what));
		put(t, "sbi %s(0x%llx)", what, (unsigned long long)r->arg[2]);
		put_result(t, r->ret, r->val, NULL);
		break;
	case TRACE_X_MMIO:
		vmmio_describe(r->arg[2], r->flags & TRACE_F_STORE, r->val, what, sizeof(what));
		put(t, "%s", what);
		break;
	case TRACE_X_WFI:
		put(t, "wfi");
		break;
	default:
		put(t, "exit %s at pc 0x%llx", arch_exit_long_name(r->flags & TRACE_F_IRQ, r->what),
		    (unsigned long long)r->arg[0]);
		if (!(r->flags & TRACE_F_IRQ))
			put(t, " tval 0x%llx gpa 0x%llx", (unsigned long long)r->arg[1],
			    (unsigned long long)r->arg[2]);
		break;
	}
	if (r->note)
		put(t, " -> %s", r->note);
	put_cost(t, r);
}

/* The guest's name; "NAME/N" for its vCPU N > 0 (one word, as the decoders read it). */
static const char *who(const struct trace_rec *r, char *buf, size_t n)
{
	const char *name = r->guest < guest_count ? guest_table[r->guest].cfg->name : "?";

	if (!r->vcpu)
		return name;
	snprintf(buf, n, "%s/%u", name, r->vcpu);
	return buf;
}

void trace_format(char *buf, size_t n, const struct trace_rec *r)
{
	struct text t = { buf, n, 0 };
	char who_buf[24];
	const char *name = who(r, who_buf, sizeof(who_buf));
	uint64_t us = sched_ticks_to_us(r->time);

	buf[0] = '\0';
	put(&t, "%llu.%06llu ", (unsigned long long)(us / 1000000),
	    (unsigned long long)(us % 1000000));
	if (smp_harts() > 1) /* one hart: the lines stay as they always were */
		put(&t, "h%u ", r->hart);
	switch (r->kind) {
	case TRACE_HCALL:
		put(&t, "%s ", name);
		put_hcall(&t, r);
		break;
	case TRACE_ENTRY:
		put(&t, "%s ", name);
		put_entry(&t, r);
		break;
	case TRACE_EXIT:
		put(&t, "%s ", name);
		put_exit(&t, r);
		break;
	case TRACE_SCHED:
		put(&t, "%s %s", r->what < TRACE_SCHED_EVENTS ? sched_names[r->what] : "?", name);
		if (r->what == TRACE_LONGEST)
			put_cost(&t, r);
		break;
	default:
		put(&t, "%s inject %s", name, r->note ? r->note : "interrupt");
		break;
	}
}
