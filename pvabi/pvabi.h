/* SPDX-License-Identifier: MIT */
/*
 * pvabi.h - the paravirtual hypercall ABI between the hypervisor and its guests.
 *
 * This directory is the contract. It is header-only and self-contained: it
 * includes nothing but its own headers and <stdint.h>, uses fixed-width fields
 * with explicit, must-be-zero padding, and statically asserts every size and
 * offset a guest relies on. A hypercall number or structure field, once
 * published, is never reused or renumbered; the ABI grows by adding.
 *
 * Transport (the shape of an SBI call, RISC-V SBI spec chapter 3):
 *   ecall from VS-mode with
 *     a7 = PVABI_SBI_EXT   (an ID from the SBI experimental range)
 *     a6 = hypercall number (PVABI_HC_*; Xen's number where the call mirrors Xen)
 *     a0..a4 = arguments
 *   returns
 *     a0 = 0 on success or a negative PVABI_E* value (Xen's errno numbers)
 *     a1 = a call-specific value (0 when the call documents none)
 *   All other registers are preserved.
 */
#ifndef PVABI_PVABI_H
#define PVABI_PVABI_H

#include <stdint.h>

#define PVABI_VERSION_MAJOR 1
#define PVABI_VERSION_MINOR 2
/* The value PVABI_VER_abi returns: major in bits 31:16, minor in 15:0. */
#define PVABI_VERSION ((PVABI_VERSION_MAJOR << 16) | PVABI_VERSION_MINOR)

/* SBI extension ID of the hypercall interface: "PVA" in 0x08000000-0x08FFFFFF. */
#define PVABI_SBI_EXT 0x08505641u

#include "errno.h"
#include "hcall.h"
#include "console.h"
#include "sched.h"
#include "version.h"
#include "start_info.h"
#include "mm.h"
#include "event.h"
#include "memory.h"
#include "vcpu.h"

#endif
