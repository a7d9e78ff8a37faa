/* SPDX-License-Identifier: MIT */
/*
 * test_log.c - host unit tests for the limit on messages about one guest
 * (hyp/core/log.c) with the fake clock: a burst, then a steady rate, the
 * "messages suppressed" summary once its window has passed (or at once),
 * a message of several lines printed whole or not at all, guests limited
 * apart, and the hypervisor's own lines never limited.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "hyp/core/guest.h"
#include "hyp/core/log.h"
#include "tests/unit/fake_arch.h"

#define HZ 10000000ull /* QEMU virt's timebase */
#define MS (HZ / 1000)

static const struct guest_config cfg0 = { .name = "pv0" };
static const struct guest_config cfg1 = { .name = "pv1" };
static struct guest g0, g1;

static int setup(void **state)
{
	(void)state;
	fake_reset();
	fake.time = 1000 * MS;
	memset(&g0, 0, sizeof(g0));
	memset(&g1, 0, sizeof(g1));
	g0.cfg = &cfg0;
	g1.cfg = &cfg1;
	log_set_timebase(HZ);
	return 0;
}

/* Lines printed since the last clear that contain s. */
static unsigned lines_with(const char *s)
{
	return fake_uart_count(s);
}

static unsigned summaries(void)
{
	return lines_with("messages suppressed");
}

/* n one-line messages about g, numbered from first. */
static void flood(struct guest *g, unsigned first, unsigned n)
{
	for (unsigned i = first; i < first + n; i++)
		log_guest(g, "guest %s: bad thing %u\n", g->cfg->name, i);
}

/* A burst of LOG_GUEST_BURST lines goes out; the rest are counted, not printed. */
static void test_burst(void **state)
{
	char last[32], next[32];

	(void)state;
	flood(&g0, 0, 3 * LOG_GUEST_BURST);
	snprintf(last, sizeof(last), "bad thing %u\r\n", LOG_GUEST_BURST - 1);
	snprintf(next, sizeof(next), "bad thing %u\r\n", LOG_GUEST_BURST);
	assert_int_equal(lines_with("[hyp] guest pv0: bad thing"), LOG_GUEST_BURST);
	assert_int_equal(lines_with(last), 1);
	assert_int_equal(lines_with(next), 0);
	assert_int_equal(summaries(), 0);
	assert_int_equal(g0.log.suppressed, 2 * LOG_GUEST_BURST);
}

/*
 * The summary comes once the window has passed since the first line
 * suppressed, whether the guest says more (before that line) or not
 * (guest_log_summaries, between turns); and at once when asked for its last words.
 */
static void test_summary_after_window(void **state)
{
	char want[160];

	(void)state;
	flood(&g0, 0, 3 * LOG_GUEST_BURST);
	fake.time += 500 * MS; /* 2.5 lines' worth: one more goes out, no summary yet */
	log_guest_summary(&g0, false);
	flood(&g0, 1000, 1);
	assert_int_equal(summaries(), 0);
	assert_int_equal(lines_with("bad thing 1000\r\n"), 1);
	fake.time += 500 * MS;
	log_guest_summary(&g0, false);
	snprintf(want, sizeof(want),
		 "[hyp] guest pv0: %u messages suppressed in the last 1000 ms (at most %u lines at "
		 "once, then %u a second)\r\n",
		 2 * LOG_GUEST_BURST, LOG_GUEST_BURST, LOG_GUEST_PER_SEC);
	assert_int_equal(lines_with(want), 1);
	assert_int_equal(g0.log.suppressed, 0);

	fake_uart_clear();
	flood(&g0, 2000, 2 * LOG_GUEST_BURST);
	assert_true(g0.log.suppressed > 0);
	log_guest_summary(&g0, true);
	assert_int_equal(summaries(), 1);
	log_guest_summary(&g0, true); /* nothing more to say */
	assert_int_equal(summaries(), 1);
}

/* A storm of 1000 lines a second for 10 s: at most burst + rate + 1 in any second. */
static void test_steady_storm(void **state)
{
	unsigned per_second[10] = { 0 };
	unsigned total = 0;

	(void)state;
	for (unsigned ms = 0; ms < 10000; ms++) {
		size_t before = fake_uart_len();
		const char *out;

		flood(&g0, ms, 1);
		log_guest_summary(&g0, false);
		out = fake_uart_output() + before;
		for (const char *p = out; (p = strstr(p, "\r\n")); p += 2)
			per_second[ms / 1000]++;
		fake.time += MS;
	}
	for (unsigned s = 0; s < 10; s++) {
		assert_true(per_second[s] <= LOG_GUEST_BURST + LOG_GUEST_PER_SEC + 1);
		if (s)
			assert_true(per_second[s] >= LOG_GUEST_PER_SEC); /* not starved either */
		total += per_second[s];
	}
	assert_true(total < 10 * (LOG_GUEST_PER_SEC + 2) + LOG_GUEST_BURST);
	assert_int_equal(summaries(), 9); /* one a second, after the first burst */
}

/* Several lines logged as one message are printed whole or not at all. */
static void test_message_whole(void **state)
{
	struct log_scope outer;

	(void)state;
	flood(&g0, 0, LOG_GUEST_BURST - 1); /* one line's credit left */
	outer = log_guest_begin(&g0);
	log_printf("guest pv0 crashed: ");
	log_printf("a reason\n");
	log_guest(&g0, "pv0 stats: one\n"); /* nested: the same message */
	log_printf("pv0 stats: two\n");
	log_guest_end(outer);
	assert_int_equal(lines_with("[hyp] guest pv0 crashed: a reason\r\n"), 1);
	assert_int_equal(lines_with("pv0 stats: "), 2);

	fake_uart_clear();
	outer = log_guest_begin(&g0); /* in debt now: none of it */
	log_printf("guest pv0 crashed: again\n");
	log_printf("pv0 stats: three\n");
	log_guest_end(outer);
	assert_int_equal(fake_uart_len(), 0);
	assert_int_equal(g0.log.suppressed, 2);
}

/* Each guest has its own bucket; the hypervisor's lines have none. */
static void test_guests_apart_hypervisor_never(void **state)
{
	(void)state;
	flood(&g0, 0, 4 * LOG_GUEST_BURST);
	flood(&g1, 0, 5);
	for (unsigned i = 0; i < 100; i++)
		log_printf("hypervisor line %u\n", i);
	assert_int_equal(lines_with("[hyp] guest pv0: bad thing"), LOG_GUEST_BURST);
	assert_int_equal(lines_with("[hyp] guest pv1: bad thing"), 5);
	assert_int_equal(lines_with("[hyp] hypervisor line"), 100);
	/* Not even inside a muted guest's message can a panic be suppressed. */
	{
		jmp_buf j;
		struct log_scope outer = log_guest_begin(&g0);

		fake.exit_jmp = &j;
		if (!setjmp(j))
			log_panic("a hypervisor bug\n");
		log_guest_end(outer);
	}
	assert_int_equal(lines_with("[hyp] PANIC: a hypervisor bug\r\n"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_burst, setup),
		cmocka_unit_test_setup(test_summary_after_window, setup),
		cmocka_unit_test_setup(test_steady_storm, setup),
		cmocka_unit_test_setup(test_message_whole, setup),
		cmocka_unit_test_setup(test_guests_apart_hypervisor_never, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
