/* SPDX-License-Identifier: MIT */
/*
 * vsbi_ipi.c - SBI IPI: a guest has one hart, so an IPI can only go to
 * itself (a supervisor software interrupt); any other hart is invalid.
 */
#include "arch/vsbi.h"
#include "hyp/fv/virq.h"

static struct sbi_ret ipi_call(struct vcpu *v, uint64_t ext, uint64_t fid, const uint64_t *args)
{
	long err;

	(void)ext;
	if (fid != 0)
		return (struct sbi_ret){ SBI_ERR_NOT_SUPPORTED, 0 };
	if (vsbi_hart_mask_self(args[0], args[1], &err))
		virq_send_soft(v);
	return (struct sbi_ret){ err, 0 };
}

const struct vsbi_ext vsbi_ext_ipi = {
	.id_min = SBI_EXT_IPI, .id_max = SBI_EXT_IPI, .name = "IPI", .call = ipi_call,
	VSBI_FIDS("send_ipi"),
};
