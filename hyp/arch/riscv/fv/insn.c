/* SPDX-License-Identifier: MIT */
/*
 * insn.c - decodes the integer loads and stores (RV64I and RVC) a guest may
 * use on emulated MMIO (see insn.h). Everything else, FP and atomic forms
 * included, is refused: the trap code then injects a fault instead of
 * emulating something it does not understand.
 */
#include "arch/insn.h"

#define OP_LOAD 0x03u
#define OP_STORE 0x23u

/* RVC quadrants (bits 1:0) and the funct3 values (bits 15:13) we accept. */
#define C_Q0 0u
#define C_Q2 2u
#define C_LW 2u
#define C_LD 3u
#define C_SW 6u
#define C_SD 7u

static unsigned bits(uint32_t v, unsigned hi, unsigned lo)
{
	return (v >> lo) & ((1u << (hi - lo + 1)) - 1);
}

unsigned insn_len(uint32_t low16)
{
	/* 48-bit and longer encodings are unused by any ratified extension. */
	return (low16 & 3u) == 3u ? 4 : 2;
}

static void set_mem(struct insn_mem *out, bool store, unsigned width, bool sext, unsigned reg,
		    unsigned len)
{
	out->store = store;
	out->width = width;
	out->sign_extend = sext;
	out->reg = reg;
	out->len = len;
}

/* funct3 of LOAD: 0 lb, 1 lh, 2 lw, 3 ld, 4 lbu, 5 lhu, 6 lwu; 7 reserved. */
static bool decode_load(uint32_t insn, struct insn_mem *out)
{
	unsigned f3 = bits(insn, 14, 12);

	if (f3 == 7)
		return false;
	set_mem(out, false, 1u << (f3 & 3), f3 < 3, bits(insn, 11, 7), 4);
	return true;
}

/* funct3 of STORE: 0 sb, 1 sh, 2 sw, 3 sd; 4..7 reserved (or FP/vector). */
static bool decode_store(uint32_t insn, struct insn_mem *out)
{
	unsigned f3 = bits(insn, 14, 12);

	if (f3 > 3)
		return false;
	set_mem(out, true, 1u << f3, false, bits(insn, 24, 20), 4);
	return true;
}

/* Quadrant 0: C.LW, C.LD, C.SW, C.SD with rd'/rs2' in bits 4:2 (x8..x15). */
static bool decode_c_q0(unsigned f3, uint32_t insn, struct insn_mem *out)
{
	unsigned reg = 8 + bits(insn, 4, 2);

	switch (f3) {
	case C_LW:
		set_mem(out, false, 4, true, reg, 2);
		return true;
	case C_LD:
		set_mem(out, false, 8, false, reg, 2);
		return true;
	case C_SW:
		set_mem(out, true, 4, false, reg, 2);
		return true;
	case C_SD:
		set_mem(out, true, 8, false, reg, 2);
		return true;
	default: /* C.ADDI4SPN, C.FLD, C.FSD, reserved */
		return false;
	}
}

/*
 * Quadrant 2: the sp-relative forms. Loads name rd in bits 11:7 and are
 * reserved with rd = 0; stores name rs2 in bits 6:2.
 */
static bool decode_c_q2(unsigned f3, uint32_t insn, struct insn_mem *out)
{
	unsigned rd = bits(insn, 11, 7);
	unsigned rs2 = bits(insn, 6, 2);

	switch (f3) {
	case C_LW:
		if (rd == 0)
			return false;
		set_mem(out, false, 4, true, rd, 2);
		return true;
	case C_LD:
		if (rd == 0)
			return false;
		set_mem(out, false, 8, false, rd, 2);
		return true;
	case C_SW:
		set_mem(out, true, 4, false, rs2, 2);
		return true;
	case C_SD:
		set_mem(out, true, 8, false, rs2, 2);
		return true;
	default: /* C.SLLI, C.FLDSP, C.JR/C.MV/C.ADD..., C.FSDSP */
		return false;
	}
}

static bool decode_compressed(uint32_t insn, struct insn_mem *out)
{
	unsigned f3 = bits(insn, 15, 13);

	switch (insn & 3u) {
	case C_Q0:
		return decode_c_q0(f3, insn, out);
	case C_Q2:
		return decode_c_q2(f3, insn, out);
	default: /* quadrant 1 holds no memory access */
		return false;
	}
}

bool insn_decode_mem(uint32_t insn, struct insn_mem *out)
{
	if (insn_len(insn) == 2)
		return decode_compressed(insn & 0xffffu, out);
	switch (insn & 0x7fu) {
	case OP_LOAD:
		return decode_load(insn, out);
	case OP_STORE:
		return decode_store(insn, out);
	default: /* LOAD-FP, STORE-FP, AMO (incl. LR/SC), everything else */
		return false;
	}
}

bool insn_is_amo_store(uint32_t insn)
{
	/* opcode AMO (0x2f); funct5 (bits 31:27) 0b00010 is LR, a plain load. */
	return (insn & 0x7f) == 0x2f && (insn >> 27) != 0x2;
}
