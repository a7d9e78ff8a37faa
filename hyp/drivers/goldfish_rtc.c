/* SPDX-License-Identifier: MIT */
/*
 * goldfish_rtc.c - reads the host's wall-clock time from QEMU virt's
 * goldfish RTC, once at boot (platform.c): FV guests' emulated RTC counts on
 * from it (hyp/fv/vrtc.c). The device itself is never mapped into a guest.
 */
#include "hyp/drivers/goldfish_rtc.h"

static uint32_t reg(uint64_t base, unsigned off)
{
	return *(volatile uint32_t *)(uintptr_t)(base + off);
}

uint64_t goldfish_rtc_read_ns(uint64_t base)
{
	uint32_t lo = reg(base, GOLDFISH_RTC_TIME_LOW); /* latches the high half */

	return (uint64_t)reg(base, GOLDFISH_RTC_TIME_HIGH) << 32 | lo;
}
