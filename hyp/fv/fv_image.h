/* SPDX-License-Identifier: MIT */
/*
 * fv_image.h - what a fully virtualized guest's image says about itself: a
 * Linux Image's header (Documentation/arch/riscv/boot-image-header.rst) and
 * the PE/COFF header of its EFI stub, read before the guest is built.
 */
#ifndef HYP_FV_IMAGE_H
#define HYP_FV_IMAGE_H

#include "hyp/core/types.h"

/*
 * The memory the image takes from where it is loaded: a Linux Image's
 * image_size (its bss included); anything else, its size.
 */
uint64_t fv_image_span(const uint8_t *img, uint64_t size);
/*
 * Why the image cannot be what it claims, in words, or NULL: a Linux Image
 * shorter than the sections its PE/COFF header lists (a truncated file).
 */
const char *fv_image_error(const uint8_t *img, uint64_t size);

#endif
