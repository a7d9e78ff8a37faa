/* SPDX-License-Identifier: MIT */
/*
 * memop.c - test configuration: giving pages back and taking zeroed ones, one
 * guest touching a page it gave back.
 */
#include "hyp/core/config.h"

HYP_IMAGE(memop_image, "tg-memop.bin");
HYP_IMAGE(pv_kernel, "guest-kernel.bin");

const struct guest_config hyp_config[] = {
	{ .name = "mem", .mode = GUEST_PV, .mem_size = 4 * MiB, HYP_IMAGE_REF(memop_image) },
	{ .name = "touch",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(memop_image),
	  .cmdline = "touch" },
	{ .name = "pv0",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(pv_kernel),
	  .cmdline = "ticks=3 interval_ms=20" },
};
HYP_CONFIG_COUNT(hyp_config);
