/* SPDX-License-Identifier: MIT */
/*
 * event.c - a guest that takes events as upcalls: set_callbacks checks, a
 * timer upcall while it spins with SIE set (scause, sepc, SPP checked), an
 * event left pending while SIE is clear and delivered when sched_op(block)
 * sets SIE and returns at once, evt_mask holding an upcall back, and a
 * masked event still ending a block. Ends with "Test result: PASS/FAIL".
 */
#include "tg.h"

#define SSTATUS_SIE (1ull << 1)
#define SSTATUS_SPIE (1ull << 5)
#define SSTATUS_SPP (1ull << 8)
#define TIMER (1ull << PVABI_EVT_timer)

/* The event callback: caller-saved registers kept, tg_upcall() called, sret. */
TG_ENTRY(tg_upcall_entry, tg_upcall);

void tg_upcall_entry(void);
void tg_upcall(void);

static volatile unsigned upcalls, bad_cause, from_user, timer_events;
static volatile uint64_t last_sepc, last_sstatus, rearm_ticks;

void tg_upcall(void)
{
	uint64_t cause, epc, status, was;

	__asm__ __volatile__("csrr %0, scause" : "=r"(cause));
	__asm__ __volatile__("csrr %0, sepc" : "=r"(epc));
	__asm__ __volatile__("csrr %0, sstatus" : "=r"(status));
	bad_cause += cause != PVABI_EVT_SCAUSE;
	from_user += !(status & SSTATUS_SPP);
	last_sepc = epc;
	last_sstatus = status;
	/* Clear what we handle, atomically: the hypervisor only sets bits. */
	was = __atomic_fetch_and(&tg_shared()->evt_pending, ~TIMER, __ATOMIC_SEQ_CST);
	timer_events += !!(was & TIMER);
	upcalls++;
	if (rearm_ticks)
		pvabi_set_timer_op(tg_time() + rearm_ticks);
}

static void sie(int on)
{
	if (on)
		__asm__ __volatile__("csrs sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
	else
		__asm__ __volatile__("csrc sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
}

/* Spin (no hypercall) until n upcalls were taken or ms passed. */
__attribute__((noipa)) static void spin_for(unsigned n, uint64_t ms)
{
	uint64_t until = tg_time() + tg_start->timebase_hz * ms / 1000;

	while (upcalls < n && tg_time() < until)
		__asm__ __volatile__("" ::: "memory");
}

__attribute__((noipa)) static void block_once(void)
{
	pvabi_sched_op(PVABI_SCHEDOP_block, 0);
}

/* pc lies in the first bytes of the function at fn (both are short). */
static int in(uint64_t pc, uintptr_t fn, uint64_t bytes)
{
	return pc >= fn && pc < fn + bytes;
}

static uint64_t ms(uint64_t n)
{
	return tg_start->timebase_hz * n / 1000;
}

/* Five timer upcalls, re-armed from the callback, while it spins with SIE set. */
static void timer_upcalls(void)
{
	tg_expect("set_callbacks(unaligned)",
		  pvabi_set_callbacks((uintptr_t)tg_upcall_entry + 2).error, -PVABI_EINVAL);
	tg_expect("set_callbacks(unmapped)", pvabi_set_callbacks(0x1000).error, -PVABI_EFAULT);
	tg_expect("set_callbacks(entry)", pvabi_set_callbacks((uintptr_t)tg_upcall_entry).error, 0);
	rearm_ticks = ms(1);
	sie(1);
	pvabi_set_timer_op(tg_time() + ms(1));
	spin_for(5, 100);
	rearm_ticks = 0;
	pvabi_set_timer_op(0);
	sie(0);
	tg_expect("timer upcalls while spinning", upcalls, 5);
	tg_expect("timer events seen", timer_events, 5);
	tg_expect("shared upcalls", (int64_t)tg_shared()->upcalls, 5);
	tg_expect("scause not PVABI_EVT_SCAUSE", bad_cause, 0);
	tg_expect("taken from user mode", from_user, 0);
	/* The loop calls tg_time() (another file): the upcall may land in it too. */
	if (!tg_expect("sepc in the spin loop",
		       in(last_sepc, (uintptr_t)spin_for, 128) ||
			   in(last_sepc, (uintptr_t)tg_time, 16),
		       1))
		tg_printf("sepc 0x%llx, spin loop at 0x%llx\n", (unsigned long long)last_sepc,
			  (unsigned long long)(uintptr_t)spin_for);
	tg_expect("SPIE (SIE was set)", !!(last_sstatus & SSTATUS_SPIE), 1);
}

/* Pending with SIE clear; block sets SIE, returns at once, the upcall follows. */
static void block_delivers(void)
{
	unsigned before = upcalls;
	uint64_t t0, t1, status;

	pvabi_set_timer_op(tg_time() + ms(1));
	spin_for(~0u, 3); /* the deadline passes here, unseen */
	tg_expect("upcalls with SIE clear", upcalls - before, 0);
	tg_expect("timer pending with SIE clear", !!(tg_shared()->evt_pending & TIMER), 1);
	t0 = tg_time();
	block_once();
	t1 = tg_time();
	__asm__ __volatile__("csrr %0, sstatus" : "=r"(status));
	tg_expect("block returned at once", t1 - t0 < ms(1), 1);
	tg_expect("upcall on the way back from block", upcalls - before, 1);
	tg_expect("sepc in block's caller", in(last_sepc, (uintptr_t)block_once, 64), 1);
	tg_expect("SPIE (block set SIE)", !!(last_sstatus & SSTATUS_SPIE), 1);
	tg_expect("SIE after sret", !!(status & SSTATUS_SIE), 1);
	sie(0);
}

/* evt_mask holds an upcall back; a masked event still ends a block. */
static void mask(void)
{
	unsigned before = upcalls;
	uint64_t t0;

	tg_shared()->evt_mask = TIMER;
	sie(1);
	pvabi_set_timer_op(tg_time() + ms(1));
	spin_for(~0u, 3);
	tg_expect("upcalls while masked", upcalls - before, 0);
	tg_shared()->evt_mask = 0;
	pvabi_version(PVABI_VER_abi, 0); /* any hypercall lets it in */
	tg_expect("upcall after unmasking", upcalls - before, 1);

	tg_shared()->evt_mask = TIMER;
	pvabi_set_timer_op(tg_time() + ms(5));
	t0 = tg_time();
	block_once();
	tg_expect("masked timer ended the block", tg_time() - t0 >= ms(5), 1);
	tg_expect("no upcall for it", upcalls - before, 1);
	tg_shared()->evt_mask = 0;
	sie(0);
	/* Switched out and in again: the run-state times were counted. */
	tg_expect("time_running counted", tg_shared()->time_running > 0, 1);
	tg_expect("time_blocked >= 5 ms", tg_shared()->time_blocked >= ms(5), 1);
	__atomic_fetch_and(&tg_shared()->evt_pending, ~TIMER, __ATOMIC_SEQ_CST);
}

void tg_main(void)
{
	tg_printf("event guest up\n");
	timer_upcalls();
	block_delivers();
	mask();
	tg_result();
}
