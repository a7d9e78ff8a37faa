/* SPDX-License-Identifier: MIT */
/*
 * insn.h - decoding of the guest load/store instructions that fault on
 * emulated MMIO. This QEMU leaves htinst zero, so the trap code fetches the
 * instruction at sepc and asks here what it does; the address comes from
 * htval/stval, so only the kind, width and register matter.
 */
#ifndef ARCH_INSN_H
#define ARCH_INSN_H

#include <stdbool.h>
#include <stdint.h>

struct insn_mem {
	bool store;
	unsigned width;	  /* 1, 2, 4 or 8 bytes */
	bool sign_extend; /* loads: lb/lh/lw (not lbu/lhu/lwu/ld) */
	unsigned reg;	  /* rd for loads, rs2 for stores (x0..x31) */
	unsigned len;	  /* 2 (compressed) or 4 */
};

/*
 * Decode a load or store; insn holds the 16 or 32 bits (only the low 16 are
 * looked at if compressed). false: not a plain integer load/store (AMO, FP,
 * LR/SC, reserved encodings, anything else); out is then left undefined.
 */
bool insn_decode_mem(uint32_t insn, struct insn_mem *out);

/* An AMO or SC (not LR): it writes memory, so its faults are store/AMO faults. */
bool insn_is_amo_store(uint32_t insn);

/* Instruction length from its low bits: 2 or 4. */
unsigned insn_len(uint32_t low16);

#endif
