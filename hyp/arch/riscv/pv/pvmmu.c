/* SPDX-License-Identifier: MIT */
/*
 * pvmmu.c - a PV guest's Sv39 page tables, validated Xen style (pvabi/mm.h,
 * xen/arch/x86/mm.c): the PTE format checks, the references each PTE holds
 * on its target (ftype.h), validating a table on its first page-table
 * reference and releasing it on its last, the G-stage read-only mapping of
 * every frame while it is a page table, pin/unpin, the live root, and the
 * TLB flushes the guest asks for.
 *
 * Levels are ftype's: FTYPE_L1 holds leaves (Sv39 level 0), FTYPE_L3 is a
 * root. A non-leaf PTE in an Ln table needs type L(n-1) on its target, so a
 * table can never reach itself through non-leaf entries: the recursion of
 * validation and release is at most three tables deep.
 */
#include <string.h>

#include <pvabi/pvabi.h>

#include "hyp/core/arch.h"
#include "hyp/core/frame.h"
#include "hyp/core/guest.h"
#include "hyp/core/log.h"
#include "hyp/core/sched.h"
#include "hyp/lib/bits.h"
#include "hyp/pv/pvmmu.h"

#include "arch/pte.h"

#define SATP_MODE_SV39 (8ull << 60)
#define SATP_ASID_SHIFT 44
#define ASID_LIMIT (1ull << 16)

static struct ftype_table *ft(struct guest *g)
{
	return &g->mm.ft;
}

int pvmmu_reject(struct guest *g, int err, const char *why)
{
	g->mm.last_reject = why;
	return err;
}

/*
 * The hypervisor's view of guest frame n, through the G-stage (never a GPA
 * cast to a pointer). Only page tables are read this way, and a page with
 * references cannot be given back, so a miss is a hypervisor bug.
 */
static uint64_t *frame_ptes(struct guest *g, uint64_t n)
{
	return guest_page(g, ftype_gpa(ft(g), n), "a page-table frame");
}

/*
 * Page tables are read-only to the guest (only mmu_update changes them);
 * other frames are read-write. Remapping a mapped page allocates nothing.
 */
static void frame_protect(struct guest *g, uint64_t n, bool table)
{
	if (!gstage_protect(&g->gs, ftype_gpa(ft(g), n), table ? GSTAGE_R | GSTAGE_X : GSTAGE_RWX))
		log_panic("pvmmu: cannot remap guest %s frame %llu\n", g->cfg->name,
			  (unsigned long long)n);
	arch_gstage_flush(g->vmid);
}

static bool pte_leaf(uint64_t pte)
{
	return pte & PTE_LEAF;
}

/* The format rules, which need no counts. */
static int pte_check(struct guest *g, uint64_t pte, enum ftype level)
{
	if (!(pte & PTE_V))
		return 0;
	if (pte & PTE_RESERVED)
		return pvmmu_reject(g, -PVABI_EINVAL, "PTE bits 63:54 are reserved");
	if (!pte_leaf(pte)) {
		if (level == FTYPE_L1)
			return pvmmu_reject(g, -PVABI_EINVAL, "non-leaf PTE in an L1 table");
		if (pte & (PTE_U | PTE_A | PTE_D))
			return pvmmu_reject(g, -PVABI_EINVAL, "U, A or D set in a non-leaf PTE");
		return 0;
	}
	if ((pte & (PTE_R | PTE_W)) == PTE_W)
		return pvmmu_reject(g, -PVABI_EINVAL, "PTE with W but not R is reserved");
	if (level != FTYPE_L1)
		return pvmmu_reject(g, -PVABI_EINVAL, "superpage PTE");
	return 0;
}

/* The frame a valid PTE points to; false if outside the guest's RAM. */
static bool pte_target(struct guest *g, uint64_t pte, uint64_t *n)
{
	uint64_t gpa = ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << PAGE_SHIFT;

	return ftype_index(ft(g), GPA(gpa), n);
}

