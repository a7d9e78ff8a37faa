/* SPDX-License-Identifier: MIT */
/*
 * fvtg.h - what the FV test guests (fv*.c: unmodified S-mode payloads with no
 * tg library) share: CSR access by name, the time counter, printf to the
 * console through a polled driver of the emulated ns16550, SBI calls, the
 * "ok/FAIL: what -> got (want w)" check lines the system tests read, and the
 * trap entry of fv_trap.S, which saves every register and calls the guest's
 * own fv_trap().
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

/* The emulated ns16550 (QEMU virt's address), polled. */
#define UART_BASE 0x10000000ul
#define UART_THR 0
#define UART_LSR 5
#define LSR_THRE 0x20u

static inline void uart_w(unsigned off, uint8_t val)
{
	*(volatile uint8_t *)(UART_BASE + off) = val;
}

static inline uint8_t uart_r(unsigned off)
{
	return *(volatile uint8_t *)(UART_BASE + off);
}

static inline void putc_uart(char c)
{
	while (!(uart_r(UART_LSR) & LSR_THRE))
		;
	uart_w(UART_THR, (uint8_t)c);
}

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

/* An SBI call's two results (the SBI specification's struct sbiret). */
struct sbiret {
	long error;
	long value;
};

static inline struct sbiret sbi(uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2)
{
	register uint64_t r0 __asm__("a0") = a0;
	register uint64_t r1 __asm__("a1") = a1;
	register uint64_t r2 __asm__("a2") = a2;
	register uint64_t r6 __asm__("a6") = fid;
	register uint64_t r7 __asm__("a7") = ext;

	__asm__ __volatile__("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
	return (struct sbiret){ (long)r0, (long)r1 };
}

/* Checks that did not hold so far: the guest's "Test result" line counts them. */
static unsigned failures;

/* Small values (SBI errors, booleans) read best in decimal, the rest in hex. */
static void fmt_val(char *buf, size_t n, uint64_t v)
{
	if ((int64_t)v > -4096 && (int64_t)v < 4096)
		snprintf(buf, n, "%lld", (long long)v);
	else
		snprintf(buf, n, "0x%llx", (unsigned long long)v);
}

/* One "ok: name -> got (want w)" or "FAIL: ..." line, as the system tests parse it. */
static void check(const char *name, uint64_t got, uint64_t want)
{
	char g[24], w[24];

	fmt_val(g, sizeof(g), got);
	fmt_val(w, sizeof(w), want);
	if (got != want)
		failures++;
	say("%s: %s -> %s (want %s)\n", got == want ? "ok" : "FAIL", name, g, w);
}

/* fv_trap.S: point stvec here; it calls the guest's fv_trap(). */
extern char fv_trap_entry[];
void fv_trap(void);

#endif
