/* SPDX-License-Identifier: MIT */
/*
 * vrtc.h - the goldfish RTC a fully virtualized guest sees at QEMU virt's
 * address (Linux's rtc-goldfish, built into Debian's kernel): nanoseconds
 * since 1970 that the guest may set for itself, and a one-shot alarm with
 * its interrupt. The caller (vmmio.c) gives the host's wall-clock time on
 * every call and refuses accesses that are not aligned 32-bit words.
 */
#ifndef HYP_VRTC_H
#define HYP_VRTC_H

#include "hyp/core/types.h"

struct vrtc {
	int64_t offset_ns;  /* the guest's time minus the host's (it may set its own) */
	uint32_t time_high; /* latched by a read of TIME_LOW */
	uint64_t alarm_ns;  /* ALARM_HIGH:ALARM_LOW, the guest's time */
	bool alarm_running; /* armed and not yet due */
	bool irq_pending;   /* the alarm came due and was not cleared */
	bool irq_enabled;
};

void vrtc_init(struct vrtc *r);
/* off is a 4-byte aligned offset in the device's page; host_ns the host's wall clock. */
uint32_t vrtc_read(struct vrtc *r, uint64_t off, uint64_t host_ns);
void vrtc_write(struct vrtc *r, uint64_t off, uint32_t val, uint64_t host_ns);
/* The interrupt line at host time host_ns (an alarm that came due raises it). */
bool vrtc_irq_level(struct vrtc *r, uint64_t host_ns);

#endif
