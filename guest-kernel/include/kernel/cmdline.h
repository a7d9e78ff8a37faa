/* SPDX-License-Identifier: MIT */
/* cmdline.h - reading "key=value" words of the kernel command line. */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdint.h>

/* The number after "key=" in cmdline, or def when absent or malformed. */
uint64_t cmdline_u64(const char *cmdline, const char *key, uint64_t def);

#endif
