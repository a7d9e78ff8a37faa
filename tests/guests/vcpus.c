/* SPDX-License-Identifier: MIT */
/*
 * vcpus.c - a guest with two vCPUs that proves each call of pvabi/vcpu.h:
 * is_up, up (its initial state, its vCPU id in a1), up twice, bad vCPU
 * numbers, an IPI (event_op send_ipi) waking the other vCPU, a timer on
 * each vCPU raising its own event bit only, down from outside and from
 * inside, up again after a down, and at last vCPU 0 taking itself down,
 * which shuts the guest down. vCPU 1 runs commands vCPU 0 posts and sends
 * it an IPI for. With one vCPU (vcpus.NAME=1) it checks that vCPU 1 does
 * not exist. Ends with "Test result: PASS/FAIL".
 */
#include "tg.h"

#define IPI (1ull << PVABI_EVT_ipi)
#define TIMER (1ull << PVABI_EVT_timer)
#define SEED 0x5eedull

enum cmd { CMD_NONE, CMD_TIMER, CMD_DOWN };

/* What vCPU 1 saw and did, read by vCPU 0 (both on one hart, in turn). */
static volatile uint64_t v1_starts, v1_id, v1_a0, v1_ipis, v1_done;
static volatile uint64_t v1_timer_bits, v0_timer_bits_then;
static volatile enum cmd v1_cmd;
static uint8_t v1_stack[8192] __attribute__((aligned(16)));

static struct pvabi_ret vcpu_op(uint64_t cmd, uint64_t vcpu, uint64_t arg)
{
	return pvabi_vcpu_op(cmd, vcpu, arg);
}

static volatile struct pvabi_vcpu_info *info1(void)
{
	return &tg_shared()->vcpu_info[1];
}

/* Block until one of bits is pending in vCPU 1's own events; clear and return them. */
static uint64_t v1_wait(uint64_t bits)
{
	while (!(info1()->evt_pending & bits))
		pvabi_sched_op(PVABI_SCHEDOP_block, 0);
	return __atomic_fetch_and(&info1()->evt_pending, ~bits, __ATOMIC_SEQ_CST) & bits;
}

/* vCPU 1's timer: armed on vCPU 1, it must raise vCPU 1's bit, not vCPU 0's. */
static void v1_timer(void)
{
	pvabi_set_timer_op(tg_time() + tg_start->timebase_hz / 500); /* 2 ms */
	v1_timer_bits = v1_wait(TIMER);
	v0_timer_bits_then = tg_shared()->evt_pending & TIMER;
}

/* vCPU 1 starts here: sp and a0 from vcpu_op up, a1 = its id. */
__attribute__((noreturn)) void v1_main(uint64_t a0, uint64_t id)
{
	v1_a0 = a0;
	v1_id = id;
	v1_starts++;
	for (;;) {
		v1_wait(IPI);
		v1_ipis++;
		if (v1_cmd == CMD_TIMER)
			v1_timer();
		if (v1_cmd == CMD_DOWN) {
			v1_cmd = CMD_NONE;
			v1_done++;
			vcpu_op(PVABI_VCPUOP_down, 1, 0); /* does not return */
			tg_printf("vcpu 1: down on itself returned\n");
		}
		v1_cmd = CMD_NONE;
		v1_done++;
	}
}

/* vCPU 0 sleeps (blocked) until cond holds: vCPU 1 runs meanwhile. */
#define WAIT_FOR(cond)                                                                             \
	do {                                                                                       \
		for (unsigned i_ = 0; i_ < 200 && !(cond); i_++)                                   \
			tg_sleep_ms(1);                                                            \
	} while (0)

/* The same without a timer of vCPU 0's armed: yielding, for at most a second. */
#define YIELD_UNTIL(cond)                                                                          \
	do {                                                                                       \
		uint64_t end_ = tg_time() + tg_start->timebase_hz;                                 \
		while (!(cond) && tg_time() < end_)                                                \
			pvabi_sched_op(PVABI_SCHEDOP_yield, 0);                                    \
	} while (0)

static int64_t up1(void)
{
	static struct pvabi_vcpu_context ctx;

	ctx.pc = (uintptr_t)v1_main;
	ctx.sp = (uintptr_t)(v1_stack + sizeof(v1_stack));
	ctx.a0 = SEED;
	return vcpu_op(PVABI_VCPUOP_up, 1, (uintptr_t)&ctx).error;
}

static void bad_numbers(void)
{
	struct pvabi_vcpu_context bad = { .pc = (uintptr_t)v1_main + 1 };

	tg_expect("is_up(0)", vcpu_op(PVABI_VCPUOP_is_up, 0, 0).error, 1);
	tg_expect("is_up(1) before up", vcpu_op(PVABI_VCPUOP_is_up, 1, 0).error, 0);
	tg_expect("is_up(99)", vcpu_op(PVABI_VCPUOP_is_up, 99, 0).error, -PVABI_EINVAL);
	tg_expect("up(7)", vcpu_op(PVABI_VCPUOP_up, 7, 0).error, -PVABI_EINVAL);
	tg_expect("down(4)", vcpu_op(PVABI_VCPUOP_down, 4, 0).error, -PVABI_EINVAL);
	tg_expect("up(0), itself", vcpu_op(PVABI_VCPUOP_up, 0, 0).error, -PVABI_EEXIST);
	tg_expect("up(1) unmapped context", vcpu_op(PVABI_VCPUOP_up, 1, 0x1000).error,
		  -PVABI_EFAULT);
	tg_expect("up(1) odd pc", vcpu_op(PVABI_VCPUOP_up, 1, (uintptr_t)&bad).error,
		  -PVABI_EINVAL);
	tg_expect("vcpu_op(99)", vcpu_op(99, 1, 0).error, -PVABI_ENOSYS);
	tg_expect("send_ipi(5)", pvabi_event_op(PVABI_EVTOP_send_ipi, 5).error, -PVABI_EINVAL);
	tg_expect("event_op(7)", pvabi_event_op(7, 1).error, -PVABI_ENOSYS);
}

