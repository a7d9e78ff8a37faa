/* SPDX-License-Identifier: MIT */
/*
 * test_hcall.c - host unit tests for hypercall dispatch and argument checking
 * (hyp/core/hcall*.c) with the real console, log, scheduler, guest and frame
 * code over fake arch (tests/unit/fake_arch.c), and for building guests from
 * a configuration (guest_create_all, guest_create's checks, reboot).
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <pvabi/pvabi.h>

#include "hyp/core/config.h"
#include "hyp/core/frame.h"
#include "hyp/core/guest.h"
#include "hyp/pv/hcall.h"
#include "hyp/debug/trace.h"
#include "hyp/pv/event.h"
#include "hyp/core/log.h"
#include "hyp/debug/monitor.h"
#include "hyp/core/sched.h"
#include "tests/unit/fake_arch.h"

#define TIMEBASE_HZ 10000000ull /* 10 MHz, as on QEMU virt */
#define T0 1000ull		/* host time when the guests are created */
#define ARENA_SIZE (32 * MiB)
#include "tests/unit/arena.h"

/* Where the test's "guest memory" window sits in guest-virtual space. */
#define BUF_GVA 0xffffffc000100000ull
#define BUF_SIZE 8192

/* The configuration under test: two small PV guests. */
static const uint8_t image0[] = "pv0: a few bytes stand in for a kernel";
static uint8_t image1[5000]; /* crosses a page boundary; filled in group setup */

const struct guest_config hyp_config[] = {
	{
	    .name = "pv0",
	    .mode = GUEST_PV,
	    .mem_size = 4 * MiB,
	    .image = image0,
	    .image_end = image0 + sizeof(image0),
	    .cmdline = "ticks=5 interval_ms=100",
	},
	{
	    .name = "pv1",
	    .mode = GUEST_PV,
	    .mem_size = 6 * MiB,
	    .image = image1,
	    .image_end = image1 + sizeof(image1),
	},
};
HYP_CONFIG_COUNT(hyp_config);

static uint8_t buf[BUF_SIZE];
static struct vcpu *v0, *v1;
static jmp_buf exit_jmp;

static struct frame_stats stats(void)
{
	struct frame_stats st;

	frame_get_stats(&st);
	return st;
}

static int64_t hcall(struct vcpu *v, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
		     uint64_t *value)
{
	const uint64_t args[5] = { a0, a1, a2, 0, 0 };
	uint64_t dummy;

	return hcall_dispatch(v, nr, args, value ? value : &dummy);
}

static int64_t con_write(struct vcpu *v, const char *s, uint64_t *value)
{
	size_t n = strlen(s);

	assert_true(n <= BUF_SIZE);
	memcpy(buf, s, n);
	return hcall(v, PVABI_HC_console_io, PVABI_CONSOLEIO_write, n, BUF_GVA, value);
}

