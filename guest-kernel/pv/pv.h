/* SPDX-License-Identifier: MIT */
/* pv.h - state shared by the paravirtual platform's files. */
#ifndef KERNEL_PV_H
#define KERNEL_PV_H

#include <stdint.h>

/* Hypercalls this kernel has made (a multicall counts once). */
extern uint64_t pv_hypercalls;

#endif
