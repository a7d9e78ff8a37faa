/* SPDX-License-Identifier: MIT */
/*
 * num.h - numbers typed by people: the hypervisor's command line and the
 * monitor's arguments. What this file owns: the one rule for what counts as
 * a number there (decimal, or hex with 0x; nothing around it; no overflow).
 */
#ifndef HYP_LIB_NUM_H
#define HYP_LIB_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The number spelled by s[0..len), decimal or 0x-prefixed hex; false if the
 * characters are not exactly one such number or it does not fit 64 bits. */
bool num_parse_u64(const char *s, size_t len, uint64_t *out);

#endif
