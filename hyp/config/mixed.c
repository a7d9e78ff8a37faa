/* SPDX-License-Identifier: MIT */
/*
 * mixed.c - make qemu CONFIG=mixed: one paravirtual and one fully
 * virtualized guest of the same kernel source, side by side.
 */
#include "hyp/core/config.h"

HYP_IMAGE(pv_kernel, "guest-kernel.bin");
HYP_IMAGE(fv_kernel, "guest-kernel-fv.bin");

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
		.name = "fv1",
		.mode = GUEST_FV,
		.mem_size = 16 * MiB,
		HYP_IMAGE_REF(fv_kernel),
		.cmdline = "",
	},
};
/* clang-format on */
HYP_CONFIG_COUNT(hyp_config);
