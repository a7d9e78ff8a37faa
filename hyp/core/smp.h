/* SPDX-License-Identifier: MIT */
/*
 * smp.h - the harts the hypervisor runs on. What this file owns: which
 * harts there are (the device tree's /cpus, the one OpenSBI started first
 * is hart 0 here whatever its firmware number), starting the others, the
 * number of the hart running the caller, sending a hart an interrupt (a
 * "kick": it looks at its inbox, sched.c), and the rendezvous that stops
 * every other hart at a safe point while hart 0 changes what they share
 * (the monitor's commands, the end of the machine).
 *
 * Per-hart data: each hart has its own TLS block (tp, set before any C runs
 * on it and never changed: entry.S for hart 0, smp.S for the others), so a
 * __thread variable is per hart. smp_self is the hart's number there; data
 * other harts must reach too (run queues) is an array indexed by it.
 */
#ifndef HYP_SMP_H
#define HYP_SMP_H

#include "hyp/core/types.h"

#define SMP_HART_MAX 8

/* This hart's number, 0 .. smp_harts() - 1 (0 on the boot hart). */
extern __thread unsigned smp_self;
static inline unsigned smp_this(void)
{
	return smp_self;
}

/*
 * The harts of the device tree (firmware numbers, in tree order); the boot
 * hart becomes hart 0 and the rest follow, at most SMP_HART_MAX.
 */
void smp_init(const uint64_t *hartids, unsigned n, uint64_t boot_hartid);
/* Harts in use (started or about to be). */
unsigned smp_harts(void);
/* A hart's firmware number. */
uint64_t smp_hartid(unsigned hart);
/*
 * Hart 0, before the guests are built (their frame accounting starts after
 * it): memory for the other harts' stacks and TLS blocks.
 */
void smp_prepare_others(void);
/* Hart 0, once the guests are built: start the others (each runs sched_run). */
void smp_start_others(void);
/* Where a started hart's C code begins (arch code calls it with its number). */
void smp_hart_main(unsigned hart) __attribute__((noreturn));
/* Interrupt another hart so that it looks at its inbox (no-op for this hart). */
void smp_kick(unsigned hart);
/*
 * The rendezvous: hart 0 (only) stops every other hart at its next
 * smp_park_point and waits until all are there; smp_resume_others lets
 * them go. Nests. Called with no lock held. With one hart: nothing.
 */
void smp_stop_others(void);
void smp_resume_others(void);
/* A safe point (no lock held, state consistent): wait here while stopped. */
void smp_park_point(void);
/* Rendezvous so far, for the monitor; how long the last and the worst took (ticks). */
uint64_t smp_rendezvous_count(uint64_t *last, uint64_t *worst);

#endif
