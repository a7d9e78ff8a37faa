/* SPDX-License-Identifier: MIT */
/*
 * hostile.c - the hostile PV guest of the isolation tests
 * (tests/system/test_hostile.py): each run tries one bad thing, chosen by
 * its command line "case=NAME", beside the bystander guest (cksum.c). The
 * outcome is either each result line ("what -> got") ending in
 * "Test result: PASS/FAIL", or the hypervisor stopping this guest with a
 * message (the guest prints what it is about to do first).
 *
 * Cases, by family (the table at the end lists them all):
 *  pt_*    one rule of the PV page-table model each (pvabi/mm.h);
 *  arg_*   bad pointers and counts in hypercall arguments, multicall;
 *  call_*  unknown call numbers, sub-commands, SBI calls from a PV guest;
 *  mem_*   memory and devices that are not this guest's, executing data;
 *  time_*  timer storms, blocking with nothing to wake it, never yielding;
 *  fp_*    the floating-point registers between two guests.
 *
 * Addresses: the guest runs with paging off (GVA = GPA) unless a case
 * installs its own tree. Its RAM is at 0x80000000; a host-physical address
 * of another guest or the hypervisor is, for it, just a guest-physical
 * address: its own page there, or nothing (a guest-page fault).
 */
#include <stdio.h>
#include <string.h>

#include "tg.h"

#define KiB 1024ull
#define MiB (1024 * KiB)
#define PAGE 4096ull

/* Sv39 PTE bits. */
#define V 1ull
#define R 2ull
#define W 4ull
#define X 8ull
#define U 0x10ull
#define A 0x40ull
#define D 0x80ull

#define SSTATUS_SIE (1ull << 1)
#define SSTATUS_FS_INITIAL (1ull << 13)
#define INSN_WFI 0x10500073ull
#define EXC_ILLEGAL 2
#define EXC_INST_PAGE_FAULT 12

/* A standard SBI extension and the hypervisor's devices, as QEMU virt has them. */
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494d45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_HSM 0x48534d
#define SBI_EXT_SRST 0x53525354
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SIFIVE_TEST 0x100000ull
#define CLINT 0x2000000ull
#define PLIC 0x0c000000ull
#define UART 0x10000000ull
#define BOOT_ROM 0x1000ull
/* The top of QEMU's RAM (-m 256M): free host frames and OpenSBI's device tree. */
#define HOST_RAM_TOP 0x8ff00000ull

extern char __kernel_end[];

/* ---- layout of this guest's RAM ---- */

static uint64_t ram(uint64_t off)
{
	return tg_start->mem_base + off;
}

static uint64_t ram_end(void)
{
	return tg_start->mem_base + tg_start->mem_size;
}

/* Page tables past 1 MiB (unused otherwise), scratch data pages past 4 MiB. */
#define T3 ram(1 * MiB)
#define T2 ram(1 * MiB + 1 * PAGE)
#define T1_LOW ram(1 * MiB + 2 * PAGE) /* 0x80000000..: start and shared info */
#define T1_IMG ram(1 * MiB + 3 * PAGE) /* 0x80200000..: image, data, stack */
#define SPARE(i) ram(1 * MiB + (4 + (i)) * PAGE)
#define DATA(i) ram(4 * MiB + (i) * PAGE)

static uint64_t *table(uint64_t gpa)
{
	return (uint64_t *)(uintptr_t)gpa;
}

static void *ptr(uint64_t gpa)
{
	return (void *)(uintptr_t)gpa;
}

/* ---- the command line ---- */

/* The value of case= (a word up to the next space). */
static int case_is(const char *name)
{
	const char *p = strstr(tg_start->cmdline, "case=");
	size_t n = strlen(name);

	return p && strncmp(p + 5, name, n) == 0 && (p[5 + n] == ' ' || p[5 + n] == '\0');
}

/* ---- page tables (the tree ptbad.c builds) ---- */

static uint64_t leaf(uint64_t pa, uint64_t flags)
{
	return (pa >> 12) << 10 | flags | V | A;
}

static uint64_t nonleaf(uint64_t pa)
{
	return (pa >> 12) << 10 | V;
}

/*
 * With paging off: a root, one L2 and two L1 tables mapping the start and
 * shared info pages and, identity, the 2 MiB that hold the image, its data
 * and stack.
 */
static void build_tree(void)
{
	uint64_t base = tg_start->mem_base;

	table(T3)[(base >> 30) & 511] = nonleaf(T2);
	table(T2)[0] = nonleaf(T1_LOW);
	table(T2)[1] = nonleaf(T1_IMG);
	table(T1_LOW)[0] = leaf(base, R);
	table(T1_LOW)[1] = leaf(tg_start->shared_info, R | W | D);
	for (unsigned i = 0; i < 512; i++)
		table(T1_IMG)[i] = leaf(base + 2 * MiB + i * PAGE, R | W | X | D);
}

static int64_t ext(uint32_t cmd, uint64_t arg1, uint64_t arg2)
{
	static struct pvabi_mmuext_op op;

	op.cmd = cmd;
	op.pad = 0;
	op.arg1 = arg1;
	op.arg2 = arg2;
	return pvabi_mmuext_op((uintptr_t)&op, 1).error;
}

static int64_t update(uint64_t pte_gpa, uint64_t val)
{
	static struct pvabi_mmu_update u;

	u.ptr = pte_gpa;
	u.val = val;
	return pvabi_mmu_update((uintptr_t)&u, 1).error;
}

static int64_t memop1(uint64_t cmd, uint64_t page)
{
	static uint64_t list[1];

	list[0] = page;
	return pvabi_memory_op(cmd, (uintptr_t)list, 1).error;
}

/* Build the tree and pin its root; false (and a failure) if that is refused. */
static int pinned_tree(void)
{
	build_tree();
	return tg_expect("pin the tree", ext(PVABI_MMUEXT_PIN_L3_TABLE, T3, 0), 0);
}

static int live_tree(void)
{
	return pinned_tree() && tg_expect("install the root",
					  ext(PVABI_MMUEXT_NEW_BASEPTR, T3, 1), 0);
}

/* The entry of T1_LOW for guest-virtual 0x80000000 + i pages: free for i >= 2. */
static uint64_t low_pte(unsigned i)
{
	return T1_LOW + i * 8;
}

/* ---- the trap entry: records, then resumes at resume_pc (or steps over) ---- */

TG_ENTRY(hostile_trap_entry, hostile_trap);
void hostile_trap_entry(void);
void hostile_trap(void);

static volatile uint64_t traps, trap_cause, trap_epc, trap_tval, resume_pc;

void hostile_trap(void)
{
	uint64_t epc;

	__asm__ __volatile__("csrr %0, scause" : "=r"(trap_cause));
	__asm__ __volatile__("csrr %0, sepc" : "=r"(epc));
	__asm__ __volatile__("csrr %0, stval" : "=r"(trap_tval));
	trap_epc = epc;
	traps++;
	__asm__ __volatile__("csrw sepc, %0" ::"r"(resume_pc ? resume_pc : epc + 4));
}

static int trap_entry_on(void)
{
	return tg_expect("set_trap_table",
			 pvabi_set_trap_table((uintptr_t)hostile_trap_entry).error, 0);
}

/* ======================= page-table rules (pt_*) ======================= */

/* Write a table directly: the guest must be stopped (the write never lands). */
static void write_table(const char *what, uint64_t gpa)
{
	if (!pinned_tree())
		return;
	tg_printf("writing %s at 0x%llx directly\n", what, (unsigned long long)gpa);
	*(volatile uint64_t *)ptr(gpa) = leaf(tg_start->mem_base, R);
	tg_printf("FAIL: wrote %s\n", what);
}

static void pt_write_l1(void)
{
	write_table("an L1 table", T1_LOW + 5 * 8);
}

static void pt_write_root(void)
{
	write_table("the pinned root", T3 + 7 * 8);
}

