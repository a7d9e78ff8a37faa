/* SPDX-License-Identifier: MIT */
/* cksum.c - test configuration: the bystander guest alone (its sum checked on the host). */
#include "hyp/core/config.h"

HYP_IMAGE(cksum_image, "tg-cksum.bin");

const struct guest_config hyp_config[] = {
	{ .name = "ck",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(cksum_image),
	  .cmdline = "rounds=20 interval_ms=5" },
};
HYP_CONFIG_COUNT(hyp_config);