static void assert_output(const char *want)
{
	assert_string_equal(fake_uart_output(), want);
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

/* Every test starts with both guests freshly built at host time T0. */
static int setup(void **state)
{
	(void)state;
	fake_reset();
	fake.time = T0;
	memset(buf, 0, sizeof(buf));
	fake_guest_mem(BUF_GVA, buf, sizeof(buf));
	frame_init(ptr_hpa(arena), ARENA_SIZE);
	sched_init(TIMEBASE_HZ);
	if (guest_create_all("rv64imafdch"))
		return -1;
	v0 = &guest_table[0].vcpus[0];
	v1 = &guest_table[1].vcpus[0];
	monitor_init();
	fake_uart_clear();
	return 0;
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
	frame_init(ptr_hpa(arena), ARENA_SIZE);
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
	frame_init(ptr_hpa(arena), 3 * MiB);
	assert_int_equal(guest_create(&g, &hyp_config[0], 0), -PVABI_ENOMEM);
	assert_int_equal(g.state, GUEST_CRASHED);
	assert_int_equal(g.vcpus[0].state, VCPU_STOPPED);
	st = stats();
	assert_int_equal(st.free, st.total);
	assert_int_equal(fake_uart_count("[hyp] guest pv0 not created: it needs 4 MiB + page "
					 "tables, only 3 MiB of host memory is free\r\n"),
			 1);
}

/* Trace (hyp/debug/trace.c): records, reasons, filters, the ring, live lines. */

static void test_trace_records_hcalls(void **state)
{
	const struct trace_rec *r;

	(void)state;
	assert_null(trace_configure("quiet"));
	hcall(v0, PVABI_HC_version, PVABI_VER_abi, 0, 0, NULL);
	r = trace_get(0);
	assert_non_null(r);
	assert_int_equal(r->kind, TRACE_HCALL);
	assert_int_equal(r->what, PVABI_HC_version);
	assert_int_equal(r->guest, v0->guest->id);
	assert_int_equal(r->ret, 0);
	assert_null(r->note);
	assert_true(r->insns > 0);
	/* A refused call carries its reason. */
	hcall(v0, PVABI_HC_MAX - 1, 7, 8, 9, NULL);
	r = trace_get(0);
	assert_int_equal(r->ret, -PVABI_ENOSYS);
	assert_string_equal(r->note, "unknown call");
	assert_int_equal(r->arg[0], 7);
	assert_int_equal(r->arg[2], 9);
	assert_null(trace_configure("off"));
}

static void test_trace_filters(void **state)
{
	uint64_t before;
	char spec[64];

	(void)state;
	/* Only exits: a hypercall is not recorded. */
	assert_null(trace_configure("quiet,exit"));
	before = trace_total();
	hcall(v0, PVABI_HC_version, PVABI_VER_abi, 0, 0, NULL);
	assert_int_equal(trace_total(), before);
	/* Only the other guest: v0's call is not recorded, v1's is. */
	snprintf(spec, sizeof(spec), "quiet,%s", v1->guest->cfg->name);
	assert_null(trace_configure(spec));
	hcall(v0, PVABI_HC_version, PVABI_VER_abi, 0, 0, NULL);
	assert_int_equal(trace_total(), before);
	hcall(v1, PVABI_HC_version, PVABI_VER_abi, 0, 0, NULL);
	assert_int_equal(trace_total(), before + 1);
	/* Off: nothing. */
	assert_null(trace_configure("off"));
	hcall(v1, PVABI_HC_version, PVABI_VER_abi, 0, 0, NULL);
	assert_int_equal(trace_total(), before + 1);
	assert_non_null(trace_configure("hcall,nonsense"));
	assert_null(trace_configure("off"));
}

static void test_trace_ring_counts_lost_records(void **state)
{
	uint64_t lost;

	(void)state;
	assert_null(trace_configure("quiet"));
	for (unsigned i = 0; i < TRACE_RING + 5; i++)
		hcall(v0, PVABI_HC_version, PVABI_VER_abi, i, 0, NULL);
	lost = trace_lost();
	assert_true(lost >= 5);
	assert_int_equal(lost, trace_total() - TRACE_RING);
	assert_int_equal(trace_get(0)->arg[1], TRACE_RING + 4);
	assert_int_equal(trace_get(TRACE_RING - 1)->arg[1], 5);
	assert_null(trace_get(TRACE_RING));
	assert_null(trace_configure("off"));
}

static void test_trace_live_line(void **state)
{
	char want[96];

	(void)state;
	fake_uart_clear();
	assert_null(trace_configure("on,hcall"));
	hcall(v0, PVABI_HC_version, PVABI_VER_abi, 0, 0, NULL);
	assert_null(trace_configure("off"));
	snprintf(want, sizeof(want), " %s version(cmd=0x0, arg=0x0) -> 0 (a1 0x%x)  [",
		 v0->guest->cfg->name, PVABI_VERSION);
	assert_int_equal(fake_uart_count(want), 1);
	assert_int_equal(fake_uart_count("[trace] 0."), 1); /* the time, in seconds */
	assert_int_equal(fake_uart_count(" us]\r\n"), 1);
}

/* An FV guest's device access and SBI call, decoded in the live line. */
static void test_trace_fv_exits(void **state)
{
	struct vcpu *v = &guest_table[0].vcpus[0];
	char want[96];

	(void)state;
	fake_uart_clear();
	assert_null(trace_configure("on,exit"));
	trace_exit_begin_rec(v, false, 23, 0x80200000, 0, 0x10000000);
	trace_exit_mmio_rec(0x10000000, 1, true, 'a');
	trace_exit_end_rec(v);
	trace_exit_begin_rec(v, false, 21, 0x80200004, 0, 0x10000005);
	trace_exit_mmio_rec(0x10000005, 1, false, 0x60);
	trace_exit_end_rec(v);
	trace_exit_begin_rec(v, false, 10, 0x80200008, 0, 0);
	trace_exit_sbi_rec(0x54494d45, 0, 0x1234, 0, 0);
	trace_exit_end_rec(v);
	trace_exit_begin_rec(v, false, 22, 0x8020000c, 0, 0);
	trace_exit_wfi_rec(true);
	trace_exit_end_rec(v);
	assert_null(trace_configure("off"));
	snprintf(want, sizeof(want), " %s uart write THR 'a'  [", v->guest->cfg->name);
	assert_int_equal(fake_uart_count(want), 1);
	assert_int_equal(fake_uart_count(" uart read LSR -> 0x60  ["), 1);
	assert_int_equal(fake_uart_count(" sbi ext 0x54494d45 fid 0(0x1234) -> 0  ["), 1);
	assert_int_equal(fake_uart_count(" wfi -> blocked  ["), 1);
}

/* Dispatch */

static void test_unknown_enosys_logged_once(void **state)
{
	uint64_t value = 0xdead;
	char line[96];

	(void)state;
	assert_int_equal(hcall(v0, 5, 1, 2, 3, &value), -PVABI_ENOSYS);
	assert_int_equal(value, 0);
	assert_output("[hyp] guest pv0: unknown hypercall 5 -> -ENOSYS\r\n");
	assert_int_equal(hcall(v0, 5, 0, 0, 0, NULL), -PVABI_ENOSYS);
	assert_int_equal(fake_uart_count("unknown hypercall"), 1);

	/* Another guest, another number: logged again, each once. */
	assert_int_equal(hcall(v1, 5, 0, 0, 0, NULL), -PVABI_ENOSYS);
	assert_int_equal(hcall(v1, 5, 0, 0, 0, NULL), -PVABI_ENOSYS);
	assert_int_equal(hcall(v0, 50, 0, 0, 0, NULL), -PVABI_ENOSYS);
	assert_int_equal(hcall(v0, 50, 0, 0, 0, NULL), -PVABI_ENOSYS);
	assert_int_equal(fake_uart_count("[hyp] guest pv1: unknown hypercall 5 "), 1);
	assert_int_equal(fake_uart_count("[hyp] guest pv0: unknown hypercall 50 "), 1);
	assert_int_equal(fake_uart_count("unknown hypercall"), 3);

	/* Every unimplemented number below PVABI_HC_MAX. */
	for (uint64_t nr = 0; nr < PVABI_HC_MAX; nr++) {
		if (nr == PVABI_HC_set_timer_op || nr == PVABI_HC_version ||
		    nr == PVABI_HC_console_io || nr == PVABI_HC_sched_op ||
		    nr == PVABI_HC_mmu_update || nr == PVABI_HC_mmuext_op ||
		    nr == PVABI_HC_set_trap_table || nr == PVABI_HC_multicall ||
		    nr == PVABI_HC_set_callbacks || nr == PVABI_HC_memory_op ||
		    nr == PVABI_HC_vcpu_op || nr == PVABI_HC_event_op)
			continue;
		assert_int_equal(hcall(v1, nr, 0, 0, 0, NULL), -PVABI_ENOSYS);
		if (nr < 63) {
			snprintf(line, sizeof(line), "[hyp] guest pv1: unknown hypercall %llu ",
				 (unsigned long long)nr);
			assert_int_equal(fake_uart_count(line), 1);
		}
	}
	assert_int_equal(v0->nr_hcalls, 4);
	assert_int_equal(v1->nr_hcalls, 2 + PVABI_HC_MAX - 12);
	/* Counted by number, known or not. */
	assert_int_equal(guest_table[1].stats.hcalls[5], 3);
	assert_int_equal(guest_table[0].stats.hcalls[50], 2);
	assert_int_equal(guest_table[1].stats.hcalls[PVABI_HC_MAX - 1], 1);
}

static void test_unknown_large_numbers(void **state)
{
	static const uint64_t nrs[] = { PVABI_HC_MAX, PVABI_HC_MAX + 1, 1000, 1ull << 32,
					UINT64_MAX };
	uint64_t value;

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(nrs); i++) {
		value = 0xdead;
		assert_int_equal(hcall(v0, nrs[i], 0, 0, 0, &value), -PVABI_ENOSYS);
		assert_int_equal(value, 0);
		assert_false(hcall_implemented(nrs[i]));
	}
	/* Numbers from 63 up share one log line, which says so. */
	assert_output("[hyp] guest pv0: unknown hypercall 64"
		      " (further numbers >= 63 not logged) -> -ENOSYS\r\n");
}

