/* SPDX-License-Identifier: MIT */
/* badcall.c - test configuration: a guest making bad calls beside a normal kernel. */
#include "hyp/core/config.h"

HYP_IMAGE(badcall_image, "tg-badcall.bin");
HYP_IMAGE(pv_kernel, "guest-kernel.bin");

const struct guest_config hyp_config[] = {
	{ .name = "bad", .mode = GUEST_PV, .mem_size = 4 * MiB, HYP_IMAGE_REF(badcall_image) },
	{ .name = "pv0",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(pv_kernel),
	  .cmdline = "ticks=3 interval_ms=20" },
};
HYP_CONFIG_COUNT(hyp_config);
