/* SPDX-License-Identifier: MIT */
/* hcall_version.c - the version hypercall: ABI version and per-call probing. */
#include "hyp/pv/hcall.h"

int64_t hcall_version(struct vcpu *v, const uint64_t args[5], uint64_t *value)
{
	(void)v;
	switch (args[0]) {
	case PVABI_VER_abi:
		*value = PVABI_VERSION;
		return 0;
	case PVABI_VER_probe:
		return hcall_implemented(args[1]) ? 0 : -PVABI_ENOSYS;
	default:
		return -PVABI_ENOSYS;
	}
}