static void test_implemented(void **state)
{
	(void)state;
	assert_true(hcall_implemented(PVABI_HC_set_timer_op));
	assert_true(hcall_implemented(PVABI_HC_version));
	assert_true(hcall_implemented(PVABI_HC_console_io));
	assert_true(hcall_implemented(PVABI_HC_sched_op));
	assert_true(hcall_implemented(PVABI_HC_mmu_update));
	assert_true(hcall_implemented(PVABI_HC_mmuext_op));
	assert_true(hcall_implemented(PVABI_HC_set_trap_table));
	assert_true(hcall_implemented(PVABI_HC_set_callbacks));
	assert_true(hcall_implemented(PVABI_HC_memory_op));
	assert_false(hcall_implemented(2));
	assert_false(hcall_implemented(16));
	assert_false(hcall_implemented(PVABI_HC_MAX - 1));
	assert_false(hcall_implemented(PVABI_HC_MAX));
}

/* version */

static void test_version(void **state)
{
	uint64_t value = 0;

	(void)state;
	assert_int_equal(hcall(v0, PVABI_HC_version, PVABI_VER_abi, 0, 0, &value), 0);
	assert_int_equal(value, PVABI_VERSION);
	assert_int_equal(value, 0x10002);

#define PROBE(nr) hcall(v0, PVABI_HC_version, PVABI_VER_probe, (nr), 0, &value)
	assert_int_equal(PROBE(PVABI_HC_set_timer_op), 0);
	assert_int_equal(PROBE(PVABI_HC_version), 0);
	assert_int_equal(PROBE(PVABI_HC_console_io), 0);
	assert_int_equal(PROBE(PVABI_HC_sched_op), 0);
	assert_int_equal(PROBE(PVABI_HC_set_trap_table), 0);
	assert_int_equal(PROBE(PVABI_HC_vcpu_op), 0);
	assert_int_equal(PROBE(PVABI_HC_event_op), 0);
	assert_int_equal(PROBE(2), -PVABI_ENOSYS);
	assert_int_equal(PROBE(16), -PVABI_ENOSYS);
	assert_int_equal(PROBE(PVABI_HC_MAX), -PVABI_ENOSYS);
	assert_int_equal(PROBE(UINT64_MAX), -PVABI_ENOSYS);
#undef PROBE
	/* Probing is silent: no "unknown hypercall" lines. */
	assert_output("");

	assert_int_equal(hcall(v0, PVABI_HC_version, 2, 0, 0, &value), -PVABI_ENOSYS);
	assert_int_equal(hcall(v0, PVABI_HC_version, UINT64_MAX, 0, 0, &value), -PVABI_ENOSYS);
}

