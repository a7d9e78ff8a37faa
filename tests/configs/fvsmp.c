/* SPDX-License-Identifier: MIT */
/*
 * fvsmp.c - test configuration: the FV test guest of three harts
 * (tests/guests/fvsmp.c), which checks SBI HSM, IPI and RFENCE across its
 * vCPUs and ends by stopping its last started hart.
 */
#include "hyp/core/config.h"

HYP_IMAGE(fvsmp_image, "fvtg-fvsmp.bin");

const struct guest_config hyp_config[] = {
	{ .name = "fvsmp",
	  .mode = GUEST_FV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(fvsmp_image),
	  .cmdline = "",
	  .vcpus = 3 },
};
HYP_CONFIG_COUNT(hyp_config);
