/* SPDX-License-Identifier: MIT */
/*
 * bits.h - bit scans with no library call. The hypervisor is built for
 * rv64imac (no Zbb), where __builtin_ctzll is a call to libgcc's __ctzdi2
 * (about 20 instructions); a de Bruijn multiplication is four and a load.
 */
#ifndef HYP_LIB_BITS_H
#define HYP_LIB_BITS_H

#include <stdint.h>

/* The index of the lowest set bit of x, which must not be 0. */
static inline unsigned bits_ctz64(uint64_t x)
{
	static const uint8_t index[64] = {
		0,  1,	48, 2,	57, 49, 28, 3,	61, 58, 50, 42, 38, 29, 17, 4,
		62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
		63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
		46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9,	13, 8,	7,  6,
	};

	return index[((x & -x) * 0x03f79d71b4cb0a89ull) >> 58];
}

#endif
