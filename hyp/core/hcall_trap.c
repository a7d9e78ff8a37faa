/* SPDX-License-Identifier: MIT */
/* hcall_trap.c - set_trap_table: where a PV kernel takes its exceptions. */
#include "hyp/arch.h"
#include "hyp/hcall.h"

int64_t hcall_set_trap_table(struct vcpu *v, const uint64_t args[5], uint64_t *value)
{
	uint64_t entry = args[0];

	(void)value;
	if (entry & 3)
		return -PVABI_EINVAL;
	/* The kernel must be able to run there now, or its first trap would loop. */
	if (entry && arch_guest_check_exec(GVA(entry)))
		return -PVABI_EFAULT;
	v->trap_entry = entry;
	arch_vcpu_set_trap_entry(v, entry);
	return 0;
}
