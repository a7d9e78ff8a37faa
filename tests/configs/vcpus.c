/* SPDX-License-Identifier: MIT */
/* vcpus.c - test configuration: a guest with two vCPUs (tg-vcpus), beside a normal kernel. */
#include "hyp/core/config.h"

HYP_IMAGE(vcpus_image, "tg-vcpus.bin");
HYP_IMAGE(pv_kernel, "guest-kernel.bin");

const struct guest_config hyp_config[] = {
	{ .name = "vc",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(vcpus_image),
	  .vcpus = 2 },
	{ .name = "pv0",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(pv_kernel),
	  .cmdline = "ticks=3 interval_ms=20" },
};
HYP_CONFIG_COUNT(hyp_config);
