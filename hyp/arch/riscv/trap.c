/* SPDX-License-Identifier: MIT */
/*
 * trap.c - what happens when a guest exits to the hypervisor: decode the
 * cause, dispatch hypercalls and SBI calls, hand interrupts to the scheduler,
 * and stop a guest whose fault cannot be given back to it. Also the handler
 * for traps taken inside the hypervisor itself.
 */
#include <pvabi/pvabi.h>
#include <string.h>

#include "arch/csr.h"
#include "arch/sbi.h"
#include "arch/vsbi.h"
#include "hyp/core/arch.h"
#include "hyp/core/guest.h"
#include "hyp/pv/event.h"
#include "hyp/pv/hcall.h"
#include "hyp/core/log.h"
#include "hyp/core/sched.h"
#include "hyp/debug/trace.h"

void riscv_vcpu_enter(struct arch_regs *r);
void riscv_hyp_trap(uint64_t *frame);
int riscv_ecall_fast(struct vcpu *v);
int riscv_ecall_fast_after(struct vcpu *v);
int riscv_ecall_direct(struct vcpu *v);
int riscv_ecall_direct_quick(struct vcpu *v, const uint64_t args[5], uint64_t nr);

/* What entry.S answers version(PVABI_VER_abi) with, and what it takes to be that call. */
const uint32_t riscv_pvabi_version = PVABI_VERSION;
_Static_assert(ENTRY_HC_VERSION == PVABI_HC_version && ENTRY_VER_ABI == PVABI_VER_abi &&
		   ENTRY_SBI_EXT == PVABI_SBI_EXT,
	       "entry.S's version answer");
_Static_assert(PVABI_HC_MAX <= ARRAY_SIZE(((struct arch_regs *)0)->hcalls), "regs.hcalls");

static const char *const exc_names[] = {
	[EXC_INST_MISALIGNED] = "instruction address misaligned",
	[EXC_INST_ACCESS] = "instruction access fault",
	[EXC_ILLEGAL_INST] = "illegal instruction",
	[EXC_BREAKPOINT] = "breakpoint",
	[EXC_LOAD_MISALIGNED] = "load address misaligned",
	[EXC_LOAD_ACCESS] = "load access fault",
	[EXC_STORE_MISALIGNED] = "store address misaligned",
	[EXC_STORE_ACCESS] = "store access fault",
	[EXC_ECALL_U] = "ecall from U-mode",
	[EXC_ECALL_S] = "ecall from HS-mode",
	[EXC_ECALL_VS] = "ecall from VS-mode",
	[EXC_ECALL_M] = "ecall from M-mode",
	[EXC_INST_PAGE_FAULT] = "instruction page fault",
	[EXC_LOAD_PAGE_FAULT] = "load page fault",
	[EXC_STORE_PAGE_FAULT] = "store page fault",
	[EXC_INST_GUEST_PAGE_FAULT] = "instruction guest-page fault",
	[EXC_LOAD_GUEST_PAGE_FAULT] = "load guest-page fault",
	[EXC_VIRTUAL_INST] = "virtual instruction",
	[EXC_STORE_GUEST_PAGE_FAULT] = "store guest-page fault",
};

/* Short names for the per-guest exit counters. */
static const char *const exit_names[] = {
	[EXC_ILLEGAL_INST] = "illegal",
	[EXC_LOAD_MISALIGNED] = "load-misaligned",
	[EXC_LOAD_ACCESS] = "load-access",
	[EXC_STORE_MISALIGNED] = "store-misaligned",
	[EXC_STORE_ACCESS] = "store-access",
	[EXC_ECALL_VS] = "ecall",
	[EXC_INST_GUEST_PAGE_FAULT] = "fetch-gpf",
	[EXC_LOAD_GUEST_PAGE_FAULT] = "load-gpf",
	[EXC_VIRTUAL_INST] = "virtual-inst",
	[EXC_STORE_GUEST_PAGE_FAULT] = "store-gpf",
};

static const char *const irq_names[] = {
	[IRQ_S_SOFT] = "soft",
	[IRQ_S_TIMER] = "timer",
	[IRQ_S_EXT] = "external",
};