/* Leaves are stored with A set, and D when writable: the walk never updates them. */
static uint64_t pte_normalize(uint64_t pte)
{
	if ((pte & PTE_V) && pte_leaf(pte))
		pte |= PTE_A | ((pte & PTE_W) ? PTE_D : 0);
	return pte;
}

static int type_conflict(struct guest *g, uint64_t n, enum ftype want)
{
	if (want == FTYPE_WRITABLE)
		return pvmmu_reject(g, -PVABI_EBUSY, "writable mapping of a page table");
	if (ftype_type(ft(g), n) == FTYPE_WRITABLE)
		return pvmmu_reject(g, -PVABI_EBUSY, "page table of a writable-mapped frame");
	return pvmmu_reject(g, -PVABI_EBUSY, "frame is a page table of another level");
}

/*
 * A reference of the given type (none: a plain one), with its general
 * reference. A page the guest gave back (memory_op) is not its memory until
 * it populates it again: nothing may point at it.
 */
static int frame_get(struct guest *g, uint64_t n, enum ftype type, bool *first)
{
	*first = false;
	if (ftype_given_back(ft(g), n))
		return pvmmu_reject(g, -PVABI_EPERM, "page was given back (memory_op)");
	if (ftype_get_ref(ft(g), n))
		return pvmmu_reject(g, -PVABI_EBUSY, "reference count overflow");
	if (type != FTYPE_NONE && ftype_get_type(ft(g), n, type, first)) {
		ftype_put_ref(ft(g), n);
		return type_conflict(g, n, type);
	}
	return 0;
}

static int table_get(struct guest *g, uint64_t n, enum ftype level);
static void table_put(struct guest *g, uint64_t n);

/* Take the references a PTE of an Ln table holds (format checked first). */
static int pte_get(struct guest *g, uint64_t pte, enum ftype level)
{
	uint64_t n;
	bool first;
	int err;

	if (!(pte & PTE_V))
		return 0;
	if ((err = pte_check(g, pte, level)))
		return err;
	if (!pte_target(g, pte, &n))
		return pvmmu_reject(g, -PVABI_EPERM, "PTE points outside the guest's RAM");
	if (!pte_leaf(pte))
		return table_get(g, n, (enum ftype)(level - 1));
	return frame_get(g, n, (pte & PTE_W) ? FTYPE_WRITABLE : FTYPE_NONE, &first);
}

/* Drop what pte_get() took for a PTE that was accepted (its level does not matter). */
static void pte_put(struct guest *g, uint64_t pte)
{
	uint64_t n;

	if (!(pte & PTE_V))
		return;
	if (!pte_target(g, pte, &n))
		log_panic("pvmmu: accepted PTE 0x%llx points outside RAM\n",
			  (unsigned long long)pte);
	if (!pte_leaf(pte)) {
		table_put(g, n);
		return;
	}
	if (pte & PTE_W)
		ftype_put_type(ft(g), n);
	ftype_put_ref(ft(g), n);
}

/*
 * Most entries of a process's tables are empty (its stack is far from its
 * code): entries are looked at a group at a time, one OR of eight PTEs and a
 * test of V for the group, and only a group with a valid entry is looked
 * into. Validation records which entries are valid, so normalising and
 * rolling back visit only those.
 */
#define PTE_GROUP 8
#define SET_WORDS (PTES_PER_TABLE / 64)

struct pte_set {
	uint64_t w[SET_WORDS];
};
_Static_assert(PTES_PER_TABLE % PTE_GROUP == 0 && PTES_PER_TABLE % 64 == 0,
	       "a table is whole groups and whole set words");

static bool group_empty(const uint64_t *pte)
{
	return !((pte[0] | pte[1] | pte[2] | pte[3] | pte[4] | pte[5] | pte[6] | pte[7]) & PTE_V);
}

