/* SPDX-License-Identifier: MIT */
/*
 * test_guest_create.c - host unit tests for a guest's life from its
 * configuration (hyp/core/guest.c, guest_life.c): guest_create_all() and
 * what a built guest holds, guest_create()'s checks of a bad configuration
 * or too little memory, an FV guest's device tree, a reboot rebuilding the
 * guest, the scheduler loop running both guests to their end, and a panic.
 * On the shared two-guest fixture (tests/unit/hcall_fixture.c) over the fake
 * arch.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "hyp/core/config.h"
#include "hyp/core/frame.h"
#include "hyp/core/log.h"
#include "hyp/core/sched.h"
#include "tests/unit/hcall_fixture.h"

/* Where sched_run() and log_panic() land when they exit the hypervisor. */
static jmp_buf exit_jmp;

static struct frame_stats stats(void)
{
	struct frame_stats st;

	frame_get_stats(&st);
	return st;
}

/* Guest-physical to host pointer through the guest's own G-stage (it must be there). */
static uint8_t *phys(struct guest *g, uint64_t gpa)
{
	uint8_t *p = guest_phys(g, GPA(gpa));

	assert_non_null(p);
	return p;
}

static bool guest_range_zero(struct guest *g, uint64_t gpa, uint64_t size)
{
	for (uint64_t off = 0; off < size; off++)
		if (phys(g, gpa + off)[0])
			return false;
	return true;
}

/* guest_create_all */

static void check_guest(struct guest *g, unsigned id, const struct guest_config *c)
{
	const struct pvabi_start_info *si;
	uint64_t img_size = (uint64_t)(c->image_end - c->image);
	uint64_t img_end = ALIGN_UP(GUEST_RAM_BASE + GUEST_IMAGE_OFFSET + img_size, PAGE_SIZE);
	unsigned perm;
	hpa_t h;

	assert_int_equal(g->id, id);
	assert_ptr_equal(g->cfg, c);
	assert_int_equal(g->vmid, id + 1);
	assert_int_equal(g->state, GUEST_RUNNING);
	assert_int_equal(g->vcpus[0].state, VCPU_RUNNABLE);
	assert_ptr_equal(g->vcpus[0].guest, g);
	assert_int_equal(g->vcpus[0].deadline, VCPU_NO_DEADLINE);
	assert_int_equal(g->vcpus[0].time_offset, T0);

	/* All of RAM is mapped RWX to allocated frames, and nothing past it. */
	for (uint64_t off = 0; off < c->mem_size; off += PAGE_SIZE) {
		assert_true(gstage_lookup(&g->gs, GPA(GUEST_RAM_BASE + off), &h, &perm));
		assert_int_equal(perm, GSTAGE_RWX);
		assert_true(frame_is_used(h));
	}
	assert_false(gstage_lookup(&g->gs, GPA(GUEST_RAM_BASE + c->mem_size), NULL, NULL));
	assert_false(gstage_lookup(&g->gs, GPA(GUEST_RAM_BASE - PAGE_SIZE), NULL, NULL));

	/* The image, byte for byte, where OpenSBI would put it. */
	for (uint64_t i = 0; i < img_size; i++)
		assert_int_equal(phys(g, GUEST_RAM_BASE + GUEST_IMAGE_OFFSET + i)[0], c->image[i]);

	/* The start info in the first page. */
	si = (const void *)phys(g, GUEST_RAM_BASE);
	assert_int_equal(si->magic, PVABI_START_MAGIC);
	assert_int_equal(si->version, PVABI_VERSION);
	assert_int_equal(si->mem_base, GUEST_RAM_BASE);
	assert_int_equal(si->mem_size, c->mem_size);
	assert_int_equal(si->image_base, GUEST_RAM_BASE + GUEST_IMAGE_OFFSET);
	assert_int_equal(si->image_size, img_size);
	assert_int_equal(si->timebase_hz, TIMEBASE_HZ);
	assert_int_equal(si->vcpu_id, 0);
	assert_string_equal(si->name, c->name);
	assert_string_equal(si->cmdline, c->cmdline ? c->cmdline : "");
	/* The shared info page follows it, zeroed. */
	assert_int_equal(si->shared_info, GUEST_RAM_BASE + PAGE_SIZE);
	assert_true(guest_range_zero(g, si->shared_info, PAGE_SIZE));

	/* The ranges said to be zero are zero, and leave out both pages. */
	assert_int_equal(si->nr_zero, 2);
	assert_int_equal(si->zero[0].base, GUEST_RAM_BASE + 2 * PAGE_SIZE);
	assert_int_equal(si->zero[0].size, GUEST_IMAGE_OFFSET - 2 * PAGE_SIZE);
	assert_int_equal(si->zero[1].base, img_end);
	assert_int_equal(si->zero[1].size, GUEST_RAM_BASE + c->mem_size - img_end);
	for (unsigned i = 0; i < si->nr_zero; i++)
		assert_true(guest_range_zero(g, si->zero[i].base, si->zero[i].size));
}

