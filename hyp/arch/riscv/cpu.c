/* SPDX-License-Identifier: MIT */
/*
 * cpu.c - the hart: trap setup and delegation, the hypervisor timer (Sstc
 * stimecmp), waiting for interrupts, and ending the machine.
 */
#include "arch/csr.h"
#include "arch/sbi.h"
#include "hyp/core/arch.h"
#include "hyp/core/platform.h"

void riscv_trap_vector(void);
void riscv_ctx_start(void);

void arch_init(void)
{
	csr_write(stvec, (uint64_t)riscv_trap_vector);
	csr_write(sscratch, 0);
	csr_write(hedeleg, 0); /* per vCPU: vcpu.c */
	csr_write(hideleg, HIDELEG_GUEST);
	csr_write(hcounteren, HCOUNTEREN_CY | HCOUNTEREN_TM | HCOUNTEREN_IR);
	/*
	 * No Sstc for guests (STCE off): they are not told they have it, and a
	 * VS-mode stimecmp access must trap (virtual instruction) rather than
	 * reach vstimecmp. Their timers are the hypervisor's (sched.c).
	 */
	csr_write(CSR_HENVCFG, 0);
	/* The f registers are the guests' (vcpu.c switches them): usable, not ours. */
	csr_set(sstatus, SSTATUS_FS_INITIAL);
	csr_write(hvip, 0);
	csr_write(CSR_STIMECMP, UINT64_MAX);
	/* Taken while a guest runs; masked (SIE=0) while the hypervisor runs. */
	csr_clear(sstatus, SSTATUS_SIE);
	csr_write(sie, (1ul << IRQ_S_TIMER) | (1ul << IRQ_S_SOFT)); /* soft: another hart's kick */
}

void arch_ctx_init(struct arch_ctx *c, void *stack_top, void (*fn)(void *), void *arg)
{
	*c = (struct arch_ctx){
		.ra = (uint64_t)riscv_ctx_start,
		.sp = (uint64_t)stack_top & ~15ull, /* the ABI's alignment */
		.s = { [0] = (uint64_t)arg, [1] = (uint64_t)fn },
	};
}

uint64_t arch_time(void)
{
	return csr_read(time);
}

uint64_t arch_instret(void)
{
	return csr_read(instret);
}

void arch_timer_set(uint64_t t)
{
	csr_write(CSR_STIMECMP, t);
}

uint64_t arch_timer_armed(void)
{
	return csr_read(CSR_STIMECMP);
}

void arch_wait(void)
{
	__asm__ __volatile__("wfi" ::: "memory");
}

void arch_machine_exit(int code)
{
	platform_exit(code);
	/* No exit device: SBI shutdown (QEMU then exits 0 whatever the code). */
	sbi_call(SBI_EXT_SRST, SBI_SRST_SHUTDOWN,
		 code ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE, 0);
	for (;;)
		arch_wait();
}
