/* SPDX-License-Identifier: MIT */
/*
 * bench_hcall.c - the hypercall round-trip benchmark (tests/guests/hcbench.c)
 * alone: nothing else runs, so every instruction counted is its own.
 */
#include "hyp/core/config.h"

HYP_IMAGE(hcbench_image, "tg-hcbench.bin");

const struct guest_config hyp_config[] = {
	{ .name = "hc",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(hcbench_image),
	  .cmdline = "" },
};
HYP_CONFIG_COUNT(hyp_config);