/* vcpu_op and event_op on a guest of one vCPU (tg-vcpus proves two: test_vcpus.py) */

static void test_vcpu_op_one_vcpu(void **state)
{
	struct pvabi_shared_info *sh = event_shared(&guest_table[0]);
	uint64_t value = 7;

	(void)state;
	assert_int_equal(hcall(v0, PVABI_HC_vcpu_op, PVABI_VCPUOP_is_up, 0, 0, &value), 1);
	assert_int_equal(value, 1);
	assert_int_equal(hcall(v0, PVABI_HC_vcpu_op, PVABI_VCPUOP_is_up, 1, 0, NULL),
			 -PVABI_EINVAL);
	assert_int_equal(hcall(v0, PVABI_HC_vcpu_op, PVABI_VCPUOP_up, 0, 0, NULL), -PVABI_EEXIST);
	assert_int_equal(hcall(v0, PVABI_HC_vcpu_op, PVABI_VCPUOP_up, UINT64_MAX, 0, NULL),
			 -PVABI_EINVAL);
	assert_int_equal(hcall(v0, PVABI_HC_vcpu_op, PVABI_VCPUOP_down, 4, 0, NULL), -PVABI_EINVAL);
	assert_int_equal(hcall(v0, PVABI_HC_vcpu_op, 1, 0, 0, NULL), -PVABI_ENOSYS);
	/* An IPI to itself: its own bit, vCPU 0's (the fields at the start). */
	assert_int_equal(hcall(v0, PVABI_HC_event_op, PVABI_EVTOP_send_ipi, 0, 0, NULL), 0);
	assert_int_equal(sh->evt_pending, 1ull << PVABI_EVT_ipi);
	assert_int_equal(hcall(v0, PVABI_HC_event_op, PVABI_EVTOP_send_ipi, 1, 0, NULL),
			 -PVABI_EINVAL);
	assert_int_equal(hcall(v0, PVABI_HC_event_op, 1, 0, 0, NULL), -PVABI_ENOSYS);
	assert_int_equal(event_shared(&guest_table[1])->evt_pending, 0); /* not pv1's */
	/* Its last vCPU down: the guest has shut down, the other runs on. */
	assert_int_equal(hcall(v0, PVABI_HC_vcpu_op, PVABI_VCPUOP_down, 0, 0, NULL), 0);
	assert_int_equal(guest_table[0].state, GUEST_SHUTDOWN);
	assert_int_equal(fake_uart_count("[hyp] guest pv0 shut down: its last vCPU (0) went down"),
			 1);
	assert_int_equal(guest_table[1].state, GUEST_RUNNING);
}

/* console_io */

static void test_console_write_lines(void **state)
{
	uint64_t value = 0;

	(void)state;
	assert_int_equal(con_write(v0, "hello", &value), 0);
	assert_int_equal(value, 5);
	assert_output(""); /* not a whole line yet */
	assert_int_equal(con_write(v0, ", world\nsecond", &value), 0);
	assert_int_equal(value, 14);
	assert_output("[pv0] hello, world\r\n");
	assert_int_equal(con_write(v0, " line\r\n", &value), 0);
	assert_output("[pv0] hello, world\r\n[pv0] second line\r\n");

	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_write, 0, BUF_GVA, &value),
			 0);
	assert_int_equal(value, 0);
}

static void test_console_no_interleave(void **state)
{
	(void)state;
	assert_int_equal(con_write(v0, "abc", NULL), 0);
	assert_int_equal(con_write(v1, "xyz", NULL), 0);
	assert_int_equal(con_write(v1, "\n", NULL), 0);
	assert_int_equal(con_write(v0, "def\n", NULL), 0);
	assert_int_equal(con_write(v1, "one\ntw", NULL), 0);
	assert_int_equal(con_write(v0, "ghi\n", NULL), 0);
	assert_int_equal(con_write(v1, "o\n", NULL), 0);
	assert_output("[pv1] xyz\r\n"
		      "[pv0] abcdef\r\n"
		      "[pv1] one\r\n"
		      "[pv0] ghi\r\n"
		      "[pv1] two\r\n");
}

