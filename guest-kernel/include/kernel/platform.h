/* SPDX-License-Identifier: MIT */
/*
 * platform.h - the one interface between the kernel and what it runs on.
 * The paravirtual implementation (pv/) makes hypercalls; a native one
 * (privileged instructions, SBI, a UART) plugs in behind the same calls.
 */
#ifndef KERNEL_PLATFORM_H
#define KERNEL_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

struct plat_info {
	const char *name;    /* this guest's name */
	const char *cmdline;
	uint64_t mem_base, mem_size;
	uint64_t timebase_hz;
	uint32_t abi_version; /* hypervisor ABI (PV), 0 when native */
	const char *kind;    /* "pv" or "native" */
};

/* Called first, with the registers the kernel was entered with. */
int plat_init(uint64_t a0, uint64_t a1, struct plat_info *info);
void plat_console_write(const char *buf, size_t n);
/* Current time in timebase ticks. */
uint64_t plat_time(void);
/* Arm the one-shot timer at absolute time t; 0 cancels. */
void plat_set_timer(uint64_t t);
/* Sleep until the timer fires or input arrives. */
void plat_idle(void);
/* Make entry the kernel's trap vector; 0 or a negative error. */
int plat_set_trap_entry(uint64_t entry);
/* Stop this kernel; crashed is true for a panic. */
void plat_shutdown(int crashed) __attribute__((noreturn));

#endif
