/* SPDX-License-Identifier: MIT */
/*
 * hcfuzz.c - the in-guest random hypercall generator (issue 7). From seed=N
 * a xorshift64* stream draws calls=N hypercalls: every number of the table
 * and unknown ones, with arguments biased toward edge values (0, 1, -1,
 * INT64_MIN, RAM bounds +-1, page boundaries +-1, its own page tables, its
 * start and shared info pages, the host-physical places of OpenSBI, the
 * hypervisor and the other guests, MMIO), edge counts, and batches of
 * mmu_update / mmuext_op / memory_op requests and multicalls (a multicall
 * inside one too) built from the same stream.
 *
 * Every result is checked against what pvabi promises (the oracles, see
 * check_*): an allowed error code per call, -ENOSYS and a1 = 0 for unknown
 * numbers, -E2BIG past each limit, -EFAULT exactly when a pointer's first
 * byte cannot be reached, never -EFAULT when all of it can, exact results
 * where the guest's model of its own memory predicts them (trap entries,
 * pages given back and populated, its reservation, new base pointers), a1 never
 * more than the count, registers preserved. After each call the guest
 * checks a canary in its own memory and walks its live page tables; a page
 * it populates must read zero.
 *
 * The guest keeps itself alive where a call would legitimately end it; each
 * such change of a drawn call is counted as "tamed", and is part of the
 * stream, so a seed still replays exactly:
 *  - its "good" tree (two roots sharing the rest) maps all its RAM writable
 *    except a victim region and the page-table region, and is pinned first:
 *    so no page the guest runs from can become a page table or be given
 *    back (Xen's rule does the protecting); requests that would write the
 *    good tree, unpin a good root, or install another root go to the
 *    playground tree / a good root;
 *  - shutdown reasons that would stop it are made invalid ones;
 *  - a block is preceded by a timer (and an unmasked timer event);
 *  - trap and event entries are put back after every call that could
 *    change them, and inside a multicall only its own entry can be set;
 *  - pointers into its own image go to its scratch buffers instead (in a
 *    multicall, pointers to victim pages too: see edge_ptr), and console
 *    output that would succeed comes from a printable buffer.
 * A call read from memory the guest did not build (a wild multicall
 * pointer) is not tamed; should one stop the guest, the hypervisor's stop
 * message is the expected outcome.
 *
 * Output: a summary per hypercall (calls, each result code), a 64-bit hash
 * of every (call, arguments, result, value), then "Test result: PASS/FAIL".
 * Command line: seed=N (default 1), calls=N (default 2000), verbose (each
 * call echoed as it is made, for replaying one seed call by call),
 * paging=1 (install the good root before the first call; else paging goes
 * on only in the second half of the calls), notrap and noexec
 * (no random calls: the two findings below, fault_without_trap_entry and
 * entries_on_noexec_page).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "tg.h"

#define PAGE 4096ull
#define SSTATUS_SIE (1ull << 1)
#define INT64_MIN_U (1ull << 63)
#define PTE_V 1ull
#define PTE_R 2ull
#define PTE_W 4ull
#define PTE_X 8ull
#define PTE_A 0x40ull
#define PTE_D 0x80ull
#define ERRNO_MAX 128
#define CONSOLE_INPUT_MAX 64 /* the hypervisor's input ring (console_io read copies at most this) */
#define SLOT_N 8             /* requests in a nested call's buffer, the last one a zero terminator */
#define VICTIM_PAGES 128
#define L1_MAX 4             /* the good tree covers at most 8 MiB of RAM */

/* ---- the stream ---- */

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static int chance(unsigned pct)
{
	return below(100) < pct;
}

#define PICK(arr) ((arr)[below(sizeof(arr) / sizeof((arr)[0]))])

/* ---- the guest's memory and its model of it ---- */

static struct pvabi_start_info si; /* a copy: calls may scribble on the page */
extern char __kernel_end[];

#define RAM_BASE (si.mem_base)
#define RAM_END (si.mem_base + si.mem_size)
#define TREGION (RAM_BASE + 0x100000)   /* page-table region: 16 pages */
#define TREGION_END (TREGION + 16 * PAGE)
#define T3 (TREGION)                    /* the good tree, live with paging on */
#define T2 (TREGION + PAGE)
#define T1(i) (TREGION + (2 + (i)) * PAGE)
#define T3B (TREGION + 6 * PAGE)        /* a second good root sharing T2: roots switch */
#define P3 (TREGION + 8 * PAGE)         /* the playground tree: pinned, never live */
#define P2 (TREGION + 9 * PAGE)
#define P1(i) (TREGION + (10 + (i)) * PAGE)
#define VICTIM (RAM_BASE + 0x180000)    /* pages the good tree leaves unmapped */
#define VICTIM_END (VICTIM + VICTIM_PAGES * PAGE)
#define IMAGE_END ((uint64_t)(uintptr_t)__kernel_end)

static unsigned nr_l1;
static uint8_t given_back[VICTIM_PAGES];
static uint64_t pages_at_boot, pages_back;
static int paging_on;
static int paging_allowed; /* may a drawn NEW_BASEPTR turn paging on yet? */

enum pclass { C_OUT, C_PLAIN, C_TABLE, C_VICTIM };

static int in_ram(uint64_t a)
{
	return a >= RAM_BASE && a < RAM_END;
}

static enum pclass classify(uint64_t a)
{
	if (!in_ram(a))
		return C_OUT;
	if (a >= TREGION && a < TREGION_END)
		return C_TABLE;
	if (a >= VICTIM && a < VICTIM_END)
		return C_VICTIM;
	return C_PLAIN;
}

static int is_back(uint64_t a)
{
	return classify(a) == C_VICTIM && given_back[(a - VICTIM) / PAGE];
}

/*
 * Does [a, a + len) touch the shared info page? The hypervisor writes it on
 * any exit (evt_pending, times), so requests read from it after a call are
 * not the ones the call read: the guest cannot judge them.
 */
static int volatile_range(uint64_t a, uint64_t len)
{
	return a < si.shared_info + PAGE && a + len > si.shared_info;
}

static int in_image(uint64_t a)
{
	return a >= si.image_base && a < IMAGE_END;
}

static int good_tree_page(uint64_t a)
{
	uint64_t p = a & ~(PAGE - 1);

	return p == T3 || p == T3B || p == T2 || (p >= T1(0) && p < T1(nr_l1));
}

enum tri { NO, MAYBE, YES };

/* Can the hypervisor read (write: also write) the byte at guest-virtual a? */
static enum tri reach(uint64_t a, int write)
{
	enum pclass c = classify(a);

	if (c == C_OUT || is_back(a))
		return NO;
	if (paging_on && c == C_VICTIM)
		return NO; /* the good tree does not map it */
	if (!write || c == C_PLAIN)
		return YES;
	if (paging_on)
		return NO; /* table region: mapped read-only */
	return MAYBE;  /* writable unless it is a page table now */
}

/* The state of [a, a + len): NO if its first byte is unreachable, YES if all is. */
static enum tri reach_range(uint64_t a, uint64_t len, int write)
{
	enum tri first = reach(a, write), all = first;

	if (len == 0 || first == NO)
		return first;
	if (a + len < a)
		return MAYBE; /* wraps: the end is out of RAM */
	for (uint64_t p = (a & ~(PAGE - 1)) + PAGE; p < a + len && all != NO; p += PAGE)
		if (reach(p, write) != YES)
			all = NO;
	if (reach(a + len - 1, write) != YES)
		all = NO;
	return all == YES ? YES : MAYBE;
}

/* Could the guest kernel execute at a (what set_trap_table checks)? */
static int executable(uint64_t a)
{
	if (paging_on)
		return classify(a) == C_PLAIN; /* tables are mapped R only, victims not at all */
	return in_ram(a) && !is_back(a);
}