static void test_console_write_clipped(void **state)
{
	char want[4096], *w = want;
	uint64_t value = 0;
	unsigned zs = 0, shown;

	(void)state;
	/* 16 lines of 63 characters fill the first 1024 bytes; then 'Z's. */
	memset(buf, 'Z', sizeof(buf));
	for (int l = 0; l < 16; l++) {
		memset(buf + l * 64, 'a' + l, 63);
		buf[l * 64 + 63] = '\n';
		w += sprintf(w, "[pv0] %.63s\r\n", (const char *)buf + l * 64);
	}
	assert_int_equal(
	    hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_write, 5000, BUF_GVA, &value), 0);
	assert_int_equal(value, PVABI_CONSOLE_MAX);
	assert_output(want);

	/* The guest goes on from a1: the next 1024 bytes, an over-long line. */
	fake_uart_clear();
	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_write, 5000 - value,
			       BUF_GVA + value, &value),
			 0);
	assert_int_equal(value, PVABI_CONSOLE_MAX);
	for (const char *p = fake_uart_output(); *p; p++)
		zs += *p == 'Z';
	/* Each full buffer went out on one open line, not cut; the rest waits for more. */
	shown = (PVABI_CONSOLE_MAX - 1) / CONSOLE_LINE_MAX * CONSOLE_LINE_MAX;
	assert_int_equal(zs, shown);
	assert_int_equal(fake_uart_count("[pv0] "), 1);
	assert_int_equal(fake_uart_count("\r\n"), 0);
	assert_int_equal(guest_table[0].con.len, PVABI_CONSOLE_MAX - shown);
}

static void test_console_write_fault(void **state)
{
	uint64_t value = 0xdead;
	unsigned as = 0;

	(void)state;
	memcpy(buf, "secret\n", 7);
	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_write, 7, 0x1000, &value),
			 -PVABI_EFAULT);
	assert_int_equal(value, 0);
	assert_int_equal(
	    hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_write, 7, BUF_GVA + BUF_SIZE, &value),
	    -PVABI_EFAULT);
	assert_int_equal(
	    hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_write, 1, BUF_GVA - 1, &value),
	    -PVABI_EFAULT);
	/* Nothing was written, not even to the pending line. */
	assert_output("");
	assert_int_equal(con_write(v0, "\n", NULL), 0);
	assert_output("[pv0] \r\n");

	/* A buffer that runs off the end: what was written is reported. */
	fake_uart_clear();
	memset(buf, 'a', sizeof(buf));
	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_write, 300,
			       BUF_GVA + BUF_SIZE - 200, &value),
			 0);
	assert_true(value > 0 && value <= 200);
	console_flush(&guest_table[0].con);
	for (const char *p = fake_uart_output(); *p; p++)
		as += *p == 'a';
	assert_int_equal(as, value);
}

static void test_console_bad_cmd(void **state)
{
	uint64_t value;

	(void)state;
	memcpy(buf, "x\n", 2);
	assert_int_equal(hcall(v0, PVABI_HC_console_io, 2, 2, BUF_GVA, &value), -PVABI_ENOSYS);
	assert_int_equal(hcall(v0, PVABI_HC_console_io, UINT64_MAX, 2, BUF_GVA, &value),
			 -PVABI_ENOSYS);
	assert_output("");
}

static void test_console_read(void **state)
{
	uint64_t value = 0xdead;

	(void)state;
	/* Nothing pending: 0 bytes, buffer untouched. */
	memset(buf, '#', 16);
	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_read, 16, BUF_GVA, &value),
			 0);
	assert_int_equal(value, 0);
	assert_int_equal(buf[0], '#');

	/* Input reaches the focused guest (the first running one) on a tick. */
	fake_uart_feed("hi!\n");
	sched_timer_tick();
	assert_true(console_input_pending(&guest_table[0].con));
	assert_false(console_input_pending(&guest_table[1].con));

	assert_int_equal(hcall(v1, PVABI_HC_console_io, PVABI_CONSOLEIO_read, 16, BUF_GVA, &value),
			 0);
	assert_int_equal(value, 0);
	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_read, 2, BUF_GVA, &value),
			 0);
	assert_int_equal(value, 2);
	assert_memory_equal(buf, "hi##", 4);

	/* A bad buffer fails and loses no input. */
	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_read, 16, 0x1000, &value),
			 -PVABI_EFAULT);
	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_read, 16,
			       BUF_GVA + BUF_SIZE - 8, &value),
			 -PVABI_EFAULT);
	assert_true(console_input_pending(&guest_table[0].con));
	assert_int_equal(hcall(v0, PVABI_HC_console_io, PVABI_CONSOLEIO_read, 64, BUF_GVA, &value),
			 0);
	assert_int_equal(value, 2);
	assert_memory_equal(buf, "!\n##", 4);
	assert_false(console_input_pending(&guest_table[0].con));

	/* With pv0 stopped, focus moves to pv1. */
	guest_stop(&guest_table[0], GUEST_SHUTDOWN, "test");
	fake_uart_feed("k");
	sched_timer_tick();
	assert_int_equal(
	    hcall(v1, PVABI_HC_console_io, PVABI_CONSOLEIO_read, 4096, BUF_GVA, &value), 0);
	assert_int_equal(value, 1);
	assert_int_equal(buf[0], 'k');
}

