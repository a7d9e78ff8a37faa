/* SPDX-License-Identifier: MIT */
/*
 * memop.c - test configuration: giving pages back and taking zeroed ones, one
 * guest touching a page it gave back.
 */
#include "hyp/core/config.h"
#include "tests/configs/bystander.h"

HYP_IMAGE(memop_image, "tg-memop.bin");

const struct guest_config hyp_config[] = {
	{ .name = "mem", .mode = GUEST_PV, .mem_size = 4 * MiB, HYP_IMAGE_REF(memop_image) },
	{ .name = "touch",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(memop_image),
	  .cmdline = "touch" },
	TEST_BYSTANDER_PV0,
};
HYP_CONFIG_COUNT(hyp_config);
