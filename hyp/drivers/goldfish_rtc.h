/* SPDX-License-Identifier: MIT */
/* goldfish_rtc.h - QEMU virt's goldfish RTC: the host's wall-clock time. */
#ifndef HYP_GOLDFISH_RTC_H
#define HYP_GOLDFISH_RTC_H

#include <stdint.h>

/* Register offsets (QEMU hw/rtc/goldfish_rtc.c; the guest's copy uses them too). */
#define GOLDFISH_RTC_TIME_LOW 0x00 /* reading it latches TIME_HIGH */
#define GOLDFISH_RTC_TIME_HIGH 0x04
#define GOLDFISH_RTC_ALARM_LOW 0x08 /* writing it arms the alarm */
#define GOLDFISH_RTC_ALARM_HIGH 0x0c
#define GOLDFISH_RTC_IRQ_ENABLED 0x10
#define GOLDFISH_RTC_CLEAR_ALARM 0x14
#define GOLDFISH_RTC_ALARM_STATUS 0x18
#define GOLDFISH_RTC_CLEAR_INTERRUPT 0x1c

/* Nanoseconds since 1970-01-01 UTC, as the device at base says. */
uint64_t goldfish_rtc_read_ns(uint64_t base);

#endif