/* The valid entries of a table that is read-only to the guest (so they stay). */
static void valid_entries(const uint64_t *pte, struct pte_set *s)
{
	memset(s, 0, sizeof(*s));
	for (unsigned i = 0; i < PTES_PER_TABLE; i += PTE_GROUP) {
		if (group_empty(pte + i))
			continue;
		for (unsigned j = i; j < i + PTE_GROUP; j++)
			if (pte[j] & PTE_V)
				s->w[j / 64] |= 1ull << (j % 64);
	}
}

/* Give back what pte_get() took for the valid entries before entry end. */
static void put_before(struct guest *g, const uint64_t *pte, const struct pte_set *s, unsigned end)
{
	for (unsigned w = 0; w < SET_WORDS; w++) {
		for (uint64_t bits = s->w[w]; bits; bits &= bits - 1) {
			unsigned i = w * 64 + bits_ctz64(bits);

			if (i >= end)
				return;
			pte_put(g, pte[i]);
		}
	}
}

static void normalize_valid(uint64_t *pte, const struct pte_set *s)
{
	for (unsigned w = 0; w < SET_WORDS; w++) {
		for (uint64_t bits = s->w[w]; bits; bits &= bits - 1) {
			unsigned i = w * 64 + bits_ctz64(bits);

			pte[i] = pte_normalize(pte[i]);
		}
	}
}

/*
 * The pool of valid-entry sets (struct pvmmu's sets): one per validated
 * table while it lasts, linked through their first word when unused, named
 * in ftype's aux by number plus one. A table with none is scanned whole.
 */
static struct pte_set *set_at(struct guest *g, unsigned s)
{
	return &((struct pte_set *)g->mm.sets)[s - 1];
}

static int sets_init(struct guest *g)
{
	uint64_t count = ft(g)->nr / 8 < UINT16_MAX ? ft(g)->nr / 8 : UINT16_MAX;
	uint64_t frames = ALIGN_UP(count * sizeof(struct pte_set), PAGE_SIZE) / PAGE_SIZE;

	if (!count)
		return 0;
	if (!frame_alloc(frames, PAGE_SIZE, &g->mm.sets_mem))
		return -PVABI_ENOMEM;
	g->mm.sets = hpa_ptr(g->mm.sets_mem);
	g->mm.sets_frames = frames;
	for (unsigned s = 1; s < count; s++)
		set_at(g, s)->w[0] = s + 1;
	g->mm.sets_free = 1;
	return 0;
}

/* Keep table n's valid entries, if a set is free. */
static void set_keep(struct guest *g, uint64_t n, const struct pte_set *valid)
{
	unsigned s = g->mm.sets_free;

	if (!s)
		return;
	g->mm.sets_free = (unsigned)set_at(g, s)->w[0];
	*set_at(g, s) = *valid;
	ftype_set_aux(ft(g), n, (uint16_t)s);
}

static void set_drop(struct guest *g, uint64_t n)
{
	unsigned s = ftype_aux(ft(g), n);

	if (!s)
		return;
	set_at(g, s)->w[0] = g->mm.sets_free;
	g->mm.sets_free = s;
	ftype_set_aux(ft(g), n, 0);
}

/* mmu_update changed entry i of table n: its set follows. */
static void set_update(struct guest *g, uint64_t n, unsigned i, bool valid)
{
	unsigned s = ftype_aux(ft(g), n);
	uint64_t bit = 1ull << (i % 64);

	if (!s)
		return;
	if (valid)
		set_at(g, s)->w[i / 64] |= bit;
	else
		set_at(g, s)->w[i / 64] &= ~bit;
}

/*
 * Take every valid entry's references; on failure, give back those taken.
 * On success the leaves the guest wrote itself are stored like mmu_update's,
 * with A (and D if writable) set: the table is read-only to the guest from
 * now on, so a hart that updates A/D in hardware must never need to write it.
 */