/* Up, its state, up twice, an IPI that wakes it. */
static void up_and_ipi(void)
{
	tg_expect("up(1)", up1(), 0);
	tg_expect("is_up(1) after up", vcpu_op(PVABI_VCPUOP_is_up, 1, 0).error, 1);
	tg_expect("up(1) twice", up1(), -PVABI_EEXIST);
	WAIT_FOR(v1_starts == 1);
	tg_expect("vcpu 1 started", v1_starts, 1);
	tg_expect("vcpu 1 a1 (its id)", v1_id, 1);
	tg_expect("vcpu 1 a0", v1_a0 == SEED, 1);
	tg_expect("send_ipi(1)", pvabi_event_op(PVABI_EVTOP_send_ipi, 1).error, 0);
	WAIT_FOR(v1_ipis == 1);
	tg_expect("vcpu 1 woken by the ipi", v1_ipis, 1);
	tg_expect("ipi not pending on vcpu 0", !!(tg_shared()->evt_pending & IPI), 0);
	tg_expect("vcpu 1 ran (time_running)", info1()->time_running > 0, 1);
}

/* A timer on each vCPU raises that vCPU's bit only. */
static void timers(void)
{
	v1_cmd = CMD_TIMER;
	pvabi_event_op(PVABI_EVTOP_send_ipi, 1);
	/* No timer of vCPU 0's may be armed meanwhile: its bit must stay clear. */
	YIELD_UNTIL(v1_done == 2); /* the first IPI was command 1 */
	tg_expect("vcpu 1 timer on vcpu 1", v1_timer_bits == TIMER, 1);
	tg_expect("vcpu 1 timer not on vcpu 0", v0_timer_bits_then, 0);
	/* vCPU 0's own timer: its bit (not tg_sleep_ms, whose cancel clears it). */
	pvabi_set_timer_op(tg_time() + tg_start->timebase_hz / 1000);
	while (!(tg_shared()->evt_pending & TIMER))
		pvabi_sched_op(PVABI_SCHEDOP_block, 0);
	tg_expect("vcpu 0 timer on vcpu 0", !!(tg_shared()->evt_pending & TIMER), 1);
	tg_expect("vcpu 0 timer not on vcpu 1", !!(info1()->evt_pending & TIMER), 0);
	__atomic_fetch_and(&tg_shared()->evt_pending, ~TIMER, __ATOMIC_SEQ_CST);
}

/* Down from outside, up again (afresh), down from inside. */
static void down_and_up(void)
{
	tg_expect("down(1)", vcpu_op(PVABI_VCPUOP_down, 1, 0).error, 0);
	tg_expect("is_up(1) after down", vcpu_op(PVABI_VCPUOP_is_up, 1, 0).error, 0);
	tg_expect("down(1) again", vcpu_op(PVABI_VCPUOP_down, 1, 0).error, 0);
	tg_expect("send_ipi(1) while down (lost)", pvabi_event_op(PVABI_EVTOP_send_ipi, 1).error,
		  0);
	tg_expect("up(1) again", up1(), 0);
	WAIT_FOR(v1_starts == 2);
	tg_expect("vcpu 1 started afresh", v1_starts, 2);
	tg_expect("the lost ipi stayed lost", v1_ipis, 2);
	v1_cmd = CMD_DOWN;
	pvabi_event_op(PVABI_EVTOP_send_ipi, 1);
	WAIT_FOR(v1_done == 3);
	WAIT_FOR(vcpu_op(PVABI_VCPUOP_is_up, 1, 0).error == 0);
	tg_expect("vcpu 1 took itself down", vcpu_op(PVABI_VCPUOP_is_up, 1, 0).error, 0);
}

void tg_main(void)
{
	if (vcpu_op(PVABI_VCPUOP_is_up, 1, 0).error == -PVABI_EINVAL) {
		tg_printf("vcpus: one vCPU\n");
		tg_expect("is_up(0)", vcpu_op(PVABI_VCPUOP_is_up, 0, 0).error, 1);
		tg_expect("up(1) with one vCPU", up1(), -PVABI_EINVAL);
		tg_result();
		tg_shutdown(PVABI_SHUTDOWN_poweroff);
	}
	bad_numbers();
	up_and_ipi();
	timers();
	down_and_up();
	tg_result();
	/* The last vCPU up going down shuts the guest down. */
	vcpu_op(PVABI_VCPUOP_down, 0, 0);
	tg_printf("vcpu 0: down on the last vCPU returned\n");
	tg_shutdown(PVABI_SHUTDOWN_crash);
}
