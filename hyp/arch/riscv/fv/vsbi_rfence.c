/* SPDX-License-Identifier: MIT */
/*
 * vsbi_rfence.c - SBI RFENCE: remote fences on the guest's harts (vCPUs)
 * the hart list names. All vCPUs of a guest run on its one home hart and
 * share its VMID (docs/architecture.md, "Several harts"), so one local fence
 * covers every target: fence.i for the instruction cache, and for
 * sfence.vma (with or without an ASID, any range) a flush of every VS-stage
 * translation of the guest's VMID on this hart (hfence.vvma with the
 * caller's hgatp loaded) - exact enough; the guest asked for no less. A
 * vCPU that is not loaded now gets no translation of its own meanwhile: the
 * next load fences the hart's guest translations anyway (vcpu.c). The
 * hypervisor-fence functions are for guests with the H extension, which an
 * FV guest does not have: SBI_ERR_NOT_SUPPORTED, as the spec allows.
 */
#include "arch/vsbi.h"
#include "hyp/core/arch.h"
#include "hyp/core/guest.h"

enum { RFENCE_FENCE_I, RFENCE_SFENCE_VMA, RFENCE_SFENCE_VMA_ASID };

void vsbi_fence(struct vcpu *v, bool fence_i)
{
	if (fence_i)
		__asm__ __volatile__("fence.i" ::: "memory");
	else
		arch_vcpu_flush_tlb(v);
}

static struct sbi_ret rfence_call(struct vcpu *v, uint64_t ext, uint64_t fid, const uint64_t *args)
{
	uint32_t harts;
	long err;

	(void)ext;
	if (fid > RFENCE_SFENCE_VMA_ASID)
		return (struct sbi_ret){ SBI_ERR_NOT_SUPPORTED, 0 };
	err = vsbi_hart_mask(args[0], args[1], v->guest->nr_vcpus, &harts);
	if (err == SBI_SUCCESS && harts)
		vsbi_fence(v, fid == RFENCE_FENCE_I);
	return (struct sbi_ret){ err, 0 };
}

const struct vsbi_ext vsbi_ext_rfence = {
	.id_min = SBI_EXT_RFENCE,
	.id_max = SBI_EXT_RFENCE,
	.name = "RFENCE",
	.call = rfence_call,
	VSBI_FIDS("remote_fence_i", "remote_sfence_vma", "remote_sfence_vma_asid"),
};
