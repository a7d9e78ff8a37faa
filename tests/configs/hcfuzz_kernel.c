/* SPDX-License-Identifier: MIT */
/*
 * hcfuzz_kernel.c - test configuration: the random hypercall generator "fz"
 * beside the real PV guest kernel running usertests (every system call and
 * a frame-leak check), which must pass whatever fz does. The seed and the
 * number of calls come from -append "args.fz=seed=N,calls=N".
 */
#include "hyp/core/config.h"

HYP_IMAGE(hcfuzz_image, "tg-hcfuzz.bin");
HYP_IMAGE(pv_kernel, "guest-kernel.bin");

const struct guest_config hyp_config[] = {
	{ .name = "fz",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(hcfuzz_image),
	  .cmdline = "seed=1 calls=20000" },
	{ .name = "pv0",
	  .mode = GUEST_PV,
	  .mem_size = 16 * MiB,
	  HYP_IMAGE_REF(pv_kernel),
	  .cmdline = "rc=/etc/usertests.rc" },
};
HYP_CONFIG_COUNT(hyp_config);
