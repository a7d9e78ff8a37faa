/* SPDX-License-Identifier: MIT */
/*
 * hcall_trap.c - set_trap_table and set_callbacks: where a PV kernel takes
 * its exceptions and its events (upcalls).
 */
#include "hyp/core/arch.h"
#include "hyp/pv/hcall.h"

/* An entry point the kernel can run at now: aligned, mapped executable. */
static int64_t check_entry(uint64_t entry)
{
	if (entry & 3)
		return -PVABI_EINVAL;
	/* Else its first trap or upcall would fault again at once, forever. */
	if (entry && arch_guest_check_exec(GVA(entry)))
		return -PVABI_EFAULT;
	return 0;
}

int64_t hcall_set_trap_table(struct vcpu *v, const uint64_t args[5], uint64_t *value)
{
	uint64_t entry = args[0];
	int64_t err = check_entry(entry);

	(void)value;
	if (err)
		return err;
	v->trap_entry = entry;
	arch_vcpu_set_trap_entry(v, entry);
	return 0;
}

int64_t hcall_set_callbacks(struct vcpu *v, const uint64_t args[5], uint64_t *value)
{
	uint64_t entry = args[0];
	int64_t err = check_entry(entry);

	(void)value;
	if (err)
		return err;
	v->event_entry = entry;
	return 0;
}
