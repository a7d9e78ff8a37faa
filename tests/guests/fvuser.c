/* SPDX-License-Identifier: MIT */
/*
 * fvuser.c - a fully virtualized test guest that runs code in its own
 * U-mode. What an unmodified kernel sets up for its user programs must stay
 * its own while other guests run, and what a user program may not do must
 * reach this kernel as a real hart raises it.
 *
 * Supervisor state with no VS copy: scounteren and senvcfg are the hart's
 * own registers even in VS-mode, so a hypervisor that does not switch them
 * lets one guest change another's. Its command line (the device tree's
 * /chosen bootargs) picks what it writes:
 *   counters=on   scounteren opens cycle, time and instret to U-mode, and
 *                 senvcfg.FIOM is set;
 *   counters=off  both are cleared.
 * Then, for ROUNDS rounds, it checks that both still hold what it wrote,
 * runs rdtime in U-mode (it must work with counters=on and be an illegal
 * instruction with counters=off) and sleeps a millisecond in wfi, so that
 * a guest of the other kind (tests/configs/fvuser.c) runs in between.
 *
 * Then (both roles) a wfi and an sret in U-mode must each be an illegal
 * instruction to this kernel, with the instruction in stval, as a real hart
 * raises them: not the kernel's idle, nor anything the hypervisor acts on.
 *
 * One line per check, "ok: NAME -> GOT (want WANT)" or "FAIL: ...", then
 * "Test result: PASS" or "FAIL", then an SBI shutdown. Linked with
 * tests/guests/tg.ld and entry.S, like fvbad.c; times assume QEMU virt's
 * 10 MHz timebase.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fvtg.h"

#define SBI_EXT_TIME 0x54494d45
#define SBI_EXT_SRST 0x53525354

#define SIE_STIE (1ul << 5)
#define SSTATUS_SPIE (1ul << 5)
#define SSTATUS_SPP (1ul << 8)
#define CAUSE_IRQ (1ul << 63)
#define EXC_ILLEGAL 2
#define EXC_ECALL_U 8

#define SCOUNTEREN_ALL 7ul /* CY, TM, IR */
#define SENVCFG_FIOM 1ul
#define CSR_SENVCFG 0x10a
#define INSN_RDTIME_A0 0xc0102573u /* csrrs a0, time, zero */
#define INSN_WFI 0x10500073u
#define INSN_SRET 0x10200073u

#define TICKS_PER_MS 10000ul
#define ROUNDS 200

void kmain(uint64_t hartid, uint64_t dtb);
/* Run the U-mode code at entry until its ecall; returns its a0 (fvuser.c asm below). */
uint64_t u_call(void (*entry)(void));
void u_return(void);
void u_rdtime(void);
void u_wfi(void);
void u_sret(void);

static volatile unsigned nr_exc, nr_irq;
static volatile uint64_t exc_cause, exc_tval, exc_epc;
static volatile bool exc_from_user;

/* ---- console: the emulated ns16550, polled ---- */

/* ---- SBI, time, CSRs ---- */

/* By number: for CSRs an older assembler may not name. */
#define csr_read_n(n) csr_read(n)
#define csr_write_n(n, v) csr_write(n, v)

/* Sleep ms milliseconds in wfi, interrupts masked: the hypervisor runs others. */
static void sleep_ms(uint64_t ms)
{
	uint64_t deadline = now() + ms * TICKS_PER_MS;

	csr_set(sie, SIE_STIE);
	sbi(SBI_EXT_TIME, 0, deadline, 0, 0);
	while (now() < deadline)
		__asm__ __volatile__("wfi");
	sbi(SBI_EXT_TIME, 0, UINT64_MAX, 0, 0); /* takes the timer line down */
	csr_clear(sie, SIE_STIE);
}

/* ---- the trap vector and U-mode ---- */

