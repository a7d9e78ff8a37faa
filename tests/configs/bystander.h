/* SPDX-License-Identifier: MIT */
/*
 * bystander.h - the guest most test configurations run beside the one under
 * test: the PV guest kernel, three timer ticks, then poweroff. Its ticks and
 * clean shutdown show that the hypervisor kept going whatever the other did.
 */
#ifndef TESTS_CONFIGS_BYSTANDER_H
#define TESTS_CONFIGS_BYSTANDER_H

#include "hyp/core/config.h"

HYP_IMAGE(pv_kernel, "guest-kernel.bin");

/* An entry of hyp_config[]. */
#define TEST_BYSTANDER_PV0                                                                         \
	{                                                                                          \
		.name = "pv0", .mode = GUEST_PV, .mem_size = 4 * MiB, HYP_IMAGE_REF(pv_kernel),    \
		.cmdline = "ticks=3 interval_ms=20"                                                \
	}

#endif
