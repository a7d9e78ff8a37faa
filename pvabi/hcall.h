/* SPDX-License-Identifier: MIT */
/*
 * hcall.h - the hypercall numbers, each documented above its number, and the
 * one list (PVABI_HCALL_LIST) from which the guest stubs and the hypervisor's
 * dispatch table are both generated.
 *
 * Numbers reuse Xen's where the call mirrors a Xen call (xen/include/public/xen.h).
 * A number is never reused or renumbered.
 *
 * Long calls (a pin that validates a large tree, full batches, multicalls):
 * the hypervisor may stop one at a point where its work so far is whole, let
 * other guests run, and go on later. The guest sees only a longer ecall and
 * the time as stolen (time_runnable); its registers, results, written-back
 * entries and tables are those of an uninterrupted call, nothing of it runs
 * in between (no upcall either), and it never re-issues the call
 * (docs/pvabi.md, "Long calls").
 */
#ifndef PVABI_HCALL_H
#define PVABI_HCALL_H

#include <stdint.h>

/*
 * set_trap_table(entry)
 *   Registers the kernel's trap entry: a 4-byte aligned guest-virtual
 *   address that must be mapped executable for the kernel at the time of the
 *   call. The hypervisor programs it as the guest's stvec (direct mode).
 *   From then on, exceptions the hypervisor sees but cannot resolve (an
 *   illegal or privileged instruction, a misaligned access) are delivered
 *   there as a real machine would (scause, stval, sepc set); before it, they
 *   stop the guest. 0 unregisters.
 *   Errors: -PVABI_EINVAL (not aligned), -PVABI_EFAULT (not executable).
 */
#define PVABI_HC_set_trap_table 0

/*
 * mmu_update(reqs, count)
 *   Applies count struct pvabi_mmu_update requests (pvabi/mm.h) read from
 *   guest address reqs, in order, to the guest's own page tables, checking
 *   each against the rules in mm.h. Stops at the first invalid request.
 *   Returns 0 when all were applied, or the first request's error; a1 = the
 *   number of requests applied either way.
 *   mmu_update never flushes the TLB: follow it with mmuext_op
 *   TLB_FLUSH_LOCAL or INVLPG_LOCAL where a mapping was removed or reduced.
 *   Errors: -PVABI_E2BIG (count > PVABI_MMU_BATCH_MAX), -PVABI_EFAULT (reqs),
 *   -PVABI_EINVAL (malformed request or PTE, ptr outside RAM or not in a
 *   page table),
 *   -PVABI_EPERM (target outside the guest's RAM), -PVABI_EBUSY (a writable
 *   mapping of a page table or a page table of a writable frame).
 */
#define PVABI_HC_mmu_update 1

/*
 * set_callbacks(event_entry)
 *   Registers the kernel's event callback, where upcalls are delivered
 *   (pvabi/event.h). Checked like set_trap_table's entry: 4-byte aligned and
 *   mapped executable for the kernel at the time of the call. Until one is
 *   registered (and after 0 unregisters) events are only recorded in the
 *   shared info page and wake a blocked vCPU.
 *   Errors: -PVABI_EINVAL (not aligned), -PVABI_EFAULT (not executable).
 */
#define PVABI_HC_set_callbacks 4

/*
 * memory_op(cmd, list, count)
 *   Gives pages of the guest's RAM back to the hypervisor, or populates them
 *   again with zeroed frames (pvabi/memory.h). Stops at the first page that
 *   fails; a1 = pages done either way (for current_reservation, a1 = pages
 *   populated).
 *   Errors: -PVABI_E2BIG (count > PVABI_MEMOP_BATCH_MAX), -PVABI_EFAULT
 *   (list), -PVABI_EINVAL (not in RAM or not aligned), -PVABI_EBUSY (page
 *   still referenced), -PVABI_EPERM (start or shared info page),
 *   -PVABI_EEXIST (already populated), -PVABI_ENOENT (not populated),
 *   -PVABI_ENOMEM, -PVABI_ENOSYS (unknown cmd).
 */
#define PVABI_HC_memory_op 12

