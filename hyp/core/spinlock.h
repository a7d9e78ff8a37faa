/* SPDX-License-Identifier: MIT */
/*
 * spinlock.h - the hypervisor's one kind of lock: a ticket spin lock (FIFO:
 * a hart waiting for it is served in turn, so no hart starves behind the
 * others), and a recursive form of it for the console, whose writers nest
 * (a log line about a guest prints through the guest's own port).
 *
 * What this file owns: taking and giving back a lock, and the memory order
 * around it (acquire when taken, release when given back). The atomics are
 * the compiler's __atomic built-ins, which on RISC-V are the A extension's
 * amoadd.w.aq and a fence before the releasing store: no hand-written
 * assembly, the same code on the host for the unit tests (real threads).
 *
 * The locks there are, and their order, are in docs/architecture.md
 * ("Several harts"). A lock is never held across a guest entry, a
 * preemption point (sched_preempt_point) or a rendezvous (smp.h); the
 * hypervisor runs with interrupts masked, so a holder is never interrupted.
 */
#ifndef HYP_SPINLOCK_H
#define HYP_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct spinlock {
	uint32_t next;	/* the ticket the next taker draws */
	uint32_t owner; /* the ticket being served */
};

/* clang-format 14 would spread these initializers over four lines each */
/* clang-format off */
#define SPINLOCK_INIT { 0, 0 }
/* clang-format on */

static inline void spin_lock(struct spinlock *l)
{
	uint32_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
		;
}

static inline void spin_unlock(struct spinlock *l)
{
	/* Only the holder writes owner: a plain read of it is exact. */
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

/*
 * Take it only if nobody holds it or waits for it: true if taken. For work
 * that can be done later (the idle loop's scrubbing): such a taker never
 * queues, so it never holds up a hart that must have the lock now, and a
 * waiter's host thread preempted under QEMU cannot stall the queue for it.
 */
static inline bool spin_trylock(struct spinlock *l)
{
	uint32_t owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);

	return __atomic_compare_exchange_n(&l->next, &owner, owner + 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

/* Held by someone (for assertions and the monitor; stale at once). */
static inline bool spin_is_locked(struct spinlock *l)
{
	return __atomic_load_n(&l->next, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
}

/*
 * Recursive: the hart holding it may take it again (depth counts). who
 * names the caller's hart: any value no other hart passes (the address of
 * a __thread variable is one: each hart has its own TLS block); SPIN_NOBODY
 * is no hart's.
 */
#define SPIN_NOBODY 0
struct spinlock_rec {
	struct spinlock lock;
	uintptr_t holder; /* written only by the holder; read racily by others */
	uint32_t depth;
};

/* clang-format off */
#define SPINLOCK_REC_INIT { SPINLOCK_INIT, SPIN_NOBODY, 0 }
/* clang-format on */

static inline void spin_lock_rec(struct spinlock_rec *l, uintptr_t who)
{
	/* Only this hart can have stored who there: a stale read is never equal. */
	if (__atomic_load_n(&l->holder, __ATOMIC_RELAXED) != who) {
		spin_lock(&l->lock);
		__atomic_store_n(&l->holder, who, __ATOMIC_RELAXED);
	}
	l->depth++;
}

static inline void spin_unlock_rec(struct spinlock_rec *l)
{
	if (--l->depth)
		return;
	__atomic_store_n(&l->holder, SPIN_NOBODY, __ATOMIC_RELAXED);
	spin_unlock(&l->lock);
}

#endif
