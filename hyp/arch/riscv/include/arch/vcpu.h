/* SPDX-License-Identifier: MIT */
/*
 * vcpu.h - the RISC-V part of a virtual CPU: the trap frame and the
 * VS-level CSRs that are switched when another vCPU is loaded.
 */
#ifndef ARCH_VCPU_H
#define ARCH_VCPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/csr.h"
#include "arch/regs.h"

struct arch_regs {
	uint64_t x[32];
	uint64_t pc;
	uint64_t sstatus;
	uint64_t hstatus;
	uint64_t host_sp;
	uint64_t fast;	   /* bit n: hypercall n is made by riscv_ecall_fast (0: none) */
	uint64_t direct;   /* bit n: by riscv_ecall_direct */
	uint64_t slow;	   /* nonzero: entry.S answers no call itself (trap.c, slow_work) */
	uint64_t pv_vsatp; /* PV: the vsatp the hypervisor installed */
	/*
	 * Hypercalls the entry path made (fast and direct), by number, since
	 * they were last folded into the guest's stats: each is one call of
	 * that number and one ecall exit. One increment on the hot path
	 * instead of four counters; readers add them in (trap.c).
	 */
	uint64_t hcalls[64];
	uint64_t value; /* where entry.S's fast path has a fast handler put a1 */
};

_Static_assert(offsetof(struct arch_regs, x[1]) == REGS_X(1), "x1");
_Static_assert(offsetof(struct arch_regs, x[31]) == REGS_X(31), "x31");
_Static_assert(offsetof(struct arch_regs, pc) == REGS_PC, "pc");
_Static_assert(offsetof(struct arch_regs, sstatus) == REGS_SSTATUS, "sstatus");
_Static_assert(offsetof(struct arch_regs, hstatus) == REGS_HSTATUS, "hstatus");
_Static_assert(offsetof(struct arch_regs, host_sp) == REGS_HOST_SP, "host_sp");
_Static_assert(offsetof(struct arch_regs, fast) == REGS_FAST, "fast");
_Static_assert(offsetof(struct arch_regs, direct) == REGS_DIRECT, "direct");
_Static_assert(offsetof(struct arch_regs, slow) == REGS_SLOW, "slow");
_Static_assert(offsetof(struct arch_regs, pv_vsatp) == REGS_PV_VSATP, "pv_vsatp");
_Static_assert(offsetof(struct arch_regs, hcalls[63]) == REGS_HCALLS(63), "hcalls");
_Static_assert(offsetof(struct arch_regs, value) == REGS_VALUE, "value");
_Static_assert(sizeof(struct arch_regs) == REGS_SIZE, "arch_regs size");
_Static_assert(SSTATUS_SPP_BIT == SSTATUS_SPP && HSTATUS_SPV_BIT == HSTATUS_SPV, "bits");

/* A hypervisor context: what a switch keeps (switch.S). */
struct arch_ctx {
	uint64_t ra, sp, s[12];
};

_Static_assert(offsetof(struct arch_ctx, ra) == CTX_RA, "ctx ra");
_Static_assert(offsetof(struct arch_ctx, sp) == CTX_SP, "ctx sp");
_Static_assert(offsetof(struct arch_ctx, s[11]) == CTX_S(11), "ctx s11");
_Static_assert(sizeof(struct arch_ctx) == CTX_SIZE, "arch_ctx size");

/* Register numbers of the argument registers. */
enum {
	REG_RA = 1,
	REG_SP = 2,
	REG_A0 = 10,
	REG_A1,
	REG_A2,
	REG_A3,
	REG_A4,
	REG_A5,
	REG_A6,
	REG_A7
};

struct arch_vcpu {
	struct arch_regs regs; /* must stay first: entry.S uses the pointer */
	/* VS-level state, live in the CSRs only while the vCPU is loaded. */
	uint64_t vsstatus, vsie, vstvec, vsscratch, vsepc, vscause, vstval;
	uint64_t vsatp, hvip, vstimecmp, htimedelta;
	/*
	 * S-level CSRs with no VS copy: in VS-mode the guest reads and writes
	 * the hart's own, so they are switched like the VS ones (vcpu.c).
	 */
	uint64_t scounteren, senvcfg;
	uint64_t henvcfg; /* STCE for an FV guest given Sstc (guest_config.sstc) */
	uint64_t hgatp;
	uint64_t hedeleg; /* exceptions its kernel takes itself (vcpu.c) */
	/* Floating point (f0-f31, fcsr), in the hart while it owns them (vcpu.c). */
	uint64_t fp[32];
	uint64_t fcsr;
	/* What the last exit reported. */
	uint64_t scause, stval, htval, htinst;
	bool ecall_done;	   /* the fast path made the call; a full exit follows (trap.c) */
	uint64_t hsm_suspend_exit; /* FV: nr_exits of its last SBI HSM suspend (vsbi_hsm.c) */
};

struct vcpu;
/* Deliver an exception to the loaded vCPU's kernel, as hardware would. */
void riscv_vcpu_inject(struct vcpu *v, uint64_t cause, uint64_t tval);
/* An exception of a fully virtualized guest other than an ecall (fv.c). */
void riscv_fv_fault(struct vcpu *v, uint64_t cause);

#endif
