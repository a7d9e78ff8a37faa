/* SPDX-License-Identifier: MIT */
/*
 * fvbad.c - test configuration: the hostile FV guest (tests/guests/fvbad.c),
 * which ends by making itself unrunnable, beside a PV kernel that must tick
 * and power off normally.
 */
#include "hyp/core/config.h"

HYP_IMAGE(fvbad_image, "fvtg-fvbad.bin");
HYP_IMAGE(pv_kernel, "guest-kernel.bin");

const struct guest_config hyp_config[] = {
	{ .name = "fvbad",
	  .mode = GUEST_FV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(fvbad_image),
	  .cmdline = "" },
	{ .name = "pv0",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(pv_kernel),
	  .cmdline = "ticks=5 interval_ms=20" },
};
HYP_CONFIG_COUNT(hyp_config);
