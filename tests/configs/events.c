/* SPDX-License-Identifier: MIT */
/* events.c - test configuration: a guest taking timer upcalls, beside a normal kernel. */
#include "hyp/core/config.h"
#include "tests/configs/bystander.h"

HYP_IMAGE(event_image, "tg-event.bin");

const struct guest_config hyp_config[] = {
	{ .name = "ev", .mode = GUEST_PV, .mem_size = 4 * MiB, HYP_IMAGE_REF(event_image) },
	TEST_BYSTANDER_PV0,
};
HYP_CONFIG_COUNT(hyp_config);
