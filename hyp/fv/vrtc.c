/* SPDX-License-Identifier: MIT */
/*
 * vrtc.c - the emulated goldfish RTC of a fully virtualized guest (see
 * vrtc.h), with QEMU's register semantics: reading TIME_LOW latches
 * TIME_HIGH; writing either half of the time moves that guest's clock alone
 * (an offset from the host's); writing ALARM_LOW arms the alarm, or raises
 * the interrupt at once if that time has passed. The alarm is noticed when
 * the line is next sampled (an access, the guest idling, a hypervisor tick),
 * so it is late by at most a tick.
 */
#include <string.h>

#include "hyp/drivers/goldfish_rtc.h"
#include "hyp/fv/vrtc.h"

void vrtc_init(struct vrtc *r)
{
	memset(r, 0, sizeof(*r));
}

static uint64_t guest_ns(const struct vrtc *r, uint64_t host_ns)
{
	return host_ns + (uint64_t)r->offset_ns;
}

/* A running alarm whose time has come: it stops and raises the interrupt. */
static void poll_alarm(struct vrtc *r, uint64_t host_ns)
{
	if (r->alarm_running && guest_ns(r, host_ns) >= r->alarm_ns) {
		r->alarm_running = false;
		r->irq_pending = true;
	}
}

bool vrtc_irq_level(struct vrtc *r, uint64_t host_ns)
{
	poll_alarm(r, host_ns);
	return r->irq_pending && r->irq_enabled;
}

uint32_t vrtc_read(struct vrtc *r, uint64_t off, uint64_t host_ns)
{
	uint64_t now = guest_ns(r, host_ns);

	poll_alarm(r, host_ns);
	switch (off) {
	case GOLDFISH_RTC_TIME_LOW:
		r->time_high = (uint32_t)(now >> 32);
		return (uint32_t)now;
	case GOLDFISH_RTC_TIME_HIGH:
		return r->time_high;
	case GOLDFISH_RTC_ALARM_LOW:
		return (uint32_t)r->alarm_ns;
	case GOLDFISH_RTC_ALARM_HIGH:
		return (uint32_t)(r->alarm_ns >> 32);
	case GOLDFISH_RTC_IRQ_ENABLED:
		return r->irq_enabled;
	case GOLDFISH_RTC_ALARM_STATUS:
		return r->alarm_running;
	default:
		return 0; /* the clear registers and the rest of the page */
	}
}

/* Replace the low or high half of the guest's time, as QEMU does. */
static void set_time_half(struct vrtc *r, bool high, uint32_t val, uint64_t host_ns)
{
	uint64_t now = guest_ns(r, host_ns);
	uint64_t want =
	    high ? (now & 0xffffffffull) | (uint64_t)val << 32 : (now & ~0xffffffffull) | val;

	r->offset_ns += (int64_t)(want - now);
}

void vrtc_write(struct vrtc *r, uint64_t off, uint32_t val, uint64_t host_ns)
{
	switch (off) {
	case GOLDFISH_RTC_TIME_LOW:
	case GOLDFISH_RTC_TIME_HIGH:
		set_time_half(r, off == GOLDFISH_RTC_TIME_HIGH, val, host_ns);
		break;
	case GOLDFISH_RTC_ALARM_LOW:
		r->alarm_ns = (r->alarm_ns & ~0xffffffffull) | val;
		r->alarm_running = true;
		poll_alarm(r, host_ns); /* a time already past raises it now */
		break;
	case GOLDFISH_RTC_ALARM_HIGH:
		r->alarm_ns = (r->alarm_ns & 0xffffffffull) | (uint64_t)val << 32;
		break;
	case GOLDFISH_RTC_IRQ_ENABLED:
		r->irq_enabled = val & 1;
		break;
	case GOLDFISH_RTC_CLEAR_ALARM:
		r->alarm_running = false;
		break;
	case GOLDFISH_RTC_CLEAR_INTERRUPT:
		r->irq_pending = false;
		break;
	default:
		break; /* read-only or nothing there */
	}
}
