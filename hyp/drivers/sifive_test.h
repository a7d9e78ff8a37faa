/* SPDX-License-Identifier: MIT */
/* sifive_test.h - QEMU's sifive_test device: ends the emulation with a code. */
#ifndef HYP_SIFIVE_TEST_H
#define HYP_SIFIVE_TEST_H

#include <stdint.h>

void sifive_test_exit(uint64_t base, int code) __attribute__((noreturn));

#endif
