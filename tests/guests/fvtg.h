/* SPDX-License-Identifier: MIT */
/*
 * fvtg.h - what the FV test guests (fv*.c: unmodified S-mode payloads with no
 * tg library) share: CSR access by name, the time counter, printf to the
 * console through their own UART driver, and the trap
 * entry of fv_trap.S, which saves every register and calls the guest's own
 * fv_trap().
 */
#ifndef FVTG_H
#define FVTG_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#define csr_read(csr)                                                                              \
	({                                                                                         \
		uint64_t v_;                                                                       \
		__asm__ __volatile__("csrr %0, " #csr : "=r"(v_));                                 \
		v_;                                                                                \
	})
#define csr_write(csr, v) __asm__ __volatile__("csrw " #csr ", %0" ::"r"(v) : "memory")
#define csr_set(csr, v) __asm__ __volatile__("csrs " #csr ", %0" ::"r"(v) : "memory")
#define csr_clear(csr, v) __asm__ __volatile__("csrc " #csr ", %0" ::"r"(v) : "memory")

static inline uint64_t now(void)
{
	uint64_t t;

	__asm__ __volatile__("rdtime %0" : "=r"(t));
	return t;
}

/* Each FV test guest's own console output, a byte at a time. */
static void putc_uart(char c);

/* printf to the console (the guest's own ns16550 driver, putc_uart). */
static __attribute__((format(printf, 1, 2))) void say(const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (const char *p = buf; *p; p++)
		putc_uart(*p);
}

/* fv_trap.S: point stvec here; it calls the guest's fv_trap(). */
extern char fv_trap_entry[];
void fv_trap(void);

#endif
