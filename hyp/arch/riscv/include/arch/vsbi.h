/* SPDX-License-Identifier: MIT */
/*
 * vsbi.h - the SBI implementation that fully virtualized guests call (SBI
 * v2.0: BASE, TIME, IPI, RFENCE, HSM, SRST, DBCN and the legacy calls). One file
 * per extension (vsbi_*.c), each with a registration struct; vsbi.c routes a
 * call by extension ID. Errors are the SBI spec's codes (arch/sbi.h).
 */
#ifndef ARCH_VSBI_H
#define ARCH_VSBI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/sbi.h"

struct vcpu;
struct guest;

struct vsbi_ext {
	uint64_t id_min, id_max; /* extension IDs served */
	const char *name;
	/*
	 * fid: a6; args: a0..a5. Legacy extensions return one value in a0
	 * (ret.error); the others an error in a0 and a value in a1.
	 */
	struct sbi_ret (*call)(struct vcpu *v, uint64_t ext, uint64_t fid, const uint64_t *args);
	bool legacy;
	/* Function names by fid (legacy: by extension ID), for the trace. */
	const char *const *fids;
	unsigned nr_fids;
};

#define VSBI_FIDS(...)                                                                             \
	.fids = (const char *const[]){ __VA_ARGS__ },                                              \
	.nr_fids = sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *)

extern const struct vsbi_ext vsbi_ext_base, vsbi_ext_time, vsbi_ext_ipi, vsbi_ext_rfence,
    vsbi_ext_hsm, vsbi_ext_srst, vsbi_ext_dbcn, vsbi_ext_legacy;

/* Serve the SBI call of an FV guest's ecall and step past it. */
void vsbi_dispatch(struct vcpu *v);
/* The extension serving ext, or NULL (also answers BASE probe_extension). */
const struct vsbi_ext *vsbi_find(uint64_t ext);
/* Say once per guest and extension that it asked for one nobody serves. */
void vsbi_log_unknown(struct guest *g, uint64_t ext);
/* "TIME set_timer": an SBI call by name, as far as it is known. */
void vsbi_call_name(uint64_t ext, uint64_t fid, char *buf, size_t n);

/* The most harts (vCPUs) a guest's hart mask can name: a bit each in a uint32_t. */
#define VSBI_HARTS_MAX 32u
/*
 * The harts an SBI hart list names (vsbi_hartmask.c): hart ids base + i for
 * each bit i of mask, or all nr_harts when base is -1 (UINT64_MAX), as a bit
 * per hart in *harts. SBI_SUCCESS, or SBI_ERR_INVALID_PARAM (*harts 0) if
 * it names a hart at or past nr_harts. An empty mask names none: success.
 */
long vsbi_hart_mask(uint64_t mask, uint64_t base, unsigned nr_harts, uint32_t *harts);
/* IPI and RFENCE, shared with the legacy calls: act on the vCPUs in harts (a bit each). */
void vsbi_send_ipis(struct guest *g, uint32_t harts);
/* fence.i, or a flush of the guest's VS-stage translations: local, for all its vCPUs. */
void vsbi_fence(struct vcpu *v, bool fence_i);

#endif
