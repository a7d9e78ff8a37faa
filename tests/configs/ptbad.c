/* SPDX-License-Identifier: MIT */
/* ptbad.c - test configuration: forbidden page-table operations, beside a normal kernel. */
#include "hyp/core/config.h"
#include "tests/configs/bystander.h"

HYP_IMAGE(ptbad_image, "tg-ptbad.bin");

const struct guest_config hyp_config[] = {
	{ .name = "ptw",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(ptbad_image),
	  .cmdline = "ptwrite" },
	{ .name = "mmu",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(ptbad_image),
	  .cmdline = "mmu" },
	{ .name = "satp",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(ptbad_image),
	  .cmdline = "satp" },
	TEST_BYSTANDER_PV0,
};
HYP_CONFIG_COUNT(hyp_config);
