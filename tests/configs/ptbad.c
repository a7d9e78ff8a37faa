/* SPDX-License-Identifier: MIT */
/* ptbad.c - test configuration: forbidden page-table operations, beside a normal kernel. */
#include "hyp/core/config.h"

HYP_IMAGE(ptbad_image, "tg-ptbad.bin");
HYP_IMAGE(pv_kernel, "guest-kernel.bin");

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
	{ .name = "pv0",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(pv_kernel),
	  .cmdline = "ticks=3 interval_ms=20" },
};
HYP_CONFIG_COUNT(hyp_config);
