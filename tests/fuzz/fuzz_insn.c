/* SPDX-License-Identifier: MIT */
/*
 * fuzz_insn.c - libFuzzer target for the MMIO instruction decoder
 * (hyp/arch/riscv/fv/insn.c): every 4 input bytes are one instruction word,
 * decoded and compared with a second decoder written here straight from the
 * ISA manual's tables (RV64I LOAD/STORE, RVC C.LW/C.LD/C.SW/C.SD and their
 * sp-relative forms), plus the invariants any answer must meet.
 */
#include <stdint.h>

#include "arch/insn.h"
#include "tests/fuzz/fuzz_input.h"

static unsigned field(uint32_t v, unsigned hi, unsigned lo)
{
	return (v >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static bool ref_set(struct insn_mem *m, bool store, unsigned width, bool sext, unsigned reg,
		    unsigned len)
{
	*m = (struct insn_mem){ store, width, sext, reg, len };
	return true;
}

/* LOAD (0000011): lb lh lw ld lbu lhu lwu; STORE (0100011): sb sh sw sd. */
static bool ref_32(uint32_t x, struct insn_mem *m)
{
	static const unsigned load_width[7] = { 1, 2, 4, 8, 1, 2, 4 };
	unsigned f3 = field(x, 14, 12);

	if ((x & 0x7f) == 0x03 && f3 < 7)
		return ref_set(m, false, load_width[f3], f3 <= 2, field(x, 11, 7), 4);
	if ((x & 0x7f) == 0x23 && f3 < 4)
		return ref_set(m, true, 1u << f3, false, field(x, 24, 20), 4);
	return false;
}

/* RVC for RV64: quadrant 0 uses x8+rd'/rs2'; quadrant 2 the sp-relative forms. */
static bool ref_16(uint32_t x, struct insn_mem *m)
{
	unsigned f3 = field(x, 15, 13), q = x & 3, rp = 8 + field(x, 4, 2);
	unsigned rd = field(x, 11, 7), rs2 = field(x, 6, 2);

	if (q == 0 && (f3 == 2 || f3 == 3))
		return ref_set(m, false, f3 == 2 ? 4 : 8, f3 == 2, rp, 2);
	if (q == 0 && (f3 == 6 || f3 == 7))
		return ref_set(m, true, f3 == 6 ? 4 : 8, false, rp, 2);
	if (q == 2 && (f3 == 2 || f3 == 3) && rd != 0)
		return ref_set(m, false, f3 == 2 ? 4 : 8, f3 == 2, rd, 2);
	if (q == 2 && (f3 == 6 || f3 == 7))
		return ref_set(m, true, f3 == 6 ? 4 : 8, false, rs2, 2);
	return false;
}

static bool same(const struct insn_mem *a, const struct insn_mem *b)
{
	return a->store == b->store && a->width == b->width && a->sign_extend == b->sign_extend &&
	       a->reg == b->reg && a->len == b->len;
}

static void check(uint32_t x)
{
	struct insn_mem got, want, again;
	unsigned len = insn_len(x);
	bool ok = insn_decode_mem(x, &got);
	bool ref = len == 4 ? ref_32(x, &want) : ref_16(x & 0xffff, &want);

	FZ_CHECK(len == ((x & 3) == 3 ? 4u : 2u), "insn 0x%08x: length %u", x, len);
	FZ_CHECK(ok == ref, "insn 0x%08x: decoded %d, the manual says %d", x, ok, ref);
	if (!ok)
		return;
	FZ_CHECK(same(&got, &want), "insn 0x%08x: store %d width %u sext %d reg %u len %u", x,
		 got.store, got.width, got.sign_extend, got.reg, got.len);
	FZ_CHECK(got.len == len && got.reg < 32 && !(got.store && got.sign_extend) &&
		     (got.width == 1 || got.width == 2 || got.width == 4 || got.width == 8),
		 "insn 0x%08x: impossible answer", x);
	/* A compressed instruction is its low 16 bits: what follows cannot matter. */
	if (len == 2) {
		FZ_CHECK(insn_decode_mem((x & 0xffff) | (~x & 0xffff0000u), &again) &&
			     same(&again, &got),
			 "insn 0x%08x: upper half changed a compressed decode", x);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };

	while (!fz_done(&f))
		check(fz_u32(&f));
	return 0;
}
