/* SPDX-License-Identifier: MIT */
/*
 * test_vplic.c - host unit tests for the emulated PLIC (hyp/fv/vplic.c):
 * the register map, priorities against the threshold and each other,
 * claim/complete with the level-triggered gateway, enables, source 0 and
 * out-of-range sources, registers that do not exist, and a PLIC of several
 * contexts (one per vCPU): each its own enables, threshold and claim.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hyp/fv/vplic.h"

static struct vplic p;

static int setup(void **state)
{
	(void)state;
	vplic_init(&p, 1);
	return 0;
}

static void prio(unsigned src, uint32_t v)
{
	vplic_write(&p, VPLIC_PRIORITY + 4 * src, v);
}

static uint32_t claim(void)
{
	return vplic_read(&p, VPLIC_CLAIM);
}

static void complete(uint32_t src)
{
	vplic_write(&p, VPLIC_CLAIM, src);
}

static void test_registers(void **state)
{
	(void)state;
	prio(5, 3);
	prio(31, 0xffffffff);
	prio(0, 7); /* source 0 does not exist */
	assert_int_equal(vplic_read(&p, VPLIC_PRIORITY + 4 * 5), 3);
	assert_int_equal(vplic_read(&p, VPLIC_PRIORITY + 4 * 31), VPLIC_PRIO_MAX);
	assert_int_equal(vplic_read(&p, VPLIC_PRIORITY), 0);
	vplic_write(&p, VPLIC_ENABLE, 0xffffffff);
	assert_int_equal(vplic_read(&p, VPLIC_ENABLE), 0xfffffffe);
	vplic_write(&p, VPLIC_THRESHOLD, 0x12345);
	assert_int_equal(vplic_read(&p, VPLIC_THRESHOLD), 5);
	vplic_write(&p, VPLIC_PENDING, 0xffffffff); /* read-only */
	assert_int_equal(vplic_read(&p, VPLIC_PENDING), 0);
}

static void test_unknown_registers(void **state)
{
	static const uint64_t offs[] = {
		4 * VPLIC_NSRC, 0xffc,	  0x1004,   0x1ffc,   0x2004,	0x2080,
		0x1ffffc,	0x200008, 0x201000, 0x201004, 0x3ffffc,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		vplic_write(&p, offs[i], 0xffffffff);
		assert_int_equal(vplic_read(&p, offs[i]), 0);
	}
	for (unsigned s = 0; s < VPLIC_NSRC; s++)
		assert_int_equal(vplic_read(&p, VPLIC_PRIORITY + 4 * s), 0);
	assert_int_equal(vplic_read(&p, VPLIC_ENABLE), 0);
	assert_int_equal(vplic_read(&p, VPLIC_THRESHOLD), 0);
}

static void test_needs_enable_and_priority(void **state)
{
	(void)state;
	vplic_set_level(&p, 10, true);
	assert_int_equal(vplic_read(&p, VPLIC_PENDING), 1u << 10);
	assert_false(vplic_output(&p, 0)); /* not enabled, priority 0 */
	vplic_write(&p, VPLIC_ENABLE, 1u << 10);
	assert_false(vplic_output(&p, 0)); /* priority 0 never interrupts */
	prio(10, 1);
	assert_true(vplic_output(&p, 0));
	vplic_write(&p, VPLIC_THRESHOLD, 1);
	assert_false(vplic_output(&p, 0)); /* must be strictly above */
	assert_int_equal(claim(), 0);
	vplic_write(&p, VPLIC_THRESHOLD, 0);
	assert_true(vplic_output(&p, 0));
}

static void test_claim_complete_level(void **state)
{
	(void)state;
	prio(10, 1);
	vplic_write(&p, VPLIC_ENABLE, 1u << 10);
	vplic_set_level(&p, 10, true);
	assert_int_equal(claim(), 10);
	assert_int_equal(vplic_read(&p, VPLIC_PENDING), 0);
	assert_false(vplic_output(&p, 0)); /* in service: not re-pended */
	assert_int_equal(claim(), 0);
	complete(10); /* line still high: pending again */
	assert_true(vplic_output(&p, 0));
	assert_int_equal(claim(), 10);
	vplic_set_level(&p, 10, false);
	complete(10);
	assert_false(vplic_output(&p, 0));
	assert_int_equal(vplic_read(&p, VPLIC_PENDING), 0);
}

