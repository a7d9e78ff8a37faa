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
#include <stdio.h>
#include <string.h>

#include "hcfuzz.h"

/* ---- the stream ---- */

static uint64_t rng;

uint64_t hcfuzz_rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

uint64_t hcfuzz_below(uint64_t n)
{
	return n ? hcfuzz_rnd() % n : 0;
}

int hcfuzz_chance(unsigned pct)
{
	return hcfuzz_below(100) < pct;
}

/* ---- the guest's memory and its model of it ---- */

struct pvabi_start_info hcfuzz_si; /* a copy: calls may scribble on the page */

static unsigned nr_l1;
uint8_t hcfuzz_given_back[VICTIM_PAGES];
uint64_t hcfuzz_pages_at_boot, hcfuzz_pages_back;
int hcfuzz_paging_on;
int hcfuzz_paging_allowed; /* may a drawn NEW_BASEPTR turn paging on yet? */

int hcfuzz_in_ram(uint64_t a)
{
	return a >= RAM_BASE && a < RAM_END;
}

enum pclass hcfuzz_classify(uint64_t a)
{
	if (!hcfuzz_in_ram(a))
		return C_OUT;
	if (a >= TREGION && a < TREGION_END)
		return C_TABLE;
	if (a >= VICTIM && a < VICTIM_END)
		return C_VICTIM;
	return C_PLAIN;
}

int hcfuzz_is_back(uint64_t a)
{
	return hcfuzz_classify(a) == C_VICTIM && hcfuzz_given_back[(a - VICTIM) / PAGE];
}

/*
 * Does [a, a + len) touch the shared info page? The hypervisor writes it on
 * any exit (evt_pending, times), so requests read from it after a call are
 * not the ones the call read: the guest cannot judge them.
 */
int hcfuzz_volatile_range(uint64_t a, uint64_t len)
{
	return a < hcfuzz_si.shared_info + PAGE && a + len > hcfuzz_si.shared_info;
}

int hcfuzz_in_image(uint64_t a)
{
	return a >= hcfuzz_si.image_base && a < IMAGE_END;
}

int hcfuzz_good_tree_page(uint64_t a)
{
	uint64_t p = a & ~(PAGE - 1);

	return p == T3 || p == T3B || p == T2 || (p >= T1(0) && p < T1(nr_l1));
}

/* Can the hypervisor read (write: also write) the byte at guest-virtual a? */
enum tri hcfuzz_reach(uint64_t a, int write)
{
	enum pclass c = hcfuzz_classify(a);

	if (c == C_OUT || hcfuzz_is_back(a))
		return NO;
	if (hcfuzz_paging_on && c == C_VICTIM)
		return NO; /* the good tree does not map it */
	if (!write || c == C_PLAIN)
		return YES;
	if (hcfuzz_paging_on)
		return NO; /* table region: mapped read-only */
	return MAYBE;	   /* writable unless it is a page table now */
}

/* The state of [a, a + len): NO if its first byte is unreachable, YES if all is. */
enum tri hcfuzz_reach_range(uint64_t a, uint64_t len, int write)
{
	enum tri first = hcfuzz_reach(a, write), all = first;

	if (len == 0 || first == NO)
		return first;
	if (a + len < a)
		return MAYBE; /* wraps: the end is out of RAM */
	for (uint64_t p = (a & ~(PAGE - 1)) + PAGE; p < a + len && all != NO; p += PAGE)
		if (hcfuzz_reach(p, write) != YES)
			all = NO;
	if (hcfuzz_reach(a + len - 1, write) != YES)
		all = NO;
	return all == YES ? YES : MAYBE;
}

/* Could the guest kernel execute at a (what set_trap_table checks)? */
int hcfuzz_executable(uint64_t a)
{
	if (hcfuzz_paging_on)
		return hcfuzz_classify(a) ==
		       C_PLAIN; /* tables are mapped R only, victims not at all */
	return hcfuzz_in_ram(a) && !hcfuzz_is_back(a);
}