/* ---- the good tree and the playground ---- */

static uint64_t *table(uint64_t gpa)
{
	return (uint64_t *)(uintptr_t)gpa;
}

static uint64_t leaf(uint64_t pa, uint64_t flags)
{
	return (pa >> 12) << 10 | flags | PTE_V | PTE_A;
}

static uint64_t nonleaf(uint64_t pa)
{
	return (pa >> 12) << 10 | PTE_V;
}

/* What the good tree maps at RAM page a: everything but victims; tables read-only. */
static uint64_t good_leaf(uint64_t a)
{
	switch (classify(a)) {
	case C_VICTIM:
		return 0;
	case C_TABLE:
		return leaf(a, PTE_R);
	default:
		return leaf(a, PTE_R | PTE_W | PTE_X | PTE_D);
	}
}

static uint64_t good_entry(uint64_t tab, unsigned i)
{
	if (tab == T3 || tab == T3B)
		return i == ((RAM_BASE >> 30) & 511) ? nonleaf(T2) : 0;
	if (tab == T2)
		return i < nr_l1 ? nonleaf(T1(i)) : 0;
	return good_leaf(RAM_BASE + ((tab - T1(0)) / PAGE * 512 + i) * PAGE);
}

static void build_trees(void)
{
	for (uint64_t t = TREGION; t < TREGION_END; t += PAGE)
		memset(table(t), 0, PAGE);
	table(T3)[(RAM_BASE >> 30) & 511] = good_entry(T3, (RAM_BASE >> 30) & 511);
	table(T3B)[(RAM_BASE >> 30) & 511] = good_entry(T3B, (RAM_BASE >> 30) & 511);
	for (unsigned i = 0; i < nr_l1; i++) {
		table(T2)[i] = good_entry(T2, i);
		for (unsigned j = 0; j < 512; j++)
			table(T1(i))[j] = good_entry(T1(i), j);
	}
	table(P3)[(RAM_BASE >> 30) & 511] = nonleaf(P2);
	table(P2)[0] = nonleaf(P1(0));
	table(P2)[1] = nonleaf(P1(1));
	table(P1(0))[3] = leaf(VICTIM, PTE_R);
}

static int64_t ext1(uint32_t cmd, uint64_t arg1, uint64_t arg2)
{
	static struct pvabi_mmuext_op op;

	op.cmd = cmd;
	op.pad = 0;
	op.arg1 = arg1;
	op.arg2 = arg2;
	return pvabi_mmuext_op((uintptr_t)&op, 1).error;
}

/* The live tables still hold exactly what the guest built (a walk of them). */
static int tree_intact(void)
{
	for (unsigned t = 0; t < 7; t++) {
		uint64_t tab = TREGION + t * PAGE;

		if (!good_tree_page(tab))
			continue;
		for (unsigned i = 0; i < 512; i++)
			if (table(tab)[i] != good_entry(tab, i))
				return 0;
	}
	return 1;
}

/* ---- results, hash, failures ---- */

#define NR_SLOTS (PVABI_HC_MAX + 1) /* [PVABI_HC_MAX]: unknown numbers */
static uint32_t ncalls[NR_SLOTS];
static uint32_t nres[NR_SLOTS][ERRNO_MAX + 1]; /* [e]: -e; [ERRNO_MAX]: other */
static uint64_t hash = 0xcbf29ce484222325ull;
static uint64_t total_calls, nested_calls, tamed, fails, upcalls_seen, zero_checked;
static uint64_t callno;
static int verbose;
static int line_open; /* fuzzed console output left a line unfinished */

/* Before the guest's own lines: end a line a fuzzed console write left open. */
static void end_line(void)
{
	if (line_open)
		tg_printf("\n");
	line_open = 0;
}

static const char *const names[PVABI_HC_MAX] = {
#define NAME(name, nr, nargs) [nr] = #name,
	PVABI_HCALL_LIST(NAME)
#undef NAME
};

static int known(uint64_t nr)
{
	return nr < PVABI_HC_MAX && names[nr];
}

static void hash64(uint64_t v)
{
	for (int i = 0; i < 8; i++, v >>= 8)
		hash = (hash ^ (v & 0xff)) * 0x100000001b3ull;
}

static void fail(const char *what, uint64_t nr, const uint64_t a[5], int64_t err, uint64_t val)
{
	fails++;
	end_line();
	tg_printf("FAIL #%llu %s: nr %llu (%s) args 0x%llx 0x%llx 0x%llx 0x%llx 0x%llx -> %lld "
		  "a1 0x%llx\n",
		  (unsigned long long)callno, what, (unsigned long long)nr,
		  known(nr) ? names[nr] : "unknown", (unsigned long long)a[0],
		  (unsigned long long)a[1], (unsigned long long)a[2], (unsigned long long)a[3],
		  (unsigned long long)a[4], (long long)err, (unsigned long long)val);
}

static void record(uint64_t nr, const uint64_t a[5], int64_t err, uint64_t val, int nested)
{
	unsigned s = known(nr) ? (unsigned)nr : PVABI_HC_MAX;
	uint64_t e = (uint64_t)-err;

	ncalls[s]++;
	nres[s][err <= 0 && e < ERRNO_MAX ? e : ERRNO_MAX]++;
	total_calls++;
	nested_calls += nested;
	hash64(nr);
	for (int i = 0; i < 5; i++)
		hash64(a[i]);
	hash64((uint64_t)err);
	hash64(val);
	if (nr == PVABI_HC_console_io && a[0] == PVABI_CONSOLEIO_write && err == 0 && val)
		line_open = *(const volatile char *)(uintptr_t)(a[2] + val - 1) != '\n';
	if (verbose)
		end_line();
	if (verbose)
		tg_printf("%s#%llu %s(%llu) 0x%llx 0x%llx 0x%llx 0x%llx 0x%llx -> %lld 0x%llx\n",
			  nested ? "  mc " : "", (unsigned long long)callno,
			  known(nr) ? names[nr] : "unknown", (unsigned long long)nr,
			  (unsigned long long)a[0], (unsigned long long)a[1],
			  (unsigned long long)a[2], (unsigned long long)a[3],
			  (unsigned long long)a[4], (long long)err, (unsigned long long)val);
}

/* ---- edge values ---- */

static uint64_t edge_page_in_ram(void)
{
	return RAM_BASE + below(si.mem_size / PAGE) * PAGE;
}

/* An address: mostly the guest's own landmarks and the host's, +-1 or so. */
static uint64_t edge_addr(void)
{
	static const uint64_t host[] = {
		0x0, 0x1000, 0x100000 /* sifive_test */, 0x2000000 /* CLINT */,
		0xc000000 /* PLIC */, 0x10000000 /* UART */, 0x80000000 /* OpenSBI */,
		0x80200000 /* the hypervisor */, 0x80400000, 0x80800000, 0x81000000,
		0x88000000 /* where frames of other guests are */, 0x8ffff000, 0x90000000,
		0x7fffffffffull, 0x8000000000ull, 0x1ffffffffffull, 0x20000000000ull,
		0xffffffffffffffffull, INT64_MIN_U, 0x7fffffffffffffffull, 0xfffffffffffff000ull,
	};
	uint64_t base;

	switch (below(12)) {
	case 0: base = PICK(host); break;
	case 1: base = RAM_BASE; break;
	case 2: base = RAM_END; break;
	case 3: base = si.shared_info; break;
	case 4: base = TREGION + below(16) * PAGE; break;
	case 5: base = VICTIM + below(VICTIM_PAGES) * PAGE; break;
	case 6: base = si.image_base; break;
	case 7: base = IMAGE_END; break;
	case 8: base = RAM_END - PAGE; break;
	case 9: base = 0x80000000ull + below(0x10000) * PAGE; break;
	default: base = edge_page_in_ram(); break;
	}
	switch (below(8)) {
	case 0: return base - 1;
	case 1: return base + 1;
	case 2: return base - 8;
	case 3: return base + PAGE - 8;
	case 4: return base + below(PAGE);
	default: return base;
	}
}

