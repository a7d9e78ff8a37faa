/* SPDX-License-Identifier: MIT */
/*
 * soak.c - test configuration: two PV kernels running usertests in a loop
 * (/etc/soak.rc inside, on_stop.NAME=restart:N rounds outside), for
 * tests/system/test_soak.py and make soak.
 */
#include "hyp/core/config.h"

HYP_IMAGE(pv_kernel, "guest-kernel.bin");

const struct guest_config hyp_config[] = {
	{ .name = "pv0",
	  .mode = GUEST_PV,
	  .mem_size = 16 * MiB,
	  HYP_IMAGE_REF(pv_kernel),
	  .cmdline = "rc=/etc/soak.rc",
	  .on_stop = GUEST_ON_STOP_RESTART },
	{ .name = "pv1",
	  .mode = GUEST_PV,
	  .mem_size = 16 * MiB,
	  HYP_IMAGE_REF(pv_kernel),
	  .cmdline = "rc=/etc/soak.rc zeroinfo=0",
	  .on_stop = GUEST_ON_STOP_RESTART },
};
HYP_CONFIG_COUNT(hyp_config);
