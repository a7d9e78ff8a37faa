/* SPDX-License-Identifier: MIT */
/*
 * test_vsbi_hartmask.c - host unit tests for the SBI hart list decoding
 * (hyp/arch/riscv/fv/vsbi_hartmask.c): a mask from a base, base -1 for every
 * hart, an empty mask, and every way of naming a hart that does not exist
 * (past the last, a base past it, bits shifted past 64), which the SBI
 * specification answers with SBI_ERR_INVALID_PARAM.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "arch/vsbi.h"

static uint32_t harts;

static long decode(uint64_t mask, uint64_t base, unsigned nr)
{
	harts = 0xdeadbeef;
	return vsbi_hart_mask(mask, base, nr, &harts);
}

static void test_base_minus_one_is_every_hart(void **state)
{
	(void)state;
	assert_int_equal(decode(0, UINT64_MAX, 1), SBI_SUCCESS);
	assert_int_equal(harts, 1);
	assert_int_equal(decode(0x1234, UINT64_MAX, 4), SBI_SUCCESS); /* mask ignored */
	assert_int_equal(harts, 0xf);
	assert_int_equal(decode(0, UINT64_MAX, VSBI_HARTS_MAX), SBI_SUCCESS);
	assert_int_equal(harts, 0xffffffff);
}

static void test_mask_from_base(void **state)
{
	(void)state;
	assert_int_equal(decode(1, 0, 1), SBI_SUCCESS);
	assert_int_equal(harts, 1);
	assert_int_equal(decode(0x5, 0, 4), SBI_SUCCESS);
	assert_int_equal(harts, 0x5);
	assert_int_equal(decode(0x3, 2, 4), SBI_SUCCESS);
	assert_int_equal(harts, 0xc);
	assert_int_equal(decode(1, 3, 4), SBI_SUCCESS);
	assert_int_equal(harts, 0x8);
}

/* No hart named: success, nothing to do, whatever the base. */
static void test_empty_mask(void **state)
{
	(void)state;
	assert_int_equal(decode(0, 0, 2), SBI_SUCCESS);
	assert_int_equal(harts, 0);
	assert_int_equal(decode(0, 1000, 2), SBI_SUCCESS);
	assert_int_equal(harts, 0);
	assert_int_equal(decode(0, UINT64_MAX - 1, 2), SBI_SUCCESS);
	assert_int_equal(harts, 0);
}

static void test_harts_that_do_not_exist(void **state)
{
	(void)state;
	assert_int_equal(decode(0x2, 0, 1), SBI_ERR_INVALID_PARAM); /* hart 1 of 1 */
	assert_int_equal(harts, 0);
	assert_int_equal(decode(0x11, 0, 4), SBI_ERR_INVALID_PARAM); /* 0 exists, 4 does not */
	assert_int_equal(harts, 0);
	assert_int_equal(decode(1, 4, 4), SBI_ERR_INVALID_PARAM);
	assert_int_equal(decode(0x3, 3, 4), SBI_ERR_INVALID_PARAM);
	assert_int_equal(decode(1ull << 63, 0, 4), SBI_ERR_INVALID_PARAM);
	assert_int_equal(decode(1, 64, 4), SBI_ERR_INVALID_PARAM);
	assert_int_equal(decode(1, UINT64_MAX - 1, 4), SBI_ERR_INVALID_PARAM);
	assert_int_equal(decode(UINT64_MAX, 0, VSBI_HARTS_MAX), SBI_ERR_INVALID_PARAM);
}

/* More harts than a uint32_t holds are clamped, never shifted past it. */
static void test_clamped(void **state)
{
	(void)state;
	assert_int_equal(decode(0xffffffff, 0, 1000), SBI_SUCCESS);
	assert_int_equal(harts, 0xffffffff);
	assert_int_equal(decode(1, 32, 1000), SBI_ERR_INVALID_PARAM);
	assert_int_equal(decode(0, UINT64_MAX, 1000), SBI_SUCCESS);
	assert_int_equal(harts, 0xffffffff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_minus_one_is_every_hart),
		cmocka_unit_test(test_mask_from_base),
		cmocka_unit_test(test_empty_mask),
		cmocka_unit_test(test_harts_that_do_not_exist),
		cmocka_unit_test(test_clamped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
