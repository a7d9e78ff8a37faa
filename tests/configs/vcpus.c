/* SPDX-License-Identifier: MIT */
/* vcpus.c - test configuration: a guest with two vCPUs (tg-vcpus), beside a normal kernel. */
#include "hyp/core/config.h"
#include "tests/configs/bystander.h"

HYP_IMAGE(vcpus_image, "tg-vcpus.bin");

const struct guest_config hyp_config[] = {
	{ .name = "vc",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(vcpus_image),
	  .vcpus = 2 },
	TEST_BYSTANDER_PV0,
};
HYP_CONFIG_COUNT(hyp_config);
