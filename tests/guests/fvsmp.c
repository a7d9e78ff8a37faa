/* SPDX-License-Identifier: MIT */
/*
 * fvsmp.c - a fully virtualized test guest of three harts (vCPUs,
 * tests/configs/fvsmp.c) that checks the SBI HSM, IPI and RFENCE calls an
 * SMP kernel makes, as the SBI specification words them: hart states
 * (STARTED, STOPPED, SUSPENDED), hart_start's registers (a0 hartid, a1
 * opaque, satp 0, sstatus.SIE 0) and its errors (a hart it does not have,
 * an address outside its RAM, a hart already started), IPIs to a hart mask
 * (one hart, every hart with base -1, a stopped hart, a hart past the
 * last), remote fences, hart_stop and a second start of the same hart,
 * retentive and non-retentive suspend woken by an IPI.
 *
 * Hart 0 runs the checks and prints them, one line each ("ok: NAME -> GOT
 * (want WANT)" or "FAIL: ..."), then "Test result: PASS" or "FAIL"; the
 * other harts only record what they saw in memory (one console writer).
 * Last, hart 0 stops itself with hart_stop: the guest's last started hart,
 * which ends the guest. Linked with tests/guests/tg.ld and entry.S like
 * fvbad.c; the harts share one hypervisor hart, so hart 0 waits in WFI
 * (with a timer) for the others to run.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "fvtg.h"

#define SBI_EXT_TIME 0x54494d45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464e43
#define SBI_EXT_HSM 0x48534d
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_ERR_INVALID_PARAM (-3)
#define SBI_ERR_INVALID_ADDRESS (-5)
#define SBI_ERR_ALREADY_AVAILABLE (-6)
#define HSM_START 0
#define HSM_STOP 1
#define HSM_STATUS 2
#define HSM_SUSPEND 3
#define HSM_STARTED 0
#define HSM_STOPPED 1
#define HSM_SUSPENDED 4
#define SUSPEND_NON_RETENTIVE 0x80000000ul

#define SIE_SSIE (1ul << 1)
#define SIE_STIE (1ul << 5)
#define SIP_SSIP (1ul << 1)
#define SSTATUS_SIE (1ul << 1)

#define NR_HARTS 3
#define STACK_SIZE 4096
#define TICKS_PER_MS 10000ul
#define OPAQUE 0x0123456789abcdeful

void kmain(uint64_t hartid, uint64_t dtb);
void hart_main(uint64_t hartid, uint64_t opaque);
void resumed_main(uint64_t hartid, uint64_t opaque);
extern char hart_entry[], resume_entry[];

/* What a started hart saw, written by it, read by hart 0. */
struct seen {
	volatile uint64_t a0, a1, satp, sstatus;
	volatile uint64_t starts, ipis, suspend_ret, resumes, stop_returned;
};
static struct seen seen[NR_HARTS];
/* Not static: hart_entry names it. */
uint8_t stacks[NR_HARTS][STACK_SIZE] __attribute__((aligned(16)));

/*
 * A started hart's first instructions: its own stack (hart h's is
 * stacks[h - 1]'s end, i.e. stacks + h * STACK_SIZE), then C. The
 * non-retentive suspend resumes at resume_entry the same way.
 */
__asm__(".section .text\n"
	".balign 4\n"
	".globl hart_entry\n"
	"hart_entry:\n"
	"	la sp, stacks\n"
	"	slli t0, a0, 12\n"
	"	add sp, sp, t0\n"
	"	call hart_main\n"
	"1:	j 1b\n"
	".balign 4\n"
	".globl resume_entry\n"
	"resume_entry:\n"
	"	la sp, stacks\n"
	"	slli t0, a0, 12\n"
	"	add sp, sp, t0\n"
	"	call resumed_main\n"
	"2:	j 2b\n");
_Static_assert(STACK_SIZE == 1 << 12, "hart_entry shifts by 12");

/* No trap is expected: interrupts stay masked (sstatus.SIE 0), WFI only waits. */
void fv_trap(void)
{
	say("FAIL: unexpected trap scause 0x%llx sepc 0x%llx\n",
	    (unsigned long long)csr_read(scause), (unsigned long long)csr_read(sepc));
	for (;;)
		__asm__ __volatile__("wfi");
}

/* hart_get_status: the state, or the error (negative). */
static long status(uint64_t hart)
{
	struct sbiret r = sbi(SBI_EXT_HSM, HSM_STATUS, hart, 0, 0);

	return r.error ? r.error : r.value;
}

static long start(uint64_t hart, void *entry, uint64_t opaque)
{
	return sbi(SBI_EXT_HSM, HSM_START, hart, (uint64_t)entry, opaque).error;
}

static long ipi(uint64_t mask, uint64_t base)
{
	return sbi(SBI_EXT_IPI, 0, mask, base, 0).error;
}

