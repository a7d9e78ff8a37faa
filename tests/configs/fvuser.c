/* SPDX-License-Identifier: MIT */
/*
 * fvuser.c - test configuration: two FV guests running code in their own
 * U-mode (tests/guests/fvuser.c), one opening the counters to its users and
 * one closing them, each of which must keep its own supervisor state while
 * the other runs; both power off.
 */
#include "hyp/core/config.h"

HYP_IMAGE(fvuser_image, "fvtg-fvuser.bin");

const struct guest_config hyp_config[] = {
	{ .name = "uon",
	  .mode = GUEST_FV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(fvuser_image),
	  .cmdline = "counters=on" },
	{ .name = "uoff",
	  .mode = GUEST_FV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(fvuser_image),
	  .cmdline = "counters=off" },
};
HYP_CONFIG_COUNT(hyp_config);
