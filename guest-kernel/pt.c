/* SPDX-License-Identifier: MIT */
/*
 * pt.c - the batch of page-table requests. A paravirtual kernel may not
 * write a live page table and may not keep a page table writable in its own
 * mapping (pvabi/mm.h), so building an address space is a batch:
 *   1. tables created in the batch are written directly (they are still
 *      ordinary memory), and are made read-only in the direct map first;
 *   2. then the recorded requests run in order (links into live tables,
 *      pins, unpins, switches, memory exchange); the hypervisor validates a
 *      new table when it is first linked or pinned;
 *   3. then tables taken out of service become writable again;
 *   4. then pages freed during the batch return to the allocator.
 * The platform sends all of it in one multicall. On a native platform the
 * same requests are plain stores and CSR writes.
 */
#include <stddef.h>
#include <string.h>

#include "kernel/console.h"
#include "kernel/kalloc.h"
#include "kernel/platform.h"
#include "kernel/pt.h"

#define NOPS 1024
#define NFRESH 128
#define NDEAD 256
#define NFREE 1024

/*
 * The requests of the batch, ops[] = seq[NFRESH..]: at commit the read-only
 * remaps of the fresh tables go just before them and the retired tables'
 * writable remaps just after, so the whole sequence is one array.
 */
static struct plat_pt_op seq[NFRESH + NOPS + NDEAD + 1];
#define ops (seq + NFRESH)
static uint64_t fresh[NFRESH], dead[NDEAD];
static void *frees[NFREE];
static unsigned nops, nfresh, ndead, nfree;

static void log_op(enum plat_pt_kind kind, uint64_t a, uint64_t b)
{
	if (nops == NOPS)
		pt_commit();
	ops[nops].kind = kind;
	ops[nops].a = a;
	ops[nops++].b = b;
}

static bool is_fresh(uint64_t pa)
{
	for (unsigned i = 0; i < nfresh; i++)
		if (fresh[i] == pa)
			return true;
	return false;
}

uint64_t pt_new_table(void)
{
	void *page;

	if (nfresh == NFRESH)
		pt_commit();
	if (!(page = page_alloc()))
		return 0;
	fresh[nfresh++] = KPA(page);
	return KPA(page);
}

void pt_set(uint64_t table_pa, unsigned idx, pte_t val)
{
	if (is_fresh(table_pa))
		pt_table(table_pa)[idx] = val;
	else
		log_op(PLAT_PT_UPDATE, table_pa + idx * sizeof(pte_t), val);
}

pte_t pt_get(uint64_t table_pa, unsigned idx)
{
	uint64_t addr = table_pa + idx * sizeof(pte_t);

	/* A live table's pending update is the value the batch will leave there. */
	if (!is_fresh(table_pa))
		for (unsigned i = nops; i-- > 0;)
			if (ops[i].kind == PLAT_PT_UPDATE && ops[i].a == addr)
				return ops[i].b;
	return pt_table(table_pa)[idx];
}

void pt_dead_table(uint64_t pa)
{
	if (ndead == NDEAD)
		pt_commit();
	dead[ndead++] = pa;
}

void pt_defer_free(void *page)
{
	if (nfree == NFREE)
		pt_commit();
	frees[nfree++] = page;
}

void pt_pin_root(uint64_t root_pa)
{
	log_op(PLAT_PT_PIN, root_pa, 2);
}

void pt_unpin_root(uint64_t root_pa)
{
	log_op(PLAT_PT_UNPIN, root_pa, 0);
}

/*
 * A context switch: alone in the batch, it goes to the platform at once.
 * Its root was pinned by an earlier commit (pins are requests too), so
 * nothing of this batch can be what it needs.
 */
void pt_switch(uint64_t root_pa)
{
	if (!nops && !nfresh && !ndead && !nfree) {
		plat_pt_switch(root_pa);
		return;
	}
	log_op(PLAT_PT_SWITCH, root_pa, 0);
}

void pt_flush_tlb(void)
{
	log_op(PLAT_PT_FLUSH, 0, 0);
}

/*
 * Dirty pages go back to the hypervisor and come back zeroed: zeroed where
 * they are if the platform can, else unmapped from the direct map first (a
 * page given back may have no mapping), released, populated again, mapped
 * again.
 */
void pt_exchange(const uint64_t *pas, unsigned n)
{
	if (plat_mem_can_zero_in_place()) {
		log_op(PLAT_MEM_ZERO, (uintptr_t)pas, n);
		pt_commit();
		return;
	}
	for (unsigned i = 0; i < n; i++)
		log_op(PLAT_PT_UPDATE, vm_direct_pte_pa(pas[i]), 0);
	log_op(PLAT_PT_FLUSH, 0, 0);
	log_op(PLAT_MEM_RELEASE, (uintptr_t)pas, n);
	log_op(PLAT_MEM_POPULATE, (uintptr_t)pas, n);
	for (unsigned i = 0; i < n; i++)
		log_op(PLAT_PT_UPDATE, vm_direct_pte_pa(pas[i]), vm_direct_pte(pas[i], true));
	pt_commit();
}

static void set_op(struct plat_pt_op *o, enum plat_pt_kind kind, uint64_t a, uint64_t b)
{
	o->kind = kind;
	o->a = a;
	o->b = b;
}

void pt_commit(void)
{
	bool ro = plat_pt_tables_readonly();
	unsigned first = NFRESH, end = NFRESH + nops, nf = nfree;

	if (ro) {
		for (unsigned i = 0; i < nfresh; i++)
			set_op(&seq[--first], PLAT_PT_UPDATE, vm_direct_pte_pa(fresh[i]),
			       vm_direct_pte(fresh[i], false));
		for (unsigned i = 0; i < ndead; i++)
			set_op(&seq[end++], PLAT_PT_UPDATE, vm_direct_pte_pa(dead[i]),
			       vm_direct_pte(dead[i], true));
	}
	/* A mapping made read-only, or a table retired, must leave the TLB. */
	if (ndead || (ro && nfresh))
		set_op(&seq[end++], PLAT_PT_FLUSH, 0, 0);
	if (end > first)
		plat_pt_apply(&seq[first], end - first);
	for (unsigned i = 0; i < ndead; i++)
		page_free(KVA(dead[i]));
	nops = nfresh = ndead = nfree = 0;
	for (unsigned i = 0; i < nf; i++)
		page_free(frees[i]);
}
