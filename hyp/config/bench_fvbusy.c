/* SPDX-License-Identifier: MIT */
/*
 * bench_fvbusy.c - benchmarks: one fully virtualized guest that idles in a busy loop.
 * The workload comes from the hypervisor's command line (args.NAME=rc=...,
 * scripts/bench.py): one configuration serves every benchmark.
 */
#include "hyp/core/config.h"

HYP_IMAGE(fv_busy_kernel, "guest-kernel-fv-busy.bin");

const struct guest_config hyp_config[] = {
	{ .name = "fv0",
	  .mode = GUEST_FV,
	  .mem_size = 16 * MiB,
	  HYP_IMAGE_REF(fv_busy_kernel),
	  .cmdline = "" },
};
HYP_CONFIG_COUNT(hyp_config);
