/* SPDX-License-Identifier: MIT */
/*
 * vplic.h - the PLIC a fully virtualized guest sees: sources
 * 1..VPLIC_NSRC-1 with level-triggered gateways and one context per vCPU,
 * context i being vCPU i's S-mode external interrupt. Register map as in the
 * PLIC specification and QEMU virt (enables at 0x2000 + 0x80 * context,
 * threshold and claim at 0x200000 + 0x1000 * context). QEMU virt gives each
 * hart an M-mode context before its S-mode one; a guest has no M-mode, so
 * its PLIC has S-mode contexts only, which the device tree's
 * interrupts-extended says (guest_dt.c): context 0 stays where a one-hart
 * guest always had it. The caller (vmmio.c) refuses accesses that are not
 * 32-bit and aligned.
 */
#ifndef HYP_VPLIC_H
#define HYP_VPLIC_H

#include "hyp/core/types.h"

#define VPLIC_NSRC 32u	  /* source 0 does not exist */
#define VPLIC_PRIO_MAX 7u /* 3 priority bits, as QEMU virt */
#define VPLIC_CTX_MAX 4u  /* contexts: one per vCPU, at most GUEST_VCPU_MAX */

#define VPLIC_PRIORITY 0x0u /* + 4 * source */
#define VPLIC_PENDING 0x1000u
#define VPLIC_ENABLE 0x2000u /* + VPLIC_ENABLE_STRIDE * context */
#define VPLIC_ENABLE_STRIDE 0x80u
#define VPLIC_THRESHOLD 0x200000u /* + VPLIC_CTX_STRIDE * context */
#define VPLIC_CLAIM 0x200004u	  /* claim on read, complete on write; + stride * context */
#define VPLIC_CTX_STRIDE 0x1000u

struct vplic {
	uint32_t priority[VPLIC_NSRC];
	uint32_t level;	     /* bit per source: its line is high */
	uint32_t pending;    /* latched by the gateway */
	uint32_t in_service; /* claimed (by any context) and not yet completed */
	unsigned nr_ctx;     /* contexts that exist: 1..VPLIC_CTX_MAX */
	uint32_t enable[VPLIC_CTX_MAX];
	uint32_t threshold[VPLIC_CTX_MAX];
};

/* nr_ctx contexts (the guest's vCPUs), clamped to 1..VPLIC_CTX_MAX. */
void vplic_init(struct vplic *p, unsigned nr_ctx);
/* Drive a source's line; out-of-range sources are ignored. */
void vplic_set_level(struct vplic *p, unsigned src, bool level);
/* Context ctx's interrupt output (false for a context that does not exist). */
bool vplic_output(const struct vplic *p, unsigned ctx);
/* off is 4-byte aligned, relative to the PLIC base. Reading claim claims. */
uint32_t vplic_read(struct vplic *p, uint64_t off);
void vplic_write(struct vplic *p, uint64_t off, uint32_t val);
/* The register at off in words ("enable[1]", "claim[0]"), for the trace. */
void vplic_reg_name(uint64_t off, bool store, char *buf, size_t n);

#endif
