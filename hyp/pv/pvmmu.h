/* SPDX-License-Identifier: MIT */
/*
 * pvmmu.h - a PV guest's own page tables, validated by the hypervisor (the
 * rules are pvabi/mm.h's): the checks behind mmu_update and mmuext_op, the
 * frame types and counts they keep (ftype.h), the G-stage protection of
 * frames while they are page tables, and the live root.
 *
 * The page-table format is the architecture's (hyp/arch/<arch>/pvmmu.c);
 * core code sees only this interface.
 */
#ifndef HYP_PVMMU_H
#define HYP_PVMMU_H

#include <pvabi/mm.h>

#include "hyp/pv/ftype.h"
#include "hyp/core/types.h"

struct guest;
struct vcpu;

struct pvmmu {
	struct ftype_table ft; /* empty (ft.f NULL) when the guest is not PV */
	/*
	 * Which entries of each validated table are valid (the arch's sets, one
	 * per table while the pool lasts; ftype's aux names a table's), so that
	 * releasing a table visits only those. free: the first unused set, 0: none.
	 */
	void *sets;
	hpa_t sets_mem;
	uint64_t sets_frames;
	unsigned sets_free;
	/* Why the last refused request was refused: a static string, for tracing. */
	const char *last_reject;
};

/* Set up a PV guest's frame table (after its RAM is populated). 0 or -PVABI_ENOMEM. */
int pvmmu_init(struct guest *g);
/* Forget all of it (before the guest's frames are freed); safe to call twice. */
void pvmmu_release(struct guest *g);
bool pvmmu_enabled(const struct guest *g);
/*
 * A writable reference the hypervisor keeps for the guest's life (start and
 * shared info pages): the frame can never become a page table. 0 or -PVABI_E*.
 */
int pvmmu_hold_writable(struct guest *g, gpa_t gpa);

/* One mmu_update request. 0 or a negative PVABI_E* (see pvabi/hcall.h). */
int pvmmu_update(struct guest *g, uint64_t ptr, uint64_t val);
/* One mmuext_op on v (its guest's tables, its TLB). 0 or a negative PVABI_E*. */
int pvmmu_ext(struct vcpu *v, const struct pvabi_mmuext_op *op);
/*
 * pvmmu_ext for a fast call: only an op that is bounded and short, with no
 * preemption point, a TLB flush or a NEW_BASEPTR whose old root stays
 * pinned (dropping the live root's reference then never releases a table),
 * of a PV guest, well formed. Anything else is PVMMU_DECLINED, nothing done.
 */
#define PVMMU_DECLINED 1
int pvmmu_ext_fast(struct vcpu *v, const struct pvabi_mmuext_op *op);
/*
 * vcpu_op up: vCPU to runs on from's live root (a reference of its own, so
 * that the root stays pinned while either runs on it), or with paging off
 * if from has none. 0 or a negative PVABI_E*.
 */
int pvmmu_share_root(struct vcpu *to, const struct vcpu *from);
/* vcpu_op down: v's reference on its root is dropped (nothing is released). */
void pvmmu_drop_root(struct vcpu *v);
/* Record why a request is refused; returns err. */
int pvmmu_reject(struct guest *g, int err, const char *why);

#endif