static void test_create_all(void **state)
{
	struct frame_stats st = stats();
	uint64_t ram_frames = (4 + 6) * MiB / PAGE_SIZE;

	(void)state;
	assert_int_equal(guest_count, 2);
	check_guest(&guest_table[0], 0, &hyp_config[0]);
	check_guest(&guest_table[1], 1, &hyp_config[1]);
	/*
	 * Frames in use: guest RAM plus each guest's G-stage tables, frame
	 * table and pool of valid-entry sets.
	 */
	assert_int_equal(st.total - st.free,
			 ram_frames + guest_table[0].gs.tables + guest_table[1].gs.tables +
			     guest_table[0].mm.ft.mem_frames + guest_table[1].mm.ft.mem_frames +
			     guest_table[0].mm.sets_frames + guest_table[1].mm.sets_frames);
	/* Both vCPUs were reset to enter at the image with a1 = start info. */
	assert_int_equal(fake.vcpu_init_calls, 2);
	assert_ptr_equal(fake.init_vcpu, v1);
	assert_int_equal(fake.init_entry.val, GUEST_RAM_BASE + GUEST_IMAGE_OFFSET);
	assert_int_equal(fake.init_a0, 0);
	assert_int_equal(fake.init_a1, GUEST_RAM_BASE);
	assert_int_equal(fake.init_time_offset, T0);
	assert_false(guest_all_stopped());
	assert_false(guest_any_crashed());
}

static void test_create_logs(void **state)
{
	(void)state;
	fake_reset();
	hcf_frames(ARENA_SIZE);
	assert_int_equal(guest_create_all("rv64imafdch"), 0);
	assert_output("[hyp] guest pv0: pv, 4 MiB, image 1 KiB, vmid 1\r\n"
		      "[hyp] guest pv1: pv, 6 MiB, image 5 KiB, vmid 2\r\n");
}

