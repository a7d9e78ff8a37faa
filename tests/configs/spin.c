/* SPDX-License-Identifier: MIT */
/* spin.c - test configuration: a guest that never yields, beside a normal kernel. */
#include "hyp/core/config.h"

HYP_IMAGE(spin_image, "tg-spin.bin");
HYP_IMAGE(pv_kernel, "guest-kernel.bin");

const struct guest_config hyp_config[] = {
	{ .name = "spin", .mode = GUEST_PV, .mem_size = 4 * MiB, HYP_IMAGE_REF(spin_image) },
	{ .name = "pv0",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(pv_kernel),
	  .cmdline = "ticks=5 interval_ms=50" },
};
HYP_CONFIG_COUNT(hyp_config);
