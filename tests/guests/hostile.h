/* SPDX-License-Identifier: MIT */
/*
 * hostile.h - what the parts of the hostile guest share (hostile.c): its
 * constants, the layout of its RAM, the standard tree it pins, and the case
 * tables of each family (hostile_pt.c, hostile_arg.c, hostile_mem.c).
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stddef.h>
#include <stdint.h>

#include "tg.h"
#include "tg_pt.h"

#define KiB 1024ull
#define MiB (1024 * KiB)
#define PAGE 4096ull

/* Sv39 PTE bits, short. */
#define V TG_PTE_V
#define R TG_PTE_R
#define W TG_PTE_W
#define X TG_PTE_X
#define U TG_PTE_U
#define A TG_PTE_A
#define D TG_PTE_D

#define SSTATUS_SIE (1ull << 1)
#define SSTATUS_VS_INITIAL (1ull << 9)
#define SSTATUS_FS (3ull << 13) /* Off 0, Initial 1, Clean 2, Dirty 3 */
#define SSTATUS_FS_INITIAL (1ull << 13)
#define SSTATUS_FS_CLEAN (2ull << 13)
#define INSN_WFI 0x10500073ull
#define EXC_ILLEGAL 2
#define EXC_INST_PAGE_FAULT 12

/* A standard SBI extension and the hypervisor's devices, as QEMU virt has them. */
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494d45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_HSM 0x48534d
#define SBI_EXT_SRST 0x53525354
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SIFIVE_TEST 0x100000ull
#define CLINT 0x2000000ull
#define PLIC 0x0c000000ull
#define UART 0x10000000ull
#define BOOT_ROM 0x1000ull
/* The top of QEMU's RAM (-m 256M): free host frames and OpenSBI's device tree. */
#define HOST_RAM_TOP 0x8ff00000ull

extern char __kernel_end[];

/* ---- layout of this guest's RAM ---- */

static inline uint64_t ram(uint64_t off)
{
	return tg_start->mem_base + off;
}

static inline uint64_t ram_end(void)
{
	return tg_start->mem_base + tg_start->mem_size;
}

/* Page tables past 1 MiB (unused otherwise), scratch data pages past 4 MiB. */
#define T3 ram(1 * MiB)
#define T2 ram(1 * MiB + 1 * PAGE)
#define T1_LOW ram(1 * MiB + 2 * PAGE) /* 0x80000000..: start and shared info */
#define T1_IMG ram(1 * MiB + 3 * PAGE) /* 0x80200000..: image, data, stack */
#define SPARE(i) ram(1 * MiB + (4 + (i)) * PAGE)
#define DATA(i) ram(4 * MiB + (i)*PAGE)

static inline void *ptr(uint64_t gpa)
{
	return (void *)(uintptr_t)gpa;
}

/* The entry of T1_LOW for guest-virtual 0x80000000 + i pages: free for i >= 2. */
static inline uint64_t low_pte(unsigned i)
{
	return T1_LOW + i * 8;
}

/* Build the standard tree and pin its root (and install it: live); 0 if refused. */
int hostile_pinned_tree(void);
int hostile_live_tree(void);

/* One family's cases, ended by a NULL name. */
struct hostile_case {
	const char *name;
	void (*fn)(void);
};
extern const struct hostile_case hostile_pt_cases[], hostile_arg_cases[], hostile_mem_cases[];

#endif
