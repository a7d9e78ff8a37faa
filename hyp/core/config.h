/* SPDX-License-Identifier: MIT */
/*
 * config.h - helpers for the static guest configurations (hyp/config/NAME.c,
 * tests/configs/NAME.c). A configuration is a C file that embeds guest images
 * with HYP_IMAGE and lists its guests in hyp_config[].
 */
#ifndef HYP_CONFIG_H
#define HYP_CONFIG_H

#include "hyp/core/guest.h"

/*
 * Embed the file at path (searched in the build's image directory) as a
 * page-aligned blob named sym, ending at sym##_end.
 */
#define HYP_IMAGE(sym, path)                                                                       \
	__asm__(".pushsection .rodata.image." #sym ", \"a\"\n"                                     \
		".balign 4096\n"                                                                   \
		".globl " #sym "\n" #sym ":\n"                                                     \
		".incbin \"" path "\"\n"                                                           \
		".globl " #sym "_end\n" #sym "_end:\n"                                             \
		".popsection\n");                                                                  \
	extern const uint8_t sym[], sym##_end[]

#define HYP_IMAGE_REF(sym) .image = sym, .image_end = sym##_end

#define HYP_CONFIG_COUNT(table) const unsigned hyp_config_count = sizeof(table) / sizeof((table)[0])

#endif
