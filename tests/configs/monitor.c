/* SPDX-License-Identifier: MIT */
/* monitor.c - test configuration: two guests echoing console input, for focus and the monitor. */
#include "hyp/core/config.h"

HYP_IMAGE(echo_image, "tg-echo.bin");

const struct guest_config hyp_config[] = {
	{ .name = "e0", .mode = GUEST_PV, .mem_size = 4 * MiB, HYP_IMAGE_REF(echo_image) },
	{ .name = "e1", .mode = GUEST_PV, .mem_size = 4 * MiB, HYP_IMAGE_REF(echo_image) },
};
HYP_CONFIG_COUNT(hyp_config);
