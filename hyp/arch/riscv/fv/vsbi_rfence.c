/* SPDX-License-Identifier: MIT */
/*
 * vsbi_rfence.c - SBI RFENCE: remote fences on the guest's one hart, done
 * here by flushing its whole VS-stage TLB (exact enough; the guest asked for
 * no less). The hypervisor-fence functions are for nested hypervisors: not
 * offered.
 */
#include "arch/vsbi.h"
#include "hyp/core/arch.h"

enum { RFENCE_FENCE_I, RFENCE_SFENCE_VMA, RFENCE_SFENCE_VMA_ASID };

static struct sbi_ret rfence_call(struct vcpu *v, uint64_t ext, uint64_t fid,
				  const uint64_t *args)
{
	long err;

	(void)ext;
	if (fid > RFENCE_SFENCE_VMA_ASID)
		return (struct sbi_ret){ SBI_ERR_NOT_SUPPORTED, 0 };
	if (!vsbi_hart_mask_self(args[0], args[1], &err))
		return (struct sbi_ret){ err, 0 };
	if (fid == RFENCE_FENCE_I)
		__asm__ __volatile__("fence.i" ::: "memory");
	else
		arch_vcpu_flush_tlb(v);
	return (struct sbi_ret){ SBI_SUCCESS, 0 };
}

const struct vsbi_ext vsbi_ext_rfence = {
	.id_min = SBI_EXT_RFENCE, .id_max = SBI_EXT_RFENCE, .name = "RFENCE",
	.call = rfence_call,
	VSBI_FIDS("remote_fence_i", "remote_sfence_vma", "remote_sfence_vma_asid"),
};
