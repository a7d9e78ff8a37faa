/* SPDX-License-Identifier: MIT */
/*
 * bench_idle_pv.c - the idle experiment: guest a (paravirtual) works while
 * guest b (paravirtual) idles.
 * The workload comes from the hypervisor's command line (args.NAME=rc=...,
 * scripts/bench.py): one configuration serves every benchmark.
 */
#include "hyp/core/config.h"

HYP_IMAGE(pv_kernel, "guest-kernel.bin");

const struct guest_config hyp_config[] = {
	{ .name = "a",
	  .mode = GUEST_PV,
	  .mem_size = 16 * MiB,
	  HYP_IMAGE_REF(pv_kernel),
	  .cmdline = "" },
	{ .name = "b",
	  .mode = GUEST_PV,
	  .mem_size = 16 * MiB,
	  HYP_IMAGE_REF(pv_kernel),
	  .cmdline = "" },
};
HYP_CONFIG_COUNT(hyp_config);
