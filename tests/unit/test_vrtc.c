/* SPDX-License-Identifier: MIT */
/*
 * test_vrtc.c - host unit tests for the emulated goldfish RTC
 * (hyp/fv/vrtc.c): the time as the host's plus the guest's own offset, the
 * TIME_HIGH latch, setting either half, the alarm (armed by ALARM_LOW,
 * raised when due or at once when past, cleared), and the interrupt line
 * gated by IRQ_ENABLED.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hyp/drivers/goldfish_rtc.h"
#include "hyp/fv/vrtc.h"

#define T0 0x19c2f3e4d5c6b7a8ull /* nanoseconds since 1970: in the 2020s */

static struct vrtc r;

static int setup(void **state)
{
	(void)state;
	vrtc_init(&r);
	return 0;
}

static uint64_t read_time(uint64_t host)
{
	uint32_t lo = vrtc_read(&r, GOLDFISH_RTC_TIME_LOW, host);

	return (uint64_t)vrtc_read(&r, GOLDFISH_RTC_TIME_HIGH, host + 999) << 32 | lo;
}

static void test_time_is_the_hosts(void **state)
{
	(void)state;
	assert_int_equal(read_time(T0), T0);
	/* TIME_HIGH is what the TIME_LOW read latched, even across a carry. */
	assert_int_equal(vrtc_read(&r, GOLDFISH_RTC_TIME_LOW, 0x1ffffffffull), 0xffffffffu);
	assert_int_equal(vrtc_read(&r, GOLDFISH_RTC_TIME_HIGH, 0x200000000ull), 1);
}

static void test_guest_sets_its_time(void **state)
{
	(void)state;
	vrtc_write(&r, GOLDFISH_RTC_TIME_HIGH, 0x12, T0);
	vrtc_write(&r, GOLDFISH_RTC_TIME_LOW, 0x345, T0);
	assert_int_equal(read_time(T0), 0x1200000345ull);
	/* It runs on with the host's clock from there. */
	assert_int_equal(read_time(T0 + 1000), 0x1200000345ull + 1000);
	/* Another guest's RTC is untouched. */
	vrtc_init(&r);
	assert_int_equal(read_time(T0), T0);
}

static void test_alarm(void **state)
{
	(void)state;
	vrtc_write(&r, GOLDFISH_RTC_IRQ_ENABLED, 1, T0);
	vrtc_write(&r, GOLDFISH_RTC_ALARM_HIGH, (uint32_t)((T0 + 500) >> 32), T0);
	vrtc_write(&r, GOLDFISH_RTC_ALARM_LOW, (uint32_t)(T0 + 500), T0);
	assert_int_equal(vrtc_read(&r, GOLDFISH_RTC_ALARM_STATUS, T0), 1);
	assert_false(vrtc_irq_level(&r, T0 + 499));
	assert_true(vrtc_irq_level(&r, T0 + 500));
	assert_int_equal(vrtc_read(&r, GOLDFISH_RTC_ALARM_STATUS, T0 + 500), 0);
	/* Level until cleared; masked by IRQ_ENABLED. */
	vrtc_write(&r, GOLDFISH_RTC_IRQ_ENABLED, 0, T0 + 600);
	assert_false(vrtc_irq_level(&r, T0 + 600));
	vrtc_write(&r, GOLDFISH_RTC_IRQ_ENABLED, 1, T0 + 600);
	assert_true(vrtc_irq_level(&r, T0 + 600));
	vrtc_write(&r, GOLDFISH_RTC_CLEAR_INTERRUPT, 1, T0 + 700);
	assert_false(vrtc_irq_level(&r, T0 + 700));
}

static void test_alarm_in_the_past_and_cleared(void **state)
{
	(void)state;
	vrtc_write(&r, GOLDFISH_RTC_IRQ_ENABLED, 1, T0);
	vrtc_write(&r, GOLDFISH_RTC_ALARM_HIGH, 0, T0);
	vrtc_write(&r, GOLDFISH_RTC_ALARM_LOW, 5, T0); /* long past: raised at once */
	assert_true(vrtc_irq_level(&r, T0));
	vrtc_write(&r, GOLDFISH_RTC_CLEAR_INTERRUPT, 1, T0);
	vrtc_write(&r, GOLDFISH_RTC_ALARM_HIGH, (uint32_t)((T0 + 50) >> 32), T0);
	vrtc_write(&r, GOLDFISH_RTC_ALARM_LOW, (uint32_t)(T0 + 50), T0);
	vrtc_write(&r, GOLDFISH_RTC_CLEAR_ALARM, 1, T0);
	assert_false(vrtc_irq_level(&r, T0 + 1000000));
	assert_int_equal(vrtc_read(&r, GOLDFISH_RTC_ALARM_LOW, T0), (uint32_t)(T0 + 50));
	/* Unknown offsets read 0 and ignore writes. */
	vrtc_write(&r, 0x40, 0xffffffff, T0);
	assert_int_equal(vrtc_read(&r, 0x40, T0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, setup)
		T(test_time_is_the_hosts),
		T(test_guest_sets_its_time),
		T(test_alarm),
		T(test_alarm_in_the_past_and_cleared),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