/* sched_op */

static void test_sched_yield(void **state)
{
	uint64_t value = 0xdead;

	(void)state;
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, PVABI_SCHEDOP_yield, 0, 0, &value), 0);
	assert_int_equal(value, 0);
	assert_int_equal(v0->state, VCPU_RUNNABLE);
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, 3, 0, 0, NULL), -PVABI_ENOSYS);
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, UINT64_MAX, 0, 0, NULL), -PVABI_ENOSYS);
	assert_int_equal(v0->state, VCPU_RUNNABLE);
}

static void test_sched_block(void **state)
{
	(void)state;
	/* Nothing pending: it blocks, and stays blocked on an empty tick. */
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, PVABI_SCHEDOP_block, 0, 0, NULL), 0);
	assert_int_equal(v0->state, VCPU_BLOCKED);
	sched_timer_tick();
	assert_int_equal(v0->state, VCPU_BLOCKED);
	assert_int_equal(v1->state, VCPU_RUNNABLE);
	/* Console input wakes it. */
	fake_uart_feed("x");
	sched_timer_tick();
	assert_int_equal(v0->state, VCPU_RUNNABLE);
	/* Input still pending: block returns at once. */
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, PVABI_SCHEDOP_block, 0, 0, NULL), 0);
	assert_int_equal(v0->state, VCPU_RUNNABLE);
}

static void test_sched_block_timer(void **state)
{
	uint64_t deadline = T0 + 500;
	struct pvabi_shared_info *sh = event_shared(&guest_table[0]);

	(void)state;
	/* A deadline already passed fires at once: the event, not the deadline, is left. */
	fake.time = T0 + 600;
	assert_int_equal(hcall(v0, PVABI_HC_set_timer_op, 500, 0, 0, NULL), 0);
	assert_int_equal(v0->deadline, VCPU_NO_DEADLINE);
	assert_int_equal(sh->evt_pending, 1ull << PVABI_EVT_timer);
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, PVABI_SCHEDOP_block, 0, 0, NULL), 0);
	assert_int_equal(v0->state, VCPU_RUNNABLE);
	/* Setting a new deadline drops the stale expiry. */
	fake.time = deadline - 1;
	assert_int_equal(hcall(v0, PVABI_HC_set_timer_op, 500, 0, 0, NULL), 0);
	assert_int_equal(v0->deadline, deadline);
	assert_int_equal(sh->evt_pending, 0);

	/* Exactly at the deadline counts as passed. */
	fake.time = deadline;
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, PVABI_SCHEDOP_block, 0, 0, NULL), 0);
	assert_int_equal(v0->state, VCPU_RUNNABLE);
	assert_int_equal(sh->evt_pending, 1ull << PVABI_EVT_timer);
	sh->evt_pending = 0; /* the guest handled it */

	/* One tick before: it blocks, and the hypervisor timer is set for it. */
	fake.time = deadline - 1;
	assert_int_equal(hcall(v0, PVABI_HC_set_timer_op, 500, 0, 0, NULL), 0);
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, PVABI_SCHEDOP_block, 0, 0, NULL), 0);
	assert_int_equal(v0->state, VCPU_BLOCKED);
	sched_timer_tick();
	assert_int_equal(v0->state, VCPU_BLOCKED);
	assert_int_equal(fake.timer, deadline);
	fake.time = deadline;
	sched_timer_tick();
	assert_int_equal(v0->state, VCPU_RUNNABLE);
	/* One-shot: the bit once, the deadline gone. */
	assert_int_equal(sh->evt_pending, 1ull << PVABI_EVT_timer);
	assert_int_equal(v0->deadline, VCPU_NO_DEADLINE);
	sh->evt_pending = 0;
	fake.time += 1000000;
	sched_timer_tick();
	assert_int_equal(sh->evt_pending, 0);
}

