/* SPDX-License-Identifier: MIT */
/*
 * ptbatch.c (pv) - page-table and memory requests (plat_pt_apply) encoded
 * for the hypervisor: consecutive requests of one kind form one mmu_update,
 * mmuext_op or memory_op call, and the calls go in one multicall. A fork or
 * an exec costs one exit, not one per PTE.
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

static void send(void);

/* Open the call a request of this kind joins, flushing when anything is full. */
static struct pvabi_multicall_entry *open_call(uint64_t op, uint64_t sub, unsigned need_upd,
					       unsigned need_ext, unsigned need_mem)
{
	struct pvabi_multicall_entry *c;

	if (nupd + need_upd > NUPD || next_ + need_ext > NEXT || nmem + need_mem > NMEM)
		send();
	c = ncalls ? &calls[ncalls - 1] : NULL;
	if (c && c->op == op && op != PVABI_HC_memory_op)
		return c;
	if (ncalls == NCALL)
		send();
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

/* One mmuext_op of one NEW_BASEPTR (which flushes this vCPU's TLB: ASID 0 everywhere). */
void plat_pt_switch(uint64_t root_pa)
{
	static struct pvabi_mmuext_op op = { .cmd = PVABI_MMUEXT_NEW_BASEPTR };
	struct pvabi_ret r;

	op.arg1 = root_pa;
	pv_hypercalls++;
	r = pvabi_mmuext_op((uintptr_t)&op, 1);
	if (r.error || r.value != 1)
		kpanic("NEW_BASEPTR 0x%llx refused: error %lld", (unsigned long long)root_pa,
		       (long long)r.error);
}

bool plat_pt_tables_readonly(void)
{
	return true;
}

bool plat_mem_can_exchange(void)
{
	return true;
}

/* Asked once: a hypervisor without zero_in_place refuses a call with no page. */
bool plat_mem_can_zero_in_place(void)
{
	static int known = -1;

	if (known < 0) {
		pv_hypercalls++;
		known = pvabi_memory_op(PVABI_MEMOP_zero_in_place, 0, 0).error == 0;
	}
	return known;
}

static void update(uint64_t pte_pa, uint64_t val)
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

static void mem_op(uint64_t cmd, const uint64_t *pas, unsigned n)
{
	struct pvabi_multicall_entry *c = open_call(PVABI_HC_memory_op, cmd, 0, 0, n);

	for (unsigned i = 0; i < n; i++)
		mem[nmem++] = pas[i];
	c->args[2] = n;
}

static void encode(const struct plat_pt_op *o)
{
	static const uint32_t pin[3] = { PVABI_MMUEXT_PIN_L1_TABLE, PVABI_MMUEXT_PIN_L2_TABLE,
					 PVABI_MMUEXT_PIN_L3_TABLE };
	const uint64_t *list = (const uint64_t *)(uintptr_t)o->a;

	switch (o->kind) {
	case PLAT_PT_UPDATE:
		update(o->a, o->b);
		break;
	case PLAT_PT_PIN:
		ext_op(pin[o->b], o->a, 0);
		break;
	case PLAT_PT_UNPIN:
		ext_op(PVABI_MMUEXT_UNPIN_TABLE, o->a, 0);
		break;
	case PLAT_PT_SWITCH:
		/* NEW_BASEPTR flushes this vCPU's TLB (ASID 0 everywhere). */
		ext_op(PVABI_MMUEXT_NEW_BASEPTR, o->a, 0);
		break;
	case PLAT_PT_FLUSH:
		ext_op(PVABI_MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
		break;
	case PLAT_MEM_RELEASE:
		mem_op(PVABI_MEMOP_decrease_reservation, list, (unsigned)o->b);
		break;
	case PLAT_MEM_POPULATE:
		mem_op(PVABI_MEMOP_populate_physmap, list, (unsigned)o->b);
		break;
	case PLAT_MEM_ZERO:
		mem_op(PVABI_MEMOP_zero_in_place, list, (unsigned)o->b);
		break;
	}
}

static void check(const struct pvabi_multicall_entry *c, unsigned i)
{
	uint64_t want = c->op == PVABI_HC_memory_op ? c->args[2] : c->args[1];

	if (c->result || c->value != want)
		kpanic("hypercall %llu (batch entry %u) failed: error %lld after %llu of %llu",
		       (unsigned long long)c->op, i, (long long)c->result,
		       (unsigned long long)c->value, (unsigned long long)want);
}

/* Make the encoded calls: one hypercall, or one multicall for several. */
static void send(void)
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

void plat_pt_apply(const struct plat_pt_op *ops, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		encode(&ops[i]);
	send();
}
