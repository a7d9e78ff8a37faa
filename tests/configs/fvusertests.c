/* SPDX-License-Identifier: MIT */
/*
 * fvusertests.c - test configuration: two fully virtualized guests of the
 * unmodified kernel run usertests at the same time, then power off.
 */
#include "hyp/core/config.h"

HYP_IMAGE(fv_kernel, "guest-kernel-fv.bin");

const struct guest_config hyp_config[] = {
	{ .name = "fv0",
	  .mode = GUEST_FV,
	  .mem_size = 16 * MiB,
	  HYP_IMAGE_REF(fv_kernel),
	  .cmdline = "rc=/etc/usertests.rc" },
	{ .name = "fv1",
	  .mode = GUEST_FV,
	  .mem_size = 16 * MiB,
	  HYP_IMAGE_REF(fv_kernel),
	  .cmdline = "rc=/etc/usertests.rc" },
};
HYP_CONFIG_COUNT(hyp_config);
