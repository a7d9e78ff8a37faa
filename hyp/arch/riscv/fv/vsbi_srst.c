/* SPDX-License-Identifier: MIT */
/*
 * vsbi_srst.c - SBI SRST: a guest's system reset acts on that guest only.
 * Shutdown stops it; cold and warm reboot both rebuild it from its image
 * with freshly scrubbed memory (nothing survives a warm reboot either).
 */
#include "arch/vsbi.h"
#include "hyp/core/guest.h"

static struct sbi_ret srst_call(struct vcpu *v, uint64_t ext, uint64_t fid, const uint64_t *args)
{
	uint64_t type = args[0], reason = args[1];

	(void)ext;
	if (fid != 0)
		return (struct sbi_ret){ SBI_ERR_NOT_SUPPORTED, 0 };
	if (type > SBI_SRST_WARM_REBOOT || reason > SBI_SRST_REASON_FAILURE)
		return (struct sbi_ret){ SBI_ERR_INVALID_PARAM, 0 };
	if (type != SBI_SRST_SHUTDOWN)
		guest_request_reboot(v->guest);
	else if (reason == SBI_SRST_REASON_FAILURE)
		guest_stop(v->guest, GUEST_CRASHED, "reported a system failure (SBI SRST)");
	else
		guest_stop(v->guest, GUEST_SHUTDOWN, "powered off (SBI SRST)");
	return (struct sbi_ret){ SBI_SUCCESS, 0 };
}

const struct vsbi_ext vsbi_ext_srst = {
	.id_min = SBI_EXT_SRST,
	.id_max = SBI_EXT_SRST,
	.name = "SRST",
	.call = srst_call,
	VSBI_FIDS("system_reset"),
};