/* No frame is a page table and writable at once: writable maps of tables. */
static void pt_writable_table(void)
{
	if (!pinned_tree())
		return;
	tg_expect("map L1 table writable", update(low_pte(5), leaf(T1_LOW, R | W)), -PVABI_EBUSY);
	tg_expect("map L2 table writable", update(low_pte(5), leaf(T2, R | W)), -PVABI_EBUSY);
	tg_expect("map root writable", update(low_pte(5), leaf(T3, R | W | X)), -PVABI_EBUSY);
	/* Read-only is fine (as in Xen): the guest may read its tables. */
	tg_expect("map L2 table read-only", update(low_pte(5), leaf(T2, R)), 0);
	tg_expect("and then writable", update(low_pte(5), leaf(T2, R | W)), -PVABI_EBUSY);
	tg_expect("old read-only entry kept", (int64_t)(table(T1_LOW)[5] == leaf(T2, R)), 1);
}

/* ... and the other way round: a writable-mapped frame cannot become a table. */
static void pt_table_of_writable(void)
{
	if (!pinned_tree())
		return;
	tg_expect("map a page writable", update(low_pte(5), leaf(SPARE(0), R | W)), 0);
	tg_expect("pin it as L1", ext(PVABI_MMUEXT_PIN_L1_TABLE, SPARE(0), 0), -PVABI_EBUSY);
	tg_expect("link it as an L1 table", update(T2 + 5 * 8, nonleaf(SPARE(0))), -PVABI_EBUSY);
	tg_expect("unmap it", update(low_pte(5), 0), 0);
	/* Type count back to 0: now the type may change. */
	tg_expect("pin it as L1 now", ext(PVABI_MMUEXT_PIN_L1_TABLE, SPARE(0), 0), 0);
}

/* A frame has one level; a table cannot reach itself. */
static void pt_level_mismatch(void)
{
	if (!pinned_tree())
		return;
	tg_expect("pin an L1 as L2", ext(PVABI_MMUEXT_PIN_L2_TABLE, T1_LOW, 0), -PVABI_EBUSY);
	tg_expect("pin the root as L1", ext(PVABI_MMUEXT_PIN_L1_TABLE, T3, 0), -PVABI_EBUSY);
	tg_expect("root entry to an L1", update(T3 + 5 * 8, nonleaf(T1_LOW)), -PVABI_EBUSY);
	tg_expect("root entry to itself", update(T3 + 5 * 8, nonleaf(T3)), -PVABI_EBUSY);
	tg_expect("L2 entry to itself", update(T2 + 5 * 8, nonleaf(T2)), -PVABI_EBUSY);
	tg_expect("L2 entry to the root", update(T2 + 5 * 8, nonleaf(T3)), -PVABI_EBUSY);
	tg_expect("pin the root twice", ext(PVABI_MMUEXT_PIN_L3_TABLE, T3, 0), -PVABI_EBUSY);
}

/* A PTE may only point into the guest's own RAM. */
static void pt_outside_ram(void)
{
	static const uint64_t wild[] = { 0, BOOT_ROM, SIFIVE_TEST, PLIC, UART, 0x7ffff000ull,
					 HOST_RAM_TOP, 0x3ffffffffff000ull };

	if (!pinned_tree())
		return;
	for (unsigned i = 0; i < sizeof(wild) / sizeof(wild[0]); i++) {
		char what[64];

		snprintf(what, sizeof(what), "leaf to 0x%llx", (unsigned long long)wild[i]);
		tg_expect(what, update(low_pte(5), leaf(wild[i], R | W)), -PVABI_EPERM);
	}
	tg_expect("leaf to the end of RAM", update(low_pte(5), leaf(ram_end(), R)), -PVABI_EPERM);
	tg_expect("table entry to the end of RAM", update(T2 + 5 * 8, nonleaf(ram_end())),
		  -PVABI_EPERM);
	tg_expect("pin outside RAM", ext(PVABI_MMUEXT_PIN_L1_TABLE, ram_end(), 0), -PVABI_EPERM);
}

/* A page given back with memory_op is not the guest's until populated again. */
static void pt_given_back(void)
{
	if (!pinned_tree())
		return;
	tg_expect("give a page back", memop1(PVABI_MEMOP_decrease_reservation, DATA(1)), 0);
	tg_expect("leaf to it", update(low_pte(5), leaf(DATA(1), R)), -PVABI_EPERM);
	tg_expect("table entry to it", update(T2 + 5 * 8, nonleaf(DATA(1))), -PVABI_EPERM);
	tg_expect("pin it", ext(PVABI_MMUEXT_PIN_L1_TABLE, DATA(1), 0), -PVABI_EPERM);
	tg_expect("populate it", memop1(PVABI_MEMOP_populate_physmap, DATA(1)), 0);
	tg_expect("leaf to it now", update(low_pte(5), leaf(DATA(1), R)), 0);
}

/* Superpages are refused, through mmu_update and through validation. */
static void pt_superpage(void)
{
	if (!pinned_tree())
		return;
	tg_expect("2 MiB leaf in the L2", update(T2 + 5 * 8, leaf(ram(2 * MiB), R | X)),
		  -PVABI_EINVAL);
	tg_expect("1 GiB leaf in the root", update(T3 + 5 * 8, leaf(0x80000000ull, R | W)),
		  -PVABI_EINVAL);
	table(SPARE(0))[3] = leaf(ram(2 * MiB), R);
	tg_expect("pin an L2 holding a leaf", ext(PVABI_MMUEXT_PIN_L2_TABLE, SPARE(0), 0),
		  -PVABI_EINVAL);
}

/* Bits 63:54 (N, PBMT, reserved) must be zero. */
static void pt_reserved_bits(void)
{
	if (!pinned_tree())
		return;
	tg_expect("leaf with bit 54", update(low_pte(5), leaf(DATA(0), R) | 1ull << 54),
		  -PVABI_EINVAL);
	tg_expect("leaf with PBMT", update(low_pte(5), leaf(DATA(0), R) | 2ull << 61),
		  -PVABI_EINVAL);
	tg_expect("leaf with N", update(low_pte(5), leaf(DATA(0), R) | 1ull << 63),
		  -PVABI_EINVAL);
	tg_expect("table entry with bit 60", update(T2 + 5 * 8, nonleaf(SPARE(0)) | 1ull << 60),
		  -PVABI_EINVAL);
}

/* W without R is a reserved encoding. */
static void pt_w_without_r(void)
{
	if (!pinned_tree())
		return;
	tg_expect("leaf W", update(low_pte(5), leaf(DATA(0), W)), -PVABI_EINVAL);
	tg_expect("leaf W|X", update(low_pte(5), leaf(DATA(0), W | X)), -PVABI_EINVAL);
	table(SPARE(0))[9] = leaf(DATA(0), W);
	tg_expect("pin an L1 holding W", ext(PVABI_MMUEXT_PIN_L1_TABLE, SPARE(0), 0),
		  -PVABI_EINVAL);
}

/* An L1 holds leaves only; non-leaf entries carry no U, A or D. */
static void pt_nonleaf_bits(void)
{
	if (!pinned_tree())
		return;
	tg_expect("non-leaf in an L1", update(low_pte(5), nonleaf(SPARE(0))), -PVABI_EINVAL);
	tg_expect("non-leaf with U", update(T2 + 5 * 8, nonleaf(SPARE(0)) | U), -PVABI_EINVAL);
	tg_expect("non-leaf with A", update(T2 + 5 * 8, nonleaf(SPARE(0)) | A), -PVABI_EINVAL);
	tg_expect("non-leaf with D", update(T2 + 5 * 8, nonleaf(SPARE(0)) | D), -PVABI_EINVAL);
}

/* mmu_update's PTE address: in RAM, in a page table, command bits 0. */
static void pt_bad_pte_address(void)
{
	if (!pinned_tree())
		return;
	tg_expect("PTE address at the end of RAM", update(ram_end(), 0), -PVABI_EINVAL);
	tg_expect("PTE address in the UART", update(UART, 0), -PVABI_EINVAL);
	tg_expect("PTE address in a data page", update(DATA(0), leaf(DATA(1), R)), -PVABI_EINVAL);
	tg_expect("PTE address in the start info", update(tg_start->mem_base + 64, 0),
		  -PVABI_EINVAL);
	tg_expect("command 1", update(low_pte(5) | 1, leaf(DATA(0), R)), -PVABI_EINVAL);
	tg_expect("command 7", update(low_pte(5) | 7, leaf(DATA(0), R)), -PVABI_EINVAL);
	tg_expect("data page untouched", (int64_t)table(DATA(0))[0], 0);
}