/*
 * Every register is saved: a fault may hit in the middle of any asm
 * sequence, and the interrupted code must not notice. u_call enters U-mode
 * at its argument with sret; the user code ends with ecall, which fv_trap
 * turns into a return to u_return in S-mode, with the user's registers
 * (a0 its result, ra still u_call's return address).
 */
/* The trap entry is fv_trap.S's (registers saved, fv_trap() called, sret). */
__asm__(".section .text\n"
	".balign 4\n"
	".globl u_call\n"
	"u_call:\n"
	"	csrw sepc, a0\n"
	"	li t0, 0x120\n" /* SPP: to U-mode; SPIE: the kernel keeps SIE clear */
	"	csrc sstatus, t0\n"
	"	sret\n"
	".globl u_return\n"
	"u_return:\n"
	"	ret\n"
	"\n"
	".globl u_rdtime\n"
	"u_rdtime:\n"
	"	rdtime a0\n"
	"	ecall\n"
	".globl u_wfi\n"
	"u_wfi:\n"
	"	wfi\n"
	"	ecall\n"
	".globl u_sret\n"
	"u_sret:\n"
	"	sret\n"
	"	ecall\n");

void fv_trap(void)
{
	uint64_t cause = csr_read(scause);
	uint64_t epc = csr_read(sepc);

	if (cause & CAUSE_IRQ) {
		nr_irq++;
		csr_write(sie, 0); /* none is expected: mask them all */
		return;
	}
	if (cause == EXC_ECALL_U) {
		/* The user code is done: back to the kernel, where u_call returns. */
		csr_write(sepc, (uint64_t)u_return);
		csr_clear(sstatus, SSTATUS_SPIE);
		csr_set(sstatus, SSTATUS_SPP);
		return;
	}
	exc_cause = cause;
	exc_tval = csr_read(stval);
	exc_epc = epc;
	exc_from_user = !(csr_read(sstatus) & SSTATUS_SPP);
	nr_exc++;
	csr_write(sepc, epc + 4); /* every faulting instruction here is 4 bytes */
}

static void reset_traps(void)
{
	nr_exc = 0;
	exc_cause = exc_tval = exc_epc = 0;
	exc_from_user = false;
}

/* ---- the command line ---- */

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The device tree's bootargs ("" if none): a walk of its structure block. */
static const char *dt_bootargs(uint64_t dtb)
{
	const uint8_t *h = (const uint8_t *)dtb;
	const uint8_t *st;
	const char *strs;

	if (be32(h) != 0xd00dfeedu)
		return "";
	st = h + be32(h + 8);
	strs = (const char *)h + be32(h + 12);
	for (uint32_t off = 0;;) {
		uint32_t tok = be32(st + off), len, name;

		off += 4;
		if (tok == 1) { /* BEGIN_NODE: a NUL-terminated name, padded */
			off += ((uint32_t)strlen((const char *)st + off) + 4) & ~3u;
		} else if (tok == 3) { /* PROP: length, name offset, value */
			len = be32(st + off);
			name = be32(st + off + 4);
			off += 8;
			if (!strcmp(strs + name, "bootargs"))
				return (const char *)st + off;
			off += (len + 3) & ~3u;
		} else if (tok != 2 && tok != 4) { /* END, or not a tree */
			return "";
		}
	}
}

/* ---- supervisor state with no VS copy ---- */

struct own_state {
	uint64_t scounteren, senvcfg;
	unsigned bad_rounds, user_rdtime_wrong;
	uint64_t first_bad_scounteren, first_bad_senvcfg;
};

/* rdtime in U-mode: true if it trapped as an illegal instruction with its bits in stval. */
static bool user_rdtime_trapped(void)
{
	reset_traps();
	u_call(u_rdtime);
	return nr_exc == 1 && exc_cause == EXC_ILLEGAL && exc_from_user &&
	       (uint32_t)exc_tval == INSN_RDTIME_A0 && exc_epc == (uint64_t)u_rdtime;
}

