/* SPDX-License-Identifier: MIT */
/*
 * pv_check.h - the invariants of a PV guest's memory, checked from outside
 * the code that keeps them (pv_check.c): the frame types and counts
 * recomputed from the page tables actually present, the G-stage protection
 * of every table, every PTE's target inside the guest's populated RAM, and
 * the frame accounting of the guest and of the host allocator. Any
 * violation aborts (the fuzzer keeps the input). Also the ABI's promises
 * about one hypercall's result.
 */
#ifndef TESTS_FUZZ_PV_CHECK_H
#define TESTS_FUZZ_PV_CHECK_H

#include <stdint.h>

struct guest;

/* Take the accounting baselines of a freshly built guest. */
void pvc_begin(struct guest *g);
/* Every invariant, now; re-takes the per-boot baseline after a reboot. */
void pvc_check(struct guest *g);
/* a0/a1 of hypercall nr with args are of a form the ABI allows. */
void pvc_check_result(uint64_t nr, const uint64_t args[5], int64_t ret, uint64_t value);

#endif