static void test_sched_shutdown(void **state)
{
	uint64_t value = 0xdead;

	(void)state;
	assert_int_equal(con_write(v0, "bye", NULL), 0);
	assert_int_equal(hcall(v0, PVABI_HC_set_timer_op, 100, 0, 0, NULL), 0);
	assert_int_equal(hcall(v0, PVABI_HC_sched_op, PVABI_SCHEDOP_shutdown,
			       PVABI_SHUTDOWN_poweroff, 0, &value),
			 0);
	assert_int_equal(value, 0);
	assert_int_equal(guest_table[0].state, GUEST_SHUTDOWN);
	assert_int_equal(v0->state, VCPU_STOPPED);
	assert_int_equal(v0->deadline, VCPU_NO_DEADLINE);
	/* The partial line is flushed before the reason; its counters follow. */
	assert_int_equal(
	    strncmp(fake_uart_output(),
		    "[pv0] bye\r\n[hyp] guest pv0 shut down: poweroff\r\n"
		    "[hyp] pv0 stats: hcalls 3 (set_timer_op 1, console_io 1, sched_op 1)",
		    strlen("[pv0] bye\r\n[hyp] guest pv0 shut down: poweroff\r\n"
			   "[hyp] pv0 stats: hcalls 3 (set_timer_op 1, console_io 1, "
			   "sched_op 1)")),
	    0);
	assert_false(guest_all_stopped());
	assert_false(guest_any_crashed());

	fake_uart_clear();
	assert_int_equal(
	    hcall(v1, PVABI_HC_sched_op, PVABI_SCHEDOP_shutdown, PVABI_SHUTDOWN_crash, 0, NULL), 0);
	assert_int_equal(guest_table[1].state, GUEST_CRASHED);
	assert_int_equal(v1->state, VCPU_STOPPED);
	assert_int_equal(fake_uart_count("[hyp] guest pv1 crashed: the guest reported a crash\r\n"
					 "[hyp] pv1 stats: hcalls 1 (sched_op 1)"),
			 1);
	assert_true(guest_all_stopped());
	assert_true(guest_any_crashed());

	/* A stopped guest is not stopped again. */
	fake_uart_clear();
	guest_stop(&guest_table[0], GUEST_CRASHED, "again");
	assert_int_equal(guest_table[0].state, GUEST_SHUTDOWN);
	assert_output("");
}

static void test_sched_shutdown_invalid(void **state)
{
	static const uint64_t reasons[] = { PVABI_SHUTDOWN_suspend, 4, 1000, UINT64_MAX };

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(reasons); i++)
		assert_int_equal(
		    hcall(v0, PVABI_HC_sched_op, PVABI_SCHEDOP_shutdown, reasons[i], 0, NULL),
		    -PVABI_EINVAL);
	assert_int_equal(guest_table[0].state, GUEST_RUNNING);
	assert_int_equal(v0->state, VCPU_RUNNABLE);
	assert_output("");
}

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

/* set_timer_op */

static void test_set_timer(void **state)
{
	uint64_t value = 0xdead;

	(void)state;
	/* Guest time 0 was host time T0. */
	assert_int_equal(hcall(v0, PVABI_HC_set_timer_op, 5000, 0, 0, &value), 0);
	assert_int_equal(value, 0);
	assert_int_equal(v0->deadline, T0 + 5000);
	assert_int_equal(v1->deadline, VCPU_NO_DEADLINE);
	assert_int_equal(event_shared(&guest_table[0])->evt_pending, 0);

	/* 0 cancels. */
	assert_int_equal(hcall(v0, PVABI_HC_set_timer_op, 0, 0, 0, NULL), 0);
	assert_int_equal(v0->deadline, VCPU_NO_DEADLINE);

	/* Too far to express in host time: as good as never. */
	assert_int_equal(hcall(v0, PVABI_HC_set_timer_op, UINT64_MAX - 10, 0, 0, NULL), 0);
	assert_int_equal(v0->deadline, VCPU_NO_DEADLINE);
	assert_int_equal(hcall(v0, PVABI_HC_set_timer_op, UINT64_MAX - T0 - 1, 0, 0, NULL), 0);
	assert_int_equal(v0->deadline, UINT64_MAX - 1);

	/* A guest with another time offset converts with its own. */
	v1->time_offset = 123456;
	assert_int_equal(hcall(v1, PVABI_HC_set_timer_op, 44, 0, 0, NULL), 0);
	assert_int_equal(v1->deadline, 123456 + 44);
	/* The hardware timer of the guest is never used: the hypervisor's fires. */
	assert_int_equal(event_shared(&guest_table[1])->evt_pending, 0);
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

static int group_setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(image1); i++)
		image1[i] = (uint8_t)(i * 7 + 3);
	return arena_setup(state);
}

/* set_trap_table */

static void test_set_trap_table(void **state)
{
	uint64_t value = 0xdead;

	(void)state;
	/* Unaligned: refused before anything is looked at. */
	assert_int_equal(hcall(v0, PVABI_HC_set_trap_table, BUF_GVA + 2, 0, 0, &value),
			 -PVABI_EINVAL);
	/* Not executable for the guest (outside the fake's mapped window). */
	assert_int_equal(hcall(v0, PVABI_HC_set_trap_table, 0x1000, 0, 0, &value), -PVABI_EFAULT);
	assert_int_equal(fake.trap_entry_calls, 0);
	assert_int_equal(v0->trap_entry, 0);

	assert_int_equal(hcall(v0, PVABI_HC_set_trap_table, BUF_GVA, 0, 0, &value), 0);
	assert_int_equal(value, 0);
	assert_int_equal(v0->trap_entry, BUF_GVA);
	assert_ptr_equal(fake.trap_entry_vcpu, v0);
	assert_int_equal(fake.trap_entry, BUF_GVA);
	assert_int_equal(v1->trap_entry, 0);

	/* 0 unregisters. */
	assert_int_equal(hcall(v0, PVABI_HC_set_trap_table, 0, 0, 0, &value), 0);
	assert_int_equal(v0->trap_entry, 0);
	assert_int_equal(fake.trap_entry, 0);
	assert_int_equal(fake.trap_entry_calls, 2);
}

