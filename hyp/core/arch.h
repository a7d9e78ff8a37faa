/* SPDX-License-Identifier: MIT */
/*
 * arch.h - what the core asks of the architecture (hyp/arch/<arch>/), so that
 * core code never names the architecture itself.
 */
#ifndef HYP_ARCH_H
#define HYP_ARCH_H

#include "hyp/core/types.h"
#include "hyp/core/vcpu.h"

/* Host time in timebase ticks. */
uint64_t arch_time(void);
/* Instructions retired by the hart (for costs in the trace). */
uint64_t arch_instret(void);
/* Fire the hypervisor timer at host time t (UINT64_MAX: never). */
void arch_timer_set(uint64_t t);
/* When the hypervisor timer is armed to fire now (UINT64_MAX: never). */
uint64_t arch_timer_armed(void);
/* Sleep until an interrupt is pending (none is taken: they are masked). */
void arch_wait(void);
/* One-time hart setup (each hart): trap vector, delegation, counters. */
void arch_init(void);
/*
 * Several harts (smp.c): start the hart with firmware number hartid so that
 * it calls smp_hart_main(hart) with a stack and TLS block of its own (0, or
 * the firmware's error); interrupt a hart (it sees a pending interrupt that
 * wakes arch_wait and ends a guest's run); clear this hart's.
 */
int arch_hart_prepare(unsigned hart); /* its stack and TLS block, once: 0 or -1 (no memory) */
int arch_hart_start(uint64_t hartid, unsigned hart);
void arch_ipi_send(uint64_t hartid);
void arch_ipi_clear(void);

/*
 * Hypervisor contexts (struct arch_ctx in arch/vcpu.h): a stack and the
 * registers a call preserves. arch_ctx_init makes c start fn(arg) on the
 * stack below stack_top at its first switch (fn never returns);
 * arch_ctx_switch saves the running context in from and continues to.
 */
void arch_ctx_init(struct arch_ctx *c, void *stack_top, void (*fn)(void *), void *arg);
void arch_ctx_switch(struct arch_ctx *from, const struct arch_ctx *to);

/*
 * Reset a vCPU to enter its guest at entry with a0, a1 and paging off; guest
 * time starts at 0 at host time time_offset. A vCPU reset from inside one of
 * its own exits resumes at entry, not after the trapping instruction.
 */
void arch_vcpu_init(struct vcpu *v, gpa_t entry, uint64_t a0, uint64_t a1, uint64_t time_offset);
/* Set a vCPU's stack pointer before it first runs (PV vcpu_op up). */
void arch_vcpu_set_stack(struct vcpu *v, uint64_t sp);
/* Make v the vCPU whose VS state is in the hart (saving the previous one's). */
void arch_vcpu_load(struct vcpu *v);
/* Enter the guest and handle the exit that brings it back. */
void arch_vcpu_run(struct vcpu *v);
/* Install the guest's first-stage root (vsatp value) and flush its TLB. */
void arch_vcpu_set_vsatp(struct vcpu *v, uint64_t vsatp);
/* Flush the guest's first-stage TLB: all of it, or one guest-virtual page. */
void arch_vcpu_flush_tlb(struct vcpu *v);
void arch_vcpu_flush_tlb_va(struct vcpu *v, gva_t va);
/* Drop every G-stage translation of a guest (after changing its table). */
void arch_gstage_flush(uint16_t vmid);

/*
 * Events of the loaded vCPU (pvabi/event.h). An upcall may be taken when the
 * vCPU runs in user mode or its kernel has interrupts enabled (sstatus.SIE).
 */
bool arch_vcpu_events_enabled(struct vcpu *v);
/*
 * Work may wait for v on its way back into its guest (an event raised, a
 * stretch of work that reached the scheduler): an arch's entry path that
 * returns straight to the guest must look before it does.
 */
void arch_vcpu_work_waits(struct vcpu *v);
/* Set the kernel's interrupt enable (sched_op(block) does it for the guest). */
void arch_vcpu_events_on(struct vcpu *v);
/* Enter the kernel at entry as the hardware takes an interrupt (PVABI_EVT_SCAUSE). */
void arch_vcpu_upcall(struct vcpu *v, uint64_t entry);
/*
 * Interrupt lines of an FV guest's hart, as its sip would show them (virq.h).
 * A line stays raised until lowered (level-triggered).
 */
enum arch_virq { ARCH_VIRQ_SOFT, ARCH_VIRQ_TIMER, ARCH_VIRQ_EXT };
void arch_vcpu_set_irq(struct vcpu *v, enum arch_virq line, bool level);
/* A raised line that the guest enabled in its sie: WFI would not sleep. */
bool arch_vcpu_irq_pending(struct vcpu *v);
/*
 * The host time at which the vCPU's own hardware timer raises an interrupt
 * it enabled (RISC-V: Sstc's vstimecmp), UINT64_MAX if never. That timer
 * interrupts the guest by itself while it runs; the hypervisor must only
 * wake it when it is blocked.
 */
uint64_t arch_vcpu_timer_deadline(struct vcpu *v);

/*
 * Hypercalls v's entry path made and counted itself since they were last
 * folded (trap.c): each is one call of its number and one ecall exit in a
 * guest's stats. add_hcalls adds them to a copy of the stats (a reader's:
 * v may be running); fold_hcalls moves them into the guest's own, before
 * v is rebuilt (it is not running then).
 */
struct guest_stats;
void arch_vcpu_add_hcalls(const struct vcpu *v, struct guest_stats *s);
void arch_vcpu_fold_hcalls(struct vcpu *v, struct guest_stats *s);

/* Print a vCPU's registers and last exit, for the monitor. */
void arch_vcpu_print(struct vcpu *v);

/* A short name of an exit cause, for the per-guest counters ("ecall", "timer"). */
const char *arch_exit_name(bool irq, unsigned cause);
/* Its name in words ("load guest-page fault", "timer interrupt"), for the trace. */
const char *arch_exit_long_name(bool irq, unsigned cause);
/* An FV guest's firmware call by name ("TIME set_timer"), for the trace. */
void arch_fw_call_name(uint64_t ext, uint64_t fid, char *buf, size_t n);

/*
 * Copy to or from the running vCPU's guest-virtual addresses, translated as
 * its kernel would (VS stage, then G-stage). 0 or -PVABI_EFAULT; never faults
 * the hypervisor.
 */
int arch_copy_from_guest(void *dst, gva_t src, size_t n);
int arch_copy_to_guest(gva_t dst, const void *src, size_t n);

/* 0 if the running vCPU's kernel may execute at va, else -PVABI_EFAULT. */
int arch_guest_check_exec(gva_t va);
/* Program the guest's trap vector (its stvec); 0 for none. */
void arch_vcpu_set_trap_entry(struct vcpu *v, uint64_t entry);

/* End the machine: exit status 0 for success. */
void arch_machine_exit(int code) __attribute__((noreturn));

#endif
