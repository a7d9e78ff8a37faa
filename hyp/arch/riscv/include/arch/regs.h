/* SPDX-License-Identifier: MIT */
/*
 * regs.h - the trap frame shared by the assembly entry path and C: a guest's
 * general registers and the few CSRs saved on every exit. The offsets are
 * used by entry.S and statically asserted against the C layout in vcpu.h.
 */
#ifndef ARCH_REGS_H
#define ARCH_REGS_H

/* clang-format 14 would write ((n)*8), taking (n) for a cast */
/* clang-format off */
#define REGS_X(n) ((n) * 8)  /* x1..x31; slot 0 is unused */
/* clang-format on */
#define REGS_PC (32 * 8) /* sepc */
#define REGS_SSTATUS (33 * 8)
#define REGS_HSTATUS (34 * 8)
#define REGS_HOST_SP (35 * 8)		/* hypervisor stack while the guest runs */
#define REGS_FAST (36 * 8)		/* bit n: entry.S makes hypercall n itself, a fast one */
#define REGS_DIRECT (37 * 8)		/* bit n: entry.S makes hypercall n itself, a direct one */
#define REGS_SLOW (38 * 8)		/* nonzero: entry.S answers no call itself (trap.c) */
#define REGS_PV_VSATP (39 * 8)		/* PV: the vsatp the hypervisor installed */
#define REGS_HCALLS(n) ((40 + (n)) * 8) /* calls the entry path made, by number (0..63) */
#define REGS_VALUE (104 * 8)		/* a call's second result (a1), from entry.S's fast path */
#define REGS_SIZE (105 * 8)

/* sstatus.SPP and hstatus.SPV for the assembler (csr.h's have C suffixes). */
#define SSTATUS_SPP_BIT 0x100
#define HSTATUS_SPV_BIT 0x80

/* What riscv_ecall_fast and riscv_ecall_direct (trap.c) tell entry.S to do. */
#define ECALL_FAST_EXIT 0   /* a full exit: save the rest of the registers */
#define ECALL_FAST_DONE 1   /* straight back into the guest */
#define ECALL_FAST_RESET 2  /* a full exit; the vCPU was reset, its registers are new */
#define ECALL_FAST_DIRECT 3 /* declined by the fast path: make it as a direct call */

/* A fast handler's "not made here" (hcall.h's HCALL_DECLINED, INT64_MIN): -1 << 63. */
#define ENTRY_DECLINED_SHIFT 63

/*
 * The call entry.S answers itself, version(PVABI_VER_abi), and the
 * interface's extension number (pvabi/: C only; trap.c asserts these).
 */
#define ENTRY_HC_VERSION 17
#define ENTRY_VER_ABI 0
#define ENTRY_SBI_EXT 0x08505641

/* Where riscv_vcpu_enter keeps the hypervisor's tp in its frame (entry.S). */
#define HOST_FRAME_TP 104

/* A hypervisor context (struct arch_ctx, switch.S): ra, sp, s0-s11. */
#define CTX_RA 0
#define CTX_SP 8
/* clang-format off */
#define CTX_S(n) (16 + (n) * 8)
/* clang-format on */
#define CTX_SIZE (14 * 8)

/* Stack frame of a trap taken in the hypervisor itself (x1..x31, sepc). */
#define HFRAME_SIZE (33 * 8)

#endif