/*
 * multicall(calls, count)
 *   Runs count struct pvabi_multicall_entry (below) read from guest address
 *   calls, in order, as if each were made alone, and writes each one's result
 *   and value back into its entry. Saves one exit per call (a fork's
 *   mmu_update and mmuext_op together, say). Stops early when a call stops or
 *   restarts the guest. A multicall inside a multicall gets -PVABI_EINVAL in
 *   its entry. Returns 0 and a1 = entries run.
 *   Errors: -PVABI_E2BIG (count > PVABI_MULTICALL_MAX), -PVABI_EFAULT (an
 *   entry could not be read or written back; a1 = entries run before it).
 */
#define PVABI_HC_multicall 13

/*
 * set_timer_op(deadline)
 *   Arms the vCPU's one-shot timer. deadline is absolute guest time in ticks of
 *   the timebase (the value the guest reads with rdtime; frequency in
 *   start_info.timebase_hz). 0 cancels the timer. A deadline in the past fires
 *   at once. When the timer fires, the event PVABI_EVT_timer becomes pending
 *   (pvabi/event.h): a blocked vCPU is woken and an upcall is delivered.
 *   Setting or cancelling the timer first clears a pending PVABI_EVT_timer
 *   (the expiry of the previous deadline).
 *   Returns 0; no errors.
 */
#define PVABI_HC_set_timer_op 15

/*
 * version(cmd, arg)  - Xen's xen_version
 *   cmd PVABI_VER_abi:   a1 = PVABI_VERSION of the hypervisor's ABI.
 *   cmd PVABI_VER_probe: arg = a hypercall number; returns 0 if the hypervisor
 *                        implements it, -PVABI_ENOSYS if not.
 *   Errors: -PVABI_ENOSYS for an unknown cmd.
 */
#define PVABI_HC_version 17

/*
 * console_io(cmd, count, buf)
 *   cmd PVABI_CONSOLEIO_write: writes count bytes from guest address buf to the
 *     guest's console. The hypervisor prefixes each line with the guest's name.
 *     Returns 0 and a1 = bytes consumed, which is min(count, PVABI_CONSOLE_MAX):
 *     the guest writes the rest with another call.
 *   cmd PVABI_CONSOLEIO_read: copies up to count bytes of pending console input
 *     (input reaches only the guest that has console focus) to buf. Never blocks.
 *     Returns 0 and a1 = bytes copied (0 when nothing is pending).
 *   buf is a guest virtual address, translated as the guest kernel would.
 *   Errors: -PVABI_EFAULT if buf does not translate (a write that faults
 *   after some bytes returns 0 with a1 = the bytes written), -PVABI_ENOSYS for
 *   an unknown cmd.
 */
#define PVABI_HC_console_io 18

/*
 * vcpu_op(cmd, vcpu, arg)  - Xen's vcpu_op (pvabi/vcpu.h), on the caller's
 * own guest's vCPU number vcpu (0 .. vCPUs - 1).
 *   cmd PVABI_VCPUOP_up: brings the down vCPU up with the initial state
 *     struct pvabi_vcpu_context read from guest address arg (a1 = its vCPU
 *     id). It starts running once the scheduler picks it, on the caller's hart.
 *   cmd PVABI_VCPUOP_down: takes the vCPU down: it stops where it is, its
 *     timer is cancelled and events for it are dropped until it is brought
 *     up again. The caller may take itself down: the call does not return
 *     then. Taking down the last vCPU that is up shuts the guest down (its
 *     on_stop policy applies). Down on a down vCPU does nothing, returns 0.
 *   cmd PVABI_VCPUOP_is_up: returns 1 if the vCPU is up, 0 if it is down.
 *   Errors: -PVABI_EINVAL (no such vCPU; up: pc not 2-byte aligned or
 *   reserved not 0), -PVABI_EEXIST (up: the vCPU is up already; Xen returns
 *   -EINVAL there, this is plainer), -PVABI_EFAULT (up: arg does not
 *   translate, or pc is not executable for the kernel), -PVABI_EAGAIN (up:
 *   the vCPU was taken down in the middle of a long call it has not
 *   finished yet: try again), -PVABI_ENOSYS (unknown cmd).
 */
