/* SPDX-License-Identifier: MIT */
/*
 * bench_pv.c - benchmarks: one paravirtual guest.
 * The workload comes from the hypervisor's command line (args.NAME=rc=...,
 * scripts/bench.py): one configuration serves every benchmark.
 */
#include "hyp/core/config.h"

HYP_IMAGE(pv_kernel, "guest-kernel.bin");

const struct guest_config hyp_config[] = {
	{ .name = "pv0",
	  .mode = GUEST_PV,
	  .mem_size = 16 * MiB,
	  HYP_IMAGE_REF(pv_kernel),
	  .cmdline = "" },
};
HYP_CONFIG_COUNT(hyp_config);