/* Only a pinned L3 becomes the address space, with a 16-bit ASID. */
static void pt_bad_root(void)
{
	if (!pinned_tree())
		return;
	tg_expect("unpinned root", ext(PVABI_MMUEXT_NEW_BASEPTR, SPARE(0), 1), -PVABI_EINVAL);
	tg_expect("pin an empty L2", ext(PVABI_MMUEXT_PIN_L2_TABLE, SPARE(1), 0), 0);
	tg_expect("pinned L2 as root", ext(PVABI_MMUEXT_NEW_BASEPTR, SPARE(1), 1), -PVABI_EINVAL);
	tg_expect("ASID 0x10000", ext(PVABI_MMUEXT_NEW_BASEPTR, T3, 1ull << 16), -PVABI_EINVAL);
	tg_expect("unaligned root", ext(PVABI_MMUEXT_NEW_BASEPTR, T3 + 8, 1), -PVABI_EINVAL);
	tg_expect("root outside RAM", ext(PVABI_MMUEXT_NEW_BASEPTR, ram_end(), 1), -PVABI_EPERM);
	tg_expect("the pinned root", ext(PVABI_MMUEXT_NEW_BASEPTR, T3, 0xffff), 0);
	tg_printf("paging on\n");
}

/* Pin and unpin: not twice, not what was never pinned, not the live root. */
static void pt_unpin(void)
{
	if (!live_tree())
		return;
	tg_expect("unpin the live root", ext(PVABI_MMUEXT_UNPIN_TABLE, T3, 0), -PVABI_EBUSY);
	tg_expect("unpin a never pinned page", ext(PVABI_MMUEXT_UNPIN_TABLE, SPARE(0), 0),
		  -PVABI_EINVAL);
	tg_expect("unpin a referenced L2", ext(PVABI_MMUEXT_UNPIN_TABLE, T2, 0), -PVABI_EINVAL);
	tg_expect("unpin unaligned", ext(PVABI_MMUEXT_UNPIN_TABLE, T3 + 1, 0), -PVABI_EINVAL);
	tg_expect("pin the live root again", ext(PVABI_MMUEXT_PIN_L3_TABLE, T3, 0), -PVABI_EBUSY);
}

/* An unpinned table that is still referenced stays a table. */
static void pt_unpinned_in_use(void)
{
	if (!pinned_tree())
		return;
	tg_expect("pin a spare L1", ext(PVABI_MMUEXT_PIN_L1_TABLE, SPARE(0), 0), 0);
	tg_expect("link it from the L2", update(T2 + 5 * 8, nonleaf(SPARE(0))), 0);
	tg_expect("unpin it", ext(PVABI_MMUEXT_UNPIN_TABLE, SPARE(0), 0), 0);
	tg_expect("map it writable", update(low_pte(5), leaf(SPARE(0), R | W)), -PVABI_EBUSY);
	tg_expect("unlink it", update(T2 + 5 * 8, 0), 0);
	tg_expect("map it writable now", update(low_pte(5), leaf(SPARE(0), R | W)), 0);
}

/* The start and shared info pages are the hypervisor's to write: never tables. */
static void pt_pin_info(void)
{
	uint64_t si = tg_start->mem_base, sh = tg_start->shared_info;

	tg_expect("pin start info as L1", ext(PVABI_MMUEXT_PIN_L1_TABLE, si, 0), -PVABI_EBUSY);
	tg_expect("pin start info as L3", ext(PVABI_MMUEXT_PIN_L3_TABLE, si, 0), -PVABI_EBUSY);
	tg_expect("pin shared info as L2", ext(PVABI_MMUEXT_PIN_L2_TABLE, sh, 0), -PVABI_EBUSY);
	tg_expect("pin shared info as L3", ext(PVABI_MMUEXT_PIN_L3_TABLE, sh, 0), -PVABI_EBUSY);
}

/*
 * A table whose validation fails half way keeps no reference: the pages its
 * good entries mapped writable can become tables afterwards.
 */
static void pt_validate_undo(void)
{
	for (unsigned i = 0; i < 4; i++)
		table(SPARE(0))[i] = leaf(DATA(i), R | W);
	table(SPARE(0))[4] = leaf(UART, R | W);
	tg_expect("pin an L1 whose 5th entry is bad", ext(PVABI_MMUEXT_PIN_L1_TABLE, SPARE(0), 0),
		  -PVABI_EPERM);
	tg_expect("its target pin as L1", ext(PVABI_MMUEXT_PIN_L1_TABLE, DATA(0), 0), 0);
	tg_expect("its target given back", memop1(PVABI_MEMOP_decrease_reservation, DATA(3)), 0);
	tg_expect("the bad L1 is writable", (int64_t)(table(SPARE(0))[4] = 0), 0);
}

/*
 * A table below another that maps its parent: writable is refused (found
 * while validating the parent, all undone), read-only is fine.
 */
static void pt_maps_its_parent(void)
{
	table(SPARE(0))[0] = nonleaf(SPARE(1));     /* the L2 */
	table(SPARE(1))[0] = leaf(SPARE(0), R | W); /* its L1 maps the L2 writable */
	tg_expect("pin an L2 whose L1 maps it writable",
		  ext(PVABI_MMUEXT_PIN_L2_TABLE, SPARE(0), 0), -PVABI_EBUSY);
	table(SPARE(1))[0] = leaf(SPARE(0), R); /* still the guest's to write: undone */
	tg_expect("pin it with the mapping read-only",
		  ext(PVABI_MMUEXT_PIN_L2_TABLE, SPARE(0), 0), 0);
	tg_expect("now make that mapping writable", update(SPARE(1), leaf(SPARE(0), R | W)),
		  -PVABI_EBUSY);
}

/* Tables and mapped pages cannot be given back. */
static void pt_give_back_table(void)
{
	if (!pinned_tree())
		return;
	tg_expect("give back an L1", memop1(PVABI_MEMOP_decrease_reservation, T1_LOW), -PVABI_EBUSY);
	tg_expect("give back the root", memop1(PVABI_MEMOP_decrease_reservation, T3), -PVABI_EBUSY);
	tg_expect("map a page", update(low_pte(5), leaf(DATA(0), R)), 0);
	tg_expect("give back the mapped page", memop1(PVABI_MEMOP_decrease_reservation, DATA(0)),
		  -PVABI_EBUSY);
}

/* mmuext_op's own checks, and a batch stopping at its first bad op. */
static void pt_mmuext_bad(void)
{
	static struct pvabi_mmuext_op ops[3];
	static struct pvabi_mmu_update ups[3];
	struct pvabi_ret r;

	ops[0] = (struct pvabi_mmuext_op){ PVABI_MMUEXT_TLB_FLUSH_LOCAL, 1, 0, 0 };
	tg_expect("padding not zero", pvabi_mmuext_op((uintptr_t)ops, 1).error, -PVABI_EINVAL);
	tg_expect("command 3", ext(3, T3, 0), -PVABI_ENOSYS);
	tg_expect("command 8", ext(8, 0, 0), -PVABI_ENOSYS);
	tg_expect("command 0xffffffff", ext(0xffffffffu, 0, 0), -PVABI_ENOSYS);
	if (!pinned_tree())
		return;
	ops[0] = (struct pvabi_mmuext_op){ PVABI_MMUEXT_TLB_FLUSH_LOCAL, 0, 0, 0 };
	ops[1] = (struct pvabi_mmuext_op){ PVABI_MMUEXT_NEW_BASEPTR, 0, SPARE(0), 0 };
	ops[2] = (struct pvabi_mmuext_op){ PVABI_MMUEXT_TLB_FLUSH_LOCAL, 0, 0, 0 };
	r = pvabi_mmuext_op((uintptr_t)ops, 3);
	tg_expect("batch with a bad second op", r.error, -PVABI_EINVAL);
	tg_expect("ops done", (int64_t)r.value, 1);
	ups[0] = (struct pvabi_mmu_update){ low_pte(5), leaf(DATA(0), R) };
	ups[1] = (struct pvabi_mmu_update){ low_pte(6), leaf(UART, R) };
	ups[2] = (struct pvabi_mmu_update){ low_pte(7), leaf(DATA(1), R) };
	r = pvabi_mmu_update((uintptr_t)ups, 3);
	tg_expect("updates with a bad second", r.error, -PVABI_EPERM);
	tg_expect("updates done", (int64_t)r.value, 1);
	tg_expect("first applied", (int64_t)(table(T1_LOW)[5] == leaf(DATA(0), R)), 1);
	tg_expect("third not applied", (int64_t)table(T1_LOW)[7], 0);
}

