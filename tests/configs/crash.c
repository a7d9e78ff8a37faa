/* SPDX-License-Identifier: MIT */
/* crash.c - test configuration: three ways to crash, beside a normal kernel. */
#include "hyp/core/config.h"

HYP_IMAGE(crash_image, "tg-crash.bin");
HYP_IMAGE(pv_kernel, "guest-kernel.bin");

const struct guest_config hyp_config[] = {
	{ .name = "ill",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(crash_image),
	  .cmdline = "illegal" },
	{ .name = "wild",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(crash_image),
	  .cmdline = "wild" },
	{ .name = "rep",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(crash_image),
	  .cmdline = "report" },
	{ .name = "pv0",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(pv_kernel),
	  .cmdline = "ticks=5 interval_ms=20" },
};
HYP_CONFIG_COUNT(hyp_config);
