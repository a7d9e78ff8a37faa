/* SPDX-License-Identifier: MIT */
/*
 * vplic.h - the PLIC a fully virtualized guest sees: sources
 * 1..VPLIC_NSRC-1 with level-triggered gateways and one context, context 0,
 * which is the guest hart's S-mode external interrupt. Register map as in
 * the PLIC specification and QEMU virt; the caller (vmmio.c) refuses
 * accesses that are not 32-bit and aligned.
 */
#ifndef HYP_VPLIC_H
#define HYP_VPLIC_H

#include "hyp/core/types.h"

#define VPLIC_NSRC 32u /* source 0 does not exist */
#define VPLIC_PRIO_MAX 7u /* 3 priority bits, as QEMU virt */

#define VPLIC_PRIORITY 0x0u /* + 4 * source */
#define VPLIC_PENDING 0x1000u
#define VPLIC_ENABLE 0x2000u /* context 0 */
#define VPLIC_THRESHOLD 0x200000u /* context 0 */
#define VPLIC_CLAIM 0x200004u /* context 0: claim on read, complete on write */

struct vplic {
	uint32_t priority[VPLIC_NSRC];
	uint32_t level;      /* bit per source: its line is high */
	uint32_t pending;    /* latched by the gateway */
	uint32_t in_service; /* claimed and not yet completed */
	uint32_t enable;
	uint32_t threshold;
};

void vplic_init(struct vplic *p);
/* Drive a source's line; out-of-range sources are ignored. */
void vplic_set_level(struct vplic *p, unsigned src, bool level);
/* Context 0's interrupt output. */
bool vplic_output(const struct vplic *p);
/* off is 4-byte aligned, relative to the PLIC base. Reading claim claims. */
uint32_t vplic_read(struct vplic *p, uint64_t off);
void vplic_write(struct vplic *p, uint64_t off, uint32_t val);

#endif
