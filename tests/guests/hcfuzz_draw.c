/* SPDX-License-Identifier: MIT */
/* hcfuzz_draw.c - drawing the random calls and their arguments (hcfuzz.c). */
#include <stdio.h>
#include <string.h>

#include "hcfuzz.h"

/* ---- edge values ---- */

static uint64_t edge_page_in_ram(void)
{
	return RAM_BASE + hcfuzz_below(hcfuzz_si.mem_size / PAGE) * PAGE;
}

/* An address: mostly the guest's own landmarks and the host's, +-1 or so. */
static uint64_t edge_addr(void)
{
	static const uint64_t host[] = {
		0x0,
		0x1000,
		0x100000 /* sifive_test */,
		0x2000000 /* CLINT */,
		0xc000000 /* PLIC */,
		0x10000000 /* UART */,
		0x80000000 /* OpenSBI */,
		0x80200000 /* the hypervisor */,
		0x80400000,
		0x80800000,
		0x81000000,
		0x88000000 /* where frames of other guests are */,
		0x8ffff000,
		0x90000000,
		0x7fffffffffull,
		0x8000000000ull,
		0x1ffffffffffull,
		0x20000000000ull,
		0xffffffffffffffffull,
		INT64_MIN_U,
		0x7fffffffffffffffull,
		0xfffffffffffff000ull,
	};
	uint64_t base;

	switch (hcfuzz_below(12)) {
	case 0:
		base = PICK(host);
		break;
	case 1:
		base = RAM_BASE;
		break;
	case 2:
		base = RAM_END;
		break;
	case 3:
		base = hcfuzz_si.shared_info;
		break;
	case 4:
		base = TREGION + hcfuzz_below(16) * PAGE;
		break;
	case 5:
		base = VICTIM + hcfuzz_below(VICTIM_PAGES) * PAGE;
		break;
	case 6:
		base = hcfuzz_si.image_base;
		break;
	case 7:
		base = IMAGE_END;
		break;
	case 8:
		base = RAM_END - PAGE;
		break;
	case 9:
		base = 0x80000000ull + hcfuzz_below(0x10000) * PAGE;
		break;
	default:
		base = edge_page_in_ram();
		break;
	}
	switch (hcfuzz_below(8)) {
	case 0:
		return base - 1;
	case 1:
		return base + 1;
	case 2:
		return base - 8;
	case 3:
		return base + PAGE - 8;
	case 4:
		return base + hcfuzz_below(PAGE);
	default:
		return base;
	}
}

static uint64_t edge_count(void)
{
	static const uint64_t counts[] = {
		0,
		1,
		2,
		3,
		7,
		8,
		15,
		16,
		17,
		31,
		32,
		33,
		63,
		64,
		65,
		127,
		128,
		129,
		511,
		512,
		513,
		1023,
		1024,
		1025,
		4096,
		0xffffffffull,
		0x100000000ull,
		0x100000001ull,
		0x7fffffffffffffffull,
		INT64_MIN_U,
		0xffffffffffffffffull,
		0xfffffffffffffe00ull,
	};

	return hcfuzz_chance(30) ? hcfuzz_below(10) : PICK(counts);
}

static uint64_t edge_any(void)
{
	switch (hcfuzz_below(6)) {
	case 0:
		return PICK(
		    ((const uint64_t[]){ 0, 1, 2, 3, 4, 0xffffffffffffffffull, INT64_MIN_U,
					 0x7fffffffffffffffull, 0xffffffffull, 0x80000000ull }));
	case 1:
		return edge_count();
	case 2:
		return hcfuzz_rnd();
	default:
		return edge_addr();
	}
}

/* A page of the guest's RAM that can matter to a PTE: a victim, a table, any. */
static uint64_t ram_landmark(void)
{
	switch (hcfuzz_below(10)) {
	case 0:
	case 1:
	case 2:
	case 3:
		return VICTIM + hcfuzz_below(VICTIM_PAGES) * PAGE;
	case 4:
	case 5:
	case 6:
		return TREGION + hcfuzz_below(16) * PAGE;
	default:
		return edge_page_in_ram();
	}
}