static uint64_t edge_count(void)
{
	static const uint64_t counts[] = {
		0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 511, 512,
		513, 1023, 1024, 1025, 4096, 0xffffffffull, 0x100000000ull, 0x100000001ull,
		0x7fffffffffffffffull, INT64_MIN_U, 0xffffffffffffffffull, 0xfffffffffffffe00ull,
	};

	return chance(30) ? below(10) : PICK(counts);
}

static uint64_t edge_any(void)
{
	switch (below(6)) {
	case 0: return PICK(((const uint64_t[]){ 0, 1, 2, 3, 4, 0xffffffffffffffffull,
						 INT64_MIN_U, 0x7fffffffffffffffull,
						 0xffffffffull, 0x80000000ull }));
	case 1: return edge_count();
	case 2: return rnd();
	default: return edge_addr();
	}
}

/* A page of the guest's RAM that can matter to a PTE: a victim, a table, any. */
static uint64_t ram_landmark(void)
{
	switch (below(10)) {
	case 0: case 1: case 2: case 3: return VICTIM + below(VICTIM_PAGES) * PAGE;
	case 4: case 5: case 6: return TREGION + below(16) * PAGE;
	default: return edge_page_in_ram();
	}
}

/* A PTE: mostly a target landmark with plausible flags, sometimes anything. */
static uint64_t edge_pte(void)
{
	static const uint64_t flags[] = {
		0, PTE_V, PTE_V | PTE_R, PTE_V | PTE_R | PTE_W, PTE_V | PTE_R | PTE_X,
		PTE_V | PTE_R | PTE_W | PTE_X, PTE_V | PTE_W, PTE_V | PTE_X, PTE_V | PTE_R | 0x10,
		PTE_V | PTE_R | PTE_W | PTE_A | PTE_D, PTE_V | PTE_A, PTE_V | 0x10, PTE_V | 0x20,
		PTE_V | PTE_R | 0x300, PTE_R | PTE_W,
	};
	uint64_t pte;

	if (chance(10))
		return edge_any();
	pte = ((chance(50) ? ram_landmark() : edge_addr()) >> 12) << 10 | PICK(flags);
	if (chance(5))
		pte |= 1ull << (54 + below(10)); /* reserved bits */
	return pte;
}

/* ---- buffers the drawn calls point at ---- */

static struct pvabi_mmu_update top_mmu[PVABI_MMU_BATCH_MAX];
static struct pvabi_mmuext_op top_ext[PVABI_MMU_BATCH_MAX];
static uint64_t top_list[PVABI_MEMOP_BATCH_MAX];
static struct pvabi_multicall_entry top_mc[PVABI_MULTICALL_MAX];
static union slot {
	struct pvabi_mmu_update mmu[SLOT_N];
	struct pvabi_mmuext_op ext[SLOT_N];
	uint64_t list[SLOT_N];
} slots[PVABI_MULTICALL_MAX];
static char text[PVABI_CONSOLE_MAX + 256];
static uint64_t canary[64];

/* Where a drawn call's buffer lives: the top-level ones or one nested slot. */
struct where {
	int nested;
	union slot *slot;
	int has_block; /* the multicall being built holds a block */
};

/*
 * A pointer argument: the guest's buffer, or an edge; never the rest of its
 * image. In a multicall (nested), not a victim page either: the guest reads
 * the requests after the whole batch, when a later entry may have given the
 * page back or turned paging on (top-level calls are read before, see snap).
 */
static uint64_t edge_ptr(void *buf, int nested)
{
	uint64_t p = chance(75) ? (uintptr_t)buf : edge_addr();

	if ((in_image(p) && p != (uintptr_t)buf) || (nested && classify(p) == C_VICTIM)) {
		tamed++;
		p = (uintptr_t)buf;
	}
	return p;
}

/* ---- drawing each call ---- */

struct call {
	uint64_t nr, a[5];
};

static int64_t upcall_entry_addr(void);
static int64_t trap_entry_addr(void);

