/* SPDX-License-Identifier: MIT */
/*
 * isolation.c - test configuration: the hog (an attacker chosen with
 * args.hog=MODE) beside the meter (which measures its CPU share and timer
 * latency) for the time-isolation tests and scripts/isolation.py.
 */
#include "hyp/core/config.h"

HYP_IMAGE(hog_image, "tg-hog.bin");
HYP_IMAGE(meter_image, "tg-meter.bin");

const struct guest_config hyp_config[] = {
	{ .name = "hog",
	  .mode = GUEST_PV,
	  .mem_size = 64 * MiB,
	  HYP_IMAGE_REF(hog_image),
	  .cmdline = "spin" },
	{ .name = "meter", .mode = GUEST_PV, .mem_size = 4 * MiB, HYP_IMAGE_REF(meter_image) },
};
HYP_CONFIG_COUNT(hyp_config);