const char *arch_exit_name(bool irq, unsigned cause)
{
	const char *const *names = irq ? irq_names : exit_names;
	unsigned n = irq ? ARRAY_SIZE(irq_names) : ARRAY_SIZE(exit_names);

	if (cause < n && names[cause])
		return names[cause];
	return irq ? "other-irq" : "other";
}

static const char *exc_name(uint64_t cause)
{
	if (cause < ARRAY_SIZE(exc_names) && exc_names[cause])
		return exc_names[cause];
	return "unknown exception";
}

const char *arch_exit_long_name(bool irq, unsigned cause)
{
	static const char *const irq_long[] = {
		[IRQ_S_SOFT] = "software interrupt",
		[IRQ_S_TIMER] = "timer interrupt",
		[IRQ_S_EXT] = "external interrupt",
	};

	if (!irq)
		return exc_name(cause);
	return cause < ARRAY_SIZE(irq_long) && irq_long[cause] ? irq_long[cause] : "interrupt";
}

void arch_fw_call_name(uint64_t ext, uint64_t fid, char *buf, size_t n)
{
	vsbi_call_name(ext, fid, buf, n);
}

static void handle_ecall(struct vcpu *v)
{
	uint64_t *x = v->arch.regs.x;
	uint64_t value = 0;
	int64_t err;

	if (v->guest->cfg->mode == GUEST_FV) {
		v->guest->stats.sbi_calls++;
		vsbi_dispatch(v);
		return;
	}
	if (x[REG_A7] == PVABI_SBI_EXT) {
		uint64_t args[5] = { x[REG_A0], x[REG_A1], x[REG_A2], x[REG_A3], x[REG_A4] };

		err = hcall_dispatch(v, x[REG_A6], args, &value);
	} else {
		vsbi_log_unknown(v->guest, x[REG_A7]);
		err = SBI_ERR_NOT_SUPPORTED;
	}
	if (v->regs_reset)
		return; /* the guest was rebooted: it starts afresh */
	x[REG_A0] = (uint64_t)err;
	x[REG_A1] = value;
	v->arch.regs.pc += 4;
}

static void handle_irq(struct vcpu *v, uint64_t irq)
{
	switch (irq) {
	case IRQ_S_SOFT: /* another hart's kick (smp.h): sched_timer_tick reads the inbox */
	case IRQ_S_TIMER:
		sched_timer_tick();
		break;
	default:
		guest_stop(v->guest, GUEST_CRASHED, "hypervisor saw unexpected interrupt %llu",
			   (unsigned long long)irq);
		break;
	}
}

/*
 * Exceptions a real machine would give to the kernel, which a PV kernel gets
 * once it registered a trap entry (FV guests: fv.c). A privileged instruction (virtual
 * instruction trap) is, for a PV kernel, an illegal one.
 */
static bool give_to_guest(struct vcpu *v, uint64_t cause, uint64_t *guest_cause)
{
	if (!v->trap_entry)
		return false;
	switch (cause) {
	case EXC_VIRTUAL_INST:
		*guest_cause = EXC_ILLEGAL_INST;
		return true;
	case EXC_ILLEGAL_INST:
	case EXC_INST_ACCESS:
	case EXC_LOAD_MISALIGNED:
	case EXC_LOAD_ACCESS:
	case EXC_STORE_MISALIGNED:
	case EXC_STORE_ACCESS:
		*guest_cause = cause;
		return true;
	default:
		return false;
	}
}

static void stop_on_guest_page_fault(struct vcpu *v, uint64_t cause, const char *who)
{
	struct arch_vcpu *a = &v->arch;
	uint64_t gpa = (a->htval << 2) | (a->stval & 3);
	unsigned perm;

	if (cause == EXC_STORE_GUEST_PAGE_FAULT &&
	    gstage_lookup(&v->guest->gs, GPA(gpa), NULL, &perm) && !(perm & GSTAGE_W)) {
		guest_stop(v->guest, GUEST_CRASHED,
			   "wrote to read-only guest-physical 0x%llx (a page table: PV guests "
			   "change them with mmu_update) in %s at pc 0x%llx",
			   (unsigned long long)gpa, who, (unsigned long long)a->regs.pc);
		return;
	}
	guest_stop(v->guest, GUEST_CRASHED,
		   "%s (no memory at guest-physical 0x%llx) in %s at pc 0x%llx, tval 0x%llx",
		   exc_name(cause), (unsigned long long)gpa, who, (unsigned long long)a->regs.pc,
		   (unsigned long long)a->stval);
}

