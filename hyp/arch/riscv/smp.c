/* SPDX-License-Identifier: MIT */
/*
 * smp.c - the RISC-V part of running on several harts: starting a hart
 * (SBI HSM hart_start, at riscv_hart_entry with its stack and TLS block),
 * interprocessor interrupts (SBI IPI: the target sees a supervisor software
 * interrupt, sip.SSIP, which the hypervisor clears itself).
 */
#include <stddef.h>

#include "arch/csr.h"
#include "arch/sbi.h"
#include "hyp/core/arch.h"
#include "hyp/core/smp.h"

#define HART_STACK_SIZE (16 * 1024) /* the scheduler loop's, as the boot hart's */

struct riscv_hart_boot {
	uint64_t stack_top;
	uint64_t tls;
	uint32_t hart;
};
_Static_assert(offsetof(struct riscv_hart_boot, stack_top) == 0, "smp.S");
_Static_assert(offsetof(struct riscv_hart_boot, tls) == 8, "smp.S");
_Static_assert(offsetof(struct riscv_hart_boot, hart) == 16, "smp.S");

void riscv_hart_entry(void);
/* hyp.ld: the TLS blocks, hart 0's first, each __tls_stride bytes. */
extern char __hart_tls[], __hart_tls_end[], __tls_stride[];

static uint64_t hart_stack[SMP_HART_MAX][HART_STACK_SIZE / 8] __attribute__((aligned(16)));
static struct riscv_hart_boot boot[SMP_HART_MAX];

int arch_hart_start(uint64_t hartid, unsigned hart)
{
	uint64_t stride = (uint64_t)(uintptr_t)__tls_stride;
	struct sbi_ret r;

	if (hart >= SMP_HART_MAX || __hart_tls + (hart + 1) * stride > __hart_tls_end)
		return SBI_ERR_INVALID_PARAM;
	boot[hart] = (struct riscv_hart_boot){
		.stack_top = (uint64_t)(uintptr_t)(hart_stack[hart] + HART_STACK_SIZE / 8),
		.tls = (uint64_t)(uintptr_t)(__hart_tls + hart * stride),
		.hart = hart,
	};
	/* The SBI call orders these stores before the hart starts (an ecall is a fence). */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	r = sbi_call3(SBI_EXT_HSM, SBI_HSM_HART_START, hartid,
		      (uint64_t)(uintptr_t)riscv_hart_entry, (uint64_t)(uintptr_t)&boot[hart]);
	return (int)r.error;
}

void arch_ipi_send(uint64_t hartid)
{
	/* hart_mask 1 at hart_mask_base hartid: that hart alone. */
	sbi_call(SBI_EXT_IPI, SBI_IPI_SEND, 1, hartid);
}

void arch_ipi_clear(void)
{
	csr_clear(sip, 1ul << IRQ_S_SOFT);
}
