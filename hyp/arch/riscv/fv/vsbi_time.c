/* SPDX-License-Identifier: MIT */
/* vsbi_time.c - SBI TIME: the one-shot timer of an FV guest's hart (virq.h). */
#include "arch/vsbi.h"
#include "hyp/fv/virq.h"

static struct sbi_ret time_call(struct vcpu *v, uint64_t ext, uint64_t fid, const uint64_t *args)
{
	(void)ext;
	if (fid != 0)
		return (struct sbi_ret){ SBI_ERR_NOT_SUPPORTED, 0 };
	virq_set_timer(v, args[0]);
	return (struct sbi_ret){ SBI_SUCCESS, 0 };
}

const struct vsbi_ext vsbi_ext_time = {
	.id_min = SBI_EXT_TIME,
	.id_max = SBI_EXT_TIME,
	.name = "TIME",
	.call = time_call,
	VSBI_FIDS("set_timer"),
};
