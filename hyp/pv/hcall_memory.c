/* SPDX-License-Identifier: MIT */
/*
 * hcall_memory.c - memory_op (pvabi/memory.h): a PV guest gives pages of its
 * RAM back (their frames are freed dirty and scrubbed by the idle loop),
 * populates them again with zeroed frames, or has them zeroed in place (a
 * scrubbed frame behind the same address). Lists are read in chunks through
 * the checked copy; the first failing page stops the batch, a1 = pages done.
 */
#include <pvabi/pvabi.h>

#include "hyp/core/arch.h"
#include "hyp/core/frame.h"
#include "hyp/core/guest.h"
#include "hyp/pv/hcall.h"
#include "hyp/core/sched.h"

/* Page addresses copied per chunk. */
#define MEMOP_CHUNK 32

/* The page's frame index: page aligned and inside the guest's RAM. */
static int ram_page(struct guest *g, uint64_t gpa, uint64_t *n)
{
	if ((gpa & PAGE_MASK) || !ftype_index(&g->mm.ft, GPA(gpa), n))
		return -PVABI_EINVAL;
	return 0;
}

/* Nothing may still use the page: no PTE of the guest, not a table, not ours. */
static int give_back(struct guest *g, uint64_t gpa)
{
	struct ftype_table *t = &g->mm.ft;
	uint64_t n;
	hpa_t h;
	int err;

	if ((err = ram_page(g, gpa, &n)))
		return err;
	if (guest_page_reserved(g, GPA(gpa)))
		return -PVABI_EPERM;
	if (!gstage_lookup(&g->gs, GPA(gpa), &h, NULL))
		return -PVABI_ENOENT;
	if (ftype_ref_count(t, n) || ftype_type(t, n) != FTYPE_NONE)
		return -PVABI_EBUSY;
	gstage_unmap(&g->gs, GPA(gpa), PAGE_SIZE);
	ftype_set_given_back(t, n, true); /* what pvmmu asks before taking a reference */
	frame_free(h, 1);		  /* dirty: the idle loop scrubs it before anyone gets it */
	g->nr_pages--;
	g->stats.frames_returned++;
	return 0;
}

static int populate(struct guest *g, uint64_t gpa)
{
	uint64_t n;
	int err;

	if ((err = ram_page(g, gpa, &n)))
		return err;
	if (gstage_lookup(&g->gs, GPA(gpa), NULL, NULL))
		return -PVABI_EEXIST;
	if ((err = guest_populate_page(g, GPA(gpa))))
		return err;
	ftype_set_given_back(&g->mm.ft, n, false);
	return 0;
}

/*
 * Zero a guest frame where it is, 256 bytes a step: the loop's own
 * instructions are a few percent of the stores (memset would start a byte
 * at a time, and an exchange's every page comes here in a busy guest).
 */
static void zero_frame(hpa_t h)
{
	volatile uint64_t *p = hpa_ptr(h);

	for (volatile uint64_t *const end = p + PAGE_SIZE / 8; p < end; p += 32) {
#pragma GCC unroll 32
		for (unsigned i = 0; i < 32; i++)
			p[i] = 0;
	}
}

/*
 * The page stays the guest's at the same address, so every mapping of it
 * stays valid. With a frame the idle loop scrubbed, that frame goes behind
 * it and the old one back dirty: the guest's time pays no zeroing. With
 * none (a guest that never lets the hart idle), zeroing its own frame here
 * costs what scrubbing another would and spares the swap. A page table is
 * excluded (its contents were validated), and so are the pages the
 * hypervisor keeps a pointer to (start and shared info).
 */
static int zero_in_place(struct guest *g, uint64_t gpa)
{
	uint64_t n;
	hpa_t old;
	int err;

	if ((err = ram_page(g, gpa, &n)))
		return err;
	if (guest_page_reserved(g, GPA(gpa)))
		return -PVABI_EPERM;
	if (!gstage_lookup(&g->gs, GPA(gpa), &old, NULL))
		return -PVABI_ENOENT;
	if (ftype_type(&g->mm.ft, n) >= FTYPE_L1)
		return -PVABI_EBUSY;
	/*
	 * Without the allocator's lock: a stale answer only picks the dearer
	 * way (a frame scrubbed on demand in the exchange), never a wrong one.
	 */
	if (!frame_clean_count()) {
		zero_frame(old);
		/* Counted as an exchange whose new frame was scrubbed on demand. */
		g->stats.frames_given++;
		g->stats.frames_scrubbed++;
	} else {
		if ((err = guest_populate_page(g, GPA(gpa))))
			return err;
		frame_free(old, 1); /* dirty: the idle loop scrubs it before anyone gets it */
		g->nr_pages--;
	}
	g->stats.frames_returned++;
	return 0;
}

typedef int (*memop_fn)(struct guest *g, uint64_t gpa);

static int64_t memop_batch(struct vcpu *v, uint64_t list, uint64_t count, memop_fn fn,
			   uint64_t *value)
{
	struct guest *g = v->guest;
	uint64_t pages[MEMOP_CHUNK], done = 0;
	int64_t err = 0;

	if (count > PVABI_MEMOP_BATCH_MAX)
		return -PVABI_E2BIG;
	while (!err && done < count) {
		uint64_t n = count - done < MEMOP_CHUNK ? count - done : MEMOP_CHUNK;

		if (arch_copy_from_guest(pages, GVA(list + done * sizeof(uint64_t)),
					 n * sizeof(uint64_t))) {
			err = -PVABI_EFAULT;
			break;
		}
		for (uint64_t i = 0; i < n && !err; i++) {
			sched_preempt_point(); /* between pages: each is whole */
			err = fn(g, pages[i]);
			done += !err;
		}
	}
	/* Before the guest runs again: no stale G-stage translation survives. */
	if (done)
		arch_gstage_flush(g->vmid);
	*value = done;
	return err;
}

int64_t hcall_memory_op(struct vcpu *v, const uint64_t args[5], uint64_t *value)
{
	if (!pvmmu_enabled(v->guest))
		return -PVABI_ENOSYS;
	switch (args[0]) {
	case PVABI_MEMOP_decrease_reservation:
		return memop_batch(v, args[1], args[2], give_back, value);
	case PVABI_MEMOP_populate_physmap:
		return memop_batch(v, args[1], args[2], populate, value);
	case PVABI_MEMOP_zero_in_place:
		return memop_batch(v, args[1], args[2], zero_in_place, value);
	case PVABI_MEMOP_current_reservation:
		*value = v->guest->nr_pages;
		return 0;
	default:
		return -PVABI_ENOSYS;
	}
}
