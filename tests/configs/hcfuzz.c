/* SPDX-License-Identifier: MIT */
/*
 * hcfuzz.c - test configuration: the random hypercall generator "fz" beside
 * the bystander "ck", whose checksum must come out right whatever fz does.
 * The seed and the number of calls come from the command line:
 * -append "args.fz=seed=N,calls=N".
 */
#include "hyp/core/config.h"

HYP_IMAGE(hcfuzz_image, "tg-hcfuzz.bin");
HYP_IMAGE(cksum_image, "tg-cksum.bin");

const struct guest_config hyp_config[] = {
	{ .name = "fz",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(hcfuzz_image),
	  .cmdline = "seed=1 calls=2000" },
	{ .name = "ck",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(cksum_image),
	  .cmdline = "rounds=40 interval_ms=5" },
};
HYP_CONFIG_COUNT(hyp_config);
