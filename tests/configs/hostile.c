/* SPDX-License-Identifier: MIT */
/*
 * hostile.c - test configuration of the isolation tests: the bystander "ck"
 * (tests/guests/cksum.c) and the hostile guest "h" (tests/guests/hostile.c),
 * whose case the test picks with args.h=case=NAME.
 *
 * ck comes first so that its frames, and the hypervisor's, lie at host
 * addresses that h's 8 MiB of guest-physical RAM (0x80000000..0x80800000)
 * spans: h's reads and writes there must land in its own pages.
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
	  .cmdline = "case=none" },
};
HYP_CONFIG_COUNT(hyp_config);