/* ---- the good tree and the playground ---- */

/* What the good tree maps at RAM page a: everything but victims; tables read-only. */
static uint64_t good_leaf(uint64_t a)
{
	switch (hcfuzz_classify(a)) {
	case C_VICTIM:
		return 0;
	case C_TABLE:
		return tg_leaf(a, PTE_R);
	default:
		return tg_leaf(a, PTE_R | PTE_W | PTE_X | PTE_D);
	}
}

static uint64_t good_entry(uint64_t tab, unsigned i)
{
	if (tab == T3 || tab == T3B)
		return i == ((RAM_BASE >> 30) & 511) ? tg_nonleaf(T2) : 0;
	if (tab == T2)
		return i < nr_l1 ? tg_nonleaf(T1(i)) : 0;
	return good_leaf(RAM_BASE + ((tab - T1(0)) / PAGE * 512 + i) * PAGE);
}

static void build_trees(void)
{
	for (uint64_t t = TREGION; t < TREGION_END; t += PAGE)
		memset(tg_table(t), 0, PAGE);
	tg_table(T3)[(RAM_BASE >> 30) & 511] = good_entry(T3, (RAM_BASE >> 30) & 511);
	tg_table(T3B)[(RAM_BASE >> 30) & 511] = good_entry(T3B, (RAM_BASE >> 30) & 511);
	for (unsigned i = 0; i < nr_l1; i++) {
		tg_table(T2)[i] = good_entry(T2, i);
		for (unsigned j = 0; j < 512; j++)
			tg_table(T1(i))[j] = good_entry(T1(i), j);
	}
	tg_table(P3)[(RAM_BASE >> 30) & 511] = tg_nonleaf(P2);
	tg_table(P2)[0] = tg_nonleaf(P1(0));
	tg_table(P2)[1] = tg_nonleaf(P1(1));
	tg_table(P1(0))[3] = tg_leaf(VICTIM, PTE_R);
}

/* The live tables still hold exactly what the guest built (a walk of them). */
static int tree_intact(void)
{
	for (unsigned t = 0; t < 7; t++) {
		uint64_t tab = TREGION + t * PAGE;

		if (!hcfuzz_good_tree_page(tab))
			continue;
		for (unsigned i = 0; i < 512; i++)
			if (tg_table(tab)[i] != good_entry(tab, i))
				return 0;
	}
	return 1;
}

/* ---- results, hash, failures ---- */

#define NR_SLOTS (PVABI_HC_MAX + 1) /* [PVABI_HC_MAX]: unknown numbers */
static uint32_t ncalls[NR_SLOTS];
static uint32_t nres[NR_SLOTS][ERRNO_MAX + 1]; /* [e]: -e; [ERRNO_MAX]: other */
static uint64_t hash = 0xcbf29ce484222325ull;
static uint64_t total_calls, nested_calls, fails, upcalls_seen, zero_checked;
uint64_t hcfuzz_tamed; /* drawn calls changed to keep the guest alive */
uint64_t hcfuzz_callno;
int hcfuzz_verbose;
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

int hcfuzz_known(uint64_t nr)
{
	return nr < PVABI_HC_MAX && names[nr];
}

static void hash64(uint64_t v)
{
	for (int i = 0; i < 8; i++, v >>= 8)
		hash = (hash ^ (v & 0xff)) * 0x100000001b3ull;
}

void hcfuzz_fail(const char *what, uint64_t nr, const uint64_t a[5], int64_t err, uint64_t val)
{
	fails++;
	end_line();
	tg_printf("FAIL #%llu %s: nr %llu (%s) args 0x%llx 0x%llx 0x%llx 0x%llx 0x%llx -> %lld "
		  "a1 0x%llx\n",
		  (unsigned long long)hcfuzz_callno, what, (unsigned long long)nr,
		  hcfuzz_known(nr) ? names[nr] : "unknown", (unsigned long long)a[0],
		  (unsigned long long)a[1], (unsigned long long)a[2], (unsigned long long)a[3],
		  (unsigned long long)a[4], (long long)err, (unsigned long long)val);
}