/* A PTE: mostly a target landmark with plausible flags, sometimes anything. */
static uint64_t edge_pte(void)
{
	static const uint64_t flags[] = {
		0,
		PTE_V,
		PTE_V | PTE_R,
		PTE_V | PTE_R | PTE_W,
		PTE_V | PTE_R | PTE_X,
		PTE_V | PTE_R | PTE_W | PTE_X,
		PTE_V | PTE_W,
		PTE_V | PTE_X,
		PTE_V | PTE_R | 0x10,
		PTE_V | PTE_R | PTE_W | PTE_A | PTE_D,
		PTE_V | PTE_A,
		PTE_V | 0x10,
		PTE_V | 0x20,
		PTE_V | PTE_R | 0x300,
		PTE_R | PTE_W,
	};
	uint64_t pte;

	if (hcfuzz_chance(10))
		return edge_any();
	pte = ((hcfuzz_chance(50) ? ram_landmark() : edge_addr()) >> 12) << 10 | PICK(flags);
	if (hcfuzz_chance(5))
		pte |= 1ull << (54 + hcfuzz_below(10)); /* reserved bits */
	return pte;
}

/* ---- buffers the drawn calls point at ---- */

static struct pvabi_mmu_update top_mmu[PVABI_MMU_BATCH_MAX];
static struct pvabi_mmuext_op top_ext[PVABI_MMU_BATCH_MAX];
static uint64_t top_list[PVABI_MEMOP_BATCH_MAX];
struct pvabi_multicall_entry hcfuzz_top_mc[PVABI_MULTICALL_MAX];
static union slot {
	struct pvabi_mmu_update mmu[SLOT_N];
	struct pvabi_mmuext_op ext[SLOT_N];
	uint64_t list[SLOT_N];
} slots[PVABI_MULTICALL_MAX];
char hcfuzz_text[PVABI_CONSOLE_MAX + 256];
uint64_t hcfuzz_canary[64];

/*
 * A pointer argument: the guest's buffer, or an edge; never the rest of its
 * image. In a multicall (nested), not a victim page either: the guest reads
 * the requests after the whole batch, when a later entry may have given the
 * page back or turned paging on (top-level calls are read before, see snap).
 */
static uint64_t edge_ptr(void *buf, int nested)
{
	uint64_t p = hcfuzz_chance(75) ? (uintptr_t)buf : edge_addr();

	if ((hcfuzz_in_image(p) && p != (uintptr_t)buf) ||
	    (nested && hcfuzz_classify(p) == C_VICTIM)) {
		hcfuzz_tamed++;
		p = (uintptr_t)buf;
	}
	return p;
}

/* ---- drawing each call ---- */

static uint64_t edge_entry(struct where *w, int trap)
{
	uint64_t e;

	switch (hcfuzz_below(5)) {
	case 0:
		e = 0;
		break;
	case 1:
		e = (uint64_t)(trap ? hcfuzz_trap_entry_addr() : hcfuzz_upcall_entry_addr());
		break;
	case 2:
		e = (uint64_t)(trap ? hcfuzz_trap_entry_addr() : hcfuzz_upcall_entry_addr()) +
		    hcfuzz_below(4);
		break;
	default:
		e = edge_any();
		break;
	}
	/* In a multicall nothing puts a valid entry back before an upcall could come. */
	if (w->nested && e && !(e & 3) && hcfuzz_in_ram(e)) {
		hcfuzz_tamed++;
		e = (uint64_t)(trap ? hcfuzz_trap_entry_addr() : hcfuzz_upcall_entry_addr());
	}
	return e;
}

/*
 * A PTE of the right shape for the table it goes into (so that requests get
 * past the format checks to the reference counting): leaves in L1 tables,
 * pointers to tables elsewhere, or an empty entry.
 */
static uint64_t level_pte(uint64_t tab)
{
	static const uint64_t leaf_flags[] = {
		PTE_R, PTE_R | PTE_W, PTE_R | PTE_X, PTE_R | PTE_W | PTE_X, PTE_R | PTE_W | PTE_D,
	};
	int l1 =
	    tab == P1(0) || tab == P1(1) || (hcfuzz_classify(tab) == C_VICTIM && hcfuzz_chance(50));

	if (hcfuzz_chance(10))
		return 0;
	if (l1)
		return tg_leaf(ram_landmark(), PICK(leaf_flags));
	return tg_nonleaf(ram_landmark());
}

static uint64_t tame_mmu_ptr(uint64_t ptr)
{
	if (!hcfuzz_good_tree_page(ptr))
		return ptr;
	hcfuzz_tamed++;
	return P1(hcfuzz_below(2)) + (ptr & (PAGE - 1));
}

