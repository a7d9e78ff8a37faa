/* SPDX-License-Identifier: MIT */
/*
 * test_insn.c - host unit tests for the MMIO instruction decoder
 * (hyp/arch/riscv/fv/insn.c): every RV64I and RVC integer load/store, and the
 * FP, atomic, reserved and non-memory encodings it must refuse. The
 * encodings were produced by riscv64-unknown-elf-as (rv64gc) and objdump.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "arch/insn.h"
#include "hyp/core/types.h"

struct accepted {
	uint32_t insn;
	const char *text;
	bool store;
	unsigned width;
	bool sext;
	unsigned reg;
	unsigned len;
};

static const struct accepted accepted[] = {
	{ 0x00058503, "lb a0,0(a1)", false, 1, true, 10, 4 },
	{ 0x00211303, "lh t1,2(sp)", false, 2, true, 6, 4 },
	{ 0xffc7ad83, "lw s11,-4(a5)", false, 4, true, 27, 4 },
	{ 0x00853083, "ld ra,8(a0)", false, 8, false, 1, 4 },
	{ 0x0005c603, "lbu a2,0(a1)", false, 1, false, 12, 4 },
	{ 0x0005df83, "lhu t6,0(a1)", false, 2, false, 31, 4 },
	{ 0x0005e283, "lwu t0,0(a1)", false, 4, false, 5, 4 },
	{ 0x00d58023, "sb a3,0(a1)", true, 1, false, 13, 4 },
	{ 0x00059023, "sh zero,0(a1)", true, 2, false, 0, 4 },
	{ 0xfff5ac23, "sw t6,-8(a1)", true, 4, false, 31, 4 },
	{ 0x0085b823, "sd s0,16(a1)", true, 8, false, 8, 4 },
	{ 0x41c8, "c.lw a0,4(a1)", false, 4, true, 10, 2 },
	{ 0x6780, "c.ld s0,8(a5)", false, 8, false, 8, 2 },
	{ 0xc09c, "c.sw a5,0(s1)", true, 4, false, 15, 2 },
	{ 0xe604, "c.sd s1,8(a2)", true, 8, false, 9, 2 },
	{ 0x4092, "c.lwsp ra,4(sp)", false, 4, true, 1, 2 },
	{ 0x6fa2, "c.ldsp t6,8(sp)", false, 8, false, 31, 2 },
	{ 0xc202, "c.swsp zero,4(sp)", true, 4, false, 0, 2 },
	{ 0xe87e, "c.sdsp t6,16(sp)", true, 8, false, 31, 2 },
};

static const struct {
	uint32_t insn;
	const char *text;
} refused[] = {
	{ 0x0005a507, "flw fa0,0(a1)" },
	{ 0x00a5a027, "fsw fa0,0(a1)" },
	{ 0x0005b507, "fld fa0,0(a1)" },
	{ 0x00a5b027, "fsd fa0,0(a1)" },
	{ 0x00b6252f, "amoadd.w a0,a1,(a2)" },
	{ 0x1005b52f, "lr.d a0,(a1)" },
	{ 0x18b6252f, "sc.w a0,a1,(a2)" },
	{ 0x00158513, "addi a0,a1,1" },
	{ 0x0005f503, "LOAD funct3=7 (reserved)" },
	{ 0x00b5c023, "STORE funct3=4 (reserved)" },
	{ 0x2588, "c.fld fa0,8(a1)" },
	{ 0xa588, "c.fsd fa0,8(a1)" },
	{ 0x2522, "c.fldsp fa0,8(sp)" },
	{ 0xa42a, "c.fsdsp fa0,8(sp)" },
	{ 0x0808, "c.addi4spn a0,sp,16" },
	{ 0x4505, "c.li a0,1" },
	{ 0x852e, "c.mv a0,a1" },
	{ 0x4002, "c.lwsp zero,0(sp) (reserved)" },
	{ 0x6002, "c.ldsp zero,0(sp) (reserved)" },
	{ 0x8000, "quadrant 0 funct3=4 (reserved)" },
	{ 0x0000, "all zeros (illegal)" },
	{ 0xffffffff, "all ones (illegal)" },
};

static void test_accepted(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(accepted); i++) {
		const struct accepted *a = &accepted[i];
		struct insn_mem m;

		print_message("%s\n", a->text);
		assert_true(insn_decode_mem(a->insn, &m));
		assert_int_equal(m.store, a->store);
		assert_int_equal(m.width, a->width);
		assert_int_equal(m.sign_extend, a->sext);
		assert_int_equal(m.reg, a->reg);
		assert_int_equal(m.len, a->len);
		assert_int_equal(insn_len(a->insn & 0xffff), a->len);
	}
}

static void test_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		struct insn_mem m;

		print_message("%s\n", refused[i].text);
		assert_false(insn_decode_mem(refused[i].insn, &m));
	}
}

/* A compressed instruction fetched as 32 bits carries the next one above. */
static void test_compressed_ignores_high_half(void **state)
{
	struct insn_mem m;

	(void)state;
	assert_true(insn_decode_mem(0x852e41c8, &m)); /* c.lw, then c.mv */
	assert_int_equal(m.len, 2);
	assert_int_equal(m.width, 4);
	assert_int_equal(m.reg, 10);
	assert_false(insn_decode_mem(0x41c8852e, &m)); /* c.mv, then c.lw */
}

#define AMO(funct5, funct3)                                                                        \
	((uint32_t)(funct5) << 27 | 11u << 20 | 12u << 15 | (uint32_t)(funct3) << 12 | 10u << 7 |  \
	 0x2fu)

/* AMOs and SC write memory (their faults are store faults); LR only reads. */
static void test_amo_store(void **state)
{
	(void)state;
	assert_true(insn_is_amo_store(AMO(0x01, 2)));		      /* amoswap.w a0, a1, (a2) */
	assert_true(insn_is_amo_store(AMO(0x00, 3)));		      /* amoadd.d */
	assert_true(insn_is_amo_store(AMO(0x03, 2)));		      /* sc.w */
	assert_true(insn_is_amo_store(AMO(0x1c, 2)));		      /* amomaxu.w */
	assert_false(insn_is_amo_store(AMO(0x02, 2) & ~(31u << 20))); /* lr.w */
	assert_false(insn_is_amo_store(0x0005a503));		      /* lw a0, 0(a1) */
	assert_false(insn_is_amo_store(0x00a5a023));		      /* sw a0, 0(a1) */
}

static void test_len(void **state)
{
	(void)state;
	assert_int_equal(insn_len(0x0003), 4);
	assert_int_equal(insn_len(0xffff), 4);
	assert_int_equal(insn_len(0x0000), 2);
	assert_int_equal(insn_len(0x0001), 2);
	assert_int_equal(insn_len(0x0002), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_compressed_ignores_high_half),
		cmocka_unit_test(test_len),
		cmocka_unit_test(test_amo_store),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
