/* SPDX-License-Identifier: MIT */
/*
 * sbi.h - calls from the hypervisor down to the SBI firmware (OpenSBI), and
 * the SBI error codes (SBI spec v1.0, chapter 3).
 */
#ifndef ARCH_SBI_H
#define ARCH_SBI_H

#include <stdint.h>

#define SBI_SUCCESS 0
#define SBI_ERR_FAILED (-1)
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_ERR_INVALID_PARAM (-3)
#define SBI_ERR_DENIED (-4)
#define SBI_ERR_INVALID_ADDRESS (-5)
#define SBI_ERR_ALREADY_AVAILABLE (-6)
#define SBI_ERR_ALREADY_STARTED (-7)
#define SBI_ERR_ALREADY_STOPPED (-8)

/* Standard extensions (SBI v1.0) and the legacy (v0.1) extension IDs. */
#define SBI_EXT_LEGACY_SET_TIMER 0x0
#define SBI_EXT_LEGACY_SHUTDOWN 0x8
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM 0x48534D

/* Function numbers the hypervisor calls itself. */
#define SBI_IPI_SEND 0
#define SBI_HSM_HART_START 0

#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_DBCN 0x4442434E
#define SBI_SRST_SHUTDOWN 0
#define SBI_SRST_COLD_REBOOT 1
#define SBI_SRST_WARM_REBOOT 2
#define SBI_SRST_REASON_NONE 0
#define SBI_SRST_REASON_FAILURE 1

struct sbi_ret {
	long error;
	long value;
};

struct sbi_ret sbi_call(uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1);
struct sbi_ret sbi_call3(uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2);

#endif
