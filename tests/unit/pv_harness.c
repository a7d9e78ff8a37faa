/* SPDX-License-Identifier: MIT */
/*
 * pv_harness.c - the shared setup and helpers of the page-type tests (see
 * pv_harness.h), and the configuration their guest is built from.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hyp/core/config.h"
#include "hyp/core/frame.h"
#include "hyp/pv/hcall.h"
#include "hyp/core/sched.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/pv_harness.h"

#define ARENA_SIZE (32 * MiB)

static const uint8_t image[] = "a few bytes stand in for a kernel";
const struct guest_config hyp_config[] = {
	{ .name = "pv0",
	  .mode = GUEST_PV,
	  .mem_size = PVH_RAM_FRAMES * PAGE_SIZE,
	  .image = image,
	  .image_end = image + sizeof(image) },
};
HYP_CONFIG_COUNT(hyp_config);

struct guest *pvh_g;
struct vcpu *pvh_v;
uint8_t pvh_buf[PVH_BUF_SIZE] __attribute__((aligned(16)));
static uint8_t *arena;

int pvh_group_setup(void **state)
{
	(void)state;
	arena = aligned_alloc(2 * MiB, ARENA_SIZE);
	return arena ? 0 : -1;
}

int pvh_group_teardown(void **state)
{
	(void)state;
	free(arena);
	return 0;
}

int pvh_setup(void **state)
{
	(void)state;
	fake_reset();
	memset(pvh_buf, 0, sizeof(pvh_buf));
	fake_guest_mem(PVH_BUF_GVA, pvh_buf, sizeof(pvh_buf));
	frame_init(ptr_hpa(arena), ARENA_SIZE);
	sched_init(10000000);
	if (guest_create_all("rv64imafdch"))
		return -1;
	pvh_g = &guest_table[0];
	pvh_v = &pvh_g->vcpus[0];
	return 0;
}

uint64_t pvh_leaf(uint64_t gpa, uint64_t flags)
{
	return (gpa >> 12) << 10 | flags | V;
}

uint64_t pvh_nonleaf(uint64_t gpa)
{
	return (gpa >> 12) << 10 | V;
}

uint64_t *pvh_pte(uint64_t table, unsigned i)
{
	hpa_t h;

	assert_true(gstage_lookup(&pvh_g->gs, GPA(table), &h, NULL));
	return (uint64_t *)hpa_ptr(h) + i;
}

unsigned pvh_perm(uint64_t gpa)
{
	unsigned p;

	assert_true(gstage_lookup(&pvh_g->gs, GPA(gpa), NULL, &p));
	return p;
}

uint64_t pvh_frame(uint64_t gpa)
{
	return (gpa - GUEST_RAM_BASE) / PAGE_SIZE;
}

void pvh_assert_all_free(void)
{
	const struct ftype_table *t = &pvh_g->mm.ft;

	/* The start and shared info pages keep the hypervisor's writable reference. */
	for (uint64_t n = 0; n < t->nr; n++) {
		bool held =
		    n == pvh_frame(GUEST_START_INFO_GPA) || n == pvh_frame(GUEST_SHARED_INFO_GPA);

		assert_int_equal(ftype_ref_count(t, n), held);
		assert_int_equal(ftype_type_count(t, n), held);
		assert_int_equal(ftype_type(t, n), held ? FTYPE_WRITABLE : FTYPE_NONE);
		assert_false(ftype_pinned(t, n));
	}
	for (uint64_t gpa = GUEST_RAM_BASE; gpa < RAM_END; gpa += PAGE_SIZE)
		assert_int_equal(pvh_perm(gpa), GSTAGE_RWX);
}

int64_t pvh_call(uint64_t nr, uint64_t reqs, uint64_t count, uint64_t *done)
{
	const uint64_t args[5] = { reqs, count, 0, 0, 0 };

	return hcall_dispatch(pvh_v, nr, args, done);
}

int64_t pvh_updates(const struct pvabi_mmu_update *r, unsigned n, uint64_t *done)
{
	memcpy(pvh_buf, r, n * sizeof(*r));
	return pvh_call(PVABI_HC_mmu_update, PVH_BUF_GVA, n, done);
}

int64_t pvh_update(uint64_t table, unsigned i, uint64_t pte)
{
	struct pvabi_mmu_update r = { table + i * 8, pte };
	uint64_t done;
	int64_t err = pvh_updates(&r, 1, &done);

	assert_int_equal(done, err ? 0 : 1);
	return err;
}

int64_t pvh_ext(uint32_t cmd, uint64_t arg1, uint64_t arg2)
{
	struct pvabi_mmuext_op op = { cmd, 0, arg1, arg2 };
	uint64_t done;
	int64_t err;

	memcpy(pvh_buf, &op, sizeof(op));
	err = pvh_call(PVABI_HC_mmuext_op, PVH_BUF_GVA, 1, &done);
	assert_int_equal(done, err ? 0 : 1);
	return err;
}

void pvh_poke_tree(void)
{
	*pvh_pte(T3, 2) = pvh_nonleaf(T2);
	*pvh_pte(T2, 0) = pvh_nonleaf(T1);
	*pvh_pte(T1, 0) = pvh_leaf(P0, R | W | A | D);
	*pvh_pte(T1, 1) = pvh_leaf(P1, R | X | A);
}
