/* SPDX-License-Identifier: MIT */
/*
 * guest.h - guest-side hypercall stubs for RISC-V, generated from
 * PVABI_HCALL_LIST: one static inline pvabi_<name>() per call.
 *
 * Each stub returns a struct pvabi_ret: error is a0 (0 or -PVABI_E*), value
 * is a1. Include this only in code that runs as a guest.
 */
#ifndef PVABI_GUEST_H
#define PVABI_GUEST_H

#include <stdint.h>
#include "pvabi.h"

struct pvabi_ret {
	int64_t error;	/* a0: 0 or a negative PVABI_E* value */
	uint64_t value; /* a1 */
};

static inline struct pvabi_ret pvabi_hypercall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
					       uint64_t a3, uint64_t a4)
{
	register uint64_t r0 __asm__("a0") = a0;
	register uint64_t r1 __asm__("a1") = a1;
	register uint64_t r2 __asm__("a2") = a2;
	register uint64_t r3 __asm__("a3") = a3;
	register uint64_t r4 __asm__("a4") = a4;
	register uint64_t r6 __asm__("a6") = nr;
	register uint64_t r7 __asm__("a7") = PVABI_SBI_EXT;
	__asm__ __volatile__("ecall"
			     : "+r"(r0), "+r"(r1)
			     : "r"(r2), "r"(r3), "r"(r4), "r"(r6), "r"(r7)
			     : "memory");
	struct pvabi_ret ret = { (int64_t)r0, r1 };
	return ret;
}

#define PVABI_STUB_1(name, nr)                                                                     \
	static inline struct pvabi_ret pvabi_##name(uint64_t a0)                                   \
	{                                                                                          \
		return pvabi_hypercall(nr, a0, 0, 0, 0, 0);                                        \
	}
#define PVABI_STUB_2(name, nr)                                                                     \
	static inline struct pvabi_ret pvabi_##name(uint64_t a0, uint64_t a1)                      \
	{                                                                                          \
		return pvabi_hypercall(nr, a0, a1, 0, 0, 0);                                       \
	}
#define PVABI_STUB_3(name, nr)                                                                     \
	static inline struct pvabi_ret pvabi_##name(uint64_t a0, uint64_t a1, uint64_t a2)         \
	{                                                                                          \
		return pvabi_hypercall(nr, a0, a1, a2, 0, 0);                                      \
	}
#define PVABI_STUB_4(name, nr)                                                                     \
	static inline struct pvabi_ret pvabi_##name(uint64_t a0, uint64_t a1, uint64_t a2,         \
						    uint64_t a3)                                   \
	{                                                                                          \
		return pvabi_hypercall(nr, a0, a1, a2, a3, 0);                                     \
	}
#define PVABI_STUB_5(name, nr)                                                                     \
	static inline struct pvabi_ret pvabi_##name(uint64_t a0, uint64_t a1, uint64_t a2,         \
						    uint64_t a3, uint64_t a4)                      \
	{                                                                                          \
		return pvabi_hypercall(nr, a0, a1, a2, a3, a4);                                    \
	}

#define PVABI_STUB(name, nr, nargs) PVABI_STUB_##nargs(name, nr)
PVABI_HCALL_LIST(PVABI_STUB)
#undef PVABI_STUB

#endif