void hcfuzz_record(uint64_t nr, const uint64_t a[5], int64_t err, uint64_t val, int nested)
{
	unsigned s = hcfuzz_known(nr) ? (unsigned)nr : PVABI_HC_MAX;
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
	if (hcfuzz_verbose)
		end_line();
	if (hcfuzz_verbose)
		tg_printf("%s#%llu %s(%llu) 0x%llx 0x%llx 0x%llx 0x%llx 0x%llx -> %lld 0x%llx\n",
			  nested ? "  mc " : "", (unsigned long long)hcfuzz_callno,
			  hcfuzz_known(nr) ? names[nr] : "unknown", (unsigned long long)nr,
			  (unsigned long long)a[0], (unsigned long long)a[1],
			  (unsigned long long)a[2], (unsigned long long)a[3],
			  (unsigned long long)a[4], (long long)err, (unsigned long long)val);
}

/* ---- making the calls ---- */

TG_ENTRY(hcfuzz_trap_entry, hcfuzz_trap);
TG_ENTRY(hcfuzz_upcall_entry, hcfuzz_upcall);
void hcfuzz_trap_entry(void);
void hcfuzz_upcall_entry(void);
void hcfuzz_trap(void);
void hcfuzz_upcall(void);

int64_t hcfuzz_trap_entry_addr(void)
{
	return (int64_t)(uintptr_t)hcfuzz_trap_entry;
}

int64_t hcfuzz_upcall_entry_addr(void)
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
		  "(paging %d)\n",
		  (unsigned long long)hcfuzz_callno, (unsigned long long)cause,
		  (unsigned long long)epc, (unsigned long long)tval, (unsigned long long)satp,
		  hcfuzz_paging_on);
	tg_printf("Test result: FAIL (trap)\n");
	tg_shutdown(PVABI_SHUTDOWN_crash);
}

/* Timer upcalls come after a block: clear the bit, count them. */
void hcfuzz_upcall(void)
{
	__atomic_fetch_and(&tg_shared()->evt_pending, ~(1ull << PVABI_EVT_timer), __ATOMIC_SEQ_CST);
	upcalls_seen++;
}

static void restore_entries(void)
{
	if (pvabi_set_trap_table((uintptr_t)hcfuzz_trap_entry).error ||
	    pvabi_set_callbacks((uintptr_t)hcfuzz_upcall_entry).error)
		hcfuzz_fail("cannot restore the guest's entries", 0, (uint64_t[5]){ 0 }, 0, 0);
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
			     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6),
			       "+r"(r7), "+r"(t0), "+r"(t1), "+r"(t2), "+r"(t3), "+r"(t4), "+r"(t5),
			       "+r"(t6)
			     :
			     : "memory");
	ret.error = (int64_t)r0;
	ret.value = r1;
	if (r2 != c->a[2] || r3 != c->a[3] || r4 != c->a[4] || r5 != 0x5555aaaa5555aaa5ull ||
	    r6 != c->nr || r7 != PVABI_SBI_EXT || t0 != 0x7470000000000000ull ||
	    t1 != 0x7471000000000001ull || t2 != 0x7472000000000002ull ||
	    t3 != 0x7473000000000003ull || t4 != 0x7474000000000004ull ||
	    t5 != 0x7475000000000005ull || t6 != 0x7476000000000006ull)
		hcfuzz_fail("a register other than a0/a1 changed", c->nr, c->a, ret.error,
			    ret.value);
	return ret;
}