static void test_complete_not_in_service(void **state)
{
	(void)state;
	prio(3, 1);
	vplic_write(&p, VPLIC_ENABLE, 1u << 3);
	vplic_set_level(&p, 3, true);
	complete(3); /* not claimed: ignored, still pending */
	complete(0);
	complete(VPLIC_NSRC);
	complete(0xffffffff);
	assert_int_equal(claim(), 3);
	complete(3);
	complete(3); /* the second is ignored */
	assert_int_equal(claim(), 3);
}

/* The enable bit does not matter to complete (Linux disables, then completes). */
static void test_complete_while_disabled(void **state)
{
	(void)state;
	prio(3, 1);
	vplic_write(&p, VPLIC_ENABLE, 1u << 3);
	vplic_set_level(&p, 3, true);
	assert_int_equal(claim(), 3);
	vplic_write(&p, VPLIC_ENABLE, 0);
	vplic_set_level(&p, 3, false);
	complete(3);
	vplic_write(&p, VPLIC_ENABLE, 1u << 3);
	vplic_set_level(&p, 3, true);
	assert_int_equal(claim(), 3);
}

static void test_priority_order(void **state)
{
	(void)state;
	vplic_write(&p, VPLIC_ENABLE, 0xffffffff);
	prio(4, 2);
	prio(7, 5);
	prio(9, 5);
	prio(20, 1);
	vplic_set_level(&p, 4, true);
	vplic_set_level(&p, 7, true);
	vplic_set_level(&p, 9, true);
	vplic_set_level(&p, 20, true);
	assert_int_equal(claim(), 7); /* highest; ties go to the lowest id */
	assert_int_equal(claim(), 9);
	vplic_write(&p, VPLIC_THRESHOLD, 1);
	assert_int_equal(claim(), 4);
	assert_int_equal(claim(), 0); /* 20 is at the threshold */
	vplic_write(&p, VPLIC_THRESHOLD, 0);
	assert_int_equal(claim(), 20);
	assert_false(vplic_output(&p, 0));
}

/* A line that drops before the claim withdraws its request. */
static void test_level_drop_before_claim(void **state)
{
	(void)state;
	prio(2, 1);
	vplic_write(&p, VPLIC_ENABLE, 1u << 2);
	vplic_set_level(&p, 2, true);
	assert_true(vplic_output(&p, 0));
	vplic_set_level(&p, 2, false);
	assert_false(vplic_output(&p, 0));
	assert_int_equal(claim(), 0);
}

static void test_bad_sources_ignored(void **state)
{
	(void)state;
	vplic_set_level(&p, 0, true);
	vplic_set_level(&p, VPLIC_NSRC, true);
	vplic_set_level(&p, 1000, true);
	assert_int_equal(vplic_read(&p, VPLIC_PENDING), 0);
}

/* Context c's registers: enable word, threshold, claim/complete. */
#define ENABLE(c) (VPLIC_ENABLE + VPLIC_ENABLE_STRIDE * (c))
#define THRESHOLD(c) (VPLIC_THRESHOLD + VPLIC_CTX_STRIDE * (c))
#define CLAIM(c) (VPLIC_CLAIM + VPLIC_CTX_STRIDE * (c))

static void test_contexts_registers(void **state)
{
	(void)state;
	vplic_init(&p, 3);
	for (unsigned c = 0; c < 3; c++) {
		vplic_write(&p, ENABLE(c), 0x10u << c);
		vplic_write(&p, THRESHOLD(c), c + 1);
	}
	for (unsigned c = 0; c < 3; c++) {
		assert_int_equal(vplic_read(&p, ENABLE(c)), 0x10u << c);
		assert_int_equal(vplic_read(&p, THRESHOLD(c)), c + 1);
	}
	/* A fourth context does not exist: reads 0, ignores writes, no output. */
	vplic_write(&p, ENABLE(3), 0xffffffff);
	vplic_write(&p, THRESHOLD(3), 1);
	assert_int_equal(vplic_read(&p, ENABLE(3)), 0);
	assert_int_equal(vplic_read(&p, THRESHOLD(3)), 0);
	assert_int_equal(vplic_read(&p, CLAIM(3)), 0);
	assert_false(vplic_output(&p, 3));
	assert_false(vplic_output(&p, 1000));
	/* Between the enable words and past a context's claim: nothing. */
	vplic_write(&p, ENABLE(1) + 4, 0xffffffff);
	assert_int_equal(vplic_read(&p, ENABLE(1) + 4), 0);
	assert_int_equal(vplic_read(&p, THRESHOLD(1) + 8), 0);
}

