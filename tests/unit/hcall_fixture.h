/* SPDX-License-Identifier: MIT */
/*
 * hcall_fixture.h - what the hypercall tests (test_hcall.c), the guest
 * building tests (test_guest_create.c) and the trace tests (test_trace.c)
 * share: the configuration of two small PV guests, built afresh by
 * guest_create_all() for every test on a real frame arena over the fake
 * arch, the window of "guest memory" the calls read and write, and the
 * helpers that make a hypercall from a vCPU.
 *
 * Include <setjmp.h>, <stdarg.h>, <stddef.h> and <cmocka.h> first.
 */
#ifndef TESTS_UNIT_HCALL_FIXTURE_H
#define TESTS_UNIT_HCALL_FIXTURE_H

#include <stdint.h>

#include <pvabi/pvabi.h>

#include "hyp/core/guest.h"
#include "tests/unit/fake_arch.h"

#define TIMEBASE_HZ 10000000ull /* 10 MHz, as on QEMU virt */
#define T0 1000ull		/* host time when the guests are created */
#define ARENA_SIZE (32 * MiB)

/* Where the test's "guest memory" window sits in guest-virtual space. */
#define BUF_GVA 0xffffffc000100000ull
#define BUF_SIZE 8192

/* pv0's image, which a reboot must load again. */
extern const uint8_t image0[];
/* The guest memory window, and the only vCPU of pv0 and of pv1. */
extern uint8_t buf[BUF_SIZE];
extern struct vcpu *v0, *v1;

/* cmocka group setup/teardown (the arena, pv1's image) and per-test setup. */
int hcf_group_setup(void **state);
int hcf_group_teardown(void **state);
int hcf_setup(void **state);
/* The frame allocator afresh on the first size bytes of the arena. */
void hcf_frames(uint64_t size);

/* Hypercall nr from v with three arguments; value may be NULL. */
int64_t hcall(struct vcpu *v, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t *value);
/* console_io write of s, copied into the guest memory window first. */
int64_t con_write(struct vcpu *v, const char *s, uint64_t *value);
/* The fake UART's output since it was last cleared is exactly want. */
void assert_output(const char *want);

#endif
