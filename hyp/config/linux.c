/* SPDX-License-Identifier: MIT */
/*
 * linux.c - make qemu CONFIG=linux: pv0 (paravirtual) beside Debian's
 * riscv64 Linux, fully virtualized, booting to a busybox shell ([linux]).
 *
 * Only pv0 is embedded here: make loads Linux's Image and initramfs with
 * QEMU's loader (built by scripts/linux.py from Debian's packages into
 * build/linux/) and names them on the hypervisor's command line (guest=,
 * initrd., cmdline.), so that a plain make never needs the network
 * (docs/linux.md).
 */
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
};
/* clang-format on */
HYP_CONFIG_COUNT(hyp_config);