static uint64_t edge_entry(struct where *w, int trap)
{
	uint64_t e;

	switch (below(5)) {
	case 0: e = 0; break;
	case 1: e = (uint64_t)(trap ? trap_entry_addr() : upcall_entry_addr()); break;
	case 2: e = (uint64_t)(trap ? trap_entry_addr() : upcall_entry_addr()) + below(4); break;
	default: e = edge_any(); break;
	}
	/* In a multicall nothing puts a valid entry back before an upcall could come. */
	if (w->nested && e && !(e & 3) && in_ram(e)) {
		tamed++;
		e = (uint64_t)(trap ? trap_entry_addr() : upcall_entry_addr());
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
	int l1 = tab == P1(0) || tab == P1(1) || (classify(tab) == C_VICTIM && chance(50));

	if (chance(10))
		return 0;
	if (l1)
		return leaf(ram_landmark(), PICK(leaf_flags));
	return nonleaf(ram_landmark());
}

static uint64_t tame_mmu_ptr(uint64_t ptr)
{
	if (!good_tree_page(ptr))
		return ptr;
	tamed++;
	return P1(below(2)) + (ptr & (PAGE - 1));
}

static void gen_mmu_req(struct pvabi_mmu_update *u)
{
	uint64_t tab = chance(60) ? PICK(((const uint64_t[]){ P3, P2, P1(0), P1(1) }))
				  : chance(50) ? VICTIM + below(VICTIM_PAGES) * PAGE
					       : edge_addr() & ~(PAGE - 1);

	u->ptr = chance(80) ? tab + below(512) * 8 : edge_addr();
	if (chance(5))
		u->ptr |= below(8);
	u->ptr = tame_mmu_ptr(u->ptr);
	u->val = chance(40) ? edge_pte() : level_pte(u->ptr & ~(PAGE - 1));
}

static uint64_t table_landmark(void)
{
	switch (below(4)) {
	case 0: return TREGION + below(16) * PAGE;
	case 1: return VICTIM + below(VICTIM_PAGES) * PAGE;
	default: return edge_addr();
	}
}

static void gen_ext_op(struct pvabi_mmuext_op *op)
{
	static const uint32_t cmds[] = { 0, 1, 2, 4, 5, 6, 7, 3, 8, 0xffffffffu };

	op->cmd = chance(92) ? PICK(cmds) : (uint32_t)rnd();
	op->pad = chance(5) ? (uint32_t)edge_any() : 0;
	op->arg1 = table_landmark();
	op->arg2 = chance(50) ? below(0x10000) : edge_any();
	if (op->cmd == PVABI_MMUEXT_UNPIN_TABLE && (op->arg1 == T3 || op->arg1 == T3B)) {
		tamed++; /* it would release every mapping of the guest */
		op->arg1 = P3;
	}
	/* Only the good root may go live: any other pinned root would lose the guest's code. */
	if (op->cmd == PVABI_MMUEXT_NEW_BASEPTR && !(op->arg1 & (PAGE - 1)) &&
	    (classify(op->arg1) == C_TABLE || classify(op->arg1) == C_VICTIM) &&
	    op->arg1 != T3 && op->arg1 != T3B) {
		tamed++;
		op->arg1 = chance(50) ? T3 : T3B;
	}
	/* Paging stays off for the first half (populated pages are checked then). */
	if (op->cmd == PVABI_MMUEXT_NEW_BASEPTR && !paging_allowed &&
	    (op->arg1 == T3 || op->arg1 == T3B)) {
		tamed++;
		op->arg1 = T2; /* not a root: refused */
	}
}

static uint64_t gen_page(void)
{
	switch (below(5)) {
	case 0:
	case 1: return VICTIM + below(VICTIM_PAGES) * PAGE;
	case 2: return VICTIM + below(8) * PAGE; /* a few pages, so they come back */
	default: return edge_addr();
	}
}

/* Batch requests: n drawn, then a filler up to the buffer's end (zero = a stop). */
static void gen_batch(void *buf, size_t size, size_t cap, void (*one)(void *))
{
	size_t n = below(cap < 9 ? cap : 9);
	int filler = (int)below(3);

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

static void one_mmu(void *p) { gen_mmu_req(p); }
static void one_ext(void *p) { gen_ext_op(p); }
static void one_page(void *p) { *(uint64_t *)p = gen_page(); }

static void gen_mm(struct call *c, struct where *w, int ext)
{
	void *buf = w->nested ? (void *)w->slot : ext ? (void *)top_ext : (void *)top_mmu;
	size_t size = ext ? sizeof(struct pvabi_mmuext_op) : sizeof(struct pvabi_mmu_update);
	size_t cap = w->nested ? SLOT_N - 1 : PVABI_MMU_BATCH_MAX;

	gen_batch(buf, size, cap, ext ? one_ext : one_mmu);
	c->a[0] = edge_ptr(buf, w->nested);
	c->a[1] = chance(60) ? below(cap + 1) : edge_count();
}

static void gen_memory_op(struct call *c, struct where *w)
{
	void *buf = w->nested ? (void *)w->slot : (void *)top_list;
	size_t cap = w->nested ? SLOT_N - 1 : PVABI_MEMOP_BATCH_MAX;

	c->a[0] = PICK(((const uint64_t[]){ 1, 1, 1, 6, 6, 6, 3, 3, 0, 2, 4, 5, 7, 99,
					     0xffffffffffffffffull, 0x100000001ull }));
	gen_batch(buf, sizeof(uint64_t), cap, one_page);
	c->a[1] = edge_ptr(buf, w->nested);
	c->a[2] = chance(60) ? below(cap < 9 ? cap + 1 : 9) : edge_count();
}

static void gen_console(struct call *c)
{
	uint64_t len;

	c->a[0] = PICK(((const uint64_t[]){ 0, 0, 0, 1, 1, 2, 0xffffffffffffffffull,
					     0x100000000ull }));
	c->a[1] = chance(50) ? below(80) : edge_count();
	c->a[2] = chance(30) ? (uintptr_t)text : edge_addr();
	len = c->a[1] < PVABI_CONSOLE_MAX ? c->a[1] : PVABI_CONSOLE_MAX;
	/* Output that would succeed comes from the printable buffer, not raw memory. */
	if (c->a[0] == PVABI_CONSOLEIO_write && c->a[2] != (uintptr_t)text &&
	    reach_range(c->a[2], len, 0) != NO && c->a[2] + len >= c->a[2] &&
	    (in_ram(c->a[2] + len - 1) || in_image(c->a[2]))) {
		tamed++;
		c->a[2] = (uintptr_t)text + below(64);
	}
	if (c->a[0] == PVABI_CONSOLEIO_read && in_image(c->a[2]) &&
	    c->a[2] != (uintptr_t)text)
		c->a[2] = (uintptr_t)text; /* input would land in the guest's own data */
}

static void gen_sched(struct call *c, struct where *w)
{
	c->a[0] = PICK(((const uint64_t[]){ 0, 0, 0, 1, 1, 2, 2, 3, 99,
					     0xffffffffffffffffull, 0x100000000ull }));
	c->a[1] = edge_any();
	if (c->a[0] == PVABI_SCHEDOP_shutdown &&
	    (c->a[1] == PVABI_SHUTDOWN_poweroff || c->a[1] == PVABI_SHUTDOWN_reboot ||
	     c->a[1] == PVABI_SHUTDOWN_crash)) {
		tamed++;
		c->a[1] = PVABI_SHUTDOWN_suspend;
	}
	if (c->a[0] == PVABI_SCHEDOP_block)
		w->has_block = 1;
}

static uint64_t gen_deadline(void)
{
	uint64_t now = tg_time(), hz = si.timebase_hz;

	switch (below(6)) {
	case 0: return 0;
	case 1: return now - below(hz / 100);
	case 2: return now + below(hz / 1000);
	case 3: return now + hz * 10;
	default: return edge_any();
	}
}

static void gen_multicall(struct call *c);

static uint64_t gen_nr(void)
{
	static const uint64_t unknown[] = {
		2, 3, 5, 6, 7, 8, 11, 14, 16, 19, 24, 25, 27, 28, 30, 31, 32, 62, 63, 64, 65, 1000,
		0xffffffffull, 0x100000001ull, 0x10000000dull, 0xffffffffffffffffull, INT64_MIN_U,
		INT64_MIN_U | 29,
	};
	static const uint64_t calls[] = { 0, 1, 4, 12, 13, 15, 17, 18, 26, 29 };

	return chance(12) ? PICK(unknown) : PICK(calls);
}

/* Draw one call; nested ones get their buffers from their slot. */
static void gen_call(struct call *c, struct where *w)
{
	for (int i = 0; i < 5; i++)
		c->a[i] = chance(50) ? 0 : edge_any(); /* unused arguments must not matter */
	c->nr = gen_nr();
	switch (c->nr) {
	case PVABI_HC_set_trap_table: c->a[0] = edge_entry(w, 1); break;
	case PVABI_HC_set_callbacks: c->a[0] = edge_entry(w, 0); break;
	case PVABI_HC_mmu_update: gen_mm(c, w, 0); break;
	case PVABI_HC_mmuext_op: gen_mm(c, w, 1); break;
	case PVABI_HC_memory_op: gen_memory_op(c, w); break;
	case PVABI_HC_set_timer_op: c->a[0] = gen_deadline(); break;
	case PVABI_HC_version:
		c->a[0] = PICK(((const uint64_t[]){ 0, 1, 1, 2, 0xffffffffffffffffull }));
		c->a[1] = chance(50) ? below(PVABI_HC_MAX + 2) : edge_any();
		break;
	case PVABI_HC_console_io: gen_console(c); break;
	case PVABI_HC_sched_op: gen_sched(c, w); break;
	case PVABI_HC_multicall:
		if (w->nested) { /* the hypervisor refuses it; its arguments are anything */
			c->a[0] = edge_ptr(top_mc, 1);
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
	size_t n = below(PVABI_MULTICALL_MAX + 1);

	if (chance(70))
		n = below(9);
	memset(top_mc, 0, sizeof(top_mc));
	memset(slots, 0, sizeof(slots)); /* each slot's terminator */
	for (size_t i = 0; i < n; i++) {
		struct call e;

		w.slot = &slots[i];
		gen_call(&e, &w);
		top_mc[i].op = e.nr;
		memcpy(top_mc[i].args, e.a, sizeof(e.a));
	}
	/* A block in the batch: no entry may cancel or push out the timer that ends it. */
	for (size_t i = 0; w.has_block && i < n; i++)
		if (top_mc[i].op == PVABI_HC_set_timer_op) {
			tamed++;
			top_mc[i].args[0] = tg_time() + below(si.timebase_hz / 1000);
		}
	c->a[0] = (uintptr_t)top_mc;
	if (!w.has_block && chance(20))
		c->a[0] = edge_ptr(top_mc, 1);
	c->a[1] = chance(75) ? (n ? n - below(2) : 0) : edge_count();
}

/* ---- the oracles ---- */

#define E(x) (1ull << PVABI_##x)
static const uint64_t allowed[PVABI_HC_MAX] = {
	[PVABI_HC_set_trap_table] = E(EINVAL) | E(EFAULT),
	[PVABI_HC_set_callbacks] = E(EINVAL) | E(EFAULT),
	[PVABI_HC_mmu_update] = E(E2BIG) | E(EFAULT) | E(EINVAL) | E(EPERM) | E(EBUSY),
	[PVABI_HC_mmuext_op] = E(E2BIG) | E(EFAULT) | E(EINVAL) | E(EPERM) | E(EBUSY) |
			       E(ENOSYS),
	[PVABI_HC_memory_op] = E(E2BIG) | E(EFAULT) | E(EINVAL) | E(EBUSY) | E(EPERM) |
			       E(EEXIST) | E(ENOENT) | E(ENOSYS),
	[PVABI_HC_multicall] = E(E2BIG) | E(EFAULT),
	[PVABI_HC_set_timer_op] = 0,
	[PVABI_HC_version] = E(ENOSYS),
	[PVABI_HC_console_io] = E(EFAULT) | E(ENOSYS),
	[PVABI_HC_sched_op] = E(EINVAL) | E(ENOSYS),
};

/* Outcomes a request may have: bit 0 = success, bit e = -e. */
#define OK 1ull

static int outcome_allows(uint64_t set, int64_t err)
{
	uint64_t e = (uint64_t)-err;

	return err == 0 ? (set & OK) != 0 : e < 64 && (set >> e & 1);
}

static uint64_t mmu_req_outcomes(const struct pvabi_mmu_update *u)
{
	if ((u->ptr & 7) || classify(u->ptr) == C_OUT || classify(u->ptr) == C_PLAIN ||
	    is_back(u->ptr))
		return E(EINVAL);
	return OK | E(EINVAL) | E(EPERM) | E(EBUSY);
}

static uint64_t pin_outcomes(uint64_t a)
{
	if (a & (PAGE - 1))
		return E(EINVAL);
	if (!in_ram(a) || is_back(a))
		return E(EPERM);
	if (classify(a) == C_PLAIN)
		return E(EBUSY); /* writable: mapped so by the good tree, or held by the hypervisor */
	return OK | E(EBUSY) | E(EINVAL) | E(EPERM);
}

static uint64_t ext_op_outcomes(const struct pvabi_mmuext_op *op)
{
	uint64_t a = op->arg1;

	if (op->pad)
		return E(EINVAL);
	switch (op->cmd) {
	case PVABI_MMUEXT_PIN_L1_TABLE:
	case PVABI_MMUEXT_PIN_L2_TABLE:
	case PVABI_MMUEXT_PIN_L3_TABLE:
		return pin_outcomes(a);
	case PVABI_MMUEXT_UNPIN_TABLE:
		if (a & (PAGE - 1))
			return E(EINVAL);
		if (!in_ram(a))
			return E(EPERM);
		if (classify(a) == C_PLAIN || is_back(a))
			return E(EINVAL); /* never pinned */
		if (a == T3 || a == T3B)
			return OK | E(EBUSY); /* busy if live */
		return OK | E(EINVAL) | E(EBUSY);
	case PVABI_MMUEXT_NEW_BASEPTR:
		if (a & (PAGE - 1))
			return E(EINVAL);
		if (!in_ram(a))
			return E(EPERM);
		if (a == T3 || a == T3B)
			return op->arg2 >= 0x10000 ? E(EINVAL) : OK;
		return E(EINVAL);
	case PVABI_MMUEXT_TLB_FLUSH_LOCAL:
	case PVABI_MMUEXT_INVLPG_LOCAL:
		return OK;
	default:
		return E(ENOSYS);
	}
}

static void ext_op_applied(const struct pvabi_mmuext_op *op)
{
	if (op->cmd == PVABI_MMUEXT_NEW_BASEPTR && !paging_on) {
		paging_on = 1;
		if (verbose)
			tg_printf("#%llu: paging on\n", (unsigned long long)callno);
	}
}

static uint64_t page_outcomes(uint64_t cmd, uint64_t p)
{
	if ((p & (PAGE - 1)) || !in_ram(p))
		return E(EINVAL);
	if (cmd == PVABI_MEMOP_populate_physmap)
		return is_back(p) ? OK : E(EEXIST);
	if (p == RAM_BASE || p == si.shared_info)
		return E(EPERM);
	if (is_back(p))
		return E(ENOENT);
	if (classify(p) == C_VICTIM)
		return OK | E(EBUSY); /* busy if the fuzzer pinned it or mapped it */
	return E(EBUSY); /* the good tree maps it, or it is a page table */
}

static uint64_t zero_check[PVABI_MEMOP_BATCH_MAX];
static unsigned nzero_check;

static void page_applied(uint64_t cmd, uint64_t p, int nested)
{
	if (classify(p) != C_VICTIM)
		return; /* page_outcomes() already failed it */
	given_back[(p - VICTIM) / PAGE] = cmd == PVABI_MEMOP_decrease_reservation;
	if (cmd == PVABI_MEMOP_decrease_reservation)
		pages_back++;
	else
		pages_back--;
	if (cmd == PVABI_MEMOP_populate_physmap && !nested && !paging_on &&
	    nzero_check < PVABI_MEMOP_BATCH_MAX)
		zero_check[nzero_check++] = p;
}

/*
 * The common shape of the batched calls: count over the limit, 0, an
 * unreachable first element, then each element done must have been allowed
 * to succeed, and the one that stopped the batch must allow its error.
 * read(i) copies element i (guest memory, which the guest can read exactly
 * when the hypervisor could).
 */
struct batch {
	uint64_t ptr, count, limit, size;
	uint64_t (*outcomes)(const void *elem, uint64_t cmd);
	void (*applied)(const void *elem, uint64_t cmd, int nested);
	uint64_t cmd;
};

/*
 * A top-level call's requests as they were before it (the call itself may
 * change the memory they are in): the elements the guest could read then.
 */
static union {
	struct pvabi_mmuext_op ext[PVABI_MMU_BATCH_MAX];
	uint64_t raw[PVABI_MMU_BATCH_MAX * 3];
} snap;
static uint64_t snap_n, snap_ptr = 1; /* 1: no snapshot */

static void take_snapshot(uint64_t ptr, uint64_t count, uint64_t limit, uint64_t size)
{
	snap_ptr = ptr;
	for (snap_n = 0; snap_n < count && snap_n < limit; snap_n++) {
		uint64_t at = ptr + snap_n * size;

		if (reach_range(at, size, 0) != YES || volatile_range(at, size))
			break;
		memcpy((char *)&snap + snap_n * size, (const void *)(uintptr_t)at, size);
	}
}

/* Element i of the batch: from the snapshot, or from memory (nested calls). */
static int batch_elem(const struct batch *b, uint64_t i, int nested, void *out)
{
	uint64_t at = b->ptr + i * b->size;

	if (!nested && b->ptr == snap_ptr) {
		if (i >= snap_n)
			return 0;
		memcpy(out, (const char *)&snap + i * b->size, b->size);
		return 1;
	}
	if (reach_range(at, b->size, 0) != YES || volatile_range(at, b->size))
		return 0; /* the guest cannot see it (as it was): nothing to judge */
	memcpy(out, (const void *)(uintptr_t)at, b->size);
	return 1;
}

static int check_batch(const struct batch *b, int64_t err, uint64_t val, int nested,
		       const char **why)
{
	enum tri r;
	uint64_t elem[3];

	if (b->count > b->limit)
		return (*why = "count over the limit must be -E2BIG"), err == -PVABI_E2BIG && !val;
	if (b->count == 0)
		return (*why = "an empty batch succeeds"), err == 0 && !val;
	r = reach_range(b->ptr, b->count * b->size, 0);
	if (r == NO)
		return (*why = "unreachable list must be -EFAULT"), err == -PVABI_EFAULT && !val;
	*why = "a1 over the count";
	if (val > b->count || (err == 0 && val != b->count))
		return 0;
	*why = "-EFAULT for a list it could read";
	if (err == -PVABI_EFAULT && r == YES)
		return 0;
	for (uint64_t i = 0; i <= val && i < b->count; i++) {
		if (!batch_elem(b, i, nested, elem))
			break;
		if (i < val && !(b->outcomes(elem, b->cmd) & OK))
			return (*why = "a request that must fail was applied"), 0;
		if (i == val && err != -PVABI_EFAULT && !outcome_allows(b->outcomes(elem, b->cmd), err))
			return (*why = "wrong error for the request that stopped the batch"), 0;
		if (i < val)
			b->applied(elem, b->cmd, nested);
	}
	return 1;
}

static uint64_t mmu_outcomes(const void *e, uint64_t cmd) { (void)cmd; return mmu_req_outcomes(e); }
static uint64_t ext_outcomes(const void *e, uint64_t cmd) { (void)cmd; return ext_op_outcomes(e); }
static uint64_t page_outcomes_e(const void *e, uint64_t cmd) { return page_outcomes(cmd, *(const uint64_t *)e); }
static void no_apply(const void *e, uint64_t cmd, int n) { (void)e; (void)cmd; (void)n; }
static void ext_apply(const void *e, uint64_t cmd, int n) { (void)cmd; (void)n; ext_op_applied(e); }
static void page_apply(const void *e, uint64_t cmd, int n) { page_applied(cmd, *(const uint64_t *)e, n); }

static uint64_t hlvx_lenient;

static int check_entry_point(const uint64_t a[5], int64_t err, const char **why)
{
	int64_t want = (a[0] & 3) ? -PVABI_EINVAL
		       : (a[0] == 0 || executable(a[0])) ? 0 : -PVABI_EFAULT;

	*why = "entry point check";
	/*
	 * QEMU 7.2's hlvx (the hypervisor's execute check) does not refuse a
	 * page the guest mapped readable but not executable: counted, not failed.
	 */
	if (want == -PVABI_EFAULT && err == 0 && paging_on && classify(a[0]) == C_TABLE) {
		hlvx_lenient++;
		return 1;
	}
	return err == want;
}

static int check_console(const uint64_t a[5], int64_t err, uint64_t val, const char **why)
{
	uint64_t max = a[0] == PVABI_CONSOLEIO_write ? PVABI_CONSOLE_MAX : CONSOLE_INPUT_MAX;
	uint64_t n = a[1] < max ? a[1] : max;
	enum tri r;

	if (a[0] != PVABI_CONSOLEIO_write && a[0] != PVABI_CONSOLEIO_read)
		return (*why = "unknown console cmd"), err == -PVABI_ENOSYS;
	if (n == 0)
		return (*why = "empty console_io"), err == 0 && val == 0;
	r = reach_range(a[2], n, a[0] == PVABI_CONSOLEIO_read);
	*why = "console_io buffer";
	if (r == NO)
		return err == -PVABI_EFAULT && val == 0;
	if (a[0] == PVABI_CONSOLEIO_read) /* no input is ever typed in these runs */
		return err == 0 ? val == 0 : (r != YES && err == -PVABI_EFAULT && !val);
	if (r == YES)
		return err == 0 && val == n;
	return err == 0 ? val > 0 && val <= n : err == -PVABI_EFAULT && !val;
}

static int check_memory_op(const uint64_t a[5], int64_t err, uint64_t val, int nested,
			   const char **why)
{
	struct batch b = { a[1], a[2], PVABI_MEMOP_BATCH_MAX, 8, page_outcomes_e, page_apply,
			   a[0] };

	if (a[0] == PVABI_MEMOP_current_reservation)
		return (*why = "current_reservation"),
		       err == 0 && val == pages_at_boot - pages_back;
	if (a[0] != PVABI_MEMOP_decrease_reservation && a[0] != PVABI_MEMOP_populate_physmap)
		return (*why = "unknown memory_op cmd"), err == -PVABI_ENOSYS;
	return check_batch(&b, err, val, nested, why);
}

static int check_sched(const uint64_t a[5], int64_t err, const char **why)
{
	*why = "sched_op";
	if (a[0] == PVABI_SCHEDOP_yield || a[0] == PVABI_SCHEDOP_block)
		return err == 0;
	if (a[0] == PVABI_SCHEDOP_shutdown)
		return err == -PVABI_EINVAL; /* only invalid reasons are drawn */
	return err == -PVABI_ENOSYS;
}

static int check_version(const uint64_t a[5], int64_t err, uint64_t val, const char **why)
{
	*why = "version";
	if (a[0] == PVABI_VER_abi)
		return err == 0 && val == PVABI_VERSION;
	if (a[0] == PVABI_VER_probe)
		return err == (known(a[1]) ? 0 : -PVABI_ENOSYS);
	return err == -PVABI_ENOSYS;
}

static int check_multicall(const uint64_t a[5], int64_t err, uint64_t val, const char **why);

/* One call's oracles; updates the model with what it did. */
static void check(uint64_t nr, const uint64_t a[5], int64_t err, uint64_t val, int nested)
{
	const char *why = "result code not documented for this call";
	struct batch b = { a[0], a[1], PVABI_MMU_BATCH_MAX, 0, NULL, no_apply, 0 };
	uint64_t allowed_here = known(nr) ? allowed[nr] : 0;
	int ok;

	record(nr, a, err, val, nested);
	if (!known(nr)) {
		if (!(err == -PVABI_ENOSYS && val == 0))
			fail("unknown number must be -ENOSYS, a1 0", nr, a, err, val);
		return;
	}
	if (nested && nr == PVABI_HC_multicall)
		allowed_here |= E(EINVAL);
	if (err > 0 || (err < 0 && !((uint64_t)-err < 64 && (allowed_here >> -err & 1)))) {
		fail(why, nr, a, err, val);
		return;
	}
	switch (nr) {
	case PVABI_HC_set_trap_table:
	case PVABI_HC_set_callbacks: ok = check_entry_point(a, err, &why); break;
	case PVABI_HC_mmu_update:
		b.size = sizeof(struct pvabi_mmu_update);
		b.outcomes = mmu_outcomes;
		ok = check_batch(&b, err, val, nested, &why);
		break;
	case PVABI_HC_mmuext_op:
		b.size = sizeof(struct pvabi_mmuext_op);
		b.outcomes = ext_outcomes;
		b.applied = ext_apply;
		ok = check_batch(&b, err, val, nested, &why);
		break;
	case PVABI_HC_memory_op: ok = check_memory_op(a, err, val, nested, &why); break;
	case PVABI_HC_multicall:
		ok = nested ? (why = "nested multicall must be -EINVAL", err == -PVABI_EINVAL)
			    : check_multicall(a, err, val, &why);
		break;
	case PVABI_HC_set_timer_op: ok = err == 0; break;
	case PVABI_HC_version: ok = check_version(a, err, val, &why); break;
	case PVABI_HC_console_io: ok = check_console(a, err, val, &why); break;
	default: ok = check_sched(a, err, &why); break;
	}
	if (!ok)
		fail(why, nr, a, err, val);
}

static int check_multicall(const uint64_t a[5], int64_t err, uint64_t val, const char **why)
{
	uint64_t count = a[1];
	enum tri r;

	if (count > PVABI_MULTICALL_MAX)
		return (*why = "count over the limit must be -E2BIG"), err == -PVABI_E2BIG && !val;
	if (count == 0)
		return (*why = "an empty multicall succeeds"), err == 0 && !val;
	r = reach_range(a[0], count * sizeof(struct pvabi_multicall_entry), 1);
	if (reach(a[0], 0) == NO)
		return (*why = "unreachable entries must be -EFAULT"),
		       err == -PVABI_EFAULT && !val;
	*why = "multicall a1";
	if (val > count || (err == 0 && val != count) || (err == -PVABI_EFAULT && r == YES))
		return 0;
	for (uint64_t i = 0; i < val; i++) {
		const struct pvabi_multicall_entry *e =
			(const void *)(uintptr_t)(a[0] + i * sizeof(*e));

		if (volatile_range((uintptr_t)e, sizeof(*e)))
			continue;
		check(e->op, e->args, e->result, e->value, 1);
	}
	return 1;
}

/* ---- making the calls ---- */

TG_ENTRY(hcfuzz_trap_entry, hcfuzz_trap);
TG_ENTRY(hcfuzz_upcall_entry, hcfuzz_upcall);
void hcfuzz_trap_entry(void);
void hcfuzz_upcall_entry(void);
void hcfuzz_trap(void);
void hcfuzz_upcall(void);

static int64_t trap_entry_addr(void)
{
	return (int64_t)(uintptr_t)hcfuzz_trap_entry;
}

static int64_t upcall_entry_addr(void)
{
	return (int64_t)(uintptr_t)hcfuzz_upcall_entry;
}

/* No exception is expected: one is a finding, reported before the guest stops. */
void hcfuzz_trap(void)
{
	uint64_t cause, epc, tval, satp;

	__asm__ __volatile__("csrr %0, scause" : "=r"(cause));
	__asm__ __volatile__("csrr %0, sepc" : "=r"(epc));
	__asm__ __volatile__("csrr %0, stval" : "=r"(tval));
	__asm__ __volatile__("csrr %0, satp" : "=r"(satp));
	end_line();
	tg_printf("FAIL #%llu: unexpected trap scause %llu sepc 0x%llx stval 0x%llx satp 0x%llx "
		  "(paging %d)\n", (unsigned long long)callno, (unsigned long long)cause,
		  (unsigned long long)epc, (unsigned long long)tval, (unsigned long long)satp,
		  paging_on);
	tg_printf("Test result: FAIL (trap)\n");
	tg_shutdown(PVABI_SHUTDOWN_crash);
}

/* Timer upcalls come after a block: clear the bit, count them. */
void hcfuzz_upcall(void)
{
	__atomic_fetch_and(&tg_shared()->evt_pending, ~(1ull << PVABI_EVT_timer),
			   __ATOMIC_SEQ_CST);
	upcalls_seen++;
}

static void restore_entries(void)
{
	if (pvabi_set_trap_table((uintptr_t)hcfuzz_trap_entry).error ||
	    pvabi_set_callbacks((uintptr_t)hcfuzz_upcall_entry).error)
		fail("cannot restore the guest's entries", 0, (uint64_t[5]){ 0 }, 0, 0);
}

/*
 * The hypercall, with every other register given a known value and checked
 * afterwards: the ABI says only a0 and a1 change.
 */
static struct pvabi_ret hcall_checked(const struct call *c)
{
	register uint64_t r0 __asm__("a0") = c->a[0];
	register uint64_t r1 __asm__("a1") = c->a[1];
	register uint64_t r2 __asm__("a2") = c->a[2];
	register uint64_t r3 __asm__("a3") = c->a[3];
	register uint64_t r4 __asm__("a4") = c->a[4];
	register uint64_t r5 __asm__("a5") = 0x5555aaaa5555aaa5ull;
	register uint64_t r6 __asm__("a6") = c->nr;
	register uint64_t r7 __asm__("a7") = PVABI_SBI_EXT;
	register uint64_t t0 __asm__("t0") = 0x7470000000000000ull;
	register uint64_t t1 __asm__("t1") = 0x7471000000000001ull;
	register uint64_t t2 __asm__("t2") = 0x7472000000000002ull;
	register uint64_t t3 __asm__("t3") = 0x7473000000000003ull;
	register uint64_t t4 __asm__("t4") = 0x7474000000000004ull;
	register uint64_t t5 __asm__("t5") = 0x7475000000000005ull;
	register uint64_t t6 __asm__("t6") = 0x7476000000000006ull;
	struct pvabi_ret ret;

	__asm__ __volatile__("ecall"
			     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5),
			       "+r"(r6), "+r"(r7), "+r"(t0), "+r"(t1), "+r"(t2), "+r"(t3),
			       "+r"(t4), "+r"(t5), "+r"(t6)
			     :
			     : "memory");
	ret.error = (int64_t)r0;
	ret.value = r1;
	if (r2 != c->a[2] || r3 != c->a[3] || r4 != c->a[4] || r5 != 0x5555aaaa5555aaa5ull ||
	    r6 != c->nr || r7 != PVABI_SBI_EXT || t0 != 0x7470000000000000ull ||
	    t1 != 0x7471000000000001ull || t2 != 0x7472000000000002ull ||
	    t3 != 0x7473000000000003ull || t4 != 0x7474000000000004ull ||
	    t5 != 0x7475000000000005ull || t6 != 0x7476000000000006ull)
		fail("a register other than a0/a1 changed", c->nr, c->a, ret.error, ret.value);
	return ret;
}

static int holds_block(const struct call *c)
{
	if (c->nr == PVABI_HC_sched_op)
		return c->a[0] == PVABI_SCHEDOP_block;
	if (c->nr != PVABI_HC_multicall || c->a[0] != (uintptr_t)top_mc)
		return 0;
	for (unsigned i = 0; i < PVABI_MULTICALL_MAX; i++)
		if (top_mc[i].op == PVABI_HC_sched_op &&
		    top_mc[i].args[0] == PVABI_SCHEDOP_block)
			return 1;
	return 0;
}

/* A block must end: an unmasked timer event soon. */
static void arm_wakeup(void)
{
	tg_shared()->evt_mask = 0;
	pvabi_set_timer_op(tg_time() + si.timebase_hz / 5000);
}

/*
 * The model's paging state against vsatp (which a PV kernel may read): a
 * root installed by a request the guest could not judge (read from memory
 * that changed since) is followed, and said.
 */
static void sync_paging(void)
{
	uint64_t satp;

	__asm__ __volatile__("csrr %0, satp" : "=r"(satp));
	if (!!satp == paging_on)
		return;
	end_line();
	tg_printf("#%llu: paging %s behind the model's back (satp 0x%llx)\n",
		  (unsigned long long)callno, satp ? "on" : "off", (unsigned long long)satp);
	paging_on = !!satp;
}

static int canary_ok(void)
{
	for (unsigned i = 0; i < 64; i++)
		if (canary[i] != (0xc0de000000000000ull | i * 0x1234567ull))
			return 0;
	return 1;
}

static void check_populated_zero(void)
{
	for (unsigned i = 0; i < nzero_check; i++) {
		const volatile uint64_t *p = (const volatile uint64_t *)(uintptr_t)zero_check[i];

		if (is_back(zero_check[i]))
			continue; /* given back again by a later element of the batch */
		zero_checked++;
		for (unsigned j = 0; j < PAGE / 8; j++)
			if (p[j]) {
				fail("a populated page is not zero", PVABI_HC_memory_op,
				     (uint64_t[5]){ zero_check[i] }, 0, p[j]);
				break;
			}
	}
	nzero_check = 0;
}

static void one_call(void)
{
	struct where w = { 0, NULL, 0 };
	struct call c;
	struct pvabi_ret r;

	gen_call(&c, &w);
	if (holds_block(&c))
		arm_wakeup();
	snap_ptr = 1;
	if (c.nr == PVABI_HC_mmu_update)
		take_snapshot(c.a[0], c.a[1], PVABI_MMU_BATCH_MAX, sizeof(struct pvabi_mmu_update));
	else if (c.nr == PVABI_HC_mmuext_op)
		take_snapshot(c.a[0], c.a[1], PVABI_MMU_BATCH_MAX, sizeof(struct pvabi_mmuext_op));
	else if (c.nr == PVABI_HC_memory_op)
		take_snapshot(c.a[1], c.a[2], PVABI_MEMOP_BATCH_MAX, sizeof(uint64_t));
	r = hcall_checked(&c);
	__asm__ __volatile__("csrc sstatus, %0" ::"r"(SSTATUS_SIE) : "memory"); /* block set it */
	if (c.nr == PVABI_HC_set_trap_table || c.nr == PVABI_HC_set_callbacks ||
	    c.nr == PVABI_HC_multicall)
		restore_entries();
	check(c.nr, c.a, r.error, r.value, 0);
	sync_paging();
	check_populated_zero();
	if (!canary_ok())
		fail("the guest's canary changed", c.nr, c.a, r.error, r.value);
	if (!tree_intact())
		fail("the live page tables changed", c.nr, c.a, r.error, r.value);
}

/* ---- setup and summary ---- */

static void setup(void)
{
	si = *tg_start;
	tg_start = &si; /* the page itself is fair game for the calls */
	nr_l1 = (unsigned)(si.mem_size / 0x200000);
	for (unsigned i = 0; i < 64; i++)
		canary[i] = 0xc0de000000000000ull | i * 0x1234567ull;
	for (unsigned i = 0; i < sizeof(text); i++)
		text[i] = (i % 64 == 63) ? '\n' : (char)('a' + i % 26);
	for (unsigned i = 0; i < PAGE; i++) /* the last page reads as text too */
		((char *)(uintptr_t)(RAM_END - PAGE))[i] = (i % 64 == 63) ? '\n' : '~';
	pages_at_boot = pvabi_memory_op(PVABI_MEMOP_current_reservation, 0, 0).value;
	build_trees();
}

static int setup_ok(void)
{
	if (nr_l1 < 1 || nr_l1 > L1_MAX || IMAGE_END > RAM_END || IMAGE_END <= VICTIM_END) {
		tg_printf("hcfuzz: needs 2..8 MiB of RAM and its image above the victims\n");
		return 0;
	}
	if (!tg_expect("reservation is all of RAM", (int64_t)pages_at_boot,
		       (int64_t)(si.mem_size / PAGE)) ||
	    !tg_expect("pin the good tree", ext1(PVABI_MMUEXT_PIN_L3_TABLE, T3, 0), 0) ||
	    !tg_expect("pin its second root", ext1(PVABI_MMUEXT_PIN_L3_TABLE, T3B, 0), 0) ||
	    !tg_expect("pin the playground", ext1(PVABI_MMUEXT_PIN_L3_TABLE, P3, 0), 0))
		return 0;
	if (tg_cmdline_num("paging", 0) &&
	    !tg_expect("install the good root", ext1(PVABI_MMUEXT_NEW_BASEPTR, T3, 1), 0))
		return 0;
	paging_on = (int)tg_cmdline_num("paging", 0);
	restore_entries();
	return !fails;
}

static void summary(void)
{
	static const char *const errs[ERRNO_MAX + 1] = {
		[0] = "ok", [1] = "EPERM", [2] = "ENOENT", [7] = "E2BIG", [12] = "ENOMEM",
		[14] = "EFAULT", [16] = "EBUSY", [17] = "EEXIST", [22] = "EINVAL",
		[38] = "ENOSYS", [ERRNO_MAX] = "other",
	};

	for (unsigned s = 0; s < NR_SLOTS; s++) {
		char line[200];
		int n;

		if (!ncalls[s])
			continue;
		n = snprintf(line, sizeof(line), "%-14s %5u:", s < PVABI_HC_MAX ? names[s] : "unknown",
			     (unsigned)ncalls[s]);
		for (unsigned e = 0; e <= ERRNO_MAX && n < (int)sizeof(line) - 24; e++)
			if (nres[s][e])
				n += snprintf(line + n, sizeof(line) - (size_t)n, " %s=%u",
					      errs[e] ? errs[e] : "?", (unsigned)nres[s][e]);
		tg_printf("%s\n", line);
	}
	tg_printf("hcfuzz: %llu calls (%llu in multicalls), %llu tamed, %llu upcalls, "
		  "%llu populated pages read zero, paging %s, %llu lenient hlvx, hash 0x%016llx\n",
		  (unsigned long long)total_calls, (unsigned long long)nested_calls,
		  (unsigned long long)tamed, (unsigned long long)upcalls_seen,
		  (unsigned long long)zero_checked,
		  paging_on ? "on" : "off", (unsigned long long)hlvx_lenient,
		  (unsigned long long)hash);
}

/*
 * "notrap": the case a seed found (the generator now avoids it): paging on,
 * no trap entry registered, a load from a page its tables do not map. The
 * page fault is delegated to VS-mode (hedeleg), so it goes to vstvec = 0,
 * whose fetch faults again, forever, without an exit; pvabi.md promises the
 * guest is stopped instead. Under -icount the loop retires no instruction,
 * so guest time stops and no other guest runs again.
 */
static void fault_without_trap_entry(void)
{
	uint64_t root = T3;

	tg_expect("install the good root", ext1(PVABI_MMUEXT_NEW_BASEPTR, root, 1), 0);
	tg_expect("unregister the trap entry", pvabi_set_trap_table(0).error, 0);
	tg_printf("loading from an unmapped page with no trap entry\n");
	tg_printf("read 0x%llx\n", (unsigned long long)*(volatile uint64_t *)(uintptr_t)VICTIM);
}

/*
 * "noexec": entries on a page the live tables map readable but not
 * executable (the page-table region) must be refused (-EFAULT), as
 * hcall.h says; the generator counts these as "lenient hlvx" instead.
 */
static void entries_on_noexec_page(void)
{
	tg_expect("install the good root", ext1(PVABI_MMUEXT_NEW_BASEPTR, T3, 1), 0);
	tg_expect("set_trap_table on a page mapped R only", pvabi_set_trap_table(T2 + 0x100).error,
		  -PVABI_EFAULT);
	tg_expect("set_callbacks on a page mapped R only", pvabi_set_callbacks(T2 + 0x100).error,
		  -PVABI_EFAULT);
	restore_entries();
	tg_result();
}

void tg_main(void)
{
	uint64_t seed = tg_cmdline_num("seed", 1), calls = tg_cmdline_num("calls", 2000);

	setup();
	verbose = tg_cmdline_has("verbose");
	rng = seed * 0x9e3779b97f4a7c15ull + 0x2545f4914f6cdd1dull;
	tg_printf("hcfuzz up: seed=%llu calls=%llu\n", (unsigned long long)seed,
		  (unsigned long long)calls);
	if (!setup_ok()) {
		tg_printf("Test result: FAIL (setup)\n");
		return;
	}
	if (tg_cmdline_has("notrap")) {
		fault_without_trap_entry();
		return;
	}
	if (tg_cmdline_has("noexec")) {
		entries_on_noexec_page();
		return;
	}
	for (callno = 1; callno <= calls; callno++) {
		paging_allowed = paging_on || callno > calls / 2;
		one_call();
	}
	end_line();
	summary();
	if (fails)
		tg_printf("Test result: FAIL (%llu failed)\n", (unsigned long long)fails);
	else
		tg_printf("Test result: PASS\n");
}
