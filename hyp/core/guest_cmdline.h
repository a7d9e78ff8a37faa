/* SPDX-License-Identifier: MIT */
/*
 * guest_cmdline.h - guests given on the hypervisor's command line (QEMU
 * -append), in addition to the static configuration: any S-mode image built
 * for QEMU virt + OpenSBI, placed in host memory by QEMU's loader device, runs
 * as a fully virtualized guest with no code change (docs/building.md):
 *
 *   guest=NAME,fv,ADDR,SIZE[,MEM_MIB]
 *
 * ADDR and SIZE say where the image is in host memory (hex with 0x, or
 * decimal); MEM_MIB is the guest's RAM (default 128).
 *
 *   args.NAME=WORD
 *
 * replaces guest NAME's kernel command line with WORD, commas read as
 * spaces (args.pv0=rc=/etc/bench/fork.rc,zeroinfo=0): the benchmarks pick a
 * guest's workload this way without a configuration per workload.
 *
 *   cmdline.NAME=ARGUMENTS...
 *
 * makes everything after the "=", to the end of the hypervisor's command
 * line, guest NAME's kernel command line, verbatim (spaces, commas, any
 * length up to GUEST_CMDLINE_MAX - 1): it must be the last item, so one
 * guest only has one (make qemu GUEST_ARGS="..."). It wins over args.NAME=.
 *
 *   initrd.NAME=ADDR,SIZE
 *
 * gives guest NAME (an FV guest) an initial RAM disk that QEMU's loader put
 * in host memory; the hypervisor copies it into the guest's RAM at every
 * build and names it in the guest's device tree (linux,initrd-start/end).
 *
 *   on_stop.NAME=destroy|restart[:N]
 *
 * overrides what the configuration says becomes of guest NAME when it
 * stops (guest.h, enum guest_on_stop); restart:N allows N restarts instead
 * of GUEST_RESTART_MAX (a soak test's rounds).
 *
 *   weight.NAME=W   cap.NAME=PERCENT
 *
 * override guest NAME's CPU share (credit.h): its weight (1..65535, the
 * default 256) and its cap (percent of one CPU; 0, the default, is none).
 *
 *   hart.NAME=N
 *
 * overrides the configuration's affinity: guest NAME's vCPU runs on hart N
 * (0 is the boot hart; a hart QEMU's -smp did not give means any hart).
 *
 *   vcpus.NAME=N
 *
 * gives guest NAME N vCPUs (1..GUEST_VCPU_MAX), overriding its
 * configuration's; a guest= guest has one unless told so this way.
 *
 * Names address guests, so each is one guest's: an args., on_stop.,
 * weight. or cap. item given twice for a name keeps the last, one naming no
 * guest is reported, and a guest whose name is taken is not built (guest.c).
 */
#ifndef HYP_GUEST_CMDLINE_H
#define HYP_GUEST_CMDLINE_H

#include "hyp/core/guest.h"
#include "hyp/core/types.h"

struct guest_config;

/*
 * Read every guest= item of bootargs; an image must lie in host RAM
 * [lo, hi) and not overlap [avoid, avoid + avoid_size) (the host's device
 * tree); its frames are reserved. A bad item is reported and skipped.
 */
void guest_cmdline_parse(const char *bootargs, uint64_t lo, uint64_t hi, uint64_t avoid,
			 uint64_t avoid_size);
/* The command line args. gave guest name, or NULL. */
const char *guest_cmdline_args(const char *name);
/* The initrd initrd. gave guest name: true and its bytes [*start, *end). */
bool guest_cmdline_initrd(const char *name, const uint8_t **start, const uint8_t **end);
/* The policy on_stop. gave guest name (and its restart limit), or dflt. */
enum guest_on_stop guest_cmdline_on_stop(const char *name, enum guest_on_stop dflt,
					 unsigned *max_restarts);
/* The weight and cap weight./cap. gave guest name; *weight, *cap unchanged if none. */
void guest_cmdline_share(const char *name, unsigned *weight, unsigned *cap);
/* The affinity (bit per hart) hart. gave guest name; unchanged if none. */
#define GUEST_CMDLINE_HART_MAX 8
void guest_cmdline_hart(const char *name, uint32_t *affinity);
/* The number of vCPUs vcpus. gave guest name; unchanged if none. */
void guest_cmdline_vcpus(const char *name, unsigned *vcpus);
/*
 * Say which args., on_stop., weight. and cap. items name no guest
 * (known(name): a guest of that name was built), once the guests are: they
 * would be ignored silently.
 */
void guest_cmdline_check_names(bool (*known)(const char *name));
/* The configurations read, and how many. */
unsigned guest_cmdline_configs(const struct guest_config **out);

#endif
