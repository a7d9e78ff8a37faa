/* SPDX-License-Identifier: MIT */
/*
 * platform.h - the machine the hypervisor runs on, as read from the device
 * tree that the firmware passes at boot.
 */
#ifndef HYP_PLATFORM_H
#define HYP_PLATFORM_H

#include "hyp/core/types.h"

/*
 * The longest command line, the hypervisor's and so a guest's (cmdline.NAME=
 * takes the end of the hypervisor's), with its NUL: Linux's riscv
 * COMMAND_LINE_SIZE is 1024, with room for the hypervisor's own items.
 */
#define GUEST_CMDLINE_MAX 2048

/* Harts read from /cpus (more are ignored): smp.h's SMP_HART_MAX. */
#define PLATFORM_HART_MAX 8

struct platform {
	uint64_t ram_base, ram_size;
	uint64_t uart_base;
	uint32_t uart_reg_shift;
	uint64_t timebase_hz;
	uint64_t exit_base; /* sifive_test device, 0 if absent */
	uint64_t rtc_base;  /* goldfish RTC (the host's wall clock), 0 if absent */
	bool has_hext;	    /* the boot hart's ISA has the H extension */
	char isa[96];
	uint64_t hartids[PLATFORM_HART_MAX]; /* /cpus/cpu@N reg, in tree order */
	unsigned nr_harts;
	char bootargs[GUEST_CMDLINE_MAX]; /* /chosen/bootargs, "" if none */
	uint64_t fdt_size;
};

/*
 * Read the facts above from a device tree blob. Returns 0, or a negative
 * value with *why set to a sentence saying what is missing.
 */
int platform_probe(const void *fdt, struct platform *p, const char **why);
/* Bring up the UART and the exit device described by p. */
void platform_init_devices(const struct platform *p);
/*
 * Wall-clock time in nanoseconds since 1970 (UTC): the RTC's reading at boot
 * plus the timebase's count since; 0 at boot if the machine has no RTC.
 */
uint64_t platform_wall_ns(void);
/* End QEMU with an exit code through the test device; returns if absent. */
void platform_exit(int code);

#endif
