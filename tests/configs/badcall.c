/* SPDX-License-Identifier: MIT */
/* badcall.c - test configuration: a guest making bad calls beside a normal kernel. */
#include "hyp/core/config.h"
#include "tests/configs/bystander.h"

HYP_IMAGE(badcall_image, "tg-badcall.bin");

const struct guest_config hyp_config[] = {
	{ .name = "bad", .mode = GUEST_PV, .mem_size = 4 * MiB, HYP_IMAGE_REF(badcall_image) },
	TEST_BYSTANDER_PV0,
};
HYP_CONFIG_COUNT(hyp_config);
