/* SPDX-License-Identifier: MIT */
/*
 * hcall_mm.c - mmu_update and mmuext_op: read a guest's batch of requests in
 * chunks through the checked copy (never a raw pointer), apply each with
 * pvmmu, stop at the first failure and report how many were done in a1.
 */
#include "hyp/core/arch.h"
#include "hyp/core/guest.h"
#include "hyp/pv/hcall.h"
#include "hyp/pv/pvmmu.h"
#include "hyp/core/sched.h"

/* Requests copied per chunk: a small stack buffer, few copies per batch. */
#define MM_CHUNK 16

/* The checks every batch gets before its first request is read. */
static int64_t batch_check(struct guest *g, uint64_t count)
{
	if (!pvmmu_enabled(g))
		return pvmmu_reject(g, -PVABI_ENOSYS, "not a PV guest");
	if (count > PVABI_MMU_BATCH_MAX)
		return pvmmu_reject(g, -PVABI_E2BIG, "batch larger than PVABI_MMU_BATCH_MAX");
	return 0;
}

/* Applies one request of a batch; 0 or a negative errno. */
typedef int64_t (*mm_apply_fn)(struct vcpu *v, const void *req);

/*
 * The batch loop both calls share: copy up to MM_CHUNK requests of size
 * bytes at a time, apply them in order, stop at the first failure.
 */
static int64_t mm_batch(struct vcpu *v, const uint64_t args[5], uint64_t *value, size_t size,
			mm_apply_fn apply, const char *unreadable)
{
	union {
		struct pvabi_mmu_update update[MM_CHUNK];
		struct pvabi_mmuext_op ext[MM_CHUNK];
	} buf;
	const uint8_t *req = (const uint8_t *)&buf;
	uint64_t count = args[1], done = 0;
	int64_t err = batch_check(v->guest, count);

	while (!err && done < count) {
		uint64_t n = count - done < MM_CHUNK ? count - done : MM_CHUNK;

		if (arch_copy_from_guest(&buf, GVA(args[0] + done * size), n * size)) {
			err = pvmmu_reject(v->guest, -PVABI_EFAULT, unreadable);
			break;
		}
		for (uint64_t i = 0; i < n && !err; i++) {
			sched_preempt_point(); /* between requests: each is whole */
			err = apply(v, req + i * size);
			done += !err;
		}
	}
	*value = done;
	return err;
}

static int64_t apply_update(struct vcpu *v, const void *req)
{
	const struct pvabi_mmu_update *u = req;

	return pvmmu_update(v->guest, u->ptr, u->val);
}

static int64_t apply_ext(struct vcpu *v, const void *req)
{
	return pvmmu_ext(v, req);
}

int64_t hcall_mmu_update(struct vcpu *v, const uint64_t args[5], uint64_t *value)
{
	return mm_batch(v, args, value, sizeof(struct pvabi_mmu_update), apply_update,
			"mmu_update requests unreadable");
}

int64_t hcall_mmuext_op(struct vcpu *v, const uint64_t args[5], uint64_t *value)
{
	return mm_batch(v, args, value, sizeof(struct pvabi_mmuext_op), apply_ext,
			"mmuext_op requests unreadable");
}

/*
 * A context switch, or a flush: one request that needs no preemption point
 * (pvmmu_ext_fast), made as a fast call. Anything else, or a list it
 * cannot read, is declined before anything changed: the direct path makes
 * it (and reports what is wrong).
 */
int64_t hcall_mmuext_op_fast(struct vcpu *v, const uint64_t args[5], uint64_t *value)
{
	struct pvabi_mmuext_op op;
	int err;

	if (args[1] != 1 || arch_copy_from_guest(&op, GVA(args[0]), sizeof(op)))
		return HCALL_DECLINED;
	err = pvmmu_ext_fast(v, &op);
	if (err == PVMMU_DECLINED)
		return HCALL_DECLINED;
	*value = !err;
	return err;
}
