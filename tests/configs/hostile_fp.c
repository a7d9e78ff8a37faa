/* SPDX-License-Identifier: MIT */
/*
 * hostile_fp.c - test configuration of the isolation tests: two hostile
 * guests that share the hart's floating-point registers unless the
 * hypervisor keeps them apart ("h" leaves a secret in them, "spy" looks),
 * beside the bystander "ck".
 */
#include "hyp/core/config.h"

HYP_IMAGE(cksum_image, "tg-cksum.bin");
HYP_IMAGE(hostile_image, "tg-hostile.bin");

const struct guest_config hyp_config[] = {
	{ .name = "ck",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(cksum_image),
	  .cmdline = "rounds=20 interval_ms=5" },
	{ .name = "h",
	  .mode = GUEST_PV,
	  .mem_size = 8 * MiB,
	  HYP_IMAGE_REF(hostile_image),
	  .cmdline = "case=fp_secret" },
	{ .name = "spy",
	  .mode = GUEST_PV,
	  .mem_size = 8 * MiB,
	  HYP_IMAGE_REF(hostile_image),
	  .cmdline = "case=fp_spy" },
};
HYP_CONFIG_COUNT(hyp_config);