/* Sleep a millisecond in WFI, interrupts masked: the other harts run meanwhile. */
static void sleep_1ms(void)
{
	csr_set(sie, SIE_STIE);
	sbi(SBI_EXT_TIME, 0, now() + TICKS_PER_MS, 0, 0);
	__asm__ __volatile__("wfi");
	sbi(SBI_EXT_TIME, 0, UINT64_MAX, 0, 0); /* takes the timer line down */
	csr_clear(sie, SIE_STIE);
}

/* Hart 0 waits (a second at most) until *p == want. */
static bool wait_for(volatile uint64_t *p, uint64_t want)
{
	for (unsigned ms = 0; ms < 1000 && *p != want; ms++)
		sleep_1ms();
	return *p == want;
}

/* Hart 0 waits (a second at most) until hart's status is want. */
static bool wait_status(uint64_t hart, long want)
{
	for (unsigned ms = 0; ms < 1000 && status(hart) != want; ms++)
		sleep_1ms();
	return status(hart) == want;
}

/* Wait for an IPI with interrupts masked (WFI wakes on sie's), then take it. */
static void take_ipi(struct seen *s)
{
	while (!(csr_read(sip) & SIP_SSIP))
		__asm__ __volatile__("wfi");
	csr_clear(sip, SIP_SSIP);
	s->ipis++;
}

static void record(struct seen *s, uint64_t hartid, uint64_t opaque)
{
	s->a0 = hartid;
	s->a1 = opaque;
	s->satp = csr_read(satp);
	s->sstatus = csr_read(sstatus);
}

/*
 * Hart 1: records its start, takes two IPIs, stops. Hart 2: records, then
 * a retentive suspend (an IPI wakes it: it returns), then a non-retentive
 * one, which resumes at resumed_main.
 */
void hart_main(uint64_t hartid, uint64_t opaque)
{
	struct seen *s = &seen[hartid % NR_HARTS];

	record(s, hartid, opaque);
	s->starts++;
	csr_write(sie, SIE_SSIE);
	if (hartid == 2) {
		s->suspend_ret = (uint64_t)sbi(SBI_EXT_HSM, HSM_SUSPEND, 0, 0, 0).error;
		csr_clear(sip, SIP_SSIP);
		sbi(SBI_EXT_HSM, HSM_SUSPEND, SUSPEND_NON_RETENTIVE, (uint64_t)resume_entry, 0x77);
		s->stop_returned = 0xbad; /* a non-retentive suspend never returns */
		for (;;)
			__asm__ __volatile__("wfi");
	}
	take_ipi(s);
	take_ipi(s);
	sbi(SBI_EXT_HSM, HSM_STOP, 0, 0, 0);
	s->stop_returned = 1;
	for (;;)
		__asm__ __volatile__("wfi");
}

void resumed_main(uint64_t hartid, uint64_t opaque)
{
	struct seen *s = &seen[hartid % NR_HARTS];

	record(s, hartid, opaque);
	s->resumes++;
	csr_clear(sip, SIP_SSIP);
	sbi(SBI_EXT_HSM, HSM_STOP, 0, 0, 0);
	s->stop_returned = 1;
	for (;;)
		__asm__ __volatile__("wfi");
}

static void check_states_and_bad_starts(void)
{
	check("status 0", (uint64_t)status(0), HSM_STARTED);
	check("status 1", (uint64_t)status(1), HSM_STOPPED);
	check("status 2", (uint64_t)status(2), HSM_STOPPED);
	check("status 3 (no such hart)", (uint64_t)status(3), (uint64_t)SBI_ERR_INVALID_PARAM);
	check("status -1", (uint64_t)status(~0ul), (uint64_t)SBI_ERR_INVALID_PARAM);
	check("start 3 (no such hart)", (uint64_t)start(3, hart_entry, 0),
	      (uint64_t)SBI_ERR_INVALID_PARAM);
	check("start 0 (started)", (uint64_t)start(0, hart_entry, 0),
	      (uint64_t)SBI_ERR_ALREADY_AVAILABLE);
	check("start 1 at 0x1000", (uint64_t)start(1, (void *)0x1000, 0),
	      (uint64_t)SBI_ERR_INVALID_ADDRESS);
	check("start 1 at the UART", (uint64_t)start(1, (void *)UART_BASE, 0),
	      (uint64_t)SBI_ERR_INVALID_ADDRESS);
	check("start 1 past RAM", (uint64_t)start(1, (void *)0x80400000ul, 0),
	      (uint64_t)SBI_ERR_INVALID_ADDRESS);
	check("status 1 after bad starts", (uint64_t)status(1), HSM_STOPPED);
}