static void gen_mmu_req(struct pvabi_mmu_update *u)
{
	uint64_t tab = hcfuzz_chance(60)   ? PICK(((const uint64_t[]){ P3, P2, P1(0), P1(1) }))
		       : hcfuzz_chance(50) ? VICTIM + hcfuzz_below(VICTIM_PAGES) * PAGE
					   : edge_addr() & ~(PAGE - 1);

	u->ptr = hcfuzz_chance(80) ? tab + hcfuzz_below(512) * 8 : edge_addr();
	if (hcfuzz_chance(5))
		u->ptr |= hcfuzz_below(8);
	u->ptr = tame_mmu_ptr(u->ptr);
	u->val = hcfuzz_chance(40) ? edge_pte() : level_pte(u->ptr & ~(PAGE - 1));
}

static uint64_t table_landmark(void)
{
	switch (hcfuzz_below(4)) {
	case 0:
		return TREGION + hcfuzz_below(16) * PAGE;
	case 1:
		return VICTIM + hcfuzz_below(VICTIM_PAGES) * PAGE;
	default:
		return edge_addr();
	}
}

static void gen_ext_op(struct pvabi_mmuext_op *op)
{
	static const uint32_t cmds[] = { 0, 1, 2, 4, 5, 6, 7, 3, 8, 0xffffffffu };

	op->cmd = hcfuzz_chance(92) ? PICK(cmds) : (uint32_t)hcfuzz_rnd();
	op->pad = hcfuzz_chance(5) ? (uint32_t)edge_any() : 0;
	op->arg1 = table_landmark();
	op->arg2 = hcfuzz_chance(50) ? hcfuzz_below(0x10000) : edge_any();
	if (op->cmd == PVABI_MMUEXT_UNPIN_TABLE && (op->arg1 == T3 || op->arg1 == T3B)) {
		hcfuzz_tamed++; /* it would release every mapping of the guest */
		op->arg1 = P3;
	}
	/* Only the good root may go live: any other pinned root would lose the guest's code. */
	if (op->cmd == PVABI_MMUEXT_NEW_BASEPTR && !(op->arg1 & (PAGE - 1)) &&
	    (hcfuzz_classify(op->arg1) == C_TABLE || hcfuzz_classify(op->arg1) == C_VICTIM) &&
	    op->arg1 != T3 && op->arg1 != T3B) {
		hcfuzz_tamed++;
		op->arg1 = hcfuzz_chance(50) ? T3 : T3B;
	}
	/* Paging stays off for the first half (populated pages are checked then). */
	if (op->cmd == PVABI_MMUEXT_NEW_BASEPTR && !hcfuzz_paging_allowed &&
	    (op->arg1 == T3 || op->arg1 == T3B)) {
		hcfuzz_tamed++;
		op->arg1 = T2; /* not a root: refused */
	}
}

static uint64_t gen_page(void)
{
	switch (hcfuzz_below(5)) {
	case 0:
	case 1:
		return VICTIM + hcfuzz_below(VICTIM_PAGES) * PAGE;
	case 2:
		return VICTIM + hcfuzz_below(8) * PAGE; /* a few pages, so they come back */
	default:
		return edge_addr();
	}
}

/* Batch requests: n drawn, then a filler up to the buffer's end (zero = a stop). */
static void gen_batch(void *buf, size_t size, size_t cap, void (*one)(void *))
{
	size_t n = hcfuzz_below(cap < 9 ? cap : 9);
	int filler = (int)hcfuzz_below(3);

	memset(buf, 0, size * cap);
	for (size_t i = 0; i < cap; i++) {
		if (i < n)
			one((char *)buf + i * size);
		else if (filler == 1 && size == sizeof(struct pvabi_mmuext_op))
			((struct pvabi_mmuext_op *)buf)[i].cmd = PVABI_MMUEXT_TLB_FLUSH_LOCAL;
		else if (filler == 1 && size == sizeof(struct pvabi_mmu_update))
			((struct pvabi_mmu_update *)buf)[i].ptr = P1(1) + 8 * (i % 512);
		else if (filler == 2 && size == sizeof(uint64_t))
			((uint64_t *)buf)[i] = VICTIM + (i % VICTIM_PAGES) * PAGE;
	}
}

static void one_mmu(void *p)
{
	gen_mmu_req(p);
}
static void one_ext(void *p)
{
	gen_ext_op(p);
}
static void one_page(void *p)
{
	*(uint64_t *)p = gen_page();
}

