/* SPDX-License-Identifier: MIT */
/*
 * memory.h - sub-commands of memory_op (Xen's XENMEM_* numbers).
 *
 * A PV guest's RAM is the range [mem_base, mem_base + mem_size) of
 * start_info. At entry every page of it is populated (backed by a host
 * frame). A guest may give pages back and populate them again; a page it
 * populates always reads as zero, so the guest need not clear it.
 */
#ifndef PVABI_MEMORY_H
#define PVABI_MEMORY_H

/*
 * decrease_reservation: list = guest address of count uint64_t guest-physical
 * page addresses. Each page is unmapped and its frame returned to the
 * hypervisor, which scrubs it before anyone gets it again. A page must be in
 * RAM, page aligned, populated, and unreferenced: no PTE of the guest may
 * point at it and it may not be a page table (-PVABI_EBUSY). The start info
 * and shared info pages cannot be given back (-PVABI_EPERM). Not populated:
 * -PVABI_ENOENT. A guest access to a page it gave back stops the guest.
 */
#define PVABI_MEMOP_decrease_reservation 1
/* current_reservation: a1 = pages of RAM populated now. */
#define PVABI_MEMOP_current_reservation 3
/*
 * populate_physmap: list and count as above; each page must be in RAM, page
 * aligned and not populated (-PVABI_EEXIST). It is backed by a frame that
 * holds only zeroes. -PVABI_ENOMEM when the hypervisor has no frame left.
 */
#define PVABI_MEMOP_populate_physmap 6

/*
 * zero_in_place: list and count as above. Each page's contents become zero
 * while it stays the guest's, at the same address: the guest's mappings of
 * it stay valid and need not be removed first (unlike decrease_reservation
 * then populate_physmap, which this replaces for a guest that wants its
 * dirty pages cleared). The hypervisor backs it with a scrubbed frame
 * (scrubbing the old one before anyone gets it) or zeroes it. A page must be in RAM, page
 * aligned and populated (-PVABI_ENOENT), and not a page table (-PVABI_EBUSY);
 * the start info and shared info pages: -PVABI_EPERM. -PVABI_ENOMEM when the
 * hypervisor has no frame left. No Xen counterpart (its numbers end well
 * below); a guest learns whether the hypervisor has it with count 0
 * (0, or -PVABI_ENOSYS from one that does not).
 */
#define PVABI_MEMOP_zero_in_place 64

/* Most pages one memory_op call accepts (else -PVABI_E2BIG). */
#define PVABI_MEMOP_BATCH_MAX 512

#endif
