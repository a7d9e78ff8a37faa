/* SPDX-License-Identifier: MIT */
/*
 * vcpu.h - a guest's own vCPUs (pvabi 1.2): sub-commands of vcpu_op and
 * event_op (hcall.h), and the initial register state vcpu_op up reads.
 *
 * A guest has 1 to PVABI_VCPU_MAX vCPUs (the hypervisor's configuration
 * says how many: vcpus=N). vCPU 0 starts at boot; the others are down until
 * the guest brings them up with vcpu_op(up). Each vCPU has its own timer
 * (set_timer_op arms the caller's), its own event bits and run-state times
 * (pvabi/event.h, vcpu_info), its own trap entry and event callback, and
 * its own live root (mmuext_op NEW_BASEPTR switches the caller's). Memory,
 * page types and the console are the guest's. A guest whose vCPUs are all
 * down has shut down.
 */
#ifndef PVABI_VCPU_H
#define PVABI_VCPU_H

#include <stdint.h>

/* vcpu_op commands (Xen's VCPUOP_up, _down, _is_up, here with Xen's numbers). */
#define PVABI_VCPUOP_up 2
#define PVABI_VCPUOP_down 3
#define PVABI_VCPUOP_is_up 4

/* event_op commands. */
#define PVABI_EVTOP_send_ipi 0

/*
 * vcpu_op(up)'s initial state of the vCPU, read from the caller's guest
 * address. It starts in its kernel (supervisor mode) at pc with sp and a0
 * as given, a1 = its vCPU id, every other register 0, interrupts (SIE)
 * off, no trap entry and no event callback (it registers its own), on the
 * caller's live root (paging off if the caller has none).
 */
struct pvabi_vcpu_context {
	uint64_t pc; /* 2-byte aligned, executable for the kernel */
	uint64_t sp;
	uint64_t a0;
	uint64_t reserved; /* 0 */
};
_Static_assert(sizeof(struct pvabi_vcpu_context) == 32, "pvabi_vcpu_context size");
_Static_assert(__builtin_offsetof(struct pvabi_vcpu_context, a0) == 16, "a0");

#endif