static void gen_mm(struct call *c, struct where *w, int ext)
{
	void *buf = w->nested ? (void *)w->slot : ext ? (void *)top_ext : (void *)top_mmu;
	size_t size = ext ? sizeof(struct pvabi_mmuext_op) : sizeof(struct pvabi_mmu_update);
	size_t cap = w->nested ? SLOT_N - 1 : PVABI_MMU_BATCH_MAX;

	gen_batch(buf, size, cap, ext ? one_ext : one_mmu);
	c->a[0] = edge_ptr(buf, w->nested);
	c->a[1] = hcfuzz_chance(60) ? hcfuzz_below(cap + 1) : edge_count();
}

static void gen_memory_op(struct call *c, struct where *w)
{
	void *buf = w->nested ? (void *)w->slot : (void *)top_list;
	size_t cap = w->nested ? SLOT_N - 1 : PVABI_MEMOP_BATCH_MAX;

	c->a[0] = PICK(((const uint64_t[]){ 1, 1, 1, 6, 6, 6, 3, 3, 0, 2, 4, 5, 7, 99,
					    0xffffffffffffffffull, 0x100000001ull }));
	gen_batch(buf, sizeof(uint64_t), cap, one_page);
	c->a[1] = edge_ptr(buf, w->nested);
	c->a[2] = hcfuzz_chance(60) ? hcfuzz_below(cap < 9 ? cap + 1 : 9) : edge_count();
}

static void gen_console(struct call *c)
{
	uint64_t len;

	c->a[0] =
	    PICK(((const uint64_t[]){ 0, 0, 0, 1, 1, 2, 0xffffffffffffffffull, 0x100000000ull }));
	c->a[1] = hcfuzz_chance(50) ? hcfuzz_below(80) : edge_count();
	c->a[2] = hcfuzz_chance(30) ? (uintptr_t)hcfuzz_text : edge_addr();
	len = c->a[1] < PVABI_CONSOLE_MAX ? c->a[1] : PVABI_CONSOLE_MAX;
	/* Output that would succeed comes from the printable buffer, not raw memory. */
	if (c->a[0] == PVABI_CONSOLEIO_write && c->a[2] != (uintptr_t)hcfuzz_text &&
	    hcfuzz_reach_range(c->a[2], len, 0) != NO && c->a[2] + len >= c->a[2] &&
	    (hcfuzz_in_ram(c->a[2] + len - 1) || hcfuzz_in_image(c->a[2]))) {
		hcfuzz_tamed++;
		c->a[2] = (uintptr_t)hcfuzz_text + hcfuzz_below(64);
	}
	if (c->a[0] == PVABI_CONSOLEIO_read && hcfuzz_in_image(c->a[2]) &&
	    c->a[2] != (uintptr_t)hcfuzz_text)
		c->a[2] = (uintptr_t)hcfuzz_text; /* input would land in the guest's own data */
}

static void gen_sched(struct call *c, struct where *w)
{
	c->a[0] = PICK(((const uint64_t[]){ 0, 0, 0, 1, 1, 2, 2, 3, 99, 0xffffffffffffffffull,
					    0x100000000ull }));
	c->a[1] = edge_any();
	if (c->a[0] == PVABI_SCHEDOP_shutdown &&
	    (c->a[1] == PVABI_SHUTDOWN_poweroff || c->a[1] == PVABI_SHUTDOWN_reboot ||
	     c->a[1] == PVABI_SHUTDOWN_crash)) {
		hcfuzz_tamed++;
		c->a[1] = PVABI_SHUTDOWN_suspend;
	}
	if (c->a[0] == PVABI_SCHEDOP_block)
		w->has_block = 1;
}

/*
 * vcpu_op and event_op on a one-vCPU guest: vCPU 0 (the fuzzer itself), 1
 * (none), anything. Never down on vCPU 0: that would end the run.
 */
static void gen_vcpu(struct call *c)
{
	c->a[1] = PICK(((const uint64_t[]){ 0, 0, 1, 4, 0xffffffffffffffffull }));
	if (c->nr == PVABI_HC_event_op) {
		c->a[0] = PICK(((const uint64_t[]){ 0, 0, 0, 1, 0xffffffffffffffffull }));
		return;
	}
	c->a[0] = PICK(((const uint64_t[]){ 0, 2, 3, 4, 4, 5, 0xffffffffffffffffull }));
	if (c->a[0] == PVABI_VCPUOP_down && c->a[1] == 0) {
		hcfuzz_tamed++;
		c->a[1] = 1;
	}
}

