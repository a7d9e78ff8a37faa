/* SPDX-License-Identifier: MIT */
/*
 * start_info.h - what a PV guest is told at entry.
 *
 * A PV guest is entered in VS-mode with paging off at its image's first byte,
 * with a0 = vCPU id and a1 = guest-physical address of a struct
 * pvabi_start_info (page aligned, read-write, inside guest RAM).
 *
 * zero[] lists guest-physical ranges that the hypervisor guarantees hold only
 * zero bytes at entry: a guest need not clear them again (the information gap
 * between a scrubbing hypervisor and a zeroing guest).
 */
#ifndef PVABI_START_INFO_H
#define PVABI_START_INFO_H

#include <stdint.h>

#define PVABI_START_MAGIC 0x49535650u /* "PVSI" little-endian */
#define PVABI_START_MAX_ZERO 4
#define PVABI_START_NAME_LEN 16
#define PVABI_START_CMDLINE_LEN 256

struct pvabi_mem_range {
	uint64_t base; /* guest-physical */
	uint64_t size; /* bytes */
};

struct pvabi_start_info {
	uint32_t magic;	      /* PVABI_START_MAGIC */
	uint32_t version;     /* PVABI_VERSION of the hypervisor */
	uint64_t mem_base;    /* guest-physical address of the first RAM byte */
	uint64_t mem_size;    /* bytes of RAM */
	uint64_t image_base;  /* where the kernel image was loaded */
	uint64_t image_size;  /* bytes of the image */
	uint64_t timebase_hz; /* rdtime ticks per second */
	uint32_t vcpu_id;
	uint32_t nr_zero; /* valid entries in zero[] */
	struct pvabi_mem_range zero[PVABI_START_MAX_ZERO];
	char name[PVABI_START_NAME_LEN];       /* NUL-terminated guest name */
	char cmdline[PVABI_START_CMDLINE_LEN]; /* NUL-terminated command line */
	/* Since 1.1: */
	uint64_t shared_info; /* guest-physical address of the shared info page */
};

_Static_assert(sizeof(struct pvabi_mem_range) == 16, "pvabi_mem_range size");
_Static_assert(__builtin_offsetof(struct pvabi_start_info, mem_base) == 8, "mem_base");
_Static_assert(__builtin_offsetof(struct pvabi_start_info, timebase_hz) == 40, "timebase_hz");
_Static_assert(__builtin_offsetof(struct pvabi_start_info, vcpu_id) == 48, "vcpu_id");
_Static_assert(__builtin_offsetof(struct pvabi_start_info, zero) == 56, "zero");
_Static_assert(__builtin_offsetof(struct pvabi_start_info, name) == 120, "name");
_Static_assert(__builtin_offsetof(struct pvabi_start_info, cmdline) == 136, "cmdline");
_Static_assert(__builtin_offsetof(struct pvabi_start_info, shared_info) == 392, "shared_info");
_Static_assert(sizeof(struct pvabi_start_info) == 400, "pvabi_start_info size");

#endif
