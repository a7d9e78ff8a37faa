/* SPDX-License-Identifier: MIT */
/*
 * pv_check.c - the PV memory invariant checker (see pv_check.h). It shares
 * no code with pvmmu.c on purpose: the expected counts are rebuilt from the
 * tables' contents by a second, simpler reading of the rules in pvabi/mm.h.
 */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <pvabi/pvabi.h>

#include "arch/pte.h"
#include "hyp/core/frame.h"
#include "hyp/core/guest.h"
#include "hyp/pv/hcall.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/pv_check.h"
#include "tests/unit/fake_arch.h"

/* Largest guest checked: 16 MiB (the harness's is 4 MiB). */
#define PVC_FRAMES_MAX 4096
#define TYPE_CONFLICT 0xff

/* What the tables, pins and the hypervisor's own holds add up to, per frame. */
static uint32_t exp_ref[PVC_FRAMES_MAX], exp_tc[PVC_FRAMES_MAX];
static uint8_t exp_type[PVC_FRAMES_MAX];
static uint64_t mapped_hpa[PVC_FRAMES_MAX];

static unsigned boots;
static int64_t given_base; /* frames given - returned - populated, this boot */
static int64_t alloc_base; /* host frames used beyond the guest's RAM and tables */

static int64_t given_delta(const struct guest *g)
{
	return (int64_t)(g->stats.frames_given - g->stats.frames_returned - g->nr_pages);
}

static int64_t alloc_delta(const struct guest *g)
{
	struct frame_stats st;

	frame_get_stats(&st);
	return (int64_t)(st.total - st.free - g->nr_pages - g->gs.tables - g->mm.ft.mem_frames);
}

void pvc_begin(struct guest *g)
{
	FZ_CHECK(g->mm.ft.nr <= PVC_FRAMES_MAX, "guest of %llu frames",
		 (unsigned long long)g->mm.ft.nr);
	boots = g->boots;
	given_base = given_delta(g);
	alloc_base = alloc_delta(g);
}

static bool is_table(enum ftype t)
{
	return t == FTYPE_L1 || t == FTYPE_L2 || t == FTYPE_L3;
}

/* One reference to frame n, of type type (FTYPE_NONE: a plain reference). */
static void expect(uint64_t n, enum ftype type)
{
	exp_ref[n]++;
	if (type == FTYPE_NONE)
		return;
	if (exp_tc[n]++ == 0)
		exp_type[n] = (uint8_t)type;
	else if (exp_type[n] != type)
		exp_type[n] = TYPE_CONFLICT; /* a table and writable, or two levels */
}

/* The format rules of mm.h, and what a PTE of a level-lvl table must hold. */
static void check_pte(const struct guest *g, uint64_t tn, unsigned i, uint64_t pte, enum ftype lvl)
{
	const struct ftype_table *t = &g->mm.ft;
	uint64_t gpa = ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << PAGE_SHIFT, n;
	bool leaf = pte & PTE_LEAF;

	FZ_CHECK(!(pte & PTE_RESERVED), "frame %llu[%u] = 0x%llx", (unsigned long long)tn, i,
		 (unsigned long long)pte);
	FZ_CHECK(ftype_index(t, GPA(gpa), &n), "frame %llu[%u] = 0x%llx points outside RAM",
		 (unsigned long long)tn, i, (unsigned long long)pte);
	FZ_CHECK(gstage_lookup(&g->gs, GPA(gpa), NULL, NULL),
		 "frame %llu[%u] = 0x%llx points to a page given back", (unsigned long long)tn, i,
		 (unsigned long long)pte);
	if (!leaf) {
		FZ_CHECK(lvl != FTYPE_L1 && !(pte & (PTE_U | PTE_A | PTE_D)),
			 "frame %llu[%u] = 0x%llx: bad non-leaf", (unsigned long long)tn, i,
			 (unsigned long long)pte);
		expect(n, (enum ftype)(lvl - 1));
		return;
	}
	FZ_CHECK(lvl == FTYPE_L1, "superpage in frame %llu[%u]", (unsigned long long)tn, i);
	FZ_CHECK((pte & (PTE_R | PTE_W)) != PTE_W && (pte & PTE_A) &&
		     (!(pte & PTE_W) || (pte & PTE_D)),
		 "frame %llu[%u] = 0x%llx: bad leaf", (unsigned long long)tn, i,
		 (unsigned long long)pte);
	expect(n, pte & PTE_W ? FTYPE_WRITABLE : FTYPE_NONE);
}

