/* SPDX-License-Identifier: MIT */
/*
 * vsbi.c - routing an FV guest's SBI call to its extension (vsbi.h), and
 * the BASE extension: spec version, implementation, probe.
 */
#include <stdio.h>

#include "arch/vsbi.h"
#include "hyp/core/guest.h"
#include "hyp/core/log.h"
#include "hyp/debug/trace.h"

#include <pvabi/pvabi.h>

/* v2.0: Linux uses DBCN only from an SBI that says 2.0 or later. */
#define SBI_SPEC_VERSION 0x02000000
/* Not a registered SBI implementation ID: "rvhy". */
#define SBI_IMPL_ID_RVHYP 0x72766879

static const struct vsbi_ext *const extensions[] = {
	&vsbi_ext_base, &vsbi_ext_time, &vsbi_ext_ipi,	&vsbi_ext_rfence,
	&vsbi_ext_hsm,	&vsbi_ext_srst, &vsbi_ext_dbcn, &vsbi_ext_legacy,
};

const struct vsbi_ext *vsbi_find(uint64_t ext)
{
	for (unsigned i = 0; i < ARRAY_SIZE(extensions); i++)
		if (ext >= extensions[i]->id_min && ext <= extensions[i]->id_max)
			return extensions[i];
	return NULL;
}

void vsbi_call_name(uint64_t ext, uint64_t fid, char *buf, size_t n)
{
	const struct vsbi_ext *e = vsbi_find(ext);
	uint64_t i = e && e->legacy ? ext - e->id_min : fid;

	if (!e)
		snprintf(buf, n, "ext 0x%llx fid %llu", (unsigned long long)ext,
			 (unsigned long long)fid);
	else if (i < e->nr_fids)
		snprintf(buf, n, "%s %s", e->name, e->fids[i]);
	else
		snprintf(buf, n, "%s fid %llu", e->name, (unsigned long long)fid);
}

/* Log an unknown extension once per guest and extension (a small table). */
void vsbi_log_unknown(struct guest *g, uint64_t ext)
{
	const unsigned max = ARRAY_SIZE(g->logged_ext);

	for (unsigned i = 0; i < g->nr_logged_ext && i < max; i++)
		if (g->logged_ext[i] == ext)
			return;
	if (g->nr_logged_ext > max)
		return;
	if (g->nr_logged_ext < max)
		g->logged_ext[g->nr_logged_ext] = (uint32_t)ext;
	g->nr_logged_ext++;
	log_guest(g, "guest %s: unsupported SBI extension 0x%llx -> SBI_ERR_NOT_SUPPORTED%s\n",
		  g->cfg->name, (unsigned long long)ext,
		  g->nr_logged_ext > max ? " (further ones not logged)" : "");
}

void vsbi_dispatch(struct vcpu *v)
{
	uint64_t *x = v->arch.regs.x;
	const uint64_t args[6] = {
		x[REG_A0], x[REG_A1], x[REG_A2], x[REG_A3], x[REG_A4], x[REG_A5]
	};
	const struct vsbi_ext *e = vsbi_find(x[REG_A7]);
	struct sbi_ret r = { SBI_ERR_NOT_SUPPORTED, 0 };

	/* Step first: a call that blocks the vCPU resumes after the ecall. */
	v->arch.regs.pc += 4;
	if (e)
		r = e->call(v, x[REG_A7], x[REG_A6], args);
	else
		vsbi_log_unknown(v->guest, x[REG_A7]);
	trace_exit_sbi(x[REG_A7], x[REG_A6], args[0], r.error, r.value);
	if (v->regs_reset)
		return; /* the call replaced the registers (reboot, non-retentive suspend) */
	x[REG_A0] = (uint64_t)r.error;
	if (!e || !e->legacy)
		x[REG_A1] = (uint64_t)r.value;
}

static struct sbi_ret base_call(struct vcpu *v, uint64_t ext, uint64_t fid, const uint64_t *args)
{
	(void)v;
	(void)ext;
	switch (fid) {
	case 0:
		return (struct sbi_ret){ SBI_SUCCESS, SBI_SPEC_VERSION };
	case 1:
		return (struct sbi_ret){ SBI_SUCCESS, SBI_IMPL_ID_RVHYP };
	case 2:
		return (struct sbi_ret){ SBI_SUCCESS, PVABI_VERSION };
	case 3:
		return (struct sbi_ret){ SBI_SUCCESS, vsbi_find(args[0]) != NULL };
	case 4: /* mvendorid, marchid, mimpid: a virtual hart of no vendor */
	case 5:
	case 6:
		return (struct sbi_ret){ SBI_SUCCESS, 0 };
	default:
		return (struct sbi_ret){ SBI_ERR_NOT_SUPPORTED, 0 };
	}
}

const struct vsbi_ext vsbi_ext_base = {
	.id_min = SBI_EXT_BASE,
	.id_max = SBI_EXT_BASE,
	.name = "BASE",
	.call = base_call,
	VSBI_FIDS("get_spec_version", "get_impl_id", "get_impl_version", "probe_extension",
		  "get_mvendorid", "get_marchid", "get_mimpid"),
};