/* satp behind the hypervisor's back, with a live root: the guest must be stopped. */
static void pt_satp(void)
{
	if (!live_tree())
		return;
	tg_printf("writing satp itself\n");
	__asm__ __volatile__("csrw satp, zero" ::: "memory");
	pvabi_version(PVABI_VER_abi, 0); /* any exit shows it */
	tg_printf("FAIL: still running after writing satp\n");
}

/* ================== hypercall arguments (arg_*) ================== */

/* Every call that takes a pointer, given p; each must say -EFAULT. */
static void bad_pointer(const char *what, uint64_t p)
{
	char name[96];

#define TRY(call, expr)                                                                    \
	do {                                                                               \
		snprintf(name, sizeof(name), "%s %s", call, what);                         \
		tg_expect(name, (expr).error, -PVABI_EFAULT);                              \
	} while (0)
	TRY("console write", pvabi_console_io(PVABI_CONSOLEIO_write, 8, p));
	TRY("console read", pvabi_console_io(PVABI_CONSOLEIO_read, 8, p));
	TRY("mmu_update", pvabi_mmu_update(p, 1));
	TRY("mmuext_op", pvabi_mmuext_op(p, 1));
	TRY("memory_op", pvabi_memory_op(PVABI_MEMOP_decrease_reservation, p, 1));
	TRY("multicall", pvabi_multicall(p, 1));
#undef TRY
}

static void arg_outside_ram(void)
{
	bad_pointer("0x0", 0);
	bad_pointer("boot ROM", BOOT_ROM);
	bad_pointer("sifive_test", SIFIVE_TEST);
	bad_pointer("CLINT", CLINT);
	bad_pointer("PLIC", PLIC);
	bad_pointer("UART", UART);
	bad_pointer("end of RAM", ram_end());
	bad_pointer("host RAM top", HOST_RAM_TOP);
	bad_pointer("2^63", 1ull << 63);
	bad_pointer("-8", (uint64_t)-8);
}

static struct pvabi_multicall_entry mc_version(void)
{
	return (struct pvabi_multicall_entry){ .op = PVABI_HC_version, .result = 99,
					       .args = { PVABI_VER_abi } };
}

/* Unaligned pointers are read and written byte by byte, but correctly. */
static void arg_unaligned(void)
{
	uint8_t *p = ptr(DATA(0) + 1);
	struct pvabi_multicall_entry e = mc_version(), out;
	struct pvabi_mmuext_op op = { PVABI_MMUEXT_TLB_FLUSH_LOCAL, 0, 0, 0 };
	uint64_t page = DATA(2);
	struct pvabi_ret r;

	memcpy(p, &e, sizeof(e));
	r = pvabi_multicall((uintptr_t)p, 1);
	memcpy(&out, p, sizeof(out));
	tg_expect("multicall at +1", r.error, 0);
	tg_expect("its result", out.result, 0);
	tg_expect("its value", (int64_t)out.value, PVABI_VERSION);
	memcpy(ptr(DATA(1) + 3), &op, sizeof(op));
	tg_expect("mmuext_op at +3", pvabi_mmuext_op(DATA(1) + 3, 1).error, 0);
	memcpy(ptr(DATA(1) + 101), &page, sizeof(page));
	tg_expect("give back, list at +5", pvabi_memory_op(PVABI_MEMOP_decrease_reservation,
							  DATA(1) + 101, 1).error, 0);
	tg_expect("populate, list at +5", pvabi_memory_op(PVABI_MEMOP_populate_physmap,
							 DATA(1) + 101, 1).error, 0);
	memcpy(ptr(DATA(1) + 301), "unaligned write\n", 16);
	r = pvabi_console_io(PVABI_CONSOLEIO_write, 16, DATA(1) + 301);
	tg_expect("console write at +5: bytes", (int64_t)r.value, 16);
	tg_expect("console read at +7", pvabi_console_io(PVABI_CONSOLEIO_read, 9,
							 DATA(1) + 407).error, 0);
}

/*
 * Buffers that start in RAM and run into a page the guest gave back: the
 * part that cannot be read is -EFAULT; what was done is said in a1.
 */
static void arg_cross_page(void)
{
	uint64_t hole = DATA(3), edge = hole; /* DATA(3) is given back */
	struct pvabi_multicall_entry *mc = ptr(edge - 96);
	struct pvabi_ret r;

	if (!tg_expect("give a page back", memop1(PVABI_MEMOP_decrease_reservation, hole), 0))
		return;
	mc[0] = mc_version();
	r = pvabi_multicall(edge - 96, 2);
	tg_expect("multicall, 2nd entry crosses", r.error, -PVABI_EFAULT);
	tg_expect("entries run", (int64_t)r.value, 1);
	tg_expect("1st result written", mc[0].result, 0);
	tg_expect("mmu_update crossing", pvabi_mmu_update(edge - 8, 1).error, -PVABI_EFAULT);
	tg_expect("mmuext_op crossing", pvabi_mmuext_op(edge - 16, 1).error, -PVABI_EFAULT);
	tg_expect("memory_op list crossing", pvabi_memory_op(PVABI_MEMOP_populate_physmap,
							    edge - 4, 1).error, -PVABI_EFAULT);
	tg_expect("console read crossing", pvabi_console_io(PVABI_CONSOLEIO_read, 8,
							    edge - 4).error, -PVABI_EFAULT);
	/* A write that runs off the end of RAM: a1 says how much went out. */
	memset(ptr(ram_end() - 200), 'Z', 200);
	r = pvabi_console_io(PVABI_CONSOLEIO_write, 300, ram_end() - 200);
	tg_printf("\n");
	tg_expect("console write off the end of RAM", r.error, 0);
	tg_printf("console write off the end of RAM wrote %llu\n", (unsigned long long)r.value);
	tg_expect("console write from past RAM", pvabi_console_io(PVABI_CONSOLEIO_write, 8,
								  ram_end() + 4).error,
		  -PVABI_EFAULT);
}

/* A pinned table is read-only to the guest: the hypervisor must not write it for it. */
static void arg_pinned_table(void)
{
	uint64_t empty = SPARE(0), *t = table(empty);
	struct pvabi_ret r;
	int clean = 1;

	if (!pinned_tree() ||
	    !tg_expect("pin an empty L1", ext(PVABI_MMUEXT_PIN_L1_TABLE, empty, 0), 0))
		return;
	tg_expect("console read into it", pvabi_console_io(PVABI_CONSOLEIO_read, 8,
							   empty).error, -PVABI_EFAULT);
	tg_expect("console read into the root", pvabi_console_io(PVABI_CONSOLEIO_read, 8,
								T3 + 4088).error, -PVABI_EFAULT);
	/* Its all-zero entries read as set_trap_table(0): run, not written back. */
	r = pvabi_multicall(empty, 2);
	tg_expect("multicall from it", r.error, -PVABI_EFAULT);
	tg_expect("multicall entries written", (int64_t)r.value, 0);
	tg_expect("mmu_update read from it", pvabi_mmu_update(empty, 1).error, -PVABI_EINVAL);
	tg_expect("memory_op list in it", pvabi_memory_op(PVABI_MEMOP_populate_physmap,
							  empty, 1).error, -PVABI_EINVAL);
	tg_expect("console write from it", pvabi_console_io(PVABI_CONSOLEIO_write, 0,
							    empty).error, 0);
	for (unsigned i = 0; i < 512; i++)
		clean &= t[i] == 0;
	tg_expect("the table still all zero", clean, 1);
	tg_expect("the root entry intact", (int64_t)(table(T3)[511] == 0), 1);
}

/*
 * The hypervisor's own host-physical addresses (from its symbol table, on
 * the command line as hyp1=..., hyp2=...): for this guest they are its own
 * RAM, so a hypercall writing there writes this guest's page, never the
 * hypervisor.
 */
