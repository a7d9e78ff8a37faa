/* SPDX-License-Identifier: MIT */
/*
 * csr.h - RISC-V CSR numbers, bit fields and accessors used by the hypervisor
 * (privileged spec v1.12, chapters 4 and 8).
 */
#ifndef ARCH_CSR_H
#define ARCH_CSR_H

/* CSRs the assembler may not name (Sstc, H extension timer). */
#define CSR_STIMECMP 0x14d
#define CSR_VSTIMECMP 0x24d
#define CSR_HENVCFG 0x60a
#define CSR_SENVCFG 0x10a

#define SSTATUS_SIE (1ul << 1)
#define SSTATUS_SPIE (1ul << 5)
#define SSTATUS_SPP (1ul << 8)
#define SSTATUS_VS (3ul << 9)
#define SSTATUS_FS (3ul << 13)
#define SSTATUS_FS_INITIAL (1ul << 13)
#define SSTATUS_FS_CLEAN (2ul << 13)

#define HSTATUS_VSBE (1ul << 5)
#define HSTATUS_GVA (1ul << 6)
#define HSTATUS_SPV (1ul << 7)
#define HSTATUS_SPVP (1ul << 8)
#define HSTATUS_HU (1ul << 9)
#define HSTATUS_VTVM (1ul << 20)
#define HSTATUS_VTW (1ul << 21)
#define HSTATUS_VTSR (1ul << 22)

#define HENVCFG_STCE (1ul << 63)

/* Interrupt numbers (scause with the top bit set). */
#define IRQ_S_SOFT 1
#define IRQ_VS_SOFT 2
#define IRQ_S_TIMER 5
#define IRQ_VS_TIMER 6
#define IRQ_S_EXT 9
#define IRQ_VS_EXT 10
#define SCAUSE_IRQ (1ul << 63)

/* Exception causes. */
#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS 1
#define EXC_ILLEGAL_INST 2
#define EXC_BREAKPOINT 3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS 7
#define EXC_ECALL_U 8
#define EXC_ECALL_S 9
#define EXC_ECALL_VS 10
#define EXC_ECALL_M 11
#define EXC_INST_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_STORE_PAGE_FAULT 15
#define EXC_INST_GUEST_PAGE_FAULT 20
#define EXC_LOAD_GUEST_PAGE_FAULT 21
#define EXC_VIRTUAL_INST 22
#define EXC_STORE_GUEST_PAGE_FAULT 23

/*
 * Exceptions of a guest that go straight to its kernel (VS-mode): those of its
 * user programs and its own page faults. What the hypervisor must see (ecall
 * from VS, illegal and virtual instructions, guest-page faults) stays here.
 */
#define HEDELEG_GUEST                                                                              \
	((1ul << EXC_INST_MISALIGNED) | (1ul << EXC_BREAKPOINT) | (1ul << EXC_ECALL_U) |           \
	 (1ul << EXC_INST_PAGE_FAULT) | (1ul << EXC_LOAD_PAGE_FAULT) |                             \
	 (1ul << EXC_STORE_PAGE_FAULT))
/* VS-level interrupts belong to the guest. */
#define HIDELEG_GUEST ((1ul << IRQ_VS_SOFT) | (1ul << IRQ_VS_TIMER) | (1ul << IRQ_VS_EXT))

#define HCOUNTEREN_CY (1ul << 0)
#define HCOUNTEREN_TM (1ul << 1)
#define HCOUNTEREN_IR (1ul << 2)

#define HGATP_MODE_SV39X4 (8ul << 60)
#define HGATP_VMID_SHIFT 44
#define HGATP_VMID_BITS 14

#ifndef __ASSEMBLER__
#include <stdint.h>

#define __csr_read(csr)                                                                            \
	({                                                                                         \
		uint64_t __v;                                                                      \
		__asm__ __volatile__("csrr %0, " #csr : "=r"(__v)::"memory");                      \
		__v;                                                                               \
	})
#define __csr_write(csr, val)                                                                      \
	({                                                                                         \
		uint64_t __v = (uint64_t)(val);                                                    \
		__asm__ __volatile__("csrw " #csr ", %0" ::"rK"(__v) : "memory");                  \
	})
#define __csr_set(csr, val)                                                                        \
	({                                                                                         \
		uint64_t __v = (uint64_t)(val);                                                    \
		__asm__ __volatile__("csrs " #csr ", %0" ::"rK"(__v) : "memory");                  \
	})
#define __csr_clear(csr, val)                                                                      \
	({                                                                                         \
		uint64_t __v = (uint64_t)(val);                                                    \
		__asm__ __volatile__("csrc " #csr ", %0" ::"rK"(__v) : "memory");                  \
	})
/* One level of indirection so that csr_read(CSR_STIMECMP) expands the name. */
#define csr_read(csr) __csr_read(csr)
#define csr_write(csr, val) __csr_write(csr, val)
#define csr_set(csr, val) __csr_set(csr, val)
#define csr_clear(csr, val) __csr_clear(csr, val)
#endif

#endif
