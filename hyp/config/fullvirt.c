/* SPDX-License-Identifier: MIT */
/*
 * fullvirt.c - make qemu FULLVIRT=1: two fully virtualized guests of the
 * unmodified kernel (the FULLVIRT=1 build of guest-kernel/), run by
 * trap-and-emulate.
 */
#include "hyp/core/config.h"

HYP_IMAGE(fv_kernel, "guest-kernel-fv.bin");

/* clang-format off */
const struct guest_config hyp_config[] = {
	{
		.name = "fv0",
		.mode = GUEST_FV,
		.mem_size = 16 * MiB,
		HYP_IMAGE_REF(fv_kernel),
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