static void test_create_rejects_bad_config(void **state)
{
	static uint8_t big[2 * MiB + 1];
	static const uint8_t small[16];
	const struct guest_config bad[] = {
		{ .name = "odd",
		  .mode = GUEST_PV,
		  .mem_size = 5 * MiB,
		  .image = small,
		  .image_end = small + sizeof(small) },
		{ .name = "tiny",
		  .mode = GUEST_PV,
		  .mem_size = 2 * MiB,
		  .image = small,
		  .image_end = small + sizeof(small) },
		{ .name = "no-ram",
		  .mode = GUEST_PV,
		  .mem_size = 0,
		  .image = small,
		  .image_end = small + sizeof(small) },
		{ .name = "unaligned",
		  .mode = GUEST_PV,
		  .mem_size = 4 * MiB + PAGE_SIZE,
		  .image = small,
		  .image_end = small + sizeof(small) },
		{ .name = "huge-image",
		  .mode = GUEST_PV,
		  .mem_size = 4 * MiB,
		  .image = big,
		  .image_end = big + sizeof(big) },
		{ .name = "no-image",
		  .mode = GUEST_PV,
		  .mem_size = 4 * MiB,
		  .image = small,
		  .image_end = small },
		/* FV: the image fills RAM, leaving no page for the device tree. */
		{ .name = "fv-full",
		  .mode = GUEST_FV,
		  .mem_size = 4 * MiB,
		  .image = big,
		  .image_end = big + 2 * MiB },
		{ .name = "bad-mode",
		  .mode = (enum guest_mode)7,
		  .mem_size = 4 * MiB,
		  .image = small,
		  .image_end = small + sizeof(small) },
	};
	const struct guest_config fits = {
		.name = "fits",
		.mode = GUEST_PV,
		.mem_size = 4 * MiB,
		.image = big,
		.image_end = big + 2 * MiB,
	};
	struct frame_stats before = stats(), after;
	struct guest g;
	char line[128];

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		fake_uart_clear();
		assert_int_equal(guest_create(&g, &bad[i], 5), -PVABI_EINVAL);
		assert_int_equal(g.state, GUEST_CRASHED);
		assert_int_equal(g.vcpus[0].state, VCPU_STOPPED);
		assert_int_equal(g.gs.root.val, 0);
		snprintf(line, sizeof(line), "[hyp] guest %s not created: ", bad[i].name);
		assert_int_equal(fake_uart_count(line), 1);
	}
	after = stats();
	assert_int_equal(after.free, before.free);

	/* An image that just fits (2 MiB in 4 MiB) is fine. */
	big[0] = 0x13;
	big[2 * MiB - 1] = 0x73;
	assert_int_equal(guest_create(&g, &fits, 5), 0);
	assert_int_equal(g.state, GUEST_RUNNING);
	assert_int_equal(phys(&g, GUEST_RAM_BASE + GUEST_IMAGE_OFFSET)[0], 0x13);
	assert_int_equal(phys(&g, GUEST_RAM_BASE + 4 * MiB - 1)[0], 0x73);
	/* No RAM is left after the image: only the range below it is zero. */
	assert_int_equal(((const struct pvabi_start_info *)phys(&g, GUEST_RAM_BASE))->nr_zero, 1);
}

/* An FV guest gets a device tree in its last page, in a1, and no start info. */
static void test_create_fv(void **state)
{
	static const uint8_t image[16] = { 0x13 };
	const struct guest_config fv = {
		.name = "fvx",
		.mode = GUEST_FV,
		.mem_size = 4 * MiB,
		.image = image,
		.image_end = image + sizeof(image),
		.cmdline = "hello=1",
	};
	static const uint8_t magic[4] = { 0xd0, 0x0d, 0xfe, 0xed };
	struct guest g;
	const uint8_t *dt;

	(void)state;
	assert_int_equal(guest_create(&g, &fv, 5), 0);
	assert_true(g.dt_gpa >= GUEST_RAM_BASE + 4 * MiB - GUEST_DT_MAX);
	assert_true(g.dt_gpa < GUEST_RAM_BASE + 4 * MiB);
	assert_int_equal(g.dt_gpa % PAGE_SIZE, 0);
	assert_int_equal(fake.init_a0, 0);
	assert_int_equal(fake.init_a1, g.dt_gpa);
	dt = phys(&g, g.dt_gpa);
	assert_memory_equal(dt, magic, sizeof(magic));
	assert_non_null(memmem(dt, GUEST_RAM_BASE + 4 * MiB - g.dt_gpa, "hello=1", 7));
	assert_int_equal(phys(&g, GUEST_START_INFO_GPA)[0], 0);
	assert_int_equal(fake_uart_count("[hyp] guest fvx: fv, 4 MiB"), 1);
}