#define PVABI_HC_vcpu_op 24

/*
 * mmuext_op(ops, count)
 *   Applies count struct pvabi_mmuext_op (pvabi/mm.h) read from guest address
 *   ops: pin a table as L1/L2/L3 (validating it), unpin, install a pinned L3
 *   as the address space with an ASID, flush the local TLB or one address.
 *   Stops at the first failing op; a1 = the number of ops done.
 *   Table addresses must be page aligned; arguments a command does not use
 *   are ignored.
 *   Errors: -PVABI_E2BIG, -PVABI_EFAULT, -PVABI_EINVAL (padding not zero,
 *   unaligned, not a table, not pinned), -PVABI_EPERM (outside RAM),
 *   -PVABI_EBUSY (already pinned, type conflict, unpinning the live root),
 *   -PVABI_ENOSYS (unknown command).
 */
#define PVABI_HC_mmuext_op 26

/*
 * sched_op(cmd, arg)
 *   cmd PVABI_SCHEDOP_yield: gives up the CPU; the vCPU stays runnable.
 *   cmd PVABI_SCHEDOP_block: sets sstatus.SIE (re-enables event delivery,
 *     as Xen's block clears the upcall mask), then sleeps until an event is
 *     pending (evt_pending & ~evt_mask, or the timer deadline passed).
 *     Returns at once if one already is: the check and the sleep are atomic,
 *     so a kernel may test for work with SIE clear and then block. Pending
 *     events are delivered as an upcall on the way back.
 *   cmd PVABI_SCHEDOP_shutdown: stops the guest; arg is a PVABI_SHUTDOWN_*
 *     reason. Does not return except for an invalid reason.
 *   Errors: -PVABI_EINVAL for an unknown shutdown reason, -PVABI_ENOSYS for an
 *   unknown cmd.
 */
#define PVABI_HC_sched_op 29

/*
 * event_op(cmd, arg)  - Xen's event_channel_op number, reduced to IPIs
 *   cmd PVABI_EVTOP_send_ipi: sets PVABI_EVT_ipi in the evt_pending of the
 *     caller's guest's vCPU number arg (itself included) and wakes it if it
 *     is blocked; an upcall follows as for any event. An IPI to a vCPU that
 *     is down is lost (returns 0), like one to a stopped hart.
 *   Errors: -PVABI_EINVAL (no such vCPU), -PVABI_ENOSYS (unknown cmd).
 */
#define PVABI_HC_event_op 32

/*
 * The list: X(name, number, argument count). Add new calls at the end.
 */
#define PVABI_HCALL_LIST(X)                                                                        \
	X(set_timer_op, PVABI_HC_set_timer_op, 1)                                                  \
	X(version, PVABI_HC_version, 2)                                                            \
	X(console_io, PVABI_HC_console_io, 3)                                                      \
	X(sched_op, PVABI_HC_sched_op, 2)                                                          \
	X(mmu_update, PVABI_HC_mmu_update, 2)                                                      \
	X(mmuext_op, PVABI_HC_mmuext_op, 2)                                                        \
	X(set_trap_table, PVABI_HC_set_trap_table, 1)                                              \
	X(multicall, PVABI_HC_multicall, 2)                                                        \
	X(set_callbacks, PVABI_HC_set_callbacks, 1)                                                \
	X(memory_op, PVABI_HC_memory_op, 3)                                                        \
	X(vcpu_op, PVABI_HC_vcpu_op, 3)                                                            \
	X(event_op, PVABI_HC_event_op, 2)

/* One entry of multicall: op and args in, result and value out. */
#define PVABI_MULTICALL_MAX 64
struct pvabi_multicall_entry {
	uint64_t op;	  /* hypercall number */
	int64_t result;	  /* out: that call's a0 */
	uint64_t value;	  /* out: that call's a1 */
	uint64_t args[5]; /* a0..a4 */
};
_Static_assert(sizeof(struct pvabi_multicall_entry) == 64, "multicall entry size");
_Static_assert(__builtin_offsetof(struct pvabi_multicall_entry, args) == 24, "args");

/* Hypercall numbers are below this bound. */
#define PVABI_HC_MAX 64

#endif
