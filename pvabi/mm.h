/* SPDX-License-Identifier: MIT */
/*
 * mm.h - paravirtual memory management: the request formats of mmu_update and
 * mmuext_op, and the rules the hypervisor enforces on a PV guest's own Sv39
 * page tables (Xen's direct-paging model, xen/arch/x86/mm.c).
 *
 * Levels are Xen's: an L1 table holds leaf PTEs (Sv39 level 0), an L2 table
 * points to L1 tables (Sv39 level 1), an L3 table is a root (Sv39 level 2).
 *
 * Rules, per guest frame (a 4 KiB page of the guest's RAM):
 *  - A frame has one type at a time: none, writable, or page table of level
 *    L1/L2/L3, with a type count. The type changes only when the count is 0.
 *  - A leaf PTE with W set takes a "writable" reference to its target, which
 *    fails while the target is a page table: no frame is ever a page table and
 *    writable-mapped at once. A leaf PTE may only point into the guest's RAM,
 *    and no PTE or pin may name a page given back with memory_op until it is
 *    populated again (-PVABI_EPERM, as outside RAM).
 *    Superpage leaves (in L2 or L3 tables) are refused.
 *  - A non-leaf PTE in an Ln table takes an L(n-1) page-table reference to its
 *    target; the first such reference (or a pin) validates every entry of the
 *    target table by these rules.
 *  - Page-table frames are read-only to the guest (G-stage): every change goes
 *    through mmu_update. A direct write stops the guest.
 *  - Only a pinned L3 table can become the address space (NEW_BASEPTR); the
 *    root in use cannot be unpinned.
 *  - The hypervisor stores leaf PTEs with A set, and D set when W is set.
 */
#ifndef PVABI_MM_H
#define PVABI_MM_H

#include <stdint.h>

/* Most entries one mmu_update or mmuext_op call accepts (else -E2BIG). */
#define PVABI_MMU_BATCH_MAX 512

/* mmu_update: ptr = guest-physical address of the PTE (8-byte aligned) | cmd. */
#define PVABI_MMU_NORMAL_PT_UPDATE 0 /* store val in the PTE at ptr */
#define PVABI_MMU_CMD_MASK 7ull

struct pvabi_mmu_update {
	uint64_t ptr;
	uint64_t val;
};
_Static_assert(sizeof(struct pvabi_mmu_update) == 16, "pvabi_mmu_update size");

/* mmuext_op commands (Xen's numbers). */
#define PVABI_MMUEXT_PIN_L1_TABLE 0 /* arg1 = table GPA */
#define PVABI_MMUEXT_PIN_L2_TABLE 1
#define PVABI_MMUEXT_PIN_L3_TABLE 2
#define PVABI_MMUEXT_UNPIN_TABLE 4 /* arg1 = table GPA */
#define PVABI_MMUEXT_NEW_BASEPTR 5 /* arg1 = pinned L3 GPA, arg2 = ASID */
#define PVABI_MMUEXT_TLB_FLUSH_LOCAL 6
#define PVABI_MMUEXT_INVLPG_LOCAL 7 /* arg1 = guest-virtual address */

struct pvabi_mmuext_op {
	uint32_t cmd;
	uint32_t pad; /* must be 0 */
	uint64_t arg1;
	uint64_t arg2;
};
_Static_assert(sizeof(struct pvabi_mmuext_op) == 24, "pvabi_mmuext_op size");
_Static_assert(__builtin_offsetof(struct pvabi_mmuext_op, arg1) == 8, "arg1");

#endif
