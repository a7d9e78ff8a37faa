/* SPDX-License-Identifier: MIT */
/*
 * test_num.c - host unit tests for the numbers people type
 * (hyp/lib/num.c): decimal and hex, the edges of 64 bits, and everything
 * strtoull would take but the command line and the monitor must not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hyp/lib/num.h"

static bool parse(const char *s, uint64_t *v)
{
	return num_parse_u64(s, strlen(s), v);
}

static void test_good(void **state)
{
	uint64_t v;

	(void)state;
	assert_true(parse("0", &v) && v == 0);
	assert_true(parse("42", &v) && v == 42);
	assert_true(parse("010", &v) && v == 10); /* decimal, not octal */
	assert_true(parse("0x88000000", &v) && v == 0x88000000);
	assert_true(parse("0XfF", &v) && v == 255);
	assert_true(parse("18446744073709551615", &v) && v == UINT64_MAX);
	assert_true(parse("0xffffffffffffffff", &v) && v == UINT64_MAX);
}

static void test_bad(void **state)
{
	static const char *const bad[] = {
		"",
		"x",
		"0x",
		"-1",
		"+1",
		" 1",
		"1 ",
		"12a",
		"0x1g",
		"0b1",
		"18446744073709551616",
		"0x10000000000000000",
		"99999999999999999999999999999999",
	};
	uint64_t v = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(parse(bad[i], &v));
		assert_int_equal(v, 7);
	}
}

/* Only [s, s + len) is read: the command line's items are not terminated. */
static void test_length(void **state)
{
	uint64_t v;

	(void)state;
	assert_true(num_parse_u64("123,456", 3, &v) && v == 123);
	assert_true(num_parse_u64("0x10:3", 4, &v) && v == 16);
	assert_false(num_parse_u64("123", 0, &v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
