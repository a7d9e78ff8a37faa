/* SPDX-License-Identifier: MIT */
/*
 * smp.c - the harts (smp.h): their numbers, starting them, kicks, and the
 * rendezvous. Starting a hart and interrupting one are the architecture's
 * (arch_hart_start, arch_ipi_send: SBI HSM and IPI on RISC-V).
 *
 * The rendezvous is how hart 0 changes state that other harts own without
 * a lock on every path that reads it: the monitor's commands (pause,
 * destroy, a share changed, trace settings) and the last look at the
 * frames before the machine ends are rare and human-paced, so stopping the
 * world for them costs nothing that matters and keeps the hot paths free
 * of locks (docs/architecture.md, "Several harts").
 */
#include "hyp/core/arch.h"
#include "hyp/core/log.h"
#include "hyp/core/sched.h"
#include "hyp/core/smp.h"

/* How long hart 0 sleeps between two looks when it waits for the others. */
#define SMP_WAIT_US 50

__thread unsigned smp_self;

static uint64_t hartid[SMP_HART_MAX];
static unsigned nr_harts = 1;
static unsigned nr_online = 1; /* harts that reached their scheduler: hart 0 counts */
static unsigned stop_depth;    /* hart 0's nesting of smp_stop_others */
static unsigned stopping;      /* nonzero: others wait at their park points */
static unsigned parked;	       /* how many do */
static uint64_t rendezvous;
static uint64_t rendezvous_last, rendezvous_worst; /* ticks from asking to all stopped */

void smp_init(const uint64_t *ids, unsigned n, uint64_t boot_hartid)
{
	hartid[0] = boot_hartid;
	nr_harts = 1;
	for (unsigned i = 0; i < n && nr_harts < SMP_HART_MAX; i++)
		if (ids[i] != boot_hartid)
			hartid[nr_harts++] = ids[i];
}

unsigned smp_harts(void)
{
	return nr_harts;
}

uint64_t smp_hartid(unsigned hart)
{
	return hartid[hart];
}

/*
 * Hart 0 waits for the others without spinning: it sleeps a moment, its
 * timer armed. Under -icount QEMU runs the harts in turn on one thread and
 * leaves a spinning hart running until its budget ends (no timer armed: a
 * very long time), so a spin here would keep the others from ever getting
 * to where it waits for them. The scheduler arms its own timer again at its
 * next tick (the short one ends the wait of the slice it was in, no more).
 */
static void wait_a_moment(void)
{
	arch_timer_set(arch_time() + sched_us_to_ticks(SMP_WAIT_US));
	arch_wait();
}

void smp_prepare_others(void)
{
	for (unsigned i = 1; i < nr_harts; i++)
		if (arch_hart_prepare(i))
			log_panic("no memory for hart %u's stack\n", i);
}

void smp_start_others(void)
{
	for (unsigned i = 1; i < nr_harts; i++) {
		int err = arch_hart_start(hartid[i], i);

		if (err)
			log_panic("hart %u (firmware hart %llu) did not start: error %d\n", i,
				  (unsigned long long)hartid[i], err);
	}
	/* Every hart is in its scheduler before anyone relies on a kick reaching it. */
	while (__atomic_load_n(&nr_online, __ATOMIC_ACQUIRE) != nr_harts)
		wait_a_moment();
}

void smp_hart_main(unsigned hart)
{
	smp_self = hart;
	arch_init();
	log_printf("hart %u (firmware hart %llu) up\n", hart, (unsigned long long)hartid[hart]);
	__atomic_fetch_add(&nr_online, 1, __ATOMIC_RELEASE);
	sched_run();
}

void smp_kick(unsigned hart)
{
	if (hart != smp_this())
		arch_ipi_send(hartid[hart]);
}

void smp_stop_others(void)
{
	uint64_t t0;

	if (nr_harts == 1 || stop_depth++)
		return;
	/* Those let go last time have all left their park points. */
	while (__atomic_load_n(&parked, __ATOMIC_ACQUIRE))
		wait_a_moment();
	t0 = arch_time();
	__atomic_store_n(&stopping, 1, __ATOMIC_RELEASE);
	for (unsigned i = 1; i < nr_harts; i++)
		smp_kick(i);
	while (__atomic_load_n(&parked, __ATOMIC_ACQUIRE) != nr_harts - 1)
		wait_a_moment();
	/* A kick's cost: the IPI, the guest's exit, the way to a park point. */
	rendezvous_last = arch_time() - t0;
	if (rendezvous_last > rendezvous_worst)
		rendezvous_worst = rendezvous_last;
	rendezvous++;
}

void smp_resume_others(void)
{
	if (nr_harts == 1 || --stop_depth)
		return;
	__atomic_store_n(&stopping, 0, __ATOMIC_RELEASE);
	for (unsigned i = 1; i < nr_harts; i++)
		smp_kick(i); /* they sleep at their park points */
}

void smp_park_point(void)
{
	if (smp_this() == 0 || !__atomic_load_n(&stopping, __ATOMIC_ACQUIRE))
		return;
	__atomic_fetch_add(&parked, 1, __ATOMIC_ACQ_REL);
	/*
	 * Asleep rather than spinning: under QEMU a spinning hart takes a host
	 * thread's time from hart 0, which does the work all wait for. Cleared
	 * before looking, so the kick of smp_resume_others is never lost.
	 */
	for (;;) {
		arch_ipi_clear();
		if (!__atomic_load_n(&stopping, __ATOMIC_ACQUIRE))
			break;
		arch_wait();
	}
	/* What hart 0 changed is seen from here on (acquire above). */
	__atomic_fetch_sub(&parked, 1, __ATOMIC_RELEASE);
}

uint64_t smp_rendezvous_count(uint64_t *last, uint64_t *worst)
{
	*last = rendezvous_last;
	*worst = rendezvous_worst;
	return rendezvous;
}