static int table_validate(struct guest *g, uint64_t n, enum ftype level)
{
	uint64_t *pte = frame_ptes(g, n);
	struct pte_set s;
	int err;

	valid_entries(pte, &s);
	for (unsigned w = 0; w < SET_WORDS; w++) {
		for (uint64_t bits = s.w[w]; bits; bits &= bits - 1) {
			unsigned i = w * 64 + bits_ctz64(bits);

			/* A tree is as large as the guest makes it: every entry may wait. */
			sched_preempt_point();
			if ((err = pte_get(g, pte[i], level))) {
				put_before(g, pte, &s, i);
				return err;
			}
		}
	}
	normalize_valid(pte, &s);
	set_keep(g, n, &s);
	return 0;
}

/* Xen's free_page_type: the table is no longer one, its entries hold nothing. */
static void table_release(struct guest *g, uint64_t n)
{
	const uint64_t *pte = frame_ptes(g, n);
	unsigned s = ftype_aux(ft(g), n);

	if (s) {
		/* The entries its set names; a copy, as the set goes back to the pool. */
		struct pte_set valid = *set_at(g, s);

		set_drop(g, n);
		for (unsigned w = 0; w < SET_WORDS; w++) {
			for (uint64_t bits = valid.w[w]; bits; bits &= bits - 1) {
				sched_preempt_point();
				pte_put(g, pte[w * 64 + bits_ctz64(bits)]);
			}
		}
		return;
	}
	for (unsigned i = 0; i < PTES_PER_TABLE; i += PTE_GROUP) {
		if (group_empty(pte + i))
			continue;
		for (unsigned j = i; j < i + PTE_GROUP; j++) {
			if (!(pte[j] & PTE_V))
				continue;
			sched_preempt_point();
			pte_put(g, pte[j]);
		}
	}
}

/* A page-table reference: the first one validates the table and protects it. */
static int table_get(struct guest *g, uint64_t n, enum ftype level)
{
	bool first;
	int err;

	if ((err = frame_get(g, n, level, &first)) || !first)
		return err;
	/*
	 * Read-only to the guest before its entries are read: what is checked
	 * stays what was checked, even if validation stops at a preemption point.
	 */
	frame_protect(g, n, true);
	if ((err = table_validate(g, n, level))) {
		frame_protect(g, n, false);
		ftype_put_type(ft(g), n);
		ftype_put_ref(ft(g), n);
		return err;
	}
	return 0;
}

/* Drop a page-table reference; the last one releases the table. */
static void table_put(struct guest *g, uint64_t n)
{
	if (ftype_put_type(ft(g), n)) {
		table_release(g, n);
		frame_protect(g, n, false);
	}
	ftype_put_ref(ft(g), n);
}

int pvmmu_init(struct guest *g)
{
	int err;

	memset(&g->mm, 0, sizeof(g->mm));
	if ((err = ftype_init(ft(g), GPA(GUEST_RAM_BASE), g->cfg->mem_size)))
		return err;
	/*
	 * Each allocation may scrub its frames on demand (a 64 MiB guest's are
	 * 32 frames each, 40,000 instructions): one step of the build each.
	 */
	sched_preempt_point();
	if ((err = sets_init(g)))
		ftype_release(ft(g));
	return err;
}

void pvmmu_release(struct guest *g)
{
	if (g->mm.sets)
		frame_free(g->mm.sets_mem, g->mm.sets_frames);
	ftype_release(ft(g));
	memset(&g->mm, 0, sizeof(g->mm));
}

int pvmmu_hold_writable(struct guest *g, gpa_t gpa)
{
	uint64_t n;
	bool first;

	if (!ftype_index(ft(g), gpa, &n))
		return -PVABI_EINVAL;
	return frame_get(g, n, FTYPE_WRITABLE, &first);
}

bool pvmmu_enabled(const struct guest *g)
{
	return g->mm.ft.f != NULL;
}