static void hyp_pointer(const char *key)
{
	uint64_t a = tg_cmdline_num(key, 0) & ~7ull;
	struct pvabi_multicall_entry *e = ptr(a);
	char name[64];
	struct pvabi_ret r;

	/* Not this guest's own image, data or stack, which the test would break. */
	if (a < (uintptr_t)__kernel_end || a + 128 > ram_end()) {
		tg_printf("FAIL: %s=0x%llx is not a free page of this guest\n", key,
			  (unsigned long long)a);
		tg_expect(key, 0, 1);
		return;
	}
	tg_printf("%s at 0x%llx\n", key, (unsigned long long)a);
	*e = mc_version();
	r = pvabi_multicall(a, 1);
	snprintf(name, sizeof(name), "multicall at %s", key);
	tg_expect(name, r.error, 0);
	snprintf(name, sizeof(name), "result written to our page at %s", key);
	tg_expect(name, (int64_t)e->value, PVABI_VERSION);
	snprintf(name, sizeof(name), "console read into %s", key);
	tg_expect(name, pvabi_console_io(PVABI_CONSOLEIO_read, 64, a + 64).error, 0);
}

static void arg_hyp_pointer(void)
{
	hyp_pointer("hyp1");
	hyp_pointer("hyp2");
	hyp_pointer("hyp3");
}

/* Counts over each call's limit, "negative" ones, and zero. */
static void arg_counts(void)
{
	static const uint64_t big[] = { PVABI_MMU_BATCH_MAX + 1, 1ull << 32, 1ull << 63,
					(uint64_t)-1 };
	uint64_t buf = DATA(0);
	struct pvabi_ret r;

	for (unsigned i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
		uint64_t n = big[i];

		tg_printf("count 0x%llx\n", (unsigned long long)n);
		tg_expect("mmu_update", pvabi_mmu_update(buf, n).error, -PVABI_E2BIG);
		tg_expect("mmuext_op", pvabi_mmuext_op(buf, n).error, -PVABI_E2BIG);
		tg_expect("memory_op", pvabi_memory_op(PVABI_MEMOP_populate_physmap, buf, n).error,
			  -PVABI_E2BIG);
		tg_expect("multicall", pvabi_multicall(buf, n).error, -PVABI_E2BIG);
	}
	tg_expect("multicall 65", pvabi_multicall(buf, PVABI_MULTICALL_MAX + 1).error,
		  -PVABI_E2BIG);
	tg_expect("mmu_update 0", pvabi_mmu_update(0, 0).error, 0);
	tg_expect("mmuext_op 0", pvabi_mmuext_op(0, 0).error, 0);
	tg_expect("memory_op 0", pvabi_memory_op(PVABI_MEMOP_populate_physmap, 0, 0).error, 0);
	tg_expect("multicall 0", pvabi_multicall(0, 0).error, 0);
	/* console_io takes at most 1024 bytes a call: the rest is the caller's to send. */
	memset(ptr(buf), 'Q', PVABI_CONSOLE_MAX);
	r = pvabi_console_io(PVABI_CONSOLEIO_write, (uint64_t)-1, buf);
	tg_printf("\n");
	tg_expect("console write count -1", r.error, 0);
	tg_expect("console write count -1: bytes", (int64_t)r.value, PVABI_CONSOLE_MAX);
	r = pvabi_console_io(PVABI_CONSOLEIO_read, (uint64_t)-1, buf);
	tg_expect("console read count -1", r.error, 0);
	tg_expect("console read count -1: bytes", (int64_t)r.value, 0);
	tg_expect("console read count -1 from 0", pvabi_console_io(PVABI_CONSOLEIO_read,
								   (uint64_t)-1, 0).error,
		  -PVABI_EFAULT);
}

/* multicall in multicall, unknown calls in it, a bad shutdown in it. */
static void arg_multicall_nested(void)
{
	struct pvabi_multicall_entry *mc = ptr(DATA(0)), *inner = ptr(DATA(1));
	struct pvabi_ret r;

	inner[0] = mc_version();
	mc[0] = (struct pvabi_multicall_entry){ .op = PVABI_HC_multicall, .result = 99,
						.args = { DATA(0), 5 } }; /* itself */
	mc[1] = (struct pvabi_multicall_entry){ .op = PVABI_HC_multicall, .result = 99,
						.args = { DATA(1), 1 } };
	mc[2] = (struct pvabi_multicall_entry){ .op = 7, .result = 99 };
	mc[3] = (struct pvabi_multicall_entry){ .op = (uint64_t)-1, .result = 99 };
	mc[4] = (struct pvabi_multicall_entry){ .op = PVABI_HC_sched_op, .result = 99,
						.args = { PVABI_SCHEDOP_shutdown, 99 } };
	r = pvabi_multicall(DATA(0), 5);
	tg_expect("multicall", r.error, 0);
	tg_expect("entries run", (int64_t)r.value, 5);
	tg_expect("multicall of itself", mc[0].result, -PVABI_EINVAL);
	tg_expect("multicall of another list", mc[1].result, -PVABI_EINVAL);
	tg_expect("the inner list not run", inner[0].result, 99);
	tg_expect("call 7 in it", mc[2].result, -PVABI_ENOSYS);
	tg_expect("call -1 in it", mc[3].result, -PVABI_ENOSYS);
	tg_expect("shutdown reason 99 in it", mc[4].result, -PVABI_EINVAL);
	for (unsigned i = 0; i < PVABI_MULTICALL_MAX; i++)
		mc[i] = (struct pvabi_multicall_entry){ .op = PVABI_HC_multicall,
							.args = { DATA(0), PVABI_MULTICALL_MAX } };
	r = pvabi_multicall(DATA(0), PVABI_MULTICALL_MAX);
	tg_expect("64 nested multicalls", (int64_t)r.value, PVABI_MULTICALL_MAX);
	tg_expect("the last refused", mc[PVABI_MULTICALL_MAX - 1].result, -PVABI_EINVAL);
}

/* A shutdown inside a multicall stops the guest: nothing after it runs. */
static void arg_multicall_shutdown(void)
{
	static const char after[] = "FAIL: an entry after the shutdown ran\n";
	struct pvabi_multicall_entry *mc = ptr(DATA(0));

	mc[0] = mc_version();
	mc[1] = (struct pvabi_multicall_entry){ .op = PVABI_HC_sched_op,
						.args = { PVABI_SCHEDOP_shutdown,
							  PVABI_SHUTDOWN_poweroff } };
	mc[2] = (struct pvabi_multicall_entry){ .op = PVABI_HC_console_io,
						.args = { PVABI_CONSOLEIO_write, sizeof(after) - 1,
							  (uintptr_t)after } };
	tg_printf("multicall: version, shutdown, console write\n");
	pvabi_multicall(DATA(0), 3);
	tg_printf("FAIL: multicall returned after a shutdown\n");
}

/* ============ call numbers and sub-commands (call_*) ============ */

/* Every number the hypervisor does not implement, twice: -ENOSYS, logged once. */
static void call_unknown(void)
{
	static const uint64_t far[] = { 64, 100, 1000, 1ull << 32, 1ull << 63, (uint64_t)-1 };
	unsigned tried = 0, ok = 0;

	for (uint64_t nr = 0; nr < PVABI_HC_MAX + 6; nr++) {
		uint64_t n = nr < PVABI_HC_MAX ? nr : far[nr - PVABI_HC_MAX];
		int64_t e1, e2, probe = pvabi_version(PVABI_VER_probe, n).error;

		if (probe == 0)
			continue; /* implemented */
		e1 = pvabi_hypercall(n, 1, 2, 3, 4, 5).error;
		e2 = pvabi_hypercall(n, (uint64_t)-1, 0, 0, 0, 0).error;
		tried++;
		ok += e1 == -PVABI_ENOSYS && e2 == -PVABI_ENOSYS && probe == -PVABI_ENOSYS;
		if (e1 != -PVABI_ENOSYS || e2 != -PVABI_ENOSYS)
			tg_expect("unknown call", e1 == e2 ? e1 : e2, -PVABI_ENOSYS);
	}
	tg_printf("unknown numbers tried: %u\n", tried);
	tg_expect("all -ENOSYS, probe too", ok, tried);
}