static void test_create_out_of_memory(void **state)
{
	struct guest g;
	struct frame_stats st;

	(void)state;
	/* 3 MiB of frames cannot hold a 4 MiB guest: all is given back. */
	hcf_frames(3 * MiB);
	assert_int_equal(guest_create(&g, &hyp_config[0], 0), -PVABI_ENOMEM);
	assert_int_equal(g.state, GUEST_CRASHED);
	assert_int_equal(g.vcpus[0].state, VCPU_STOPPED);
	st = stats();
	assert_int_equal(st.free, st.total);
	assert_int_equal(fake_uart_count("[hyp] guest pv0 not created: it needs 4 MiB + page "
					 "tables, only 3 MiB of host memory is free\r\n"),
			 1);
}

/* Reboot: the guest rebuilt from its configuration, in place. */

static void test_sched_reboot(void **state)
{
	struct guest *g = &guest_table[0];
	uint64_t used = stats().total - stats().free;

	(void)state;
	/* The guest dirties its memory and arms a timer, then reboots later. */
	phys(g, GUEST_RAM_BASE + 3 * MiB)[0] = 0xee;
	phys(g, GUEST_RAM_BASE + GUEST_IMAGE_OFFSET)[0] ^= 0xff;
	assert_int_equal(hcall(v0, PVABI_HC_set_timer_op, 100, 0, 0, NULL), 0);
	assert_int_equal(con_write(v0, "rebooting", NULL), 0);
	fake.time = 77777;
	assert_int_equal(
	    hcall(v0, PVABI_HC_sched_op, PVABI_SCHEDOP_shutdown, PVABI_SHUTDOWN_reboot, 0, NULL),
	    0);
	/* The exit only asks: off the CPU now, rebuilt on its next turn. */
	assert_output("[pv0] rebooting\r\n");
	assert_int_equal(v0->state, VCPU_STOPPED);
	assert_int_equal(g->reap, GUEST_REAP_REBOOT);
	guest_reap_one(g);
	assert_output("[pv0] rebooting\r\n[hyp] guest pv0 rebooted\r\n");
	assert_int_equal(g->state, GUEST_RUNNING);
	assert_int_equal(v0->state, VCPU_RUNNABLE);
	assert_int_equal(v0->deadline, VCPU_NO_DEADLINE);
	/* Fresh memory with the image reloaded; no frames leaked. */
	assert_int_equal(phys(g, GUEST_RAM_BASE + 3 * MiB)[0], 0);
	assert_int_equal(phys(g, GUEST_RAM_BASE + GUEST_IMAGE_OFFSET)[0], image0[0]);
	assert_int_equal(stats().total - stats().free, used);
	/* The vCPU restarts at the image; guest time restarts at 0 now. */
	assert_ptr_equal(fake.init_vcpu, v0);
	assert_int_equal(fake.init_entry.val, GUEST_RAM_BASE + GUEST_IMAGE_OFFSET);
	assert_int_equal(fake.init_a1, GUEST_RAM_BASE);
	assert_int_equal(fake.init_time_offset, 77777);
	assert_int_equal(v0->time_offset, 77777);
	/* The other guest is untouched. */
	assert_int_equal(guest_table[1].state, GUEST_RUNNING);
	assert_int_equal(v1->time_offset, T0);
}

/* The scheduler loop, with arch_vcpu_run() playing the guests */

#define MAX_RUNS 32
static unsigned run_ids[MAX_RUNS], nr_runs;
static uint64_t run_times[MAX_RUNS];

static void record_run(struct vcpu *v)
{
	assert_true(nr_runs < MAX_RUNS);
	run_ids[nr_runs] = v->guest->id;
	run_times[nr_runs] = fake.time;
	nr_runs++;
}

static void hc_shutdown(struct vcpu *v, uint64_t reason)
{
	assert_int_equal(hcall(v, PVABI_HC_sched_op, PVABI_SCHEDOP_shutdown, reason, 0, NULL), 0);
}