static int holds_block(const struct call *c)
{
	if (c->nr == PVABI_HC_sched_op)
		return c->a[0] == PVABI_SCHEDOP_block;
	if (c->nr != PVABI_HC_multicall || c->a[0] != (uintptr_t)hcfuzz_top_mc)
		return 0;
	for (unsigned i = 0; i < PVABI_MULTICALL_MAX; i++)
		if (hcfuzz_top_mc[i].op == PVABI_HC_sched_op &&
		    hcfuzz_top_mc[i].args[0] == PVABI_SCHEDOP_block)
			return 1;
	return 0;
}

/* A block must end: an unmasked timer event soon. */
static void arm_wakeup(void)
{
	tg_shared()->evt_mask = 0;
	pvabi_set_timer_op(tg_time() + hcfuzz_si.timebase_hz / 5000);
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
	if (!!satp == hcfuzz_paging_on)
		return;
	end_line();
	tg_printf("#%llu: paging %s behind the model's back (satp 0x%llx)\n",
		  (unsigned long long)hcfuzz_callno, satp ? "on" : "off", (unsigned long long)satp);
	hcfuzz_paging_on = !!satp;
}

static int canary_ok(void)
{
	for (unsigned i = 0; i < 64; i++)
		if (hcfuzz_canary[i] != (0xc0de000000000000ull | i * 0x1234567ull))
			return 0;
	return 1;
}

static void check_populated_zero(void)
{
	for (unsigned i = 0; i < hcfuzz_nzero_check; i++) {
		const volatile uint64_t *p =
		    (const volatile uint64_t *)(uintptr_t)hcfuzz_zero_check[i];

		if (hcfuzz_is_back(hcfuzz_zero_check[i]))
			continue; /* given back again by a later element of the batch */
		zero_checked++;
		for (unsigned j = 0; j < PAGE / 8; j++)
			if (p[j]) {
				hcfuzz_fail("a populated page is not zero", PVABI_HC_memory_op,
					    (uint64_t[5]){ hcfuzz_zero_check[i] }, 0, p[j]);
				break;
			}
	}
	hcfuzz_nzero_check = 0;
}

static void one_call(void)
{
	struct where w = { 0, NULL, 0 };
	struct call c;
	struct pvabi_ret r;

	hcfuzz_gen_call(&c, &w);
	if (holds_block(&c))
		arm_wakeup();
	hcfuzz_snap_ptr = 1;
	if (c.nr == PVABI_HC_mmu_update)
		hcfuzz_take_snapshot(c.a[0], c.a[1], PVABI_MMU_BATCH_MAX,
				     sizeof(struct pvabi_mmu_update));
	else if (c.nr == PVABI_HC_mmuext_op)
		hcfuzz_take_snapshot(c.a[0], c.a[1], PVABI_MMU_BATCH_MAX,
				     sizeof(struct pvabi_mmuext_op));
	else if (c.nr == PVABI_HC_memory_op)
		hcfuzz_take_snapshot(c.a[1], c.a[2], PVABI_MEMOP_BATCH_MAX, sizeof(uint64_t));
	r = hcall_checked(&c);
	__asm__ __volatile__("csrc sstatus, %0" ::"r"(SSTATUS_SIE) : "memory"); /* block set it */
	if (c.nr == PVABI_HC_set_trap_table || c.nr == PVABI_HC_set_callbacks ||
	    c.nr == PVABI_HC_multicall)
		restore_entries();
	hcfuzz_check(c.nr, c.a, r.error, r.value, 0);
	sync_paging();
	check_populated_zero();
	if (!canary_ok())
		hcfuzz_fail("the guest's canary changed", c.nr, c.a, r.error, r.value);
	if (!tree_intact())
		hcfuzz_fail("the live page tables changed", c.nr, c.a, r.error, r.value);
}

/* ---- setup and summary ---- */

