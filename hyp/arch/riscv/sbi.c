/* SPDX-License-Identifier: MIT */
/* sbi.c - the hypervisor's own calls into the SBI firmware. */
#include "arch/sbi.h"

struct sbi_ret sbi_call(uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1)
{
	register uint64_t r0 __asm__("a0") = a0;
	register uint64_t r1 __asm__("a1") = a1;
	register uint64_t r6 __asm__("a6") = fid;
	register uint64_t r7 __asm__("a7") = ext;
	struct sbi_ret ret;

	__asm__ __volatile__("ecall" : "+r"(r0), "+r"(r1) : "r"(r6), "r"(r7) : "memory");
	ret.error = (long)r0;
	ret.value = (long)r1;
	return ret;
}

struct sbi_ret sbi_call3(uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2)
{
	register uint64_t r0 __asm__("a0") = a0;
	register uint64_t r1 __asm__("a1") = a1;
	register uint64_t r2 __asm__("a2") = a2;
	register uint64_t r6 __asm__("a6") = fid;
	register uint64_t r7 __asm__("a7") = ext;
	struct sbi_ret ret;

	__asm__ __volatile__("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
	ret.error = (long)r0;
	ret.value = (long)r1;
	return ret;
}
