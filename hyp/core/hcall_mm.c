/* SPDX-License-Identifier: MIT */
/*
 * hcall_mm.c - mmu_update and mmuext_op: read a guest's batch of requests in
 * chunks through the checked copy (never a raw pointer), apply each with
 * pvmmu, stop at the first failure and report how many were done in a1.
 */
#include "hyp/arch.h"
#include "hyp/guest.h"
#include "hyp/hcall.h"
#include "hyp/pvmmu.h"

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

static uint64_t chunk_len(uint64_t count, uint64_t done)
{
	return count - done < MM_CHUNK ? count - done : MM_CHUNK;
}

int64_t hcall_mmu_update(struct vcpu *v, const uint64_t args[5], uint64_t *value)
{
	struct pvabi_mmu_update req[MM_CHUNK];
	struct guest *g = v->guest;
	uint64_t count = args[1], done = 0;
	int64_t err = batch_check(g, count);

	while (!err && done < count) {
		uint64_t n = chunk_len(count, done);

		if (arch_copy_from_guest(req, GVA(args[0] + done * sizeof(req[0])),
					 n * sizeof(req[0]))) {
			err = pvmmu_reject(g, -PVABI_EFAULT, "mmu_update requests unreadable");
			break;
		}
		for (uint64_t i = 0; i < n && !err; i++) {
			err = pvmmu_update(g, req[i].ptr, req[i].val);
			done += !err;
		}
	}
	*value = done;
	return err;
}

int64_t hcall_mmuext_op(struct vcpu *v, const uint64_t args[5], uint64_t *value)
{
	struct pvabi_mmuext_op op[MM_CHUNK];
	struct guest *g = v->guest;
	uint64_t count = args[1], done = 0;
	int64_t err = batch_check(g, count);

	while (!err && done < count) {
		uint64_t n = chunk_len(count, done);

		if (arch_copy_from_guest(op, GVA(args[0] + done * sizeof(op[0])),
					 n * sizeof(op[0]))) {
			err = pvmmu_reject(g, -PVABI_EFAULT, "mmuext_op requests unreadable");
			break;
		}
		for (uint64_t i = 0; i < n && !err; i++) {
			err = pvmmu_ext(v, &op[i]);
			done += !err;
		}
	}
	*value = done;
	return err;
}
