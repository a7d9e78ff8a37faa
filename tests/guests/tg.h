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
/* Each test guest defines this. */
void tg_main(void);

#endif
