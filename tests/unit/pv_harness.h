/* SPDX-License-Identifier: MIT */
/*
 * pv_harness.h - what the page-type tests share (test_pvmmu.c,
 * test_hcall_mm.c): one PV guest built by guest_create_all() on a real frame
 * arena over the fake arch, Sv39 PTE helpers, the guest's memory and frame
 * counts seen through its own G-stage and frame table, and the two
 * hypercalls with their requests in the fake guest buffer.
 *
 * Include <setjmp.h>, <stdarg.h>, <stddef.h> and <cmocka.h> first.
 */
#ifndef TESTS_UNIT_PV_HARNESS_H
#define TESTS_UNIT_PV_HARNESS_H

#include <pvabi/pvabi.h>

#include "hyp/pv/ftype.h"
#include "hyp/core/guest.h"

#define PVH_RAM_FRAMES 1024		  /* 4 MiB */
#define PVH_BUF_GVA 0xffffffc000100000ull /* the request buffer, guest-virtual */
#define PVH_BUF_SIZE (16 * KiB)

/* Sv39 PTE bits, spelled out here so that the tests do not share pvmmu.c's. */
#define V (1ull << 0)
#define R (1ull << 1)
#define W (1ull << 2)
#define X (1ull << 3)
#define U (1ull << 4)
#define G (1ull << 5)
#define A (1ull << 6)
#define D (1ull << 7)

/* Guest frames the tests use: tables from frame 16, data pages from 64. */
#define F(i) (GUEST_RAM_BASE + (uint64_t)(i)*PAGE_SIZE)
#define T3 F(16)
#define T2 F(17)
#define T1 F(18)
#define P0 F(64)
#define P1 F(65)
#define RAM_END F(PVH_RAM_FRAMES)

/* The guest under test, its vCPU, and the guest's request buffer. */
extern struct guest *pvh_g;
extern struct vcpu *pvh_v;
extern uint8_t pvh_buf[PVH_BUF_SIZE];

/* cmocka group setup/teardown (the arena) and per-test setup (a fresh guest). */
int pvh_group_setup(void **state);
int pvh_group_teardown(void **state);
int pvh_setup(void **state);

uint64_t pvh_leaf(uint64_t gpa, uint64_t flags);
uint64_t pvh_nonleaf(uint64_t gpa);
/* Entry i of the table at gpa, through the G-stage (as the guest writes it). */
uint64_t *pvh_pte(uint64_t table, unsigned i);
/* The G-stage permission (GSTAGE_*) of a guest frame. */
unsigned pvh_perm(uint64_t gpa);
uint64_t pvh_frame(uint64_t gpa);
/* No counts anywhere and all of RAM read-write again: nothing leaked. */
void pvh_assert_all_free(void);

#define TYPE(gpa) ftype_type(&pvh_g->mm.ft, pvh_frame(gpa))
#define TCOUNT(gpa) ftype_type_count(&pvh_g->mm.ft, pvh_frame(gpa))
#define REFS(gpa) ftype_ref_count(&pvh_g->mm.ft, pvh_frame(gpa))
#define PINNED(gpa) ftype_pinned(&pvh_g->mm.ft, pvh_frame(gpa))

/* A hypercall with (reqs, count); a1 in *done. */
int64_t pvh_call(uint64_t nr, uint64_t reqs, uint64_t count, uint64_t *done);
/* mmu_update of n requests copied into the buffer. */
int64_t pvh_updates(const struct pvabi_mmu_update *r, unsigned n, uint64_t *done);
/* One PTE update, or one mmuext_op; each checks that a1 matches the result. */
int64_t pvh_update(uint64_t table, unsigned i, uint64_t pte);
int64_t pvh_ext(uint32_t cmd, uint64_t arg1, uint64_t arg2);

#define PIN1(t) pvh_ext(PVABI_MMUEXT_PIN_L1_TABLE, (t), 0)
#define PIN2(t) pvh_ext(PVABI_MMUEXT_PIN_L2_TABLE, (t), 0)
#define PIN3(t) pvh_ext(PVABI_MMUEXT_PIN_L3_TABLE, (t), 0)
#define UNPIN(t) pvh_ext(PVABI_MMUEXT_UNPIN_TABLE, (t), 0)
#define BASEPTR(t, asid) pvh_ext(PVABI_MMUEXT_NEW_BASEPTR, (t), (asid))

/* Written straight into frames that are not tables yet, as a guest does:
 * T3[2] -> T2, T2[0] -> T1, T1[0] -> P0 writable, T1[1] -> P1 read-only. */
void pvh_poke_tree(void);

#endif