/* A validated table: mapped read-only for the guest, and every entry sound. */
static void walk_table(struct guest *g, uint64_t n, enum ftype lvl)
{
	gpa_t gpa = ftype_gpa(&g->mm.ft, n);
	const uint64_t *pte;
	unsigned perm;
	hpa_t h;

	FZ_CHECK(gstage_lookup(&g->gs, gpa, &h, &perm), "table frame %llu not mapped",
		 (unsigned long long)n);
	FZ_CHECK(perm == (GSTAGE_R | GSTAGE_X), "table frame %llu has G-stage perm %u",
		 (unsigned long long)n, perm);
	pte = hpa_ptr(h);
	for (unsigned i = 0; i < PTES_PER_TABLE; i++)
		if (pte[i] & PTE_V)
			check_pte(g, n, i, pte[i], lvl);
}

/* Rebuild the expected counts: the hypervisor's holds, pins, the root, every table. */
static void rebuild(struct guest *g)
{
	const struct ftype_table *t = &g->mm.ft;
	uint64_t n;

	memset(exp_ref, 0, sizeof(exp_ref));
	memset(exp_tc, 0, sizeof(exp_tc));
	memset(exp_type, 0, sizeof(exp_type));
	FZ_CHECK(ftype_index(t, GPA(GUEST_START_INFO_GPA), &n), "start info");
	expect(n, FTYPE_WRITABLE);
	FZ_CHECK(ftype_index(t, GPA(GUEST_SHARED_INFO_GPA), &n), "shared info");
	expect(n, FTYPE_WRITABLE);
	/* The fuzzed guest has one vCPU: the vsatp set last is its root's. */
	if (g->vcpus[0].pv_root) {
		uint64_t root = g->vcpus[0].pv_root;

		FZ_CHECK(ftype_index(t, GPA(root), &n), "root 0x%llx", (unsigned long long)root);
		FZ_CHECK(ftype_pinned(t, n) && ftype_type(t, n) == FTYPE_L3,
			 "root not a pinned L3");
		FZ_CHECK((fake.vsatp & ((1ull << 44) - 1)) == root >> PAGE_SHIFT &&
			     fake.vsatp >> 60 == 8,
			 "vsatp 0x%llx for root 0x%llx", (unsigned long long)fake.vsatp,
			 (unsigned long long)root);
		expect(n, FTYPE_L3);
	}
	for (n = 0; n < t->nr; n++) {
		enum ftype type = ftype_type(t, n);

		if (ftype_pinned(t, n)) {
			FZ_CHECK(is_table(type), "frame %llu pinned as type %d",
				 (unsigned long long)n, type);
			expect(n, type);
		}
		if (is_table(type) && ftype_type_count(t, n))
			walk_table(g, n, type);
	}
}