/* multicall */

static struct pvabi_multicall_entry *mc_entries(void)
{
	/* The entries live in the fake guest buffer, at BUF_GVA. */
	return (struct pvabi_multicall_entry *)buf;
}

static void test_multicall(void **state)
{
	struct pvabi_multicall_entry *e = mc_entries();
	uint64_t value = 0xdead;

	(void)state;
	memset(buf, 0, 4 * sizeof(*e));
	e[0].op = PVABI_HC_version;
	e[0].args[0] = PVABI_VER_abi;
	e[1].op = 5;		      /* unknown */
	e[2].op = PVABI_HC_multicall; /* nested: refused */
	e[3].op = PVABI_HC_set_timer_op;
	e[3].args[0] = 1000;
	assert_int_equal(hcall(v0, PVABI_HC_multicall, BUF_GVA, 4, 0, &value), 0);
	assert_int_equal(value, 4);
	assert_int_equal(e[0].result, 0);
	assert_int_equal(e[0].value, PVABI_VERSION);
	assert_int_equal(e[1].result, -PVABI_ENOSYS);
	assert_int_equal(e[2].result, -PVABI_EINVAL);
	assert_int_equal(e[3].result, 0);
	assert_int_equal(v0->deadline, T0 + 1000);
	/* The multicall and the three calls it dispatched. */
	assert_int_equal(v0->nr_hcalls, 4);
	assert_int_equal(fake_uart_count("unknown hypercall 5 "), 1);
}

static void test_multicall_limits(void **state)
{
	struct pvabi_multicall_entry *e = mc_entries();
	uint64_t value = 0xdead;
	uint64_t last = BUF_GVA + BUF_SIZE - sizeof(*e);

	(void)state;
	assert_int_equal(hcall(v0, PVABI_HC_multicall, BUF_GVA, PVABI_MULTICALL_MAX + 1, 0, &value),
			 -PVABI_E2BIG);
	assert_int_equal(hcall(v0, PVABI_HC_multicall, 0x1000, 1, 0, &value), -PVABI_EFAULT);
	assert_int_equal(value, 0);
	/* Two entries, the second past the end of guest memory: one runs. */
	memset(&buf[BUF_SIZE - sizeof(*e)], 0, sizeof(*e));
	((struct pvabi_multicall_entry *)&buf[BUF_SIZE - sizeof(*e)])->op = PVABI_HC_version;
	assert_int_equal(hcall(v0, PVABI_HC_multicall, last, 2, 0, &value), -PVABI_EFAULT);
	assert_int_equal(value, 1);
	assert_int_equal(((struct pvabi_multicall_entry *)&buf[BUF_SIZE - sizeof(*e)])->value,
			 PVABI_VERSION);
	(void)e;
}

static void test_multicall_stops_at_shutdown(void **state)
{
	struct pvabi_multicall_entry *e = mc_entries();
	uint64_t value = 0xdead;

	(void)state;
	memset(buf, 0, 2 * sizeof(*e));
	e[0].op = PVABI_HC_sched_op;
	e[0].args[0] = PVABI_SCHEDOP_shutdown;
	e[0].args[1] = PVABI_SHUTDOWN_poweroff;
	e[1].op = PVABI_HC_version;
	assert_int_equal(hcall(v0, PVABI_HC_multicall, BUF_GVA, 2, 0, &value), 0);
	assert_int_equal(value, 1);
	assert_int_equal(guest_table[0].state, GUEST_SHUTDOWN);
	assert_int_equal(e[1].value, 0); /* never ran */
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_all),
		T(test_create_logs),
		T(test_create_rejects_bad_config),
		T(test_create_fv),
		T(test_trace_records_hcalls),
		T(test_trace_filters),
		T(test_trace_ring_counts_lost_records),
		T(test_trace_live_line),
		T(test_trace_fv_exits),
		T(test_create_out_of_memory),
		T(test_unknown_enosys_logged_once),
		T(test_unknown_large_numbers),
		T(test_implemented),
		T(test_version),
		T(test_vcpu_op_one_vcpu),
		T(test_console_write_lines),
		T(test_console_no_interleave),
		T(test_console_write_clipped),
		T(test_console_write_fault),
		T(test_console_bad_cmd),
		T(test_console_read),
		T(test_sched_yield),
		T(test_sched_block),
		T(test_sched_block_timer),
		T(test_sched_shutdown),
		T(test_sched_shutdown_invalid),
		T(test_sched_reboot),
		T(test_set_timer),
		T(test_set_trap_table),
		T(test_multicall),
		T(test_multicall_limits),
		T(test_multicall_stops_at_shutdown),
		T(test_run_yield_round_robin),
		T(test_run_block_until_timer),
		T(test_panic),
	};

	return cmocka_run_group_tests(tests, group_setup, arena_teardown);
}
