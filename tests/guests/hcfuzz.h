/* SPDX-License-Identifier: MIT */
/*
 * hcfuzz.h - what the parts of the random hypercall generator share
 * (hcfuzz.c: the stream, the guest's model of its memory, its trees, the
 * results and the calls; hcfuzz_draw.c: drawing calls and arguments;
 * hcfuzz_check.c: the oracles).
 */
#ifndef HCFUZZ_H
#define HCFUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "tg.h"
#include "tg_pt.h"

#define PAGE 4096ull
#define SSTATUS_SIE (1ull << 1)
#define INT64_MIN_U (1ull << 63)
#define PTE_V TG_PTE_V
#define PTE_R TG_PTE_R
#define PTE_W TG_PTE_W
#define PTE_X TG_PTE_X
#define PTE_A TG_PTE_A
#define PTE_D TG_PTE_D
#define ERRNO_MAX 128
/* The hypervisor's input ring: console_io read copies at most this. */
#define CONSOLE_INPUT_MAX 64
#define SLOT_N 8 /* requests in a nested call's buffer, the last one a zero terminator */
#define VICTIM_PAGES 128
#define L1_MAX 4 /* the good tree covers at most 8 MiB of RAM */

extern char __kernel_end[];

#define PICK(arr) ((arr)[hcfuzz_below(sizeof(arr) / sizeof((arr)[0]))])
#define RAM_BASE (hcfuzz_si.mem_base)
#define RAM_END (hcfuzz_si.mem_base + hcfuzz_si.mem_size)
#define TREGION (RAM_BASE + 0x100000) /* page-table region: 16 pages */
#define TREGION_END (TREGION + 16 * PAGE)
#define T3 (TREGION) /* the good tree, live with paging on */
#define T2 (TREGION + PAGE)
#define T1(i) (TREGION + (2 + (i)) * PAGE)
#define T3B (TREGION + 6 * PAGE) /* a second good root sharing T2: roots switch */
#define P3 (TREGION + 8 * PAGE)	 /* the playground tree: pinned, never live */
#define P2 (TREGION + 9 * PAGE)
#define P1(i) (TREGION + (10 + (i)) * PAGE)
#define VICTIM (RAM_BASE + 0x180000) /* pages the good tree leaves unmapped */
#define VICTIM_END (VICTIM + VICTIM_PAGES * PAGE)
#define IMAGE_END ((uint64_t)(uintptr_t)__kernel_end)

enum pclass { C_OUT, C_PLAIN, C_TABLE, C_VICTIM };
enum tri { NO, MAYBE, YES };

union slot; /* hcfuzz_draw.c: the buffers of a multicall's entries */

/* Where a drawn call's buffer lives: the top-level ones or one nested slot. */
struct where {
	int nested;
	union slot *slot;
	int has_block; /* the multicall being built holds a block */
};
struct call {
	uint64_t nr, a[5];
};

/* Shared by the parts, in name order: the stream, the model, results, buffers. */
uint64_t hcfuzz_below(uint64_t n);
extern uint64_t hcfuzz_callno;
extern uint64_t hcfuzz_canary[64];
int hcfuzz_chance(unsigned pct);
void hcfuzz_check(uint64_t nr, const uint64_t a[5], int64_t err, uint64_t val, int nested);
enum pclass hcfuzz_classify(uint64_t a);
int hcfuzz_executable(uint64_t a);
void hcfuzz_fail(const char *what, uint64_t nr, const uint64_t a[5], int64_t err, uint64_t val);
void hcfuzz_gen_call(struct call *c, struct where *w);
extern uint8_t hcfuzz_given_back[VICTIM_PAGES];
int hcfuzz_good_tree_page(uint64_t a);
extern uint64_t hcfuzz_hlvx_lenient;
int hcfuzz_in_image(uint64_t a);
int hcfuzz_in_ram(uint64_t a);
int hcfuzz_is_back(uint64_t a);
int hcfuzz_known(uint64_t nr);
extern unsigned hcfuzz_nzero_check;
extern int hcfuzz_paging_allowed;
extern int hcfuzz_paging_on;
enum tri hcfuzz_reach(uint64_t a, int write);
enum tri hcfuzz_reach_range(uint64_t a, uint64_t len, int write);
void hcfuzz_record(uint64_t nr, const uint64_t a[5], int64_t err, uint64_t val, int nested);
uint64_t hcfuzz_rnd(void);
extern struct pvabi_start_info hcfuzz_si;
void hcfuzz_take_snapshot(uint64_t ptr, uint64_t count, uint64_t limit, uint64_t size);
extern char hcfuzz_text[PVABI_CONSOLE_MAX + 256];
extern struct pvabi_multicall_entry hcfuzz_top_mc[PVABI_MULTICALL_MAX];
int64_t hcfuzz_trap_entry_addr(void);
int64_t hcfuzz_upcall_entry_addr(void);
extern int hcfuzz_verbose;
int hcfuzz_volatile_range(uint64_t a, uint64_t len);
extern uint64_t hcfuzz_zero_check[PVABI_MEMOP_BATCH_MAX];
extern uint64_t hcfuzz_pages_at_boot, hcfuzz_pages_back;
extern uint64_t hcfuzz_snap_ptr;
extern uint64_t hcfuzz_tamed;

#endif
