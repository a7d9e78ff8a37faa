/* SPDX-License-Identifier: MIT */
/* trap.c - test configuration: guests taking their own exceptions, one breaking vsatp. */
#include "hyp/core/config.h"
#include "tests/configs/bystander.h"

HYP_IMAGE(trap_image, "tg-trap.bin");

const struct guest_config hyp_config[] = {
	{ .name = "trap", .mode = GUEST_PV, .mem_size = 4 * MiB, HYP_IMAGE_REF(trap_image) },
	{ .name = "satp",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(trap_image),
	  .cmdline = "satp" },
	TEST_BYSTANDER_PV0,
};
HYP_CONFIG_COUNT(hyp_config);