/* Hart 1 started: its registers; then IPIs and fences to masks. */
static void check_start_ipi_rfence(void)
{
	check("start 1", (uint64_t)start(1, hart_entry, OPAQUE), 0);
	check("start 1 again", (uint64_t)start(1, hart_entry, OPAQUE),
	      (uint64_t)SBI_ERR_ALREADY_AVAILABLE);
	check("status 1 started", (uint64_t)status(1), HSM_STARTED);
	check("hart 1 ran", wait_for(&seen[1].starts, 1), 1);
	check("hart 1 a0", seen[1].a0, 1);
	check("hart 1 a1", seen[1].a1, OPAQUE);
	check("hart 1 satp", seen[1].satp, 0);
	check("hart 1 sstatus.SIE", seen[1].sstatus & SSTATUS_SIE, 0);
	check("ipi hart 1", (uint64_t)ipi(0x2, 0), 0);
	check("hart 1 took it", wait_for(&seen[1].ipis, 1), 1);
	check("ipi hart 3 (no such hart)", (uint64_t)ipi(0x8, 0), (uint64_t)SBI_ERR_INVALID_PARAM);
	check("ipi mask 1 base 3", (uint64_t)ipi(1, 3), (uint64_t)SBI_ERR_INVALID_PARAM);
	check("ipi hart 2 (stopped)", (uint64_t)ipi(1, 2), 0);
	check("hart 1 took none of those", seen[1].ipis, 1);
	check("rfence sfence.vma harts 1-2", (uint64_t)sbi(SBI_EXT_RFENCE, 1, 0x6, 0, 0).error, 0);
	check("rfence fence.i every hart", (uint64_t)sbi(SBI_EXT_RFENCE, 0, 0, ~0ul, 0).error, 0);
	check("rfence sfence.vma.asid hart 5", (uint64_t)sbi(SBI_EXT_RFENCE, 2, 1, 5, 0).error,
	      (uint64_t)SBI_ERR_INVALID_PARAM);
	check("rfence hfence.gvma.vmid", (uint64_t)sbi(SBI_EXT_RFENCE, 3, 1, 0, 0).error,
	      (uint64_t)SBI_ERR_NOT_SUPPORTED);
	/* Every hart, this one included: hart 1 stops after its second IPI. */
	check("ipi every hart", (uint64_t)ipi(0, ~0ul), 0);
	check("hart 0 got its own", (csr_read(sip) & SIP_SSIP) != 0, 1);
	csr_clear(sip, SIP_SSIP);
	check("hart 1 took that too", wait_for(&seen[1].ipis, 2), 1);
	check("hart 1 stopped", wait_status(1, HSM_STOPPED), 1);
	check("hart 1's hart_stop did not return", seen[1].stop_returned, 0);
	/* A stopped hart starts again, afresh. */
	check("start 1 a second time", (uint64_t)start(1, hart_entry, 2), 0);
	check("hart 1 ran again", wait_for(&seen[1].starts, 2), 1);
	check("hart 1 a1 the second time", seen[1].a1, 2);
	/* One at a time: a second IPI before the first is taken is the same pending bit. */
	check("ipi hart 1 (second start)", (uint64_t)ipi(0x2, 0), 0);
	check("hart 1 took the third", wait_for(&seen[1].ipis, 3), 1);
	check("ipi hart 1 (second start) again", (uint64_t)ipi(0x2, 0), 0);
}

/* Hart 2: SUSPENDED while in a retentive suspend; an IPI resumes it, then non-retentive. */
static void check_suspend(void)
{
	check("start 2", (uint64_t)start(2, hart_entry, 0), 0);
	check("hart 2 suspended", wait_status(2, HSM_SUSPENDED), 1);
	check("ipi hart 2", (uint64_t)ipi(0x4, 0), 0);
	/* It resumes, then suspends again, non-retentive: SUSPENDED once more. */
	check("hart 2 suspended again", wait_status(2, HSM_SUSPENDED), 1);
	check("hart 2's retentive suspend returned 0", seen[2].suspend_ret, 0);
	check("ipi hart 2 again", (uint64_t)ipi(0x1, 2), 0);
	check("hart 2 resumed at resume_addr", wait_for(&seen[2].resumes, 1), 1);
	check("hart 2 resumed a0", seen[2].a0, 2);
	check("hart 2 resumed a1", seen[2].a1, 0x77);
	check("hart 2 resumed satp", seen[2].satp, 0);
	check("hart 2 resumed sstatus.SIE", seen[2].sstatus & SSTATUS_SIE, 0);
	check("hart 2 stopped", wait_status(2, HSM_STOPPED), 1);
	check("hart 2 never fell through", seen[2].stop_returned, 0);
	check("hart 1 stopped again", wait_status(1, HSM_STOPPED), 1);
}

void kmain(uint64_t hartid, uint64_t dtb)
{
	(void)dtb;
	csr_write(stvec, (uint64_t)fv_trap_entry);
	csr_write(sie, 0);
	say("fvsmp up: hart %llu\n", (unsigned long long)hartid);
	check("boot hart", hartid, 0);
	check_states_and_bad_starts();
	check_start_ipi_rfence();
	check_suspend();
	if (failures)
		say("Test result: FAIL (%u failed)\n", failures);
	else
		say("Test result: PASS\n");
	/* The last started hart stops: that ends the guest. */
	sbi(SBI_EXT_HSM, HSM_STOP, 0, 0, 0);
	say("FAIL: hart_stop of the last hart returned\n");
	for (;;)
		__asm__ __volatile__("wfi");
}