static void one_round(struct own_state *s, bool counters)
{
	uint64_t sc = csr_read(scounteren), env = csr_read_n(CSR_SENVCFG);

	if (sc != s->scounteren || env != s->senvcfg) {
		if (!s->bad_rounds++) {
			s->first_bad_scounteren = sc;
			s->first_bad_senvcfg = env;
		}
		/* Put them back, so that each round tests the switches since the last. */
		csr_write(scounteren, s->scounteren);
		csr_write_n(CSR_SENVCFG, s->senvcfg);
	}
	if (user_rdtime_trapped() == counters)
		s->user_rdtime_wrong++;
	sleep_ms(1);
}

static void check_own_state(bool counters)
{
	struct own_state s = { 0 };

	csr_write(scounteren, counters ? SCOUNTEREN_ALL : 0);
	csr_write_n(CSR_SENVCFG, counters ? SENVCFG_FIOM : 0);
	s.scounteren = csr_read(scounteren);
	s.senvcfg = csr_read_n(CSR_SENVCFG);
	say("scounteren 0x%llx, senvcfg 0x%llx; %u rounds\n", (unsigned long long)s.scounteren,
	    (unsigned long long)s.senvcfg, ROUNDS);
	check("scounteren written", s.scounteren, counters ? SCOUNTEREN_ALL : 0);
	for (unsigned r = 0; r < ROUNDS; r++)
		one_round(&s, counters);
	if (s.bad_rounds)
		say("first changed: scounteren 0x%llx, senvcfg 0x%llx\n",
		    (unsigned long long)s.first_bad_scounteren,
		    (unsigned long long)s.first_bad_senvcfg);
	check("rounds with scounteren or senvcfg changed", s.bad_rounds, 0);
	check("rounds where user rdtime was wrong", s.user_rdtime_wrong, 0);
	check("interrupts taken", nr_irq, 0);
}

/* ---- privileged instructions in U-mode ---- */

static void check_user_insn(const char *what, void (*code)(void), uint32_t insn)
{
	char name[48];

	reset_traps();
	u_call(code);
	snprintf(name, sizeof(name), "user %s: exceptions", what);
	check(name, nr_exc, 1);
	snprintf(name, sizeof(name), "user %s: scause", what);
	check(name, exc_cause, EXC_ILLEGAL);
	snprintf(name, sizeof(name), "user %s: stval", what);
	check(name, exc_tval, insn);
	snprintf(name, sizeof(name), "user %s: sepc", what);
	check(name, exc_epc, (uint64_t)code);
	snprintf(name, sizeof(name), "user %s: from U-mode", what);
	check(name, exc_from_user, 1);
}

/*
 * A timer is set first, its interrupt masked: a hypervisor that took the
 * user's wfi for its kernel's idle would block it until then and return
 * with no exception, which the checks report, rather than for ever.
 */
static void check_user_wfi(void)
{
	sbi(SBI_EXT_TIME, 0, now() + TICKS_PER_MS, 0, 0);
	check_user_insn("wfi", u_wfi, INSN_WFI);
	sbi(SBI_EXT_TIME, 0, UINT64_MAX, 0, 0);
	check_user_insn("sret", u_sret, INSN_SRET);
}

void kmain(uint64_t hartid, uint64_t dtb)
{
	const char *args = dt_bootargs(dtb);
	bool counters = strstr(args, "counters=on") != NULL;

	(void)hartid;
	csr_write(stvec, (uint64_t)fv_trap_entry);
	csr_write(sie, 0);
	say("fvuser up: \"%s\"\n", args);
	check_own_state(counters);
	check_user_wfi();
	if (failures)
		say("Test result: FAIL (%u failed)\n", failures);
	else
		say("Test result: PASS\n");
	sbi(SBI_EXT_SRST, 0, 0, failures ? 1 : 0, 0); /* shutdown; reason: system failure */
	for (;;)
		__asm__ __volatile__("wfi");
}
