/* SPDX-License-Identifier: MIT */
/* default.c - the default configuration: two paravirtual guests of the same kernel. */
#include "hyp/core/config.h"

HYP_IMAGE(pv_kernel, "guest-kernel.bin");

/* clang-format off */
const struct guest_config hyp_config[] = {
	{
		.name = "pv0",
		.mode = GUEST_PV,
		.mem_size = 16 * MiB,
		HYP_IMAGE_REF(pv_kernel),
		.cmdline = "",
	},
	{
		.name = "pv1",
		.mode = GUEST_PV,
		.mem_size = 16 * MiB,
		HYP_IMAGE_REF(pv_kernel),
		.cmdline = "",
	},
};
/* clang-format on */
HYP_CONFIG_COUNT(hyp_config);
