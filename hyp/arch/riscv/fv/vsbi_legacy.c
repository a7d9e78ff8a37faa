/* SPDX-License-Identifier: MIT */
/*
 * vsbi_legacy.c - the SBI v0.1 calls (extension IDs 0 to 8), still used by
 * older kernels and boot loaders: timer, console byte I/O, IPIs, fences,
 * shutdown. Each returns one value in a0.
 */
#include "arch/vsbi.h"
#include "hyp/core/arch.h"
#include "hyp/core/console.h"
#include "hyp/core/guest.h"
#include "hyp/fv/virq.h"

enum {
	LEGACY_SET_TIMER,
	LEGACY_PUTCHAR,
	LEGACY_GETCHAR,
	LEGACY_CLEAR_IPI,
	LEGACY_SEND_IPI,
	LEGACY_FENCE_I,
	LEGACY_SFENCE_VMA,
	LEGACY_SFENCE_VMA_ASID,
	LEGACY_SHUTDOWN,
};

/*
 * The v0.1 hart mask is a pointer to it in guest memory (its first 64
 * harts); 0 means every hart. *harts: a bit per vCPU named.
 */
static long legacy_mask(struct vcpu *v, uint64_t ptr, uint32_t *harts)
{
	uint64_t mask;

	*harts = 0;
	if (!ptr)
		return vsbi_hart_mask(0, UINT64_MAX, v->guest->nr_vcpus, harts);
	if (arch_copy_from_guest(&mask, GVA(ptr), sizeof(mask)))
		return SBI_ERR_INVALID_ADDRESS;
	return vsbi_hart_mask(mask, 0, v->guest->nr_vcpus, harts);
}

static struct sbi_ret legacy_call(struct vcpu *v, uint64_t ext, uint64_t fid, const uint64_t *args)
{
	struct guest *g = v->guest;
	uint32_t harts;
	char c;
	long err;

	(void)fid;
	switch (ext) {
	case LEGACY_SET_TIMER:
		virq_set_timer(v, args[0]);
		return (struct sbi_ret){ 0, 0 };
	case LEGACY_PUTCHAR:
		c = (char)args[0];
		console_write(&g->con, &c, 1);
		return (struct sbi_ret){ 0, 0 };
	case LEGACY_GETCHAR:
		if (console_read(&g->con, &c, 1))
			return (struct sbi_ret){ (unsigned char)c, 0 };
		console_show(&g->con); /* polling for input: show its prompt */
		return (struct sbi_ret){ -1, 0 };
	case LEGACY_CLEAR_IPI:
		arch_vcpu_set_irq(v, ARCH_VIRQ_SOFT, false);
		return (struct sbi_ret){ 0, 0 };
	case LEGACY_SEND_IPI:
		if ((err = legacy_mask(v, args[0], &harts)) == 0)
			vsbi_send_ipis(g, harts);
		return (struct sbi_ret){ err, 0 };
	case LEGACY_FENCE_I:
	case LEGACY_SFENCE_VMA:
	case LEGACY_SFENCE_VMA_ASID:
		/* One local fence serves every vCPU of the guest (vsbi_rfence.c). */
		if ((err = legacy_mask(v, args[0], &harts)) == 0 && harts)
			vsbi_fence(v, ext == LEGACY_FENCE_I);
		return (struct sbi_ret){ err, 0 };
	default: /* LEGACY_SHUTDOWN */
		guest_stop(g, GUEST_SHUTDOWN, "powered off (legacy SBI shutdown)");
		return (struct sbi_ret){ 0, 0 };
	}
}

const struct vsbi_ext vsbi_ext_legacy = {
	.id_min = SBI_EXT_LEGACY_SET_TIMER,
	.id_max = SBI_EXT_LEGACY_SHUTDOWN,
	.name = "legacy",
	.call = legacy_call,
	.legacy = true,
	VSBI_FIDS("set_timer", "console_putchar", "console_getchar", "clear_ipi", "send_ipi",
		  "remote_fence_i", "remote_sfence_vma", "remote_sfence_vma_asid", "shutdown"),
};
