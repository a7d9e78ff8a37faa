/* SPDX-License-Identifier: MIT */
/* cmdline.h - reading "key=value" words of the kernel command line. */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The value after "key=" (up to a space) into buf; false if absent or too long. */
bool cmdline_str(const char *cmdline, const char *key, char *buf, size_t size);

/* The number after "key=" in cmdline, or def when absent or malformed. */
uint64_t cmdline_u64(const char *cmdline, const char *key, uint64_t def);

#endif
