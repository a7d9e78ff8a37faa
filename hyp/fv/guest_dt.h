/* SPDX-License-Identifier: MIT */
/*
 * guest_dt.h - the device tree handed to a fully virtualized (FV) guest.
 *
 * It mirrors what QEMU's virt machine gives an S-mode payload, but describes
 * only what exists for that guest: its harts (one per vCPU), its RAM, the
 * PLIC (one context per hart: its S-mode external interrupt), the NS16550A
 * console and the goldfish RTC. Every
 * device the hypervisor does not emulate is left out, because firmware such
 * as U-Boot probes everything it finds.
 */
#ifndef HYP_GUEST_DT_H
#define HYP_GUEST_DT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUEST_DT_HARTS_MAX 4 /* a guest's vCPUs at most (GUEST_VCPU_MAX) */

struct guest_dt_params {
	const char *name; /* root "model" (the kernel prints it); NULL: "guest" */
	uint64_t mem_base, mem_size;
	uint64_t timebase_hz;	       /* one cell if it fits in 32 bits, else two */
	unsigned nr_harts;	       /* cpu nodes and PLIC contexts; 0 counts as 1 */
	const char *isa;	       /* the host's riscv,isa; the guest's is derived */
	bool sstc;		       /* keep the host's sstc in it (henvcfg.STCE is on) */
	const char *bootargs;	       /* /chosen/bootargs, "" if NULL: always written */
	uint64_t uart_base, uart_size; /* uart_size 0: no serial, no stdout-path */
	uint32_t uart_irq;
	uint32_t uart_clock_hz;
	uint64_t plic_base, plic_size; /* plic_size 0: no PLIC, UART without irq */
	uint64_t rtc_base, rtc_size;   /* goldfish RTC; rtc_size 0 (or no PLIC): none */
	uint32_t rtc_irq;
	uint32_t plic_ndev;
	uint64_t initrd_start, initrd_end; /* guest-physical; start == end: no initrd */
	const uint8_t *rng_seed;	   /* /chosen/rng-seed, rng_seed_len bytes; NULL: none */
	size_t rng_seed_len;
};

/* Build the tree in buf; returns its total size, or -1 if it does not fit. */
long guest_dt_build(const struct guest_dt_params *p, void *buf, size_t size);

/*
 * The guest's ISA string: the host's without the H extension and without
 * extensions a guest cannot use (any "h"-prefixed multi-letter one; sstc
 * unless the guest is given it: sstc true). out is always NUL-terminated
 * (n > 0); when it is too small, it ends after the last whole extension that
 * fits, so it stays a valid ISA string.
 */
void guest_dt_isa(const char *host_isa, bool sstc, char *out, size_t n);

#endif
