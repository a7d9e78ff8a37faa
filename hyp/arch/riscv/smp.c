/* SPDX-License-Identifier: MIT */
/*
 * smp.c - the RISC-V part of running on several harts: a started hart's
 * stack and TLS block (frames taken before the guests are built, only for
 * harts that exist: one hart costs no memory), starting it (SBI HSM
 * hart_start at riscv_hart_entry), interprocessor interrupts (SBI IPI: the
 * target sees a supervisor software interrupt, sip.SSIP, which the
 * hypervisor clears itself).
 */
#include <stddef.h>

#include "arch/csr.h"
#include "arch/sbi.h"
#include "hyp/core/arch.h"
#include "hyp/core/frame.h"
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
/* hyp.ld: the size of a TLS block (an absolute symbol). */
extern char __tls_size[];

static struct riscv_hart_boot boot[SMP_HART_MAX];

int arch_hart_prepare(unsigned hart)
{
	uint64_t tls_bytes = ALIGN_UP((uint64_t)(uintptr_t)__tls_size, 16);
	uint64_t frames = (HART_STACK_SIZE + ALIGN_UP(tls_bytes, PAGE_SIZE)) / PAGE_SIZE;
	hpa_t base;

	if (hart == 0 || hart >= SMP_HART_MAX || !frame_alloc(frames, PAGE_SIZE, &base))
		return -1;
	/* The stack's frames first (it grows down, away from the TLS block), then the block. */
	boot[hart] = (struct riscv_hart_boot){
		.stack_top = base.val + HART_STACK_SIZE,
		.tls = base.val + HART_STACK_SIZE,
		.hart = hart,
	};
	return 0;
}

int arch_hart_start(uint64_t hartid, unsigned hart)
{
	struct sbi_ret r;

	if (hart == 0 || hart >= SMP_HART_MAX || !boot[hart].stack_top)
		return SBI_ERR_INVALID_PARAM;
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