static uint64_t gen_deadline(void)
{
	uint64_t now = tg_time(), hz = hcfuzz_si.timebase_hz;

	switch (hcfuzz_below(6)) {
	case 0:
		return 0;
	case 1:
		return now - hcfuzz_below(hz / 100);
	case 2:
		return now + hcfuzz_below(hz / 1000);
	case 3:
		return now + hz * 10;
	default:
		return edge_any();
	}
}

static void gen_multicall(struct call *c);

static uint64_t gen_nr(void)
{
	static const uint64_t unknown[] = {
		2,
		3,
		5,
		6,
		7,
		8,
		11,
		14,
		16,
		19,
		25,
		27,
		28,
		30,
		31,
		62,
		63,
		64,
		65,
		1000,
		0xffffffffull,
		0x100000001ull,
		0x10000000dull,
		0xffffffffffffffffull,
		INT64_MIN_U,
		INT64_MIN_U | 29,
	};
	static const uint64_t calls[] = { 0, 1, 4, 12, 13, 15, 17, 18, 24, 26, 29, 32 };

	return hcfuzz_chance(12) ? PICK(unknown) : PICK(calls);
}

/* Draw one call; nested ones get their buffers from their slot. */
void hcfuzz_gen_call(struct call *c, struct where *w)
{
	for (int i = 0; i < 5; i++)
		c->a[i] = hcfuzz_chance(50) ? 0 : edge_any(); /* unused arguments must not matter */
	c->nr = gen_nr();
	switch (c->nr) {
	case PVABI_HC_set_trap_table:
		c->a[0] = edge_entry(w, 1);
		break;
	case PVABI_HC_set_callbacks:
		c->a[0] = edge_entry(w, 0);
		break;
	case PVABI_HC_mmu_update:
		gen_mm(c, w, 0);
		break;
	case PVABI_HC_mmuext_op:
		gen_mm(c, w, 1);
		break;
	case PVABI_HC_memory_op:
		gen_memory_op(c, w);
		break;
	case PVABI_HC_set_timer_op:
		c->a[0] = gen_deadline();
		break;
	case PVABI_HC_version:
		c->a[0] = PICK(((const uint64_t[]){ 0, 1, 1, 2, 0xffffffffffffffffull }));
		c->a[1] = hcfuzz_chance(50) ? hcfuzz_below(PVABI_HC_MAX + 2) : edge_any();
		break;
	case PVABI_HC_console_io:
		gen_console(c);
		break;
	case PVABI_HC_sched_op:
		gen_sched(c, w);
		break;
	case PVABI_HC_vcpu_op:
	case PVABI_HC_event_op:
		gen_vcpu(c);
		break;
	case PVABI_HC_multicall:
		if (w->nested) { /* the hypervisor refuses it; its arguments are anything */
			c->a[0] = edge_ptr(hcfuzz_top_mc, 1);
			c->a[1] = edge_count();
		} else {
			gen_multicall(c);
		}
		break;
	}
}

static void gen_multicall(struct call *c)
{
	struct where w = { 1, NULL, 0 };
	size_t n = hcfuzz_below(PVABI_MULTICALL_MAX + 1);

	if (hcfuzz_chance(70))
		n = hcfuzz_below(9);
	memset(hcfuzz_top_mc, 0, sizeof(hcfuzz_top_mc));
	memset(slots, 0, sizeof(slots)); /* each slot's terminator */
	for (size_t i = 0; i < n; i++) {
		struct call e;

		w.slot = &slots[i];
		hcfuzz_gen_call(&e, &w);
		hcfuzz_top_mc[i].op = e.nr;
		memcpy(hcfuzz_top_mc[i].args, e.a, sizeof(e.a));
	}
	/* A block in the batch: no entry may cancel or push out the timer that ends it. */
	for (size_t i = 0; w.has_block && i < n; i++)
		if (hcfuzz_top_mc[i].op == PVABI_HC_set_timer_op) {
			hcfuzz_tamed++;
			hcfuzz_top_mc[i].args[0] =
			    tg_time() + hcfuzz_below(hcfuzz_si.timebase_hz / 1000);
		}
	c->a[0] = (uintptr_t)hcfuzz_top_mc;
	if (!w.has_block && hcfuzz_chance(20))
		c->a[0] = edge_ptr(hcfuzz_top_mc, 1);
	c->a[1] = hcfuzz_chance(75) ? (n ? n - hcfuzz_below(2) : 0) : edge_count();
}