/* mmu_update: take the new entry's references, store it, then drop the old one's. */
int pvmmu_update(struct guest *g, uint64_t ptr, uint64_t val)
{
	gpa_t gpa = GPA(ptr & ~PVABI_MMU_CMD_MASK);
	uint64_t n, pte = pte_normalize(val), old, *slot;
	enum ftype level;
	unsigned i;
	int err;

	if (!pvmmu_enabled(g))
		return pvmmu_reject(g, -PVABI_ENOSYS, "not a PV guest");
	if ((ptr & PVABI_MMU_CMD_MASK) != PVABI_MMU_NORMAL_PT_UPDATE)
		return pvmmu_reject(g, -PVABI_EINVAL, "unknown mmu_update command");
	if (!ftype_index(ft(g), gpa, &n))
		return pvmmu_reject(g, -PVABI_EINVAL, "PTE address outside the guest's RAM");
	level = ftype_type(ft(g), n);
	if (level < FTYPE_L1)
		return pvmmu_reject(g, -PVABI_EINVAL, "PTE address not in a page table");
	if ((err = pte_get(g, pte, level)))
		return err;
	i = (unsigned)((gpa.val & PAGE_MASK) / sizeof(uint64_t));
	slot = &frame_ptes(g, n)[i];
	old = *slot;
	*slot = pte;
	set_update(g, n, i, pte & PTE_V);
	pte_put(g, old);
	return 0;
}

/* The frame of a table named by its address in an mmuext_op. */
static int op_table(struct guest *g, uint64_t gpa, uint64_t *n)
{
	if (gpa & PAGE_MASK)
		return pvmmu_reject(g, -PVABI_EINVAL, "table address not page aligned");
	if (!ftype_index(ft(g), GPA(gpa), n))
		return pvmmu_reject(g, -PVABI_EPERM, "table outside the guest's RAM");
	return 0;
}

static int op_pin(struct guest *g, uint64_t gpa, enum ftype level)
{
	uint64_t n;
	int err;

	if ((err = op_table(g, gpa, &n)))
		return err;
	if (ftype_pinned(ft(g), n))
		return pvmmu_reject(g, -PVABI_EBUSY, "table already pinned");
	if ((err = table_get(g, n, level)))
		return err;
	ftype_set_pinned(ft(g), n, true);
	return 0;
}

/* Is gpa the live root of one of g's vCPUs? Those stay pinned (and so valid). */
static bool live_root(const struct guest *g, uint64_t gpa)
{
	for (unsigned i = 0; i < g->nr_vcpus; i++)
		if (g->vcpus[i].pv_root == gpa)
			return true;
	return false;
}

static int op_unpin(struct guest *g, uint64_t gpa)
{
	uint64_t n;
	int err;

	if ((err = op_table(g, gpa, &n)))
		return err;
	if (!ftype_pinned(ft(g), n))
		return pvmmu_reject(g, -PVABI_EINVAL, "table not pinned");
	if (live_root(g, gpa))
		return pvmmu_reject(g, -PVABI_EBUSY, "unpinning the live root");
	ftype_set_pinned(ft(g), n, false);
	table_put(g, n);
	return 0;
}

/*
 * Each vCPU's live root (its pv_root) holds a reference of its own, so it
 * outlives any mistake.
 */
static int op_new_baseptr(struct vcpu *v, uint64_t gpa, uint64_t asid)
{
	struct guest *g = v->guest;
	uint64_t n, old;
	int err;

	if ((err = op_table(g, gpa, &n)))
		return err;
	if (!ftype_pinned(ft(g), n) || ftype_type(ft(g), n) != FTYPE_L3)
		return pvmmu_reject(g, -PVABI_EINVAL, "new root is not a pinned L3 table");
	if (asid >= ASID_LIMIT)
		return pvmmu_reject(g, -PVABI_EINVAL, "ASID wider than 16 bits");
	if ((err = table_get(g, n, FTYPE_L3)))
		return err;
	if (v->pv_root && ftype_index(ft(g), GPA(v->pv_root), &old))
		table_put(g, old);
	v->pv_root = gpa;
	arch_vcpu_set_vsatp(v, SATP_MODE_SV39 | asid << SATP_ASID_SHIFT | gpa >> PAGE_SHIFT);
	return 0;
}