/* Each context sees the sources it enabled, above its own threshold. */
static void test_contexts_outputs(void **state)
{
	(void)state;
	vplic_init(&p, 2);
	prio(10, 1);
	prio(11, 2);
	vplic_write(&p, ENABLE(0), 1u << 10);
	vplic_write(&p, ENABLE(1), 1u << 11);
	vplic_set_level(&p, 10, true);
	assert_true(vplic_output(&p, 0));
	assert_false(vplic_output(&p, 1));
	vplic_set_level(&p, 11, true);
	assert_true(vplic_output(&p, 1));
	vplic_write(&p, THRESHOLD(1), 2);
	assert_false(vplic_output(&p, 1));
	assert_int_equal(vplic_read(&p, CLAIM(1)), 0);
	vplic_write(&p, THRESHOLD(1), 0);
	assert_int_equal(vplic_read(&p, CLAIM(1)), 11);
	assert_false(vplic_output(&p, 1));
	assert_true(vplic_output(&p, 0));
	assert_int_equal(vplic_read(&p, CLAIM(0)), 10);
}

/* A source enabled in two contexts goes to whichever claims first. */
static void test_contexts_shared_source(void **state)
{
	(void)state;
	vplic_init(&p, 2);
	prio(10, 1);
	vplic_write(&p, ENABLE(0), 1u << 10);
	vplic_write(&p, ENABLE(1), 1u << 10);
	vplic_set_level(&p, 10, true);
	assert_true(vplic_output(&p, 0));
	assert_true(vplic_output(&p, 1));
	assert_int_equal(vplic_read(&p, CLAIM(1)), 10);
	assert_false(vplic_output(&p, 0));
	assert_int_equal(vplic_read(&p, CLAIM(0)), 0);
	/* Completed through another context: still that source's completion. */
	vplic_write(&p, CLAIM(0), 10);
	assert_true(vplic_output(&p, 0));
	assert_true(vplic_output(&p, 1));
}

/* The context count is clamped to what exists. */
static void test_contexts_clamped(void **state)
{
	(void)state;
	vplic_init(&p, 0);
	assert_int_equal(p.nr_ctx, 1);
	vplic_init(&p, 100);
	assert_int_equal(p.nr_ctx, VPLIC_CTX_MAX);
}

static void test_reg_names(void **state)
{
	char buf[32];

	(void)state;
	vplic_reg_name(VPLIC_CLAIM, false, buf, sizeof(buf));
	assert_string_equal(buf, "claim");
	vplic_reg_name(CLAIM(2), true, buf, sizeof(buf));
	assert_string_equal(buf, "complete[2]");
	vplic_reg_name(ENABLE(1), true, buf, sizeof(buf));
	assert_string_equal(buf, "enable[1]");
	vplic_reg_name(THRESHOLD(0), true, buf, sizeof(buf));
	assert_string_equal(buf, "threshold");
	vplic_reg_name(VPLIC_PRIORITY + 8, false, buf, sizeof(buf));
	assert_string_equal(buf, "priority[2]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, setup)
		T(test_registers),
		T(test_unknown_registers),
		T(test_needs_enable_and_priority),
		T(test_claim_complete_level),
		T(test_complete_not_in_service),
		T(test_complete_while_disabled),
		T(test_priority_order),
		T(test_level_drop_before_claim),
		T(test_bad_sources_ignored),
		T(test_contexts_registers),
		T(test_contexts_outputs),
		T(test_contexts_shared_source),
		T(test_contexts_clamped),
		T(test_reg_names),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