static void call_subcommands(void)
{
	tg_expect("console_io cmd 2", pvabi_console_io(2, 0, 0).error, -PVABI_ENOSYS);
	tg_expect("console_io cmd -1", pvabi_console_io((uint64_t)-1, 0, 0).error, -PVABI_ENOSYS);
	tg_expect("sched_op cmd 3", pvabi_sched_op(3, 0).error, -PVABI_ENOSYS);
	tg_expect("sched_op cmd -1", pvabi_sched_op((uint64_t)-1, 0).error, -PVABI_ENOSYS);
	tg_expect("shutdown suspend", pvabi_sched_op(PVABI_SCHEDOP_shutdown,
						     PVABI_SHUTDOWN_suspend).error, -PVABI_EINVAL);
	tg_expect("shutdown reason 4", pvabi_sched_op(PVABI_SCHEDOP_shutdown, 4).error,
		  -PVABI_EINVAL);
	tg_expect("shutdown reason -1", pvabi_sched_op(PVABI_SCHEDOP_shutdown,
						       (uint64_t)-1).error, -PVABI_EINVAL);
	tg_expect("memory_op cmd 0", pvabi_memory_op(0, 0, 0).error, -PVABI_ENOSYS);
	tg_expect("memory_op cmd 2", pvabi_memory_op(2, 0, 0).error, -PVABI_ENOSYS);
	tg_expect("memory_op cmd -1", pvabi_memory_op((uint64_t)-1, 0, 0).error, -PVABI_ENOSYS);
	tg_expect("version cmd 2", pvabi_version(2, 0).error, -PVABI_ENOSYS);
	tg_expect("version cmd -1", pvabi_version((uint64_t)-1, 0).error, -PVABI_ENOSYS);
	tg_expect("set_trap_table(odd)", pvabi_set_trap_table(0x80200001).error, -PVABI_EINVAL);
	tg_expect("set_trap_table(UART)", pvabi_set_trap_table(UART).error, -PVABI_EFAULT);
	tg_expect("set_trap_table(-4)", pvabi_set_trap_table((uint64_t)-4).error, -PVABI_EFAULT);
	tg_expect("set_callbacks(sifive_test)", pvabi_set_callbacks(SIFIVE_TEST).error,
		  -PVABI_EFAULT);
	tg_expect("set_callbacks(end of RAM)", pvabi_set_callbacks(ram_end()).error,
		  -PVABI_EFAULT);
	tg_expect("set_timer_op(-1)", pvabi_set_timer_op((uint64_t)-1).error, 0);
	tg_expect("set_timer_op(0)", pvabi_set_timer_op(0).error, 0);
}

/* An ecall with another extension ID. */
static int64_t sbi(uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1)
{
	register uint64_t r0 __asm__("a0") = a0;
	register uint64_t r1 __asm__("a1") = a1;
	register uint64_t r6 __asm__("a6") = fid;
	register uint64_t r7 __asm__("a7") = ext;

	__asm__ __volatile__("ecall" : "+r"(r0), "+r"(r1) : "r"(r6), "r"(r7) : "memory");
	return (int64_t)r0;
}

/* A PV guest has no SBI: shutdown, reset and hart stop must not reach anything. */
static void call_sbi(void)
{
	tg_expect("SBI base version", sbi(SBI_EXT_BASE, 0, 0, 0), SBI_ERR_NOT_SUPPORTED);
	tg_expect("SBI set_timer", sbi(SBI_EXT_TIME, 0, 0, 0), SBI_ERR_NOT_SUPPORTED);
	tg_expect("SBI send_ipi", sbi(SBI_EXT_IPI, 0, 1, 0), SBI_ERR_NOT_SUPPORTED);
	tg_expect("SBI hart_stop", sbi(SBI_EXT_HSM, 1, 0, 0), SBI_ERR_NOT_SUPPORTED);
	tg_expect("SBI system_reset shutdown", sbi(SBI_EXT_SRST, 0, 0, 0), SBI_ERR_NOT_SUPPORTED);
	tg_expect("SBI system_reset cold reboot", sbi(SBI_EXT_SRST, 0, 1, 0),
		  SBI_ERR_NOT_SUPPORTED);
	for (uint64_t legacy = 0; legacy <= 8; legacy++) {
		char name[32];

		snprintf(name, sizeof(name), "legacy SBI %llu", (unsigned long long)legacy);
		tg_expect(name, sbi(legacy, 0, 'L', 0), SBI_ERR_NOT_SUPPORTED);
	}
	tg_expect("extension 0x08505640", sbi(0x08505640, 17, 0, 0), SBI_ERR_NOT_SUPPORTED);
	tg_printf("still running after SBI shutdown and reset calls\n");
}

/* ================= memory and devices (mem_*) ================= */

static uint64_t ms(uint64_t n);

/* A string looked for in RAM, stored ^ 0x55 so that it is not there itself. */
struct needle {
	const char *masked;
	size_t n;
	unsigned found;
	uint64_t where; /* the first place it was found */
};

/* s ^ 0x55, byte by byte. */
#define M(c) (char)((c) ^ 0x55)

/* One pass over all of RAM, counting each needle where it occurs. */
static void scan_for(struct needle *nd, unsigned nr)
{
	const uint8_t *p = ptr(tg_start->mem_base);
	uint64_t size = tg_start->mem_size;

	for (uint64_t i = 0; i < size; i++) {
		for (unsigned j = 0; j < nr; j++) {
			size_t k = 0;

			if (p[i] != (uint8_t)(nd[j].masked[0] ^ 0x55))
				continue;
			while (k < nd[j].n && i + k < size &&
			       p[i + k] == (uint8_t)(nd[j].masked[k] ^ 0x55))
				k++;
			if (k == nd[j].n && !nd[j].found++)
				nd[j].where = (uintptr_t)p + i;
		}
	}
}

/*
 * Reading every byte of its RAM, which (8 MiB at 0x80000000) spans the host
 * addresses of OpenSBI, the hypervisor and the bystander: none of their
 * strings is there, only its own (the positive control).
 */
static void mem_scan(void)
{
	static const char own[] = { M('h'), M('o'), M('s'), M('t'), M('i'), M('l'), M('e'),
				    M(' '), M('s'), M('c'), M('a'), M('n'), M('!') };
	static const char sbi_s[] = { M('O'), M('p'), M('e'), M('n'), M('S'), M('B'), M('I') };
	static const char hyp_s[] = { M('r'), M('v'), M('h'), M('y'), M('p'), M(':'), M(' '),
				      M('R'), M('I'), M('S'), M('C') };
	static const char ck_s[] = { M('c'), M('k'), M('s'), M('u'), M('m'), M(' '), M('u'),
				     M('p'), M(':') };
	struct needle nd[] = { { own, sizeof(own), 0, 0 }, { sbi_s, sizeof(sbi_s), 0, 0 },
			       { hyp_s, sizeof(hyp_s), 0, 0 }, { ck_s, sizeof(ck_s), 0, 0 } };

	tg_printf("hostile scan!\n");
	tg_printf("scanning 0x%llx..0x%llx\n", (unsigned long long)tg_start->mem_base,
		  (unsigned long long)ram_end());
	scan_for(nd, 4);
	for (unsigned j = 1; j < 4; j++)
		if (nd[j].found)
			tg_printf("needle %u found at 0x%llx\n", j, (unsigned long long)nd[j].where);
	tg_expect("our own string found", nd[0].found >= 1, 1);
	tg_expect("the firmware's string found", nd[1].found, 0);
	tg_expect("the hypervisor's banner found", nd[2].found, 0);
	tg_expect("the bystander's string found", nd[3].found, 0);
}

/* The pages it may scribble on: all but the start info page and its own image. */
static int scribble_page(uint64_t gpa)
{
	return gpa != tg_start->mem_base &&
	       (gpa < ram(2 * MiB) || gpa >= (uintptr_t)__kernel_end);
}

/*
 * Writes a pattern over all of its RAM (where the bystander and the
 * hypervisor live in host memory), the shared info page included, sleeps,
 * and checks the pattern is still there: nobody else's data came in.
 */