/* A fault the hypervisor does not resolve: the guest's, or a reason to stop it. */
static void guest_fault(struct vcpu *v, uint64_t cause)
{
	struct arch_vcpu *a = &v->arch;
	const char *who = (a->regs.sstatus & SSTATUS_SPP) ? "kernel" : "user";
	uint64_t guest_cause;

	if (v->guest->cfg->mode == GUEST_FV) {
		riscv_fv_fault(v, cause);
		return;
	}
	if (give_to_guest(v, cause, &guest_cause)) {
		trace_exit_note("given to the guest's trap entry");
		riscv_vcpu_inject(v, guest_cause, a->stval);
		return;
	}
	if (cause == EXC_INST_GUEST_PAGE_FAULT || cause == EXC_LOAD_GUEST_PAGE_FAULT ||
	    cause == EXC_STORE_GUEST_PAGE_FAULT) {
		stop_on_guest_page_fault(v, cause, who);
		return;
	}
	guest_stop(v->guest, GUEST_CRASHED, "%s in %s at pc 0x%llx, tval 0x%llx", exc_name(cause),
		   who, (unsigned long long)a->regs.pc, (unsigned long long)a->stval);
}

/*
 * This QEMU does not trap a VS-mode write of satp even with hstatus.VTVM
 * (brief, section 2): check on every exit that a PV guest still runs on the
 * root the hypervisor installed, and stop it if not.
 */
static bool pv_vsatp_intact(struct vcpu *v)
{
	uint64_t now;

	if (v->guest->cfg->mode != GUEST_PV)
		return true;
	now = csr_read(vsatp);
	if (now == v->arch.regs.pv_vsatp)
		return true;
	guest_stop(v->guest, GUEST_CRASHED,
		   "changed vsatp itself to 0x%llx (installed: 0x%llx); PV guests switch "
		   "address spaces with mmuext_op",
		   (unsigned long long)now, (unsigned long long)v->arch.regs.pv_vsatp);
	return false;
}

/*
 * Out of line: the untraced exit path keeps its registers for itself. A PV
 * guest's ecall is a hypercall, traced whole by hcall.c; an FV guest's is an
 * SBI call, traced as an exit.
 */
static __attribute__((noinline)) void trace_this_exit(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	uint64_t cause = a->scause & ~SCAUSE_IRQ;

	if (cause == EXC_ECALL_VS && v->guest->cfg->mode == GUEST_PV)
		return;
	trace_exit_begin_rec(v, a->scause & SCAUSE_IRQ, cause, a->regs.pc, a->stval,
			     (a->htval << 2) | (a->stval & 3));
}

/*
 * A PV guest's ecall of a call on hcall.h's fast or direct list that
 * entry.S did not make itself (regs.slow set, another extension, a vsatp
 * the guest changed), with only the caller-saved registers (and sp, tp)
 * saved, on the vCPU's hypervisor stack. A fast call is made with no exit accounting: it
 * is short, its time is the running vCPU's like any guest time, and credit
 * charges it at the next tick. A direct one is a stretch of work like a
 * full exit's (the exit budget, preemption points). Then straight back to
 * the guest (ECALL_FAST_DONE) unless the vCPU's turn is over or an event
 * waits: a full exit follows (ECALL_FAST_EXIT, the call made: ecall_done),
 * which also makes the call if it was not made here (a trace on, an SBI
 * extension, a vsatp the guest changed itself).
 */
static inline bool ecall_takes_entry_path(struct vcpu *v)
{
	const uint64_t *x = v->arch.regs.x;

	/* A traced call is recorded whole by hcall_dispatch: no fast path then. */
	return !trace_active && x[REG_A7] == PVABI_SBI_EXT &&
	       csr_read(vsatp) == v->arch.regs.pv_vsatp;
}

