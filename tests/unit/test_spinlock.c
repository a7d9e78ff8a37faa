/* SPDX-License-Identifier: MIT */
/*
 * test_spinlock.c - host unit tests for the hypervisor's locks
 * (hyp/core/spinlock.h) on real threads, as harts: mutual exclusion under
 * contention (no increment lost), tickets served in order, a trylock that
 * never queues, and the recursive lock's nesting and hand-over.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hyp/core/spinlock.h"

/*
 * Few rounds: the machine has two cores shared by others, and a ticket lock
 * waits for each waiter in turn, so a descheduled thread holds the queue for
 * a host time slice (the hazard frame.c's spin_trylock avoids for scrubbing).
 */
#define THREADS 3
#define ROUNDS 3000

static struct spinlock lock = SPINLOCK_INIT;
static uint64_t counter; /* a plain read-modify-write: only the lock keeps it exact */

static void *hammer(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		spin_lock(&lock);
		counter = counter + 1;
		spin_unlock(&lock);
	}
	return NULL;
}

static void test_no_increment_lost(void **state)
{
	pthread_t t[THREADS];

	(void)state;
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, hammer, NULL), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(counter, (uint64_t)THREADS * ROUNDS);
	assert_false(spin_is_locked(&lock));
	assert_int_equal(lock.next, lock.owner); /* every ticket drawn was served */
}

static void test_tickets_in_order(void **state)
{
	struct spinlock l = SPINLOCK_INIT;

	(void)state;
	spin_lock(&l);
	assert_true(spin_is_locked(&l));
	/* A second taker would draw ticket 1 and wait for owner 1. */
	assert_int_equal(l.next, 1);
	assert_int_equal(l.owner, 0);
	spin_unlock(&l);
	assert_int_equal(l.owner, 1);
	assert_false(spin_is_locked(&l));
}

static void test_trylock_never_queues(void **state)
{
	struct spinlock l = SPINLOCK_INIT;

	(void)state;
	assert_true(spin_trylock(&l));
	/* Held: it fails without drawing a ticket, so the queue is unchanged. */
	assert_false(spin_trylock(&l));
	assert_int_equal(l.next, 1);
	spin_unlock(&l);
	assert_true(spin_trylock(&l));
	spin_unlock(&l);
	assert_int_equal(l.next, l.owner);
}

static struct spinlock_rec rlock = SPINLOCK_REC_INIT;
static __thread char me; /* a thread's name for the recursive lock, as a hart's */
static int inside;	 /* threads inside at once: must stay 0 or 1 */
static int worst_inside;

static void *nest(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		spin_lock_rec(&rlock, (uintptr_t)&me);
		spin_lock_rec(&rlock, (uintptr_t)&me); /* a nested writer */
		if (++inside > worst_inside)
			worst_inside = inside;
		inside--;
		spin_unlock_rec(&rlock);
		spin_unlock_rec(&rlock);
	}
	return NULL;
}

static void test_recursive_nests_and_excludes(void **state)
{
	pthread_t t[THREADS];

	(void)state;
	spin_lock_rec(&rlock, (uintptr_t)&me);
	spin_lock_rec(&rlock, (uintptr_t)&me);
	assert_int_equal(rlock.depth, 2);
	spin_unlock_rec(&rlock);
	assert_true(spin_is_locked(&rlock.lock)); /* still held once */
	spin_unlock_rec(&rlock);
	assert_false(spin_is_locked(&rlock.lock));
	assert_int_equal(rlock.holder, SPIN_NOBODY);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, nest, NULL), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(worst_inside, 1);
	assert_false(spin_is_locked(&rlock.lock));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_increment_lost),
		cmocka_unit_test(test_tickets_in_order),
		cmocka_unit_test(test_trylock_never_queues),
		cmocka_unit_test(test_recursive_nests_and_excludes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
