/* SPDX-License-Identifier: MIT */
/*
 * fuzz_hcall.c - libFuzzer target: the input is a program of hypercalls made
 * by one PV guest (tests/unit/pv_harness.c: the real core on a frame arena
 * and the fake arch), each followed by a check of every page-type and
 * accounting invariant (pv_check.c). Calls are raw (any number, arguments
 * from the input) or structured: batches of mmu_update, mmuext_op,
 * memory_op and multicall entries written into the guest's request buffer
 * with addresses biased toward the guest's frames, the buffer's edges and
 * other edge values. Between calls the guest writes its own writable RAM,
 * time passes and console input arrives, as between real exits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hyp/pv/event.h"
#include "hyp/core/guest.h"
#include "hyp/pv/hcall.h"
#include "hyp/core/sched.h"
#include "arch/pte.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/pv_check.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/pv_harness.h"

/* Steps per input: enough for a page-table tree and its teardown, still fast. */
#define STEPS_MAX 64
/* Frames the structured addresses favour: the start pages, tables, data pages. */
#define HOT_FRAMES 64

/* Edge values for addresses and counts, as a hostile guest would try them. */
static const uint64_t edges[] = {
	0,
	~0ull,
	GUEST_RAM_BASE - PAGE_SIZE,
	GUEST_RAM_BASE - 8,
	RAM_END,
	RAM_END - 8,
	RAM_END - PAGE_SIZE,
	1ull << 63,
	~0ull - 7,
	PVH_BUF_GVA - 8,
	PVH_BUF_GVA + PVH_BUF_SIZE,
	PVH_BUF_GVA + PVH_BUF_SIZE - 8,
	PVH_BUF_GVA + PVH_BUF_SIZE - 16,
	PVH_BUF_GVA + PVH_BUF_SIZE - 64,
	GSTAGE_GPA_LIMIT,
	0x10000000, /* the UART */
	0x0c000000, /* the PLIC */
	0x100000,   /* the test device */
	PVABI_MMU_BATCH_MAX,
	PVABI_MMU_BATCH_MAX + 1,
	PVABI_MULTICALL_MAX + 1,
	1ull << 32,
};

/* A guest frame's address: mostly the hot frames, sometimes RAM's edges or past them. */
static uint64_t fz_frame(struct fz *f)
{
	uint8_t b = fz_u8(f);

	if (b < 0xc0)
		return F(b % HOT_FRAMES);
	if (b < 0xe0)
		return F(PVH_RAM_FRAMES - 1 - (b & 0xf));
	return F(PVH_RAM_FRAMES + (b & 0xf)); /* past RAM */
}

/* A guest-virtual address in the request buffer (or just past it). */
static uint64_t fz_buf(struct fz *f)
{
	return PVH_BUF_GVA + fz_u16(f) % (PVH_BUF_SIZE + 64);
}

/* Any argument: raw, a frame, the buffer, an edge value, or a small number. */
static uint64_t fz_arg(struct fz *f)
{
	switch (fz_u8(f) % 6) {
	case 0:
		return fz_u64(f);
	case 1:
		return fz_frame(f) + (fz_u8(f) & 0x18);
	case 2:
		return fz_buf(f);
	case 3:
		return edges[fz_u8(f) % ARRAY_SIZE(edges)];
	default:
		return fz_u8(f);
	}
}

/* A PTE: a frame and the low flag bits, with rarely a raw or reserved-bits one. */
static uint64_t fz_pte(struct fz *f)
{
	uint8_t how = fz_u8(f);
	uint64_t pte = (fz_frame(f) >> 12) << PTE_PPN_SHIFT | fz_u8(f);

	if (how >= 0xf8)
		return fz_u64(f);
	if (how >= 0xf0)
		pte |= (uint64_t)fz_u8(f) << 54;
	return pte;
}

/* Where a request lives: the address of slot s of a frame, or anything. */
static uint64_t fz_pte_addr(struct fz *f)
{
	uint8_t how = fz_u8(f);

	if (how >= 0xf0)
		return fz_arg(f);
	return fz_frame(f) + (fz_u16(f) % PTES_PER_TABLE) * 8 + (how >= 0xe8 ? how & 7 : 0);
}

/* Put n bytes at buffer offset off if they fit; the batch may still run past it. */
static void buf_put(uint64_t off, const void *p, size_t n)
{
	if (off <= PVH_BUF_SIZE && n <= PVH_BUF_SIZE - off)
		memcpy(pvh_buf + off, p, n);
}

/* The batch's address and count: normally where it was written, else anything. */
static void batch_args(struct fz *f, uint64_t at, uint64_t n, uint64_t args[5])
{
	uint8_t how = fz_u8(f);

	args[0] = how & 0x80 ? fz_arg(f) : PVH_BUF_GVA + at;
	args[1] = how & 0x40 ? fz_arg(f) : n;
}

static void build_updates(struct fz *f, uint64_t at, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct pvabi_mmu_update u = { fz_pte_addr(f), fz_pte(f) };

		buf_put(at + i * sizeof(u), &u, sizeof(u));
	}
}

static void build_ext_ops(struct fz *f, uint64_t at, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct pvabi_mmuext_op op;
		uint8_t how = fz_u8(f);

		op.cmd = how < 0xf0 ? how % 8 : fz_u32(f);
		op.pad = how == 0xff ? fz_u32(f) : 0;
		op.arg1 = how & 0x8 ? fz_arg(f) : fz_frame(f);
		op.arg2 = fz_u8(f) & 1 ? fz_arg(f) : fz_u16(f);
		buf_put(at + i * sizeof(op), &op, sizeof(op));
	}
}

