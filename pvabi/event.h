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
 *
 * Several vCPUs (pvabi 1.2): each vCPU has its own evt_pending, evt_mask,
 * upcalls and run-state times, with the same meaning. vCPU 0's are the
 * fields at the start of the page, where they always were; vCPU N's
 * (1 <= N < PVABI_VCPU_MAX) are vcpu_info[N]. vcpu_info[0] is reserved
 * (zero: use the fields at the start). A vCPU's timer (set_timer_op) raises
 * PVABI_EVT_timer in its own evt_pending, an IPI raises PVABI_EVT_ipi in the
 * target's, console input raises PVABI_EVT_console in vCPU 0's only, and
 * sched_op(block) and upcalls look at the calling vCPU's bits only.
 */
#ifndef PVABI_EVENT_H
#define PVABI_EVENT_H

#include <stdint.h>

/* Event numbers: bits of evt_pending and evt_mask. */
#define PVABI_EVT_timer 0   /* the set_timer_op deadline passed (one-shot) */
#define PVABI_EVT_console 1 /* new console input: read it with console_io (vCPU 0's) */
#define PVABI_EVT_ipi 2	    /* another vCPU of the guest sent one (event_op send_ipi) */
#define PVABI_EVT_MAX 64

/* vCPUs a guest may have, at most (vcpu_op, pvabi/vcpu.h). */
#define PVABI_VCPU_MAX 4

/*
 * One vCPU's events and times: the first six fields mean for vCPU N what
 * the same fields of struct pvabi_shared_info mean for vCPU 0, at the same
 * offsets.
 */
struct pvabi_vcpu_info {
	uint64_t evt_pending;
	uint64_t evt_mask;
	uint64_t upcalls;
	uint64_t time_running;
	uint64_t time_runnable;
	uint64_t time_blocked;
	uint64_t reserved[2]; /* 0 */
};
_Static_assert(sizeof(struct pvabi_vcpu_info) == 64, "pvabi_vcpu_info size");

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
	/* pvabi 1.2: vCPUs 1..PVABI_VCPU_MAX-1; [0] is reserved (vCPU 0's are above). */
	struct pvabi_vcpu_info vcpu_info[PVABI_VCPU_MAX];
};
_Static_assert(sizeof(struct pvabi_shared_info) == 128 + 64 * PVABI_VCPU_MAX,
	       "pvabi_shared_info size");
_Static_assert(__builtin_offsetof(struct pvabi_shared_info, time_running) == 24, "time");
_Static_assert(__builtin_offsetof(struct pvabi_shared_info, vcpu_info) == 128, "vcpu_info");
/* vCPU 0's fields are laid out as a struct pvabi_vcpu_info. */
_Static_assert(__builtin_offsetof(struct pvabi_shared_info, evt_mask) ==
		   __builtin_offsetof(struct pvabi_vcpu_info, evt_mask),
	       "evt_mask");
_Static_assert(__builtin_offsetof(struct pvabi_shared_info, upcalls) ==
		   __builtin_offsetof(struct pvabi_vcpu_info, upcalls),
	       "upcalls");
_Static_assert(__builtin_offsetof(struct pvabi_shared_info, time_blocked) ==
		   __builtin_offsetof(struct pvabi_vcpu_info, time_blocked),
	       "time_blocked");

#endif
