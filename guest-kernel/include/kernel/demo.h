/* SPDX-License-Identifier: MIT */
/* demo.h - the timer demonstration (ticks=N on the command line). */
#ifndef KERNEL_DEMO_H
#define KERNEL_DEMO_H

#include <stdint.h>

/* Runs the demo if the command line asks for it; may power off. */
void demo_run(const char *cmdline, uint64_t timebase_hz);

#endif
