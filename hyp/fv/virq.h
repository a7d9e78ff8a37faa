/* SPDX-License-Identifier: MIT */
/*
 * virq.h - virtual interrupts of fully virtualized guests: the timer line
 * driven by SBI TIME deadlines, the external line driven by the emulated
 * devices (vmmio.h), the software line driven by SBI IPI, and what wakes a
 * vCPU blocked in WFI. PV guests get events instead (event.h).
 */
#ifndef HYP_VIRQ_H
#define HYP_VIRQ_H

#include "hyp/core/arch.h"
#include "hyp/core/vcpu.h"

struct guest;

/* SBI set_timer: arm the one-shot timer at guest time t (lowers the timer line). */
void virq_set_timer(struct vcpu *v, uint64_t guest_time);
/* Raise a line (and wake a vCPU blocked in WFI); sched_timer_fire raises the timer's. */
void virq_raise(struct vcpu *v, enum arch_virq line);
/* Re-read the emulated devices' interrupt outputs into each vCPU's external line. */
void virq_update_external(struct guest *g);
/*
 * The guest idles (WFI) or a hypervisor tick passed: let out the interrupts
 * its devices hold back (a UART's THRE, vuart.c) and update its line.
 */
void virq_release(struct guest *g);
/* SBI IPI to one of the guest's harts: raise its software line (if it is started). */
void virq_send_soft(struct vcpu *v);
/* A raised line the guest enabled: WFI would not sleep. */
bool virq_pending(struct vcpu *v);

#endif
