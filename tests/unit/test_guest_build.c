/* SPDX-License-Identifier: MIT */
/*
 * test_guest_build.c - host unit tests for building guests when host memory
 * runs out half-way (hyp/core/guest.c over the real frame allocator,
 * G-stage and frame-type table, the fake arch): for every allocation a
 * build makes, the build is made to fail there, once or from there on
 * (frame.h's test interface). Whatever it took must come back, exactly,
 * with no frame freed twice, and the guest's frames given and returned
 * must agree; the same for a reboot, the restart policy's rebuild and a
 * page populated by memory_op.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <pvabi/pvabi.h>

#include "hyp/core/config.h"
#include "hyp/core/frame.h"
#include "hyp/core/guest.h"
#include "hyp/core/sched.h"
#include "tests/unit/fake_arch.h"

#define ARENA_SIZE (32 * MiB)
#include "tests/unit/arena.h"
/* Allocations one build may make at most: more would mean a runaway loop. */
#define MAX_ALLOCS 200

static const uint8_t image[5000] = { 0x13 };

/* A PV and an FV guest: their builds differ (frame-type table, device tree). */
const struct guest_config hyp_config[] = {
	{ .name = "pv0",
	  .mode = GUEST_PV,
	  .mem_size = 6 * MiB,
	  .image = image,
	  .image_end = image + sizeof(image) },
	{ .name = "fv0",
	  .mode = GUEST_FV,
	  .mem_size = 4 * MiB,
	  .image = image,
	  .image_end = image + sizeof(image) },
};
HYP_CONFIG_COUNT(hyp_config);

static uint64_t free_at_start;

static uint64_t frames_free(void)
{
	struct frame_stats st;

	frame_get_stats(&st);
	return st.free;
}

static int setup(void **state)
{
	(void)state;
	fake_reset();
	frame_init(ptr_hpa(arena), ARENA_SIZE);
	sched_init(10000000);
	free_at_start = frames_free();
	return 0;
}

/* Allocation number n from now fails (and every later one if after). */
static void fail_in(uint64_t n, bool after)
{
	frame_test.fail_at = frame_test.allocs + n;
	frame_test.fail_after = after;
}

static void no_failures(void)
{
	frame_test.fail_at = 0;
}

static struct guest *const g0 = &guest_table[0];

/* Build cfg as guest 0, the only one; 0 or the error. */
static int build(const struct guest_config *cfg)
{
	guest_count = 1;
	return guest_create(g0, cfg, 0);
}

/* Stop guest 0 and return its memory, as the monitor's destroy does. */
static void destroy(void)
{
	guest_destroy(g0);
	guest_reap_one(g0);
	assert_true(g0->destroyed);
}

/* Every frame is back, none was freed twice, and guest 0's counts agree. */
static void assert_all_back(void)
{
	assert_int_equal(frames_free(), free_at_start);
	assert_int_equal(frame_test.bad_frees, 0);
	assert_int_equal(g0->stats.frames_given, g0->stats.frames_returned);
}

/* Allocations what() makes when nothing fails. */
static uint64_t allocs_of(int (*what)(const struct guest_config *), const struct guest_config *c)
{
	uint64_t before = frame_test.allocs;

	assert_int_equal(what(c), 0);
	assert_true(frame_test.allocs - before <= MAX_ALLOCS);
	return frame_test.allocs - before;
}

static int reboot(const struct guest_config *cfg)
{
	(void)cfg;
	return guest_reboot(g0);
}

/*
 * A build that fails at any allocation gives back all it took (the runs
 * of RAM it had mapped, the G-stage tables, the frame-type table), and
 * one that a single failure only slows (a smaller run) is whole.
 */
static void test_create_fails_anywhere(void **state)
{
	(void)state;
	for (unsigned c = 0; c < hyp_config_count; c++) {
		const struct guest_config *cfg = &hyp_config[c];
		uint64_t allocs = allocs_of(build, cfg);
		unsigned failed = 0;

		destroy();
		assert_all_back();
		for (uint64_t n = 1; n <= allocs; n++) {
			for (int after = 0; after < 2; after++) {
				int err;

				fail_in(n, after);
				err = build(cfg);
				no_failures();
				if (err) {
					failed++;
					assert_int_equal(err, -PVABI_ENOMEM);
					assert_int_equal(g0->state, GUEST_CRASHED);
					assert_int_equal(g0->vcpus[0].state, VCPU_STOPPED);
					assert_all_back();
				} else {
					assert_int_equal(g0->state, GUEST_RUNNING);
					assert_int_equal(g0->nr_pages, cfg->mem_size / PAGE_SIZE);
				}
				destroy();
				assert_all_back();
			}
		}
		assert_true(failed >= allocs); /* every persistent failure at least */
	}
}

/* Fail the reboot of a running guest 0 at allocation n (and after); its error. */
static int reboot_failing(const struct guest_config *cfg, uint64_t n, bool after)
{
	int err;

	if (g0->destroyed || g0->state != GUEST_RUNNING)
		assert_int_equal(build(cfg), 0);
	fail_in(n, after);
	err = guest_reboot(g0);
	no_failures();
	return err;
}

/*
 * A reboot that cannot build the guest again returns what the failed build
 * took as well as the old memory, and the guest is destroyed: nothing
 * would ever return that memory otherwise.
 */
static void test_reboot_fails_anywhere(void **state)
{
	(void)state;
	for (unsigned c = 0; c < hyp_config_count; c++) {
		const struct guest_config *cfg = &hyp_config[c];
		uint64_t allocs;

		assert_int_equal(build(cfg), 0);
		allocs = allocs_of(reboot, cfg);
		for (uint64_t n = 1; n <= allocs; n++) {
			for (int after = 0; after < 2; after++) {
				if (!reboot_failing(cfg, n, after)) {
					assert_int_equal(g0->state, GUEST_RUNNING);
					continue;
				}
				assert_all_back();
				assert_true(g0->destroyed);
				assert_int_equal(g0->state, GUEST_CRASHED);
				assert_int_equal(g0->vcpus[0].state, VCPU_STOPPED);
			}
		}
		if (!g0->destroyed)
			destroy();
		assert_all_back();
		assert_true(fake_uart_count("reboot failed (error -12): destroyed") >= allocs);
	}
}

/* The restart policy's rebuild, between slices, the same. */
static void test_restart_policy_fails_anywhere(void **state)
{
	const struct guest_config *cfg = &hyp_config[0];

	(void)state;
	for (uint64_t n = 1; n <= 12; n++) {
		assert_int_equal(build(cfg), 0);
		g0->on_stop = GUEST_ON_STOP_RESTART;
		g0->restart_max = 5;
		guest_stop(g0, GUEST_CRASHED, "a test");
		fail_in(n, true);
		guest_reap_one(g0);
		no_failures();
		if (g0->state == GUEST_RUNNING)
			destroy(); /* n was past the build's allocations */
		assert_all_back();
		assert_true(g0->destroyed);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_create_fails_anywhere, setup),
		cmocka_unit_test_setup(test_reboot_fails_anywhere, setup),
		cmocka_unit_test_setup(test_restart_policy_fails_anywhere, setup),
	};

	return cmocka_run_group_tests(tests, arena_setup, arena_teardown);
}