/* Each guest yields after every exit; the seventh and eighth exits stop. */
static void yield_hook(struct vcpu *v)
{
	record_run(v);
	if (nr_runs <= 6)
		assert_int_equal(hcall(v, PVABI_HC_sched_op, PVABI_SCHEDOP_yield, 0, 0, NULL), 0);
	else
		hc_shutdown(v, PVABI_SHUTDOWN_poweroff);
}

static void test_run_yield_round_robin(void **state)
{
	static const unsigned want[] = { 0, 1, 0, 1, 0, 1, 0, 1 };

	(void)state;
	nr_runs = 0;
	fake.run_hook = yield_hook;
	fake.exit_jmp = &exit_jmp;
	if (setjmp(exit_jmp) == 0) {
		sched_run();
		fail_msg("sched_run() returned");
	}
	assert_int_equal(fake.exit_code, 0);
	assert_int_equal(nr_runs, ARRAY_SIZE(want));
	assert_memory_equal(run_ids, want, sizeof(want));
	assert_int_equal(fake_uart_count("[hyp] all guests stopped\r\n"), 1);
	assert_null(sched_current());
}

/* pv0 sleeps on its timer; pv1 stops at once; pv0 stops when woken. */
static void block_hook(struct vcpu *v)
{
	record_run(v);
	if (v->guest->id == 1) {
		hc_shutdown(v, PVABI_SHUTDOWN_crash);
		return;
	}
	if (nr_runs == 1) {
		assert_int_equal(hcall(v, PVABI_HC_set_timer_op, 500000, 0, 0, NULL), 0);
		assert_int_equal(hcall(v, PVABI_HC_sched_op, PVABI_SCHEDOP_block, 0, 0, NULL), 0);
		assert_int_equal(v->state, VCPU_BLOCKED);
	} else {
		hc_shutdown(v, PVABI_SHUTDOWN_poweroff);
	}
}

static void test_run_block_until_timer(void **state)
{
	static const unsigned want[] = { 0, 1, 0 };

	(void)state;
	nr_runs = 0;
	fake.run_hook = block_hook;
	fake.exit_jmp = &exit_jmp;
	if (setjmp(exit_jmp) == 0) {
		sched_run();
		fail_msg("sched_run() returned");
	}
	assert_int_equal(nr_runs, ARRAY_SIZE(want));
	assert_memory_equal(run_ids, want, sizeof(want));
	/* Woken exactly at its deadline, after sleeping in arch_wait(). */
	assert_int_equal(run_times[0], T0);
	assert_int_equal(run_times[2], T0 + 500000);
	assert_true(fake.wait_calls >= 1);
	/* The idle loop scrubbed before it slept; both guests' frames came back. */
	assert_true(stats().scrubbed_bytes > 0);
	assert_int_equal(fake.exit_code, 1);
	assert_int_equal(fake_uart_count(" destroyed: frames given "), 2);
	assert_int_equal(fake_uart_count("[hyp] frames: all "), 1);
	assert_int_equal(fake_uart_count("[hyp] all guests stopped, some crashed\r\n"), 1);
}

static void test_panic(void **state)
{
	(void)state;
	assert_int_equal(con_write(v0, "half a line", NULL), 0);
	fake.exit_jmp = &exit_jmp;
	if (setjmp(exit_jmp) == 0) {
		log_panic("bad thing %d", 42);
		fail_msg("log_panic() returned");
	}
	assert_int_equal(fake.exit_code, 3);
	assert_output("[hyp] PANIC: bad thing 42\r\n");
}

#define T(fn) cmocka_unit_test_setup(fn, hcf_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_all),
		T(test_create_logs),
		T(test_create_rejects_bad_config),
		T(test_create_fv),
		T(test_create_out_of_memory),
		T(test_sched_reboot),
		T(test_run_yield_round_robin),
		T(test_run_block_until_timer),
		T(test_panic),
	};

	return cmocka_run_group_tests(tests, hcf_group_setup, hcf_group_teardown);
}