/*
 * regs.slow, the one word entry.S tests before it makes a call itself
 * (answers version, calls a fast handler, or hands a direct call to
 * riscv_ecall_direct_quick) and again before it returns straight to the
 * guest: nonzero when a trace is on (a traced call is recorded whole by
 * hcall.c) or an upcall may be due on the way back. A full entry sets it
 * (anything may have changed during the exit: arch_vcpu_run); a C path's
 * straight return sets it to this, from what only the hypervisor changes
 * while the vCPU is out of its guest; and in between, whatever makes work
 * for the vCPU sets it (arch_vcpu_work_waits): it raises a vCPU's events on
 * the vCPU's own hart (event.c), and a trace starts or stops with every
 * other hart at a rendezvous, which a vCPU's hart reaches only through a
 * full exit or a preemption point's tick. So it is never zero while work
 * waits. What the guest changes as it runs (its event mask, SIE, vsatp) is
 * not in it: any pending event counts, masked or not, and entry.S compares
 * vsatp on each call.
 */
static inline uint64_t slow_work(const struct vcpu *v)
{
	const struct pvabi_vcpu_info *s = v->evt; /* this vCPU's bits, not vCPU 0's */

	if (trace_active)
		return 1;
	if (!v->event_entry)
		return 0; /* no callback: never an upcall */
	return !s || v->state != VCPU_RUNNABLE || s->evt_pending;
}

/*
 * Between two returns into the guest, whatever makes work for the vCPU
 * sets regs.slow itself (event.c's event_raise, sched.c's preemption point
 * once it reached the scheduler), so that entry.S's quick return, which
 * tests that word alone, never skips it.
 */
void arch_vcpu_work_waits(struct vcpu *v)
{
	v->arch.regs.slow = 1;
}

/* A hypercall the entry path made: one call of its number and one ecall exit (see regs.hcalls). */
static inline void count_entry_call(struct vcpu *v, uint64_t nr)
{
	v->arch.regs.hcalls[nr]++;
}

void arch_vcpu_add_hcalls(const struct vcpu *v, struct guest_stats *s)
{
	const uint64_t *c = v->arch.regs.hcalls;

	for (unsigned nr = 0; nr < PVABI_HC_MAX; nr++) {
		/* A plain read of another hart's counter: 64-bit loads are whole. */
		uint64_t n = __atomic_load_n(&c[nr], __ATOMIC_RELAXED);

		s->hcalls[nr] += n;
		s->exits_sync[EXC_ECALL_VS] += n;
	}
}

void arch_vcpu_fold_hcalls(struct vcpu *v, struct guest_stats *s)
{
	arch_vcpu_add_hcalls(v, s);
	memset(v->arch.regs.hcalls, 0, sizeof(v->arch.regs.hcalls));
}

/* The call made: straight back to the guest unless an event waits. */
static inline int ecall_after(struct vcpu *v)
{
	if (!event_deliverable(v)) {
		v->arch.regs.slow = slow_work(v);
		return ECALL_FAST_DONE;
	}
	v->arch.ecall_done = true;
	return ECALL_FAST_EXIT;
}

static inline int ecall_made(struct vcpu *v, uint64_t value)
{
	v->arch.regs.x[REG_A1] = value;
	v->arch.regs.pc += 4;
	return ecall_after(v);
}

/* entry.S's fast path made a call (results in place, counted) that left work in regs.slow. */
int riscv_ecall_fast_after(struct vcpu *v)
{
	return ecall_after(v);
}

int riscv_ecall_fast(struct vcpu *v)
{
	uint64_t *x = v->arch.regs.x;
	uint64_t value;
	int64_t ret;

	if (!ecall_takes_entry_path(v))
		return ECALL_FAST_EXIT;
	ret = hcall_fast(v, x[REG_A6], &x[REG_A0], &value);
	if (ret == HCALL_DECLINED)
		return ECALL_FAST_DIRECT;
	count_entry_call(v, x[REG_A6]);
	x[REG_A0] = (uint64_t)ret;
	return ecall_made(v, value);
}

