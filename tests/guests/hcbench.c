/* SPDX-License-Identifier: MIT */
/*
 * hcbench.c - the cost of a hypercall round trip (guest ecall, dispatch,
 * return) for each cheap call, in instructions: instret counts every
 * instruction of the hart (guest, hypervisor and firmware alike) under
 * deterministic QEMU, so a call's count is the whole round trip. Prints
 * "hcall NAME insns=N" per call (the average of ROUNDS, minus the cost of
 * the same loop making no call), read by scripts/bench.py and
 * docs/performance.md.
 *
 * Like a real kernel it registers an event callback and runs with events
 * enabled (SIE), so every return from the hypervisor looks for an event to
 * deliver; "set_timer_op(past)+upcall" sets a deadline already passed, so
 * each call also takes a timer upcall. Before measuring it checks what the
 * entry paths must keep: the registers, and the delivery of an event left
 * pending while events were off.
 */
#include <pvabi/mm.h>
#include <stdbool.h>

#include "tg.h"

#define SSTATUS_SIE (1ull << 1)
#define TIMER (1ull << PVABI_EVT_timer)

/* The event callback: caller-saved registers kept, tg_upcall() called, sret. */
TG_ENTRY(tg_upcall_entry, tg_upcall);

void tg_upcall_entry(void);
void tg_upcall(void);

static volatile unsigned upcalls;

void tg_upcall(void)
{
	/* Clear what we handle, atomically: the hypervisor only sets bits. */
	__atomic_fetch_and(&tg_shared()->evt_pending, ~TIMER, __ATOMIC_SEQ_CST);
	upcalls++;
}

#define ROUNDS 64

static inline uint64_t instret(void)
{
	uint64_t n;

	__asm__ __volatile__("rdinstret %0" : "=r"(n));
	return n;
}

enum call { NOTHING, VERSION, UNKNOWN, SETTIMER, UPCALL, YIELD, CONSOLE0, FLUSH, MULTI1, NCALLS };
static const char *const names[NCALLS] = {
	[NOTHING] = "nothing",
	[VERSION] = "version",
	[UNKNOWN] = "unknown-number",
	[SETTIMER] = "set_timer_op",
	[UPCALL] = "set_timer_op(past)+upcall",
	[YIELD] = "sched_op(yield)",
	[CONSOLE0] = "console_io(0 bytes)",
	[FLUSH] = "mmuext_op(tlb flush)",
	[MULTI1] = "multicall(version)",
};

static struct pvabi_mmuext_op flush = { .cmd = PVABI_MMUEXT_TLB_FLUSH_LOCAL };
static struct pvabi_mmuext_op flush2[2] = { { .cmd = PVABI_MMUEXT_TLB_FLUSH_LOCAL },
					    { .cmd = PVABI_MMUEXT_TLB_FLUSH_LOCAL } };
static struct pvabi_multicall_entry entry = { .op = PVABI_HC_version };

static void call(enum call c)
{
	switch (c) {
	case NOTHING:
		break;
	case VERSION:
		pvabi_version(PVABI_VER_abi, 0);
		break;
	case UNKNOWN:
		pvabi_hypercall(PVABI_HC_MAX - 1, 0, 0, 0, 0, 0);
		break;
	case SETTIMER:
		pvabi_set_timer_op(0);
		break;
	case UPCALL:
		pvabi_set_timer_op(1); /* guest time 1: long past */
		break;
	case YIELD:
		pvabi_sched_op(PVABI_SCHEDOP_yield, 0);
		break;
	case CONSOLE0:
		pvabi_console_io(PVABI_CONSOLEIO_write, 0, (uintptr_t)&entry);
		break;
	case FLUSH:
		pvabi_mmuext_op((uintptr_t)&flush, 1);
		break;
	default:
		pvabi_multicall((uintptr_t)&entry, 1);
		break;
	}
}

/* Each call's number and arguments, as call() makes it. */
static const struct {
	uint64_t nr, a0, a1, a2;
} raw[NCALLS] = {
	[VERSION] = { PVABI_HC_version, PVABI_VER_abi },
	[UNKNOWN] = { PVABI_HC_MAX - 1 },
	[SETTIMER] = { PVABI_HC_set_timer_op, 0 },
	[UPCALL] = { PVABI_HC_set_timer_op, 1 },
	[YIELD] = { PVABI_HC_sched_op, PVABI_SCHEDOP_yield },
	[CONSOLE0] = { PVABI_HC_console_io, PVABI_CONSOLEIO_write, 0, 0 /* set at run time */ },
	[FLUSH] = { PVABI_HC_mmuext_op, 0 /* set at run time */, 1 },
	[MULTI1] = { PVABI_HC_multicall, 0 /* set at run time */, 1 },
};

/*
 * Calls made only for the register check, each down a path of the entry
 * code that none of the measured ones takes: a version that is not the
 * ABI query (the fast path's C handler, not entry.S's answer), a
 * mmuext_op of two requests (the fast handler declines it: a direct call
 * after all).
 */
enum { PROBE, FLUSH2, NEXTRA };
static const char *const extra_names[NEXTRA] = {
	[PROBE] = "version(probe)",
	[FLUSH2] = "mmuext_op(2 flushes)",
};

/*
 * Make call nr(x0, x1, x2) with known values in s1-s10, a3-a5, t5 and t6,
 * which the hypervisor's entry paths must all keep (only a0 and a1 are
 * results): nonzero if one changed. Each path (fast, direct, full exit, an
 * upcall on the way back) saves a different set of registers itself. seed
 * is the call's own: what a previous call left must not pass.
 */
