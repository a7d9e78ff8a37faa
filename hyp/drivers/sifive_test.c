/* SPDX-License-Identifier: MIT */
/*
 * sifive_test.c - QEMU's sifive_test device (the "finisher"): writing
 * 0x5555 ends QEMU with status 0, 0x3333 | code << 16 with status code.
 * It is never mapped into a guest.
 */
#include "hyp/drivers/sifive_test.h"

#define FINISHER_PASS 0x5555
#define FINISHER_FAIL 0x3333

void sifive_test_exit(uint64_t base, int code)
{
	volatile uint32_t *reg = (volatile uint32_t *)(uintptr_t)base;

	*reg = code == 0 ? FINISHER_PASS : FINISHER_FAIL | ((uint32_t)code << 16);
	for (;;)
		;
}