int riscv_ecall_direct(struct vcpu *v)
{
	uint64_t *x = v->arch.regs.x;
	uint64_t value;

	if (!ecall_takes_entry_path(v))
		return ECALL_FAST_EXIT;
	count_entry_call(v, x[REG_A6]);
	sched_exit_begin(v);
	x[REG_A0] = (uint64_t)hcall_make(v, x[REG_A6], &x[REG_A0], &value);
	if (v->regs_reset) {
		v->arch.ecall_done = true; /* the guest starts afresh */
		return ECALL_FAST_RESET;
	}
	if (sched_exit_end(v))
		return ecall_made(v, value);
	x[REG_A1] = value;
	v->arch.regs.pc += 4;
	v->arch.ecall_done = true;
	return ECALL_FAST_EXIT;
}

/*
 * A direct call when entry.S found nothing waiting (regs.slow zero, the
 * interface's call, vsatp intact): no trace is on, so the call is made
 * untraced with no more checks, and on the way back regs.slow says whether
 * anything (an event raised, a preemption point that reached the
 * scheduler) needs a look before the straight return.
 */
int riscv_ecall_direct_quick(struct vcpu *v, const uint64_t args[5], uint64_t nr)
{
	struct arch_regs *r = &v->arch.regs;
	uint64_t value;
	int64_t ret;

	count_entry_call(v, nr);
	/* sched_exit_begin, the counters read in place rather than through two calls */
	sched_work_ticks = csr_read(time);
	sched_work_insns = csr_read(instret);
	ret = hcall_make_untraced(v, nr, args, &value);
	if (v->regs_reset) {
		v->arch.ecall_done = true; /* the guest starts afresh */
		return ECALL_FAST_RESET;
	}
	r->x[REG_A0] = (uint64_t)ret;
	r->x[REG_A1] = value;
	r->pc += 4;
	if (!sched_exit_end(v)) {
		v->arch.ecall_done = true;
		return ECALL_FAST_EXIT;
	}
	return r->slow ? ecall_after(v) : ECALL_FAST_DONE;
}

/* The rest of an exit whose hypercall the fast path made (it counted it too). */
static void finish_fast_ecall(struct vcpu *v)
{
	v->arch.ecall_done = false;
	v->arch.scause = EXC_ECALL_VS;
}

void arch_vcpu_run(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	uint64_t cause;

	v->regs_reset = false;
	a->regs.slow = 1; /* until a C path's straight return finds nothing waiting */
	riscv_vcpu_enter(&a->regs);
	sched_exit_begin(v);
	if (a->ecall_done) {
		finish_fast_ecall(v);
		return;
	}
	v->nr_exits++;
	a->scause = csr_read(scause);
	a->stval = csr_read(stval);
	a->htval = csr_read(htval);
	a->htinst = csr_read(htinst);
	cause = a->scause & ~SCAUSE_IRQ;
	stats_exit(&v->guest->stats, a->scause & SCAUSE_IRQ, cause);
	if (!pv_vsatp_intact(v))
		return;
	if (trace_active)
		trace_this_exit(v);
	if (a->scause & SCAUSE_IRQ)
		handle_irq(v, cause);
	else if (cause == EXC_ECALL_VS)
		handle_ecall(v);
	else
		guest_fault(v, cause);
	if (trace_active)
		trace_exit_end_rec(v);
}

extern const uint64_t riscv_guest_access_fixups[];

/*
 * A trap taken in the hypervisor itself. Only the guest-access instructions
 * may fault (a bad guest pointer); anything else is a hypervisor bug.
 * frame: x1..x31 at index 1..31, sepc at index 32.
 */
void riscv_hyp_trap(uint64_t *frame)
{
	uint64_t cause = csr_read(scause);

	if (!(cause & SCAUSE_IRQ)) {
		for (const uint64_t *f = riscv_guest_access_fixups; f[0]; f += 2) {
			if (frame[32] != f[0])
				continue;
			frame[32] = f[1];
			/*
			 * Access faults reach M-mode first and OpenSBI redirects
			 * them here without clearing hstatus.SPV, still set by the
			 * guest's exit: the sret must return to the hypervisor.
			 */
			csr_clear(hstatus, HSTATUS_SPV);
			return;
		}
	}
	log_panic("trap in hypervisor: scause 0x%llx sepc 0x%llx stval 0x%llx\n",
		  (unsigned long long)cause, (unsigned long long)frame[32],
		  (unsigned long long)csr_read(stval));
}
