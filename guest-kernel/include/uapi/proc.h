/* SPDX-License-Identifier: MIT */
/*
 * proc.h - what the kernel tells user/ about processes (ps) and memory
 * (usertests' leak check, the zeroing counters).
 */
#ifndef UAPI_PROC_H
#define UAPI_PROC_H

#include <stdint.h>

#define PROC_NAME_LEN 16

enum procstate { PS_UNUSED, PS_USED, PS_SLEEPING, PS_RUNNABLE, PS_RUNNING, PS_ZOMBIE };

struct procinfo {
	int32_t pid;
	int32_t ppid;
	uint32_t state;	 /* enum procstate */
	int32_t pgid;	 /* process group (the console's ^C kills one) */
	uint64_t mem;	 /* bytes of user memory */
	uint64_t cpu_ms; /* time it ran */
	char name[PROC_NAME_LEN];
};

struct memstat {
	uint64_t pages_total;	     /* pages the allocator manages */
	uint64_t pages_free;	     /* free now */
	uint64_t pages_free_zero;    /* of which known to be zero */
	uint64_t bytes_zeroed;	     /* bytes the kernel cleared itself */
	uint64_t pages_zero_skipped; /* zeroed allocations served without clearing */
	uint64_t pages_returned;     /* pages given back to the hypervisor (PV) */
	uint64_t pages_populated;    /* zeroed pages got back from the hypervisor (PV) */
	uint64_t hypercalls;	     /* hypercalls made by this kernel (PV; 0 native) */
};

_Static_assert(sizeof(struct procinfo) == 48, "struct procinfo");

#endif
