/* SPDX-License-Identifier: MIT */
/*
 * test_credit.c - host unit tests for the credit arithmetic
 * (hyp/core/credit.c): exact shares by weight with no tick lost to
 * rounding, the clamp, BOOST given and taken, the cap's parking with its
 * hysteresis, and how long a vCPU may run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hyp/core/credit.h"

#define LIMIT 100000 /* one slice, in ticks */

static void test_shares_are_exact(void **state)
{
	struct credit a, b, c;
	struct credit *const all[] = { &a, &b, &c };

	(void)state;
	credit_init(&a, 1, 0);
	credit_init(&b, 2, 0);
	credit_init(&c, 0, 0); /* 0: the default weight */
	assert_int_equal(c.weight, CREDIT_WEIGHT_DEFAULT);
	/* 259 parts of 1 tick at a time: what division leaves over is not lost. */
	for (int i = 0; i < 259 * 7; i++)
		credit_account(all, 3, NULL, 1, LIMIT);
	assert_int_equal(a.credit, 7);
	assert_int_equal(b.credit, 14);
	assert_int_equal(c.credit, 7 * 256);
}

static void test_running_pays_and_clamps(void **state)
{
	struct credit a, b;
	struct credit *const all[] = { &a, &b };

	(void)state;
	credit_init(&a, 256, 0);
	credit_init(&b, 256, 0);
	credit_account(all, 2, &a, 1000, LIMIT);
	assert_int_equal(a.credit, -500);
	assert_int_equal(b.credit, 500);
	/* Years of running alone: never below -LIMIT; the sleeper never above it. */
	for (int i = 0; i < 100; i++)
		credit_account(all, 2, &a, 1000000, LIMIT);
	assert_int_equal(a.credit, -LIMIT);
	assert_int_equal(b.credit, LIMIT);
	/* One that ran but is not among the active (a guest's rebuild) pays too. */
	credit_account(all, 1, &b, 10, LIMIT);
	assert_int_equal(b.credit, LIMIT - 10);
}

static void test_boost(void **state)
{
	struct credit a, b;
	struct credit *const all[] = { &a, &b };

	(void)state;
	credit_init(&a, 256, 0);
	credit_init(&b, 256, 0);
	credit_account(all, 2, &b, 1000, LIMIT); /* a is under its share */
	credit_wake(&a);
	assert_int_equal(credit_prio(&a), CREDIT_BOOST);
	credit_wake(&b); /* over its share: no boost */
	assert_int_equal(credit_prio(&b), CREDIT_OVER);
	/* A BOOST run: at most the boost length, at most its credit. */
	assert_int_equal(credit_run_limit(&a, LIMIT, 400), 400);
	assert_int_equal(credit_run_limit(&a, LIMIT, 4000), 500);
	assert_int_equal(credit_run_limit(&b, LIMIT, 400), LIMIT);
	/* Spending what it woke with ends the boost. */
	credit_account(all, 2, &a, 1200, LIMIT);
	assert_int_equal(credit_prio(&a), CREDIT_OVER);
	credit_wake(&a);
	credit_unboost(&a);
	assert_false(a.boost);
}

static void test_cap_parks_with_hysteresis(void **state)
{
	struct credit a;
	struct credit *const all[] = { &a };
	uint64_t wait;

	(void)state;
	credit_init(&a, 256, 25);
	credit_account(all, 1, &a, 4000, LIMIT); /* earned 1000, spent 4000 */
	assert_true(credit_capped(&a));
	wait = credit_cap_wait(&a);
	/* Not back at the first tick it is positive: at a tenth of the clamp. */
	credit_account(all, 1, NULL, 3000 * 4 + 8, LIMIT);
	assert_true(a.cap_left > 0);
	assert_true(credit_capped(&a));
	credit_account(all, 1, NULL, wait - (3000 * 4 + 8), LIMIT);
	assert_false(credit_capped(&a));
	assert_int_equal(credit_cap_wait(&a), 0);
	/* Its run ends when the cap budget does. */
	assert_int_equal(credit_run_limit(&a, LIMIT, 0), (uint64_t)a.cap_left);
	/* No cap: never capped. */
	credit_init(&a, 256, 0);
	credit_account(all, 1, &a, 5 * LIMIT, LIMIT);
	assert_false(credit_capped(&a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shares_are_exact),
		cmocka_unit_test(test_running_pays_and_clamps),
		cmocka_unit_test(test_boost),
		cmocka_unit_test(test_cap_parks_with_hysteresis),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
