/* SPDX-License-Identifier: MIT */
/*
 * fuzz_input.h - the byte reader every fuzz target decodes its input with.
 * Reads past the end return zeroes, so any input is a complete program and
 * a short one simply ends early (fz_done()). Little-endian, like the guests.
 */
#ifndef TESTS_FUZZ_FUZZ_INPUT_H
#define TESTS_FUZZ_FUZZ_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct fz {
	const uint8_t *p;
	size_t n;
};

static inline bool fz_done(const struct fz *f)
{
	return f->n == 0;
}

static inline uint64_t fz_bytes(struct fz *f, unsigned len)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < len && f->n; i++, f->p++, f->n--)
		v |= (uint64_t)*f->p << (8 * i);
	return v;
}

static inline uint8_t fz_u8(struct fz *f)
{
	return (uint8_t)fz_bytes(f, 1);
}

static inline uint16_t fz_u16(struct fz *f)
{
	return (uint16_t)fz_bytes(f, 2);
}

static inline uint32_t fz_u32(struct fz *f)
{
	return (uint32_t)fz_bytes(f, 4);
}

static inline uint64_t fz_u64(struct fz *f)
{
	return fz_bytes(f, 8);
}

/* An invariant broke: say which, and crash so that libFuzzer keeps the input. */
#define FZ_CHECK(cond, ...)                                                                        \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz invariant violated: %s (%s:%d): ", #cond, __FILE__,  \
				__LINE__);                                                         \
			fprintf(stderr, __VA_ARGS__);                                              \
			fprintf(stderr, "\n");                                                     \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#endif
