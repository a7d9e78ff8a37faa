/* SPDX-License-Identifier: MIT */
/*
 * event.h - events and the shared info page.
 *
 * Asynchronous notifications (the vCPU's timer fired, console input arrived)
 * are events. The hypervisor records them as bits in evt_pending of the
 * guest's shared info page and delivers an upcall: a virtual supervisor
 * external interrupt taken at the event callback registered with
 * set_callbacks, exactly as a real hart takes an interrupt:
 *   sepc = the interrupted pc, scause = PVABI_EVT_SCAUSE, stval = 0,
 *   sstatus.SPP = the interrupted mode, sstatus.SPIE = sstatus.SIE,
 *   sstatus.SIE = 0.
 * The guest returns from it with sret.
 *
 * Masking is the guest's own sstatus.SIE, as for any supervisor interrupt:
 * an upcall is delivered when the vCPU runs in user mode or with SIE set,
 * when some bit of evt_pending & ~evt_mask is set, and when a callback is
 * registered. The hypervisor delivers upcalls only when it has the CPU (on
 * the way back from an exit), so a guest that sets SIE while
 * evt_pending & ~evt_mask is non-zero makes any hypercall to have them
 * delivered (Xen's guests use xen_version; here version(PVABI_VER_abi)).
 * sched_op(block) sets sstatus.SIE itself before it checks for events.
 *
 * sched_op(block) sleeps until evt_pending & ~evt_mask is non-zero; an
 * event that arrives while the vCPU is blocked wakes it even when masked.
 *
 * The guest clears the bits it has handled (an atomic AND). The hypervisor
 * only sets bits, with one exception: set_timer_op clears PVABI_EVT_timer,
 * since an expiry of the old deadline is stale once a new one is set. On one
 * hart the hypervisor writes the page only while the vCPU is not running.
 */
#ifndef PVABI_EVENT_H
#define PVABI_EVENT_H

#include <stdint.h>

/* Event numbers: bits of evt_pending and evt_mask. */
#define PVABI_EVT_timer 0   /* the set_timer_op deadline passed (one-shot) */
#define PVABI_EVT_console 1 /* new console input: read it with console_io */
#define PVABI_EVT_MAX 64

/* scause of an upcall: interrupt bit | supervisor external interrupt. */
#define PVABI_EVT_SCAUSE ((1ull << 63) | 9)

/*
 * One page, page aligned, in guest RAM at start_info.shared_info. The
 * hypervisor keeps a writable reference on it: it can never become a page
 * table or be given back with memory_op.
 */
struct pvabi_shared_info {
	uint64_t evt_pending; /* set by the hypervisor, cleared by the guest */
	uint64_t evt_mask;    /* bits that never cause an upcall (see above for block) */
	uint64_t upcalls;     /* upcalls delivered so far */
	/*
	 * Run-state accounting (Xen's vcpu_runstate_info), in timebase ticks
	 * since the guest was built: time it ran, time it was runnable but
	 * another vCPU had the CPU (stolen), time it was blocked.
	 */
	uint64_t time_running;
	uint64_t time_runnable;
	uint64_t time_blocked;
	uint64_t reserved[10]; /* 0 */
};
_Static_assert(sizeof(struct pvabi_shared_info) == 128, "pvabi_shared_info size");
_Static_assert(__builtin_offsetof(struct pvabi_shared_info, time_running) == 24, "time");

#endif
