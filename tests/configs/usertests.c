/* SPDX-License-Identifier: MIT */
/*
 * usertests.c - test configuration: two PV guests run usertests at the same
 * time, then power off. pv1 ignores the start info's zero ranges, so its
 * allocator swaps dirty pages for zeroed ones with memory_op all along.
 */
#include "hyp/core/config.h"

HYP_IMAGE(pv_kernel, "guest-kernel.bin");

const struct guest_config hyp_config[] = {
	{ .name = "pv0",
	  .mode = GUEST_PV,
	  .mem_size = 16 * MiB,
	  HYP_IMAGE_REF(pv_kernel),
	  .cmdline = "rc=/etc/usertests.rc" },
	{ .name = "pv1",
	  .mode = GUEST_PV,
	  .mem_size = 16 * MiB,
	  HYP_IMAGE_REF(pv_kernel),
	  .cmdline = "rc=/etc/usertests.rc zeroinfo=0" },
};
HYP_CONFIG_COUNT(hyp_config);
