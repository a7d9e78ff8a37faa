/* SPDX-License-Identifier: MIT */
/*
 * vswalk.c - whether the guest kernel may execute at an address (for the
 * trap and event entries it registers): hlvx checks both stages, but QEMU
 * 7.2's hlvx does not apply the VS-stage X bit, so the guest's own Sv39
 * tables are walked here too. A wrong entry must be refused at registration:
 * the first trap through it would fault at its own vector for ever.
 */
#include <pvabi/errno.h>

#include "arch/csr.h"
#include "arch/pte.h"
#include "hyp/core/arch.h"
#include "hyp/core/guest.h"
#include "hyp/core/sched.h"

#define SATP_MODE_SHIFT 60
#define SATP_MODE_BARE 0
#define SATP_MODE_SV39 8
#define SATP_PPN_MASK ((1ull << 44) - 1)

int riscv_guest_hlvx_check(gva_t va);

/* The 8 bytes at guest-physical gpa, if the guest has RAM there. */
static bool read_pte(struct guest *g, uint64_t gpa, uint64_t *pte)
{
	const uint64_t *p = guest_phys(g, GPA(gpa));

	if (p)
		*pte = *p;
	return p != NULL;
}

/* The leaf that maps va in the loaded vCPU's Sv39 tables: X set, U clear. */
static int vs_exec_ok(struct guest *g, uint64_t satp, uint64_t va)
{
	uint64_t table = (satp & SATP_PPN_MASK) << PAGE_SHIFT;

	if ((uint64_t)((int64_t)(va << 25) >> 25) != va)
		return -PVABI_EFAULT; /* not a canonical Sv39 address */
	for (int level = 2; level >= 0; level--) {
		uint64_t pte;

		if (!read_pte(g, table + ((va >> (PAGE_SHIFT + 9 * level)) & 511) * 8, &pte) ||
		    !(pte & PTE_V))
			return -PVABI_EFAULT;
		if (pte & PTE_LEAF)
			return (pte & PTE_X) && !(pte & PTE_U) ? 0 : -PVABI_EFAULT;
		table = (pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT << PAGE_SHIFT;
	}
	return -PVABI_EFAULT;
}

int arch_guest_check_exec(gva_t va)
{
	struct vcpu *v = sched_current();
	uint64_t satp = csr_read(vsatp);

	if (riscv_guest_hlvx_check(va))
		return -PVABI_EFAULT;
	if (!v || satp >> SATP_MODE_SHIFT == SATP_MODE_BARE)
		return 0; /* paging off: hlvx checked the G-stage's X */
	if (satp >> SATP_MODE_SHIFT != SATP_MODE_SV39)
		return -PVABI_EFAULT;
	return vs_exec_ok(v->guest, satp, va.val);
}