static void setup(void)
{
	hcfuzz_si = *tg_start;
	tg_start = &hcfuzz_si; /* the page itself is fair game for the calls */
	nr_l1 = (unsigned)(hcfuzz_si.mem_size / 0x200000);
	for (unsigned i = 0; i < 64; i++)
		hcfuzz_canary[i] = 0xc0de000000000000ull | i * 0x1234567ull;
	for (unsigned i = 0; i < sizeof(hcfuzz_text); i++)
		hcfuzz_text[i] = (i % 64 == 63) ? '\n' : (char)('a' + i % 26);
	for (unsigned i = 0; i < PAGE; i++) /* the last page reads as text too */
		((char *)(uintptr_t)(RAM_END - PAGE))[i] = (i % 64 == 63) ? '\n' : '~';
	hcfuzz_pages_at_boot = pvabi_memory_op(PVABI_MEMOP_current_reservation, 0, 0).value;
	build_trees();
}

static int setup_ok(void)
{
	if (nr_l1 < 1 || nr_l1 > L1_MAX || IMAGE_END > RAM_END || IMAGE_END <= VICTIM_END) {
		tg_printf("hcfuzz: needs 2..8 MiB of RAM and its image above the victims\n");
		return 0;
	}
	if (!tg_expect("reservation is all of RAM", (int64_t)hcfuzz_pages_at_boot,
		       (int64_t)(hcfuzz_si.mem_size / PAGE)) ||
	    !tg_expect("pin the good tree", tg_mmuext1(PVABI_MMUEXT_PIN_L3_TABLE, T3, 0), 0) ||
	    !tg_expect("pin its second root", tg_mmuext1(PVABI_MMUEXT_PIN_L3_TABLE, T3B, 0), 0) ||
	    !tg_expect("pin the playground", tg_mmuext1(PVABI_MMUEXT_PIN_L3_TABLE, P3, 0), 0))
		return 0;
	if (tg_cmdline_num("paging", 0) &&
	    !tg_expect("install the good root", tg_mmuext1(PVABI_MMUEXT_NEW_BASEPTR, T3, 1), 0))
		return 0;
	hcfuzz_paging_on = (int)tg_cmdline_num("paging", 0);
	restore_entries();
	return !fails;
}

static void summary(void)
{
	static const char *const errs[ERRNO_MAX + 1] = {
		[0] = "ok",	 [1] = "EPERM",	  [2] = "ENOENT",	 [7] = "E2BIG",
		[12] = "ENOMEM", [14] = "EFAULT", [16] = "EBUSY",	 [17] = "EEXIST",
		[22] = "EINVAL", [38] = "ENOSYS", [ERRNO_MAX] = "other",
	};

	for (unsigned s = 0; s < NR_SLOTS; s++) {
		char line[200];
		int n;

		if (!ncalls[s])
			continue;
		n = snprintf(line, sizeof(line),
			     "%-14s %5u:", s < PVABI_HC_MAX ? names[s] : "unknown",
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
		  (unsigned long long)hcfuzz_tamed, (unsigned long long)upcalls_seen,
		  (unsigned long long)zero_checked, hcfuzz_paging_on ? "on" : "off",
		  (unsigned long long)hcfuzz_hlvx_lenient, (unsigned long long)hash);
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

	tg_expect("install the good root", tg_mmuext1(PVABI_MMUEXT_NEW_BASEPTR, root, 1), 0);
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
	tg_expect("install the good root", tg_mmuext1(PVABI_MMUEXT_NEW_BASEPTR, T3, 1), 0);
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
	hcfuzz_verbose = tg_cmdline_has("verbose");
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
	for (hcfuzz_callno = 1; hcfuzz_callno <= calls; hcfuzz_callno++) {
		hcfuzz_paging_allowed = hcfuzz_paging_on || hcfuzz_callno > calls / 2;
		one_call();
	}
	end_line();
	summary();
	if (fails)
		tg_printf("Test result: FAIL (%llu failed)\n", (unsigned long long)fails);
	else
		tg_printf("Test result: PASS\n");
}
