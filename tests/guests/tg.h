/* SPDX-License-Identifier: MIT */
/*
 * tg.h - the tiny library of the test guests: small PV payloads that provoke
 * one behaviour of the hypervisor each (tests/system/ drives them).
 */
#ifndef TG_H
#define TG_H

#include <pvabi/guest.h>

/* The start info the hypervisor passed in a1. */
extern const struct pvabi_start_info *tg_start;

void tg_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tg_shutdown(uint64_t reason) __attribute__((noreturn));
uint64_t tg_time(void);
/* Sleep (blocked in the hypervisor) for ms milliseconds. */
void tg_sleep_ms(uint64_t ms);
/* True if the command line holds the word w. */
int tg_cmdline_has(const char *w);
/* The decimal value of key=N on the command line, or def if it is not there. */
uint64_t tg_cmdline_num(const char *key, uint64_t def);
/*
 * Print "what -> got" and count it as a failure unless got == want; the
 * line then ends in "(want W)". Returns got == want.
 */
int tg_expect(const char *what, int64_t got, int64_t want);
/* Print "Test result: PASS" or "Test result: FAIL (N failed)". */
void tg_result(void);
/* The shared info page (pvabi/event.h). */
volatile struct pvabi_shared_info *tg_shared(void);
/*
 * TG_ENTRY(entry, handler): an assembly entry point (for set_trap_table or
 * set_callbacks) that saves the caller-saved registers on the stack, calls
 * handler(), restores them and returns with sret.
 */
#define TG_ENTRY(entry, handler)                                                                   \
	__asm__(".pushsection .text\n"                                                             \
		".balign 4\n"                                                                      \
		".globl " #entry "\n" #entry ":\n"                                                 \
		"	.irp r, ra,t0,t1,t2,a0,a1,a2,a3,a4,a5,a6,a7,t3,t4,t5,t6\n"                       \
		"	addi sp, sp, -8\n	sd \\r, 0(sp)\n"                                               \
		"	.endr\n"                                                                         \
		"	call " #handler "\n"                                                       \
		"	.irp r, t6,t5,t4,t3,a7,a6,a5,a4,a3,a2,a1,a0,t2,t1,t0,ra\n"                       \
		"	ld \\r, 0(sp)\n	addi sp, sp, 8\n"                                                \
		"	.endr\n"                                                                         \
		"	sret\n"                                                                          \
		".popsection\n")

/* Each test guest defines this. */
void tg_main(void);

#endif
