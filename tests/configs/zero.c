/* SPDX-License-Identifier: MIT */
/* zero.c - test configuration: a guest checking it gets zeroed memory, across reboots. */
#include "hyp/core/config.h"

HYP_IMAGE(zero_image, "tg-zerocheck.bin");
HYP_IMAGE(pv_kernel, "guest-kernel.bin");

const struct guest_config hyp_config[] = {
	{ .name = "zero",
	  .mode = GUEST_PV,
	  .mem_size = 8 * MiB,
	  HYP_IMAGE_REF(zero_image),
	  .cmdline = "reboot" },
	{ .name = "pv0",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(pv_kernel),
	  .cmdline = "ticks=0 interval_ms=50" },
};
HYP_CONFIG_COUNT(hyp_config);