static uint64_t regs_changed_raw(uint64_t nr, uint64_t x0, uint64_t x1, uint64_t x2, uint64_t seed)
{
	register uint64_t a0 __asm__("a0") = x0, a1 __asm__("a1") = x1;
	register uint64_t a2 __asm__("a2") = x2, a6 __asm__("a6") = nr;
	register uint64_t a7 __asm__("a7") = PVABI_SBI_EXT;
	uint64_t bad;

	__asm__ __volatile__(".irp n, 1,2,3,4,5,6,7,8,9,10\n"
			     "addi s\\n, %[seed], \\n\n"
			     ".endr\n"
			     "li a3, 0xa3\n li a4, 0xa4\n li a5, 0xa5\n"
			     "mv t5, a6\n mv t6, a7\n"
			     "ecall\n"
			     "li %[bad], 0\n"
			     ".irp n, 1,2,3,4,5,6,7,8,9,10\n"
			     "addi t0, %[seed], \\n\n xor t0, t0, s\\n\n or %[bad], %[bad], t0\n"
			     ".endr\n"
			     ".irp n, 3,4,5\n"
			     "li t0, 0xa0 + \\n\n xor t0, t0, a\\n\n or %[bad], %[bad], t0\n"
			     ".endr\n"
			     "xor t0, t5, a6\n or %[bad], %[bad], t0\n"
			     "xor t0, t6, a7\n or %[bad], %[bad], t0\n"
			     : [bad] "=&r"(bad), "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a6), "+r"(a7)
			     : [seed] "r"(seed)
			     : "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "a3",
			       "a4", "a5", "t0", "t1", "t2", "t3", "t5", "t6", "ra", "memory");
	return bad;
}

static uint64_t regs_changed(enum call c)
{
	uint64_t args0 = c == FLUSH    ? (uintptr_t)&flush
			 : c == MULTI1 ? (uintptr_t)&entry
				       : raw[c].a0;
	uint64_t args2 = c == CONSOLE0 ? (uintptr_t)&entry : raw[c].a2;

	return regs_changed_raw(raw[c].nr, args0, raw[c].a1, args2, 0x5a000 + ((uint64_t)c << 8));
}

static uint64_t extra_regs_changed(unsigned e)
{
	uint64_t seed = 0x6b000 + ((uint64_t)e << 8);

	if (e == PROBE)
		return regs_changed_raw(PVABI_HC_version, PVABI_VER_probe, PVABI_HC_console_io, 0,
					seed);
	return regs_changed_raw(PVABI_HC_mmuext_op, (uintptr_t)flush2, 2, 0, seed);
}

/* Instructions for ROUNDS calls of c, per call. */
static uint64_t measure(enum call c)
{
	uint64_t start;

	call(c); /* warm: the first call of a kind may take a different path */
	start = instret();
	for (unsigned i = 0; i < ROUNDS; i++)
		call(c);
	return (instret() - start) / ROUNDS;
}

/*
 * A timer event left pending while events were off (SIE clear, or the
 * event masked) is delivered by the first version call once they are on
 * again: the way pvabi/event.h tells a kernel to have it delivered, and
 * the call the hypervisor's entry path answers itself when nothing waits.
 */
static void check_forced_delivery(bool by_mask)
{
	volatile struct pvabi_shared_info *s = tg_shared();
	unsigned before = upcalls;
	const char *how = by_mask ? "evt_mask" : "SIE";

	if (by_mask)
		__atomic_fetch_or(&s->evt_mask, TIMER, __ATOMIC_SEQ_CST);
	else
		__asm__ __volatile__("csrc sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
	pvabi_set_timer_op(1); /* long past: pending at once, not deliverable */
	pvabi_version(PVABI_VER_abi, 0);
	if (upcalls != before)
		tg_printf("hcbench: an upcall with events off (%s)\n", how);
	if (by_mask)
		__atomic_fetch_and(&s->evt_mask, ~TIMER, __ATOMIC_SEQ_CST);
	else
		__asm__ __volatile__("csrs sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
	pvabi_version(PVABI_VER_abi, 0);
	if (upcalls != before + 1)
		tg_printf("hcbench: version did not deliver the pending event (%s)\n", how);
}

void tg_main(void)
{
	uint64_t base;
	unsigned before;

	if (pvabi_set_callbacks((uintptr_t)tg_upcall_entry).error)
		tg_printf("hcbench: set_callbacks failed\n");
	__asm__ __volatile__("csrs sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
	/*
	 * Each kind twice: the first call after a full exit may take a slower
	 * path than the next (entry.S answers version itself only once a C
	 * path found nothing waiting).
	 */
	for (unsigned c = VERSION; c < NCALLS; c++)
		for (unsigned again = 0; again < 2; again++)
			if (regs_changed((enum call)c))
				tg_printf("hcbench: registers changed by %s%s\n", names[c],
					  again ? " (the second call)" : "");
	for (unsigned e = 0; e < NEXTRA; e++)
		for (unsigned again = 0; again < 2; again++)
			if (extra_regs_changed(e))
				tg_printf("hcbench: registers changed by %s%s\n", extra_names[e],
					  again ? " (the second call)" : "");
	check_forced_delivery(false);
	check_forced_delivery(true);
	base = measure(NOTHING);
	for (unsigned c = VERSION; c < NCALLS; c++) {
		before = upcalls;
		tg_printf("hcall %s insns=%llu\n", names[c],
			  (unsigned long long)(measure((enum call)c) - base));
		/* An upcall where none was meant would be counted in the figure. */
		if (upcalls - before != (c == UPCALL ? ROUNDS + 1 : 0))
			tg_printf("hcbench: %u upcalls during %s\n", upcalls - before, names[c]);
	}
}