/* The counts kept equal the counts rebuilt; a frame's type matches its protection. */
static void compare(struct guest *g)
{
	const struct ftype_table *t = &g->mm.ft;

	for (uint64_t n = 0; n < t->nr; n++) {
		enum ftype type = ftype_type(t, n);
		uint32_t tc = ftype_type_count(t, n);

		FZ_CHECK(exp_type[n] != TYPE_CONFLICT, "frame %llu needed as two types",
			 (unsigned long long)n);
		FZ_CHECK(ftype_ref_count(t, n) == exp_ref[n] && tc == exp_tc[n],
			 "frame %llu: ref %u type count %u, expected %u and %u",
			 (unsigned long long)n, ftype_ref_count(t, n), tc, exp_ref[n], exp_tc[n]);
		FZ_CHECK(tc ? type == exp_type[n] : type == FTYPE_NONE && !ftype_pinned(t, n),
			 "frame %llu: type %d count %u, expected type %d", (unsigned long long)n,
			 type, tc, exp_type[n]);
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static bool guest_maps(uint64_t hpa, uint64_t mapped)
{
	return bsearch(&hpa, mapped_hpa, mapped, sizeof(mapped_hpa[0]), cmp_u64) != NULL;
}

/*
 * The hypervisor's own frames for this guest (its G-stage tables, read here
 * in the Sv39x4 format, and its frame table) are never guest pages; the
 * tables found are all the tables counted. mapped_hpa[] is sorted.
 */
static void check_private(const struct guest *g, uint64_t mapped)
{
	const uint64_t *root = hpa_ptr(g->gs.root), root_frames = 4, root_entries = 2048;
	uint64_t tables = root_frames;

	for (uint64_t i = 0; i < root_frames; i++)
		FZ_CHECK(!guest_maps(g->gs.root.val + i * PAGE_SIZE, mapped),
			 "G-stage root mapped");
	for (uint64_t i = 0; i < g->mm.ft.mem_frames; i++)
		FZ_CHECK(!guest_maps(g->mm.ft.mem.val + i * PAGE_SIZE, mapped),
			 "frame table mapped");
	for (uint64_t i = 0; i < root_entries; i++) {
		const uint64_t *l1 = hpa_ptr(HPA((root[i] >> PTE_PPN_SHIFT) << PAGE_SHIFT));

		if (!(root[i] & PTE_V))
			continue;
		tables++;
		FZ_CHECK(!(root[i] & PTE_LEAF) && !guest_maps((uint64_t)(uintptr_t)l1, mapped),
			 "G-stage L2 entry %llu", (unsigned long long)i);
		for (unsigned k = 0; k < PTES_PER_TABLE; k++) {
			uint64_t l0 = (l1[k] >> PTE_PPN_SHIFT) << PAGE_SHIFT;

			if (!(l1[k] & PTE_V))
				continue;
			tables++;
			FZ_CHECK(!(l1[k] & PTE_LEAF) && !guest_maps(l0, mapped),
				 "G-stage L1 entry");
		}
	}
	FZ_CHECK(tables == g->gs.tables, "%llu G-stage tables found, %llu counted",
		 (unsigned long long)tables, (unsigned long long)g->gs.tables);
}

/*
 * Every populated page: its own allocated host frame, RWX unless it is a
 * table, and none of them a frame the hypervisor keeps for itself.
 */
static void check_gstage(struct guest *g)
{
	const struct ftype_table *t = &g->mm.ft;
	uint64_t mapped = 0;

	for (uint64_t n = 0; n < t->nr; n++) {
		unsigned perm;
		hpa_t h;

		if (!gstage_lookup(&g->gs, ftype_gpa(t, n), &h, &perm))
			continue;
		FZ_CHECK(frame_is_used(h) && !(h.val & PAGE_MASK), "frame %llu -> hpa 0x%llx",
			 (unsigned long long)n, (unsigned long long)h.val);
		FZ_CHECK(is_table(ftype_type(t, n)) || perm == GSTAGE_RWX,
			 "frame %llu of type %d has G-stage perm %u", (unsigned long long)n,
			 ftype_type(t, n), perm);
		mapped_hpa[mapped++] = h.val;
	}
	FZ_CHECK(mapped == g->nr_pages, "%llu pages mapped, nr_pages %llu",
		 (unsigned long long)mapped, (unsigned long long)g->nr_pages);
	qsort(mapped_hpa, mapped, sizeof(mapped_hpa[0]), cmp_u64);
	for (uint64_t i = 1; i < mapped; i++)
		FZ_CHECK(mapped_hpa[i] != mapped_hpa[i - 1], "host frame 0x%llx mapped twice",
			 (unsigned long long)mapped_hpa[i]);
	check_private(g, mapped);
}

/* Frames given and returned add up, for the guest and for the host allocator. */
static void check_accounting(struct guest *g)
{
	if (g->boots != boots) {
		boots = g->boots;
		given_base = given_delta(g);
	}
	FZ_CHECK(given_delta(g) == given_base, "given %llu returned %llu populated %llu",
		 (unsigned long long)g->stats.frames_given,
		 (unsigned long long)g->stats.frames_returned, (unsigned long long)g->nr_pages);
	FZ_CHECK(alloc_delta(g) == alloc_base,
		 "host frames used: %lld beyond the guest's, was %lld", (long long)alloc_delta(g),
		 (long long)alloc_base);
}

void pvc_check(struct guest *g)
{
	/* A guest whose rebuild failed has no memory left to check. */
	if (!pvmmu_enabled(g))
		return;
	rebuild(g);
	compare(g);
	check_gstage(g);
	check_accounting(g);
}

static bool known_errno(int64_t ret)
{
	static const int64_t ok[] = { PVABI_EPERM,  PVABI_ENOENT, PVABI_E2BIG,	PVABI_ENOMEM,
				      PVABI_EFAULT, PVABI_EBUSY,  PVABI_EEXIST, PVABI_EINVAL,
				      PVABI_ENOSYS, PVABI_EAGAIN };

	for (unsigned i = 0; i < ARRAY_SIZE(ok); i++)
		if (ret == -ok[i])
			return true;
	return ret == 0;
}

/* A batch: all done and 0, or stopped early with an error; -E2BIG above max. */
static void check_batch(uint64_t count, uint64_t max, int64_t ret, uint64_t value)
{
	if (count > max) {
		FZ_CHECK(ret == -PVABI_E2BIG && value == 0, "count %llu: ret %lld value %llu",
			 (unsigned long long)count, (long long)ret, (unsigned long long)value);
		return;
	}
	FZ_CHECK(ret ? value < count : value == count, "count %llu: ret %lld value %llu",
		 (unsigned long long)count, (long long)ret, (unsigned long long)value);
}

void pvc_check_result(uint64_t nr, const uint64_t args[5], int64_t ret, uint64_t value)
{
	/* vcpu_op is_up returns 1 in a0 (Xen's), for an up vCPU. */
	bool is_up = nr == PVABI_HC_vcpu_op && args[0] == PVABI_VCPUOP_is_up;

	FZ_CHECK(known_errno(ret) || (is_up && ret == 1 && value == 1), "call %llu returned %lld",
		 (unsigned long long)nr, (long long)ret);
	if (!hcall_implemented(nr)) {
		FZ_CHECK(ret == -PVABI_ENOSYS && value == 0, "unknown call %llu: %lld",
			 (unsigned long long)nr, (long long)ret);
		return;
	}
	switch (nr) {
	case PVABI_HC_mmu_update:
	case PVABI_HC_mmuext_op:
		check_batch(args[1], PVABI_MMU_BATCH_MAX, ret, value);
		break;
	case PVABI_HC_memory_op:
		if (args[0] == PVABI_MEMOP_decrease_reservation ||
		    args[0] == PVABI_MEMOP_populate_physmap)
			check_batch(args[2], PVABI_MEMOP_BATCH_MAX, ret, value);
		break;
	case PVABI_HC_multicall:
		FZ_CHECK(args[1] > PVABI_MULTICALL_MAX
			     ? ret == -PVABI_E2BIG
			     : value <= args[1] && (!ret || ret == -PVABI_EFAULT),
			 "multicall of %llu: ret %lld value %llu", (unsigned long long)args[1],
			 (long long)ret, (unsigned long long)value);
		break;
	default:
		break;
	}
}