static void mem_scribble(void)
{
	const uint64_t pat = 0xdeadbeefcafef00dull;
	uint64_t bad = 0, pages = 0;

	for (uint64_t a = tg_start->mem_base; a < ram_end(); a += PAGE) {
		if (!scribble_page(a))
			continue;
		for (unsigned i = 0; i < PAGE / 8; i++)
			table(a)[i] = pat ^ a ^ i;
		pages++;
	}
	tg_printf("scribbled %llu pages\n", (unsigned long long)pages);
	/* Garbage in evt_pending and evt_mask: the calls that read them. */
	pvabi_set_timer_op(tg_time() + ms(1));
	pvabi_sched_op(PVABI_SCHEDOP_block, 0);
	pvabi_sched_op(PVABI_SCHEDOP_yield, 0);
	pvabi_set_timer_op(0);
	/* The hypervisor writes the shared page: zero it so events work again. */
	memset(ptr(tg_start->shared_info), 0, PAGE);
	tg_sleep_ms(20);
	for (uint64_t a = tg_start->mem_base; a < ram_end(); a += PAGE) {
		if (!scribble_page(a) || a == tg_start->shared_info)
			continue;
		for (unsigned i = 0; i < PAGE / 8; i++)
			bad += table(a)[i] != (pat ^ a ^ i);
	}
	tg_expect("words changed by someone else", (int64_t)bad, 0);
}

/* A load or store where this guest has nothing: it must be stopped. */
static void touch(const char *what, uint64_t addr, int store)
{
	tg_printf("%s %s at 0x%llx\n", store ? "writing" : "reading", what,
		  (unsigned long long)addr);
	if (store)
		*(volatile uint32_t *)ptr(addr) = 0x5555; /* sifive_test: "pass", QEMU exits */
	else
		tg_printf("read 0x%x\n", *(volatile uint32_t *)ptr(addr));
	tg_printf("FAIL: %s at 0x%llx did not stop this guest\n", what, (unsigned long long)addr);
}

static void mem_read_test(void) { touch("sifive_test", SIFIVE_TEST, 0); }
static void mem_write_test(void) { touch("sifive_test", SIFIVE_TEST, 1); }
static void mem_read_clint(void) { touch("the CLINT", CLINT + 0x4000, 0); }
static void mem_write_clint(void) { touch("the CLINT", CLINT + 0x4000, 1); }
static void mem_read_plic(void) { touch("the PLIC", PLIC + 0x200004, 0); }
static void mem_write_plic(void) { touch("the PLIC", PLIC + 0x2080, 1); }
static void mem_read_uart(void) { touch("the UART", UART + 5, 0); }
static void mem_write_uart(void) { touch("the UART", UART, 1); }
static void mem_read_rom(void) { touch("the boot ROM", BOOT_ROM, 0); }
static void mem_read_high(void) { touch("host RAM", HOST_RAM_TOP, 0); }
static void mem_write_high(void) { touch("host RAM", HOST_RAM_TOP, 1); }

/*
 * Jump to addr; a0 is what it returns, or 0 after a trap (the trap entry
 * resumes at the label after the call).
 */
static uint64_t exec_at(uint64_t addr)
{
	register uint64_t a0 __asm__("a0") = 0;

	__asm__ __volatile__("la t0, 1f\n"
			     "sd t0, %1\n"
			     "jalr ra, 0(%2)\n"
			     "1:"
			     : "+r"(a0), "=m"(resume_pc)
			     : "r"(addr)
			     : "ra", "t0", "memory");
	resume_pc = 0;
	return a0;
}

static uint32_t code_page[1024] __attribute__((aligned(4096)));

/*
 * Executing data: with paging off it is the guest's own RAM (runs, as on a
 * real hart); through a mapping without X it is an instruction page fault,
 * which the guest's own trap entry gets.
 */
static void mem_exec_data(void)
{
	const uint64_t nx_va = 0x80000000ull + 5 * PAGE;

	code_page[0] = 0x02a00513; /* li a0, 42 */
	code_page[1] = 0x00008067; /* ret */
	__asm__ __volatile__("fence.i" ::: "memory");
	tg_expect("run a data page, paging off", (int64_t)exec_at((uintptr_t)code_page), 42);
	if (!trap_entry_on() || !live_tree())
		return;
	tg_expect("map it without X", update(low_pte(5), leaf((uintptr_t)code_page, R | W | D)),
		  0);
	tg_expect("flush", ext(PVABI_MMUEXT_INVLPG_LOCAL, nx_va, 0), 0);
	tg_expect("run it through the NX mapping", (int64_t)exec_at(nx_va), 0);
	tg_expect("traps", (int64_t)traps, 1);
	tg_expect("scause", (int64_t)trap_cause, EXC_INST_PAGE_FAULT);
	tg_expect("stval", (int64_t)(trap_tval == nx_va), 1);
	tg_expect("run it where it is mapped X", (int64_t)exec_at((uintptr_t)code_page), 42);
}

/* Jump into a device: nothing to fetch, the guest is stopped. */
static void mem_exec_device(void)
{
	tg_printf("jumping to the UART\n");
	exec_at(UART);
	tg_printf("FAIL: came back from the UART\n");
}

/* ================== time and scheduling (time_*) ================== */

static volatile uint64_t upcalls;

TG_ENTRY(hostile_upcall_entry, hostile_upcall);
void hostile_upcall_entry(void);
void hostile_upcall(void);

/* Each upcall takes the timer event and arms a deadline already past. */
void hostile_upcall(void)
{
	__atomic_fetch_and(&tg_shared()->evt_pending, ~(1ull << PVABI_EVT_timer),
			   __ATOMIC_SEQ_CST);
	upcalls++;
}

static uint64_t ms(uint64_t n)
{
	return tg_start->timebase_hz * n / 1000;
}

/*
 * Timer storms: thousands of deadlines already past (each an upcall),
 * thousands of one-tick sleeps, then a deadline too far to express.
 */
