/* SPDX-License-Identifier: MIT */
/*
 * pte.h - the RISC-V page-table entry format shared by Sv39 guest tables and
 * Sv39x4 G-stage tables (privileged spec 4.4.1 and 8.5).
 */
#ifndef ARCH_PTE_H
#define ARCH_PTE_H

#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_LEAF (PTE_R | PTE_W | PTE_X)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK (((1ull << 44) - 1) << PTE_PPN_SHIFT)
#define PTE_RESERVED (~0ull << 54) /* N, PBMT and reserved bits */
#define PTES_PER_TABLE 512

#endif
