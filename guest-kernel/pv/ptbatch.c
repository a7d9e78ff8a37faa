/* SPDX-License-Identifier: MIT */
/*
 * ptbatch.c (pv) - page-table and memory requests, queued in order and sent
 * to the hypervisor together: consecutive requests of one kind form one
 * mmu_update, mmuext_op or memory_op call, and the calls go in one
 * multicall. A fork or an exec costs one exit, not one per PTE.
 */
#include <pvabi/guest.h>

#include "kernel/console.h"
#include "kernel/platform.h"
#include "pv.h"

#define NUPD PVABI_MMU_BATCH_MAX
#define NEXT 64
#define NMEM PVABI_MEMOP_BATCH_MAX
#define NCALL 16

static struct pvabi_mmu_update upd[NUPD];
static struct pvabi_mmuext_op ext[NEXT];
static uint64_t mem[NMEM];
static struct pvabi_multicall_entry calls[NCALL];
static unsigned nupd, next_, nmem, ncalls;

/* Open the call a request of this kind joins, flushing when anything is full. */
static struct pvabi_multicall_entry *open_call(uint64_t op, uint64_t sub, unsigned need_upd,
					       unsigned need_ext, unsigned need_mem)
{
	struct pvabi_multicall_entry *c;

	if (nupd + need_upd > NUPD || next_ + need_ext > NEXT || nmem + need_mem > NMEM)
		plat_pt_commit();
	c = ncalls ? &calls[ncalls - 1] : NULL;
	if (c && c->op == op && op != PVABI_HC_memory_op)
		return c;
	if (ncalls == NCALL)
		plat_pt_commit();
	c = &calls[ncalls++];
	c->op = op;
	c->result = 0;
	c->value = 0;
	c->args[0] = sub;
	c->args[1] = c->args[2] = c->args[3] = c->args[4] = 0;
	switch (op) {
	case PVABI_HC_mmu_update:
		c->args[0] = (uintptr_t)&upd[nupd];
		break;
	case PVABI_HC_mmuext_op:
		c->args[0] = (uintptr_t)&ext[next_];
		break;
	default:
		c->args[1] = (uintptr_t)&mem[nmem];
		break;
	}
	return c;
}

bool plat_pt_tables_readonly(void)
{
	return true;
}

void plat_pt_update(uint64_t pte_pa, uint64_t val)
{
	struct pvabi_multicall_entry *c = open_call(PVABI_HC_mmu_update, 0, 1, 0, 0);

	upd[nupd].ptr = pte_pa | PVABI_MMU_NORMAL_PT_UPDATE;
	upd[nupd++].val = val;
	c->args[1]++;
}

static void ext_op(uint32_t cmd, uint64_t arg1, uint64_t arg2)
{
	struct pvabi_multicall_entry *c = open_call(PVABI_HC_mmuext_op, 0, 0, 1, 0);

	ext[next_].cmd = cmd;
	ext[next_].pad = 0;
	ext[next_].arg1 = arg1;
	ext[next_++].arg2 = arg2;
	c->args[1]++;
}

void plat_pt_pin(uint64_t table_pa, int level)
{
	static const uint32_t cmd[3] = {PVABI_MMUEXT_PIN_L1_TABLE, PVABI_MMUEXT_PIN_L2_TABLE,
					PVABI_MMUEXT_PIN_L3_TABLE};

	ext_op(cmd[level], table_pa, 0);
}

void plat_pt_unpin(uint64_t table_pa)
{
	ext_op(PVABI_MMUEXT_UNPIN_TABLE, table_pa, 0);
}

void plat_pt_switch(uint64_t root_pa)
{
	/* NEW_BASEPTR flushes this vCPU's TLB (ASID 0 everywhere). */
	ext_op(PVABI_MMUEXT_NEW_BASEPTR, root_pa, 0);
}

void plat_pt_flush_tlb(void)
{
	ext_op(PVABI_MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
}

bool plat_mem_can_exchange(void)
{
	return true;
}

static void mem_op(uint64_t cmd, const uint64_t *pas, unsigned n)
{
	struct pvabi_multicall_entry *c = open_call(PVABI_HC_memory_op, cmd, 0, 0, n);

	for (unsigned i = 0; i < n; i++)
		mem[nmem++] = pas[i];
	c->args[2] = n;
}

void plat_mem_release(const uint64_t *pas, unsigned n)
{
	mem_op(PVABI_MEMOP_decrease_reservation, pas, n);
}

void plat_mem_populate(const uint64_t *pas, unsigned n)
{
	mem_op(PVABI_MEMOP_populate_physmap, pas, n);
}

static void check(const struct pvabi_multicall_entry *c, unsigned i)
{
	uint64_t want = c->op == PVABI_HC_memory_op ? c->args[2] : c->args[1];

	if (c->result || c->value != want)
		kpanic("hypercall %llu (batch entry %u) failed: error %lld after %llu of %llu",
		       (unsigned long long)c->op, i, (long long)c->result,
		       (unsigned long long)c->value, (unsigned long long)want);
}

void plat_pt_commit(void)
{
	struct pvabi_multicall_entry *c = &calls[0];

	if (ncalls == 1) {
		struct pvabi_ret r = pvabi_hypercall(c->op, c->args[0], c->args[1], c->args[2],
						     c->args[3], c->args[4]);

		c->result = r.error;
		c->value = r.value;
	} else if (ncalls > 1) {
		struct pvabi_ret r = pvabi_multicall((uintptr_t)calls, ncalls);

		if (r.error || r.value != ncalls)
			kpanic("multicall failed: error %lld, %llu of %u entries run",
			       (long long)r.error, (unsigned long long)r.value, ncalls);
	}
	if (ncalls)
		pv_hypercalls++;
	for (unsigned i = 0; i < ncalls; i++)
		check(&calls[i], i);
	nupd = next_ = nmem = ncalls = 0;
}
