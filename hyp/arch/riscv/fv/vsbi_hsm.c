/* SPDX-License-Identifier: MIT */
/*
 * vsbi_hsm.c - SBI HSM for a guest of one hart: hart 0 is always started;
 * stopping it ends the guest; a default (retentive) suspend is a WFI.
 */
#include "arch/vsbi.h"
#include "hyp/core/guest.h"
#include "hyp/core/sched.h"
#include "hyp/fv/virq.h"

enum { HSM_START, HSM_STOP, HSM_STATUS, HSM_SUSPEND };
#define HSM_STATE_STARTED 0
#define HSM_SUSPEND_RETENTIVE 0u
#define HSM_SUSPEND_NON_RETENTIVE 0x80000000u

static struct sbi_ret hsm_call(struct vcpu *v, uint64_t ext, uint64_t fid, const uint64_t *args)
{
	(void)ext;
	switch (fid) {
	case HSM_START:
		return (struct sbi_ret){ args[0] == 0 ? SBI_ERR_ALREADY_AVAILABLE
						      : SBI_ERR_INVALID_PARAM, 0 };
	case HSM_STOP:
		guest_stop(v->guest, GUEST_SHUTDOWN, "stopped its only hart (SBI HSM hart_stop)");
		return (struct sbi_ret){ SBI_SUCCESS, 0 };
	case HSM_STATUS:
		if (args[0] != 0)
			return (struct sbi_ret){ SBI_ERR_INVALID_PARAM, 0 };
		return (struct sbi_ret){ SBI_SUCCESS, HSM_STATE_STARTED };
	case HSM_SUSPEND:
		if ((uint32_t)args[0] == HSM_SUSPEND_NON_RETENTIVE)
			return (struct sbi_ret){ SBI_ERR_NOT_SUPPORTED, 0 };
		if ((uint32_t)args[0] != HSM_SUSPEND_RETENTIVE || args[0] >> 32)
			return (struct sbi_ret){ SBI_ERR_INVALID_PARAM, 0 };
		if (!virq_pending(v))
			sched_block(v);
		return (struct sbi_ret){ SBI_SUCCESS, 0 };
	default:
		return (struct sbi_ret){ SBI_ERR_NOT_SUPPORTED, 0 };
	}
}

const struct vsbi_ext vsbi_ext_hsm = {
	.id_min = SBI_EXT_HSM, .id_max = SBI_EXT_HSM, .name = "HSM", .call = hsm_call,
	VSBI_FIDS("hart_start", "hart_stop", "hart_get_status", "hart_suspend"),
};