int pvmmu_share_root(struct vcpu *to, const struct vcpu *from)
{
	struct guest *g = to->guest;
	uint64_t n;
	int err;

	if (!from->pv_root) {
		arch_vcpu_set_vsatp(to, 0); /* the caller runs with paging off: so does it */
		return 0;
	}
	if (!ftype_index(ft(g), GPA(from->pv_root), &n))
		return -PVABI_EINVAL; /* cannot be: a live root is a pinned table */
	/* Pinned, so this takes a reference and validates nothing. */
	if ((err = table_get(g, n, FTYPE_L3)))
		return err;
	to->pv_root = from->pv_root;
	arch_vcpu_set_vsatp(to, from->arch.regs.pv_vsatp);
	return 0;
}

void pvmmu_drop_root(struct vcpu *v)
{
	struct guest *g = v->guest;
	uint64_t n;

	/* Pinned while live (op_unpin): dropping this reference releases nothing. */
	if (v->pv_root && ftype_index(ft(g), GPA(v->pv_root), &n))
		table_put(g, n);
	v->pv_root = 0;
}

/* A NEW_BASEPTR for pvmmu_ext_fast: out of line, as a flush needs no frame. */
static __attribute__((noinline)) int ext_fast_baseptr(struct vcpu *v,
						      const struct pvabi_mmuext_op *op)
{
	struct guest *g = v->guest;
	uint64_t old;

	if (v->pv_root && !(ftype_index(ft(g), GPA(v->pv_root), &old) && ftype_pinned(ft(g), old)))
		return PVMMU_DECLINED;
	g->mm.last_reject = NULL;
	return op_new_baseptr(v, op->arg1, op->arg2);
}

/*
 * Apart from pvmmu_ext, whose every case inlined makes a frame of seven
 * saved registers: a flush here is a tail call.
 */
int pvmmu_ext_fast(struct vcpu *v, const struct pvabi_mmuext_op *op)
{
	if (!pvmmu_enabled(v->guest) || op->pad)
		return PVMMU_DECLINED; /* pvmmu_ext reports it */
	switch (op->cmd) {
	case PVABI_MMUEXT_TLB_FLUSH_LOCAL:
		arch_vcpu_flush_tlb(v);
		return 0;
	case PVABI_MMUEXT_INVLPG_LOCAL:
		arch_vcpu_flush_tlb_va(v, GVA(op->arg1));
		return 0;
	case PVABI_MMUEXT_NEW_BASEPTR:
		return ext_fast_baseptr(v, op);
	default:
		return PVMMU_DECLINED;
	}
}

int pvmmu_ext(struct vcpu *v, const struct pvabi_mmuext_op *op)
{
	struct guest *g = v->guest;

	if (!pvmmu_enabled(g))
		return pvmmu_reject(g, -PVABI_ENOSYS, "not a PV guest");
	if (op->pad)
		return pvmmu_reject(g, -PVABI_EINVAL, "mmuext_op padding is not zero");
	switch (op->cmd) {
	case PVABI_MMUEXT_PIN_L1_TABLE:
		return op_pin(g, op->arg1, FTYPE_L1);
	case PVABI_MMUEXT_PIN_L2_TABLE:
		return op_pin(g, op->arg1, FTYPE_L2);
	case PVABI_MMUEXT_PIN_L3_TABLE:
		return op_pin(g, op->arg1, FTYPE_L3);
	case PVABI_MMUEXT_UNPIN_TABLE:
		return op_unpin(g, op->arg1);
	case PVABI_MMUEXT_NEW_BASEPTR:
		return op_new_baseptr(v, op->arg1, op->arg2);
	case PVABI_MMUEXT_TLB_FLUSH_LOCAL:
	case PVABI_MMUEXT_INVLPG_LOCAL:
		return pvmmu_ext_fast(v, op); /* the flushes are the fast handler's, one copy */
	default:
		return pvmmu_reject(g, -PVABI_ENOSYS, "unknown mmuext_op command");
	}
}
