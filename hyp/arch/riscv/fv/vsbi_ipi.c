/* SPDX-License-Identifier: MIT */
/*
 * vsbi_ipi.c - SBI IPI: a supervisor software interrupt (the VSSIP line) to
 * each of the guest's harts (vCPUs) the hart list names, waking one blocked
 * in WFI. A stopped hart is a valid target that takes nothing, as OpenSBI
 * treats one; a hart the guest does not have is SBI_ERR_INVALID_PARAM.
 */
#include "arch/vsbi.h"
#include "hyp/core/guest.h"
#include "hyp/fv/virq.h"

_Static_assert(GUEST_VCPU_MAX <= VSBI_HARTS_MAX, "a hart mask bit for every vCPU");

void vsbi_send_ipis(struct guest *g, uint32_t harts)
{
	for (unsigned i = 0; i < g->nr_vcpus; i++)
		if (harts & (1u << i))
			virq_send_soft(&g->vcpus[i]);
}

static struct sbi_ret ipi_call(struct vcpu *v, uint64_t ext, uint64_t fid, const uint64_t *args)
{
	uint32_t harts;
	long err;

	(void)ext;
	if (fid != 0)
		return (struct sbi_ret){ SBI_ERR_NOT_SUPPORTED, 0 };
	err = vsbi_hart_mask(args[0], args[1], v->guest->nr_vcpus, &harts);
	if (err == SBI_SUCCESS)
		vsbi_send_ipis(v->guest, harts);
	return (struct sbi_ret){ err, 0 };
}

const struct vsbi_ext vsbi_ext_ipi = {
	.id_min = SBI_EXT_IPI,
	.id_max = SBI_EXT_IPI,
	.name = "IPI",
	.call = ipi_call,
	VSBI_FIDS("send_ipi"),
};
