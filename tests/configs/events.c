/* SPDX-License-Identifier: MIT */
/* events.c - test configuration: a guest taking timer upcalls, beside a normal kernel. */
#include "hyp/core/config.h"

HYP_IMAGE(event_image, "tg-event.bin");
HYP_IMAGE(pv_kernel, "guest-kernel.bin");

const struct guest_config hyp_config[] = {
	{ .name = "ev", .mode = GUEST_PV, .mem_size = 4 * MiB, HYP_IMAGE_REF(event_image) },
	{ .name = "pv0",
	  .mode = GUEST_PV,
	  .mem_size = 4 * MiB,
	  HYP_IMAGE_REF(pv_kernel),
	  .cmdline = "ticks=3 interval_ms=20" },
};
HYP_CONFIG_COUNT(hyp_config);