static void time_timer_storm(void)
{
	const unsigned n = 5000;
	uint64_t t0;

	tg_expect("set_callbacks", pvabi_set_callbacks((uintptr_t)hostile_upcall_entry).error, 0);
	__asm__ __volatile__("csrs sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
	for (unsigned i = 0; i < n; i++)
		pvabi_set_timer_op(1); /* long past: fires at once, an upcall on return */
	__asm__ __volatile__("csrc sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
	tg_expect("upcalls from past deadlines", (int64_t)upcalls, n);
	/* SIE clear until block: else the upcall may take the expiry before the block. */
	for (unsigned i = 0; i < n; i++) {
		__asm__ __volatile__("csrc sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
		pvabi_set_timer_op(tg_time() + 1);
		pvabi_sched_op(PVABI_SCHEDOP_block, 0);
	}
	tg_printf("%u one-tick sleeps done\n", n);
	__asm__ __volatile__("csrc sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
	pvabi_set_timer_op((uint64_t)-1);
	t0 = tg_time();
	while (tg_time() - t0 < ms(5))
		;
	tg_expect("deadline -1 never fires", (int64_t)(tg_shared()->evt_pending & 1), 0);
	pvabi_set_timer_op(0);
}

/*
 * Block with no timer and nothing pending: it sleeps (costing nothing)
 * until the test types into its console.
 */
static void time_block_forever(void)
{
	char c = 0;

	pvabi_set_timer_op(0);
	tg_printf("blocking with no timer and no event\n");
	pvabi_sched_op(PVABI_SCHEDOP_block, 0);
	tg_expect("woken by console input", (int64_t)(tg_shared()->evt_pending >> 1 & 1), 1);
	tg_expect("read it", (int64_t)pvabi_console_io(PVABI_CONSOLEIO_read, 1,
						       (uintptr_t)&c).value, 1);
	tg_printf("got '%c'\n", c);
}

/*
 * Spin 300 ms of its time with its interrupts masked and no hypercall: the
 * hypervisor's timer is not its to mask. Gaps in the time it sees are the
 * slices it was preempted for.
 */
static void time_spin_masked(void)
{
	uint64_t t0 = tg_time(), last = t0, now, gaps = 0;

	__asm__ __volatile__("csrc sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
	tg_printf("spinning 300 ms with interrupts masked\n");
	while ((now = tg_time()) - t0 < ms(300)) {
		gaps += now - last > tg_start->timebase_hz / 100000; /* 10 us */
		last = now;
	}
	tg_printf("spun 300 ms, preempted %llu times\n", (unsigned long long)gaps);
	tg_expect("preempted while masked", gaps > 0, 1);
}

/* Never yield, never call the hypervisor again. */
static void time_spin_forever(void)
{
	tg_printf("spinning forever, no hypercall\n");
	for (;;)
		__asm__ __volatile__("" ::: "memory");
}

/* Hypercalls as fast as it can: no one else may notice. */
static void time_hcall_storm(void)
{
	const unsigned n = 100000;
	unsigned ok = 0;

	for (unsigned i = 0; i < n; i++)
		ok += pvabi_version(PVABI_VER_abi, 0).value == PVABI_VERSION;
	tg_expect("version calls answered", ok, n);
}

/* wfi is privileged: an illegal instruction for a PV kernel, thousands of times. */
static void time_wfi_storm(void)
{
	const unsigned n = 5000;

	if (!trap_entry_on())
		return;
	for (unsigned i = 0; i < n; i++)
		__asm__ __volatile__("wfi");
	tg_expect("wfi traps delivered", (int64_t)traps, n);
	tg_expect("scause", (int64_t)trap_cause, EXC_ILLEGAL);
	tg_expect("stval", (int64_t)trap_tval, INSN_WFI);
}

/* ... and without a trap entry, the first one stops the guest. */
static void time_wfi_no_entry(void)
{
	tg_printf("wfi without a trap entry\n");
	__asm__ __volatile__("wfi");
	tg_printf("FAIL: still running after wfi\n");
}

/*
 * A trap loop the hypervisor never sees: stvec (the guest's own CSR) points
 * at an ebreak, and breakpoints are delegated to the guest, so the hart
 * traps to the same instruction forever without an exit.
 */
static void time_trap_loop(void)
{
	tg_printf("stvec -> ebreak, then ebreak\n");
	__asm__ __volatile__("la t0, 1f\n"
			     "csrw stvec, t0\n"
			     ".balign 4\n"
			     "1: ebreak\n" ::: "t0");
}

/* ========== floating point between two guests (fp_*, config hostile_fp) ========== */

#define FP_SECRET 0x5ec2e75ec2e75ec2ull

/* f0..f31 all hold v. Built as an assembler loop over the register names. */
static void fp_fill(uint64_t v)
{
	__asm__ __volatile__(".option push\n.option arch, +d\n"
			     ".irp r,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,"
			     "23,24,25,26,27,28,29,30,31\n"
			     "fmv.d.x f\\r, %0\n"
			     ".endr\n.option pop" ::"r"(v));
}

/* How many of f0..f31 hold v. */
static unsigned fp_count(uint64_t v)
{
	uint64_t regs[32];

	__asm__ __volatile__(".option push\n.option arch, +d\n"
			     ".irp r,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,"
			     "23,24,25,26,27,28,29,30,31\n"
			     "fmv.x.d t0, f\\r\n"
			     "sd t0, 8*\\r(%0)\n"
			     ".endr\n.option pop" ::"r"(regs)
			     : "t0", "memory");
	unsigned n = 0;

	for (unsigned i = 0; i < 32; i++)
		n += regs[i] == v;
	return n;
}

/* Turn the FPU on; false if this hart (or the hypervisor) does not allow it. */
static int fp_on(void)
{
	if (!trap_entry_on())
		return 0;
	__asm__ __volatile__("csrs sstatus, %0" ::"r"(SSTATUS_FS_INITIAL) : "memory");
	resume_pc = 0;
	(void)fp_count(0); /* reads only: the other guest's values stay for the spy */
	if (traps) {
		tg_printf("FP instructions trap (scause %llu): FP off for guests\n",
			  (unsigned long long)trap_cause);
		return 0;
	}
	tg_printf("FP on\n");
	return 1;
}

/* Puts a secret in every FP register, sleeps while the spy runs, looks again. */
static void fp_secret(void)
{
	unsigned kept = 0;

	if (!fp_on())
		return;
	for (unsigned i = 0; i < 10; i++) {
		fp_fill(FP_SECRET);
		tg_sleep_ms(5);
		kept += fp_count(FP_SECRET) == 32;
	}
	tg_expect("sleeps after which our FP registers were intact", kept, 10);
}

/* Looks at the FP registers after the other guest ran; then overwrites them. */
static void fp_spy(void)
{
	unsigned seen = 0;

	if (!fp_on())
		return;
	for (unsigned i = 0; i < 10; i++) {
		tg_sleep_ms(5);
		seen += fp_count(FP_SECRET);
		fp_fill(0x1111111111111111ull);
	}
	tg_expect("the other guest's FP registers seen", seen, 0);
}

/* ============================ the cases ============================ */

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "pt_write_l1", pt_write_l1 },
	{ "pt_write_root", pt_write_root },
	{ "pt_writable_table", pt_writable_table },
	{ "pt_table_of_writable", pt_table_of_writable },
	{ "pt_level_mismatch", pt_level_mismatch },
	{ "pt_outside_ram", pt_outside_ram },
	{ "pt_given_back", pt_given_back },
	{ "pt_superpage", pt_superpage },
	{ "pt_reserved_bits", pt_reserved_bits },
	{ "pt_w_without_r", pt_w_without_r },
	{ "pt_nonleaf_bits", pt_nonleaf_bits },
	{ "pt_bad_pte_address", pt_bad_pte_address },
	{ "pt_bad_root", pt_bad_root },
	{ "pt_unpin", pt_unpin },
	{ "pt_unpinned_in_use", pt_unpinned_in_use },
	{ "pt_pin_info", pt_pin_info },
	{ "pt_validate_undo", pt_validate_undo },
	{ "pt_maps_its_parent", pt_maps_its_parent },
	{ "pt_give_back_table", pt_give_back_table },
	{ "pt_mmuext_bad", pt_mmuext_bad },
	{ "pt_satp", pt_satp },
	{ "arg_outside_ram", arg_outside_ram },
	{ "arg_unaligned", arg_unaligned },
	{ "arg_cross_page", arg_cross_page },
	{ "arg_pinned_table", arg_pinned_table },
	{ "arg_hyp_pointer", arg_hyp_pointer },
	{ "arg_counts", arg_counts },
	{ "arg_multicall_nested", arg_multicall_nested },
	{ "arg_multicall_shutdown", arg_multicall_shutdown },
	{ "call_unknown", call_unknown },
	{ "call_subcommands", call_subcommands },
	{ "call_sbi", call_sbi },
	{ "mem_scan", mem_scan },
	{ "mem_scribble", mem_scribble },
	{ "mem_read_test", mem_read_test },
	{ "mem_write_test", mem_write_test },
	{ "mem_read_clint", mem_read_clint },
	{ "mem_write_clint", mem_write_clint },
	{ "mem_read_plic", mem_read_plic },
	{ "mem_write_plic", mem_write_plic },
	{ "mem_read_uart", mem_read_uart },
	{ "mem_write_uart", mem_write_uart },
	{ "mem_read_rom", mem_read_rom },
	{ "mem_read_high", mem_read_high },
	{ "mem_write_high", mem_write_high },
	{ "mem_exec_data", mem_exec_data },
	{ "mem_exec_device", mem_exec_device },
	{ "time_timer_storm", time_timer_storm },
	{ "time_block_forever", time_block_forever },
	{ "time_spin_masked", time_spin_masked },
	{ "time_spin_forever", time_spin_forever },
	{ "time_hcall_storm", time_hcall_storm },
	{ "time_wfi_storm", time_wfi_storm },
	{ "time_wfi_no_entry", time_wfi_no_entry },
	{ "time_trap_loop", time_trap_loop },
	{ "fp_secret", fp_secret },
	{ "fp_spy", fp_spy },
};

void tg_main(void)
{
	tg_printf("hostile guest up: %s\n", tg_start->cmdline);
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (case_is(cases[i].name)) {
			cases[i].fn();
			tg_result();
			return;
		}
	}
	tg_printf("no such case\n");
	tg_expect("known case", 0, 1);
	tg_result();
}