static void build_page_list(struct fz *f, uint64_t at, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		uint64_t gpa = fz_u8(f) >= 0xf0 ? fz_arg(f) : fz_frame(f);

		buf_put(at + i * sizeof(gpa), &gpa, sizeof(gpa));
	}
}

static void build_multicall(struct fz *f, uint64_t at, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct pvabi_multicall_entry e = { .op = fz_u8(f) };

		if (e.op >= 0xf0)
			e.op = fz_arg(f);
		for (unsigned k = 0; k < 5; k++)
			e.args[k] = fz_arg(f);
		buf_put(at + i * sizeof(e), &e, sizeof(e));
	}
}

/* FUZZ_VERBOSE=1 in the environment: print every call (to read a crash's input). */
static bool verbose;

/* One hypercall, its result checked against the ABI's promises. */
static void call(uint64_t nr, const uint64_t args[5])
{
	uint64_t value;
	int64_t ret = hcall_dispatch(pvh_v, nr, args, &value);

	if (verbose)
		fprintf(stderr, "call %llu (0x%llx, 0x%llx, 0x%llx, ...) = %lld, %llu\n",
			(unsigned long long)nr, (unsigned long long)args[0],
			(unsigned long long)args[1], (unsigned long long)args[2], (long long)ret,
			(unsigned long long)value);
	pvc_check_result(nr, args, ret, value);
}

/* The structured calls: a batch written into the buffer, then the call. */
static void step_batch(struct fz *f, unsigned kind)
{
	uint64_t at = fz_u16(f) % PVH_BUF_SIZE, args[5] = { 0 };
	unsigned n = fz_u8(f) % 24;

	switch (kind) {
	case 0:
		build_updates(f, at, n);
		batch_args(f, at, n, args);
		call(PVABI_HC_mmu_update, args);
		break;
	case 1:
		build_ext_ops(f, at, n);
		batch_args(f, at, n, args);
		call(PVABI_HC_mmuext_op, args);
		break;
	case 2:
		build_page_list(f, at, n);
		args[0] = fz_u8(f) % 8; /* decrease 1, current 3, populate 6, else unknown */
		batch_args(f, at, n, args + 1);
		call(PVABI_HC_memory_op, args);
		break;
	default:
		build_multicall(f, at, n % 9);
		batch_args(f, at, n % 9, args);
		call(PVABI_HC_multicall, args);
		break;
	}
}

/* Any number (mostly the implemented range), any arguments. */
static void step_raw(struct fz *f)
{
	uint8_t b = fz_u8(f);
	uint64_t nr = b < 0xf0 ? b % PVABI_HC_MAX : fz_arg(f), args[5];

	for (unsigned k = 0; k < 5; k++)
		args[k] = fz_arg(f);
	call(nr, args);
}

/* The guest stores into its own RAM where the G-stage lets it (else it would stop). */
static void step_poke(struct fz *f)
{
	uint64_t gpa = fz_frame(f) + (fz_u16(f) % PTES_PER_TABLE) * 8, val = fz_pte(f);
	unsigned perm;
	hpa_t h;

	if (verbose)
		fprintf(stderr, "poke 0x%llx = 0x%llx\n", (unsigned long long)gpa,
			(unsigned long long)val);
	if (gstage_lookup(&pvh_g->gs, GPA(gpa), &h, &perm) && (perm & GSTAGE_W))
		memcpy(hpa_ptr(h), &val, sizeof(val)); /* h has gpa's offset already */
}

/* Raw bytes into the request buffer: whatever a previous batch left gets mixed. */
static void step_buf(struct fz *f)
{
	uint64_t at = fz_u16(f) % PVH_BUF_SIZE;
	unsigned n = fz_u8(f) % 64;

	for (unsigned i = 0; i < n && at + i < PVH_BUF_SIZE; i++)
		pvh_buf[at + i] = fz_u8(f);
}

/* Time passes and console input arrives, as between two exits. */
static void step_world(struct fz *f)
{
	unsigned n = fz_u8(f) % 8;

	fake.time += fz_u32(f);
	for (unsigned i = 0; i < n; i++)
		if (console_queue_input(&pvh_g->con, (char)fz_u8(f)))
			guest_console_input(pvh_g);
	sched_timer_tick();
	event_deliver(pvh_v);
}

/* One step; true if it made a hypercall (the only steps that change the model). */
static bool step(struct fz *f)
{
	uint8_t kind = fz_u8(f) % 10;

	/* A blocked vCPU makes no calls: the event it waits for comes first. */
	sched_wake(pvh_v);
	fake_uart_clear(); /* console_io output: a long input must not fill the fake UART */
	if (verbose)
		fprintf(stderr, "step %u\n", kind);
	if (kind < 4)
		step_batch(f, kind);
	else if (kind < 6)
		step_raw(f);
	else if (kind == 6)
		step_poke(f);
	else if (kind == 7)
		step_buf(f);
	else
		step_world(f);
	return kind < 6;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* A cmocka assertion or log_panic outside a test: abort with a stack, not exit(). */
	setenv("CMOCKA_TEST_ABORT", "1", 1);
	verbose = getenv("FUZZ_VERBOSE") != NULL;
	return pvh_group_setup(NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };

	if (pvh_setup(NULL))
		abort();
	pvc_begin(pvh_g);
	for (unsigned i = 0; i < STEPS_MAX && !fz_done(&f); i++) {
		/* Guest stores and the passing of time touch no page type: check after calls. */
		if (step(&f))
			pvc_check(pvh_g);
		/* A reboot happens on the guest's next turn: here, at once. */
		if (pvh_g->reap != GUEST_REAP_NONE)
			guest_reap_one(pvh_g);
		/* A stopped guest makes no more calls; a rebooted one starts afresh. */
		if (pvh_g->state != GUEST_RUNNING)
			break;
	}
	return 0;
}
