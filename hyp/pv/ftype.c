/* SPDX-License-Identifier: MIT */
/*
 * ftype.c - the per-guest frame table (see ftype.h): one entry per 4 KiB
 * frame of guest RAM, in host frames from the frame allocator because a
 * guest of 1 GiB needs 3 MiB of them.
 */
#include <string.h>

#include <pvabi/errno.h>

#include "hyp/core/frame.h"
#include "hyp/pv/ftype.h"
#include "hyp/core/log.h"

int ftype_init(struct ftype_table *t, gpa_t base, uint64_t size)
{
	uint64_t nr = size / PAGE_SIZE;
	uint64_t frames = ALIGN_UP(nr * sizeof(struct ftype_frame), PAGE_SIZE) / PAGE_SIZE;
	hpa_t mem;

	memset(t, 0, sizeof(*t));
	if (!nr || !frame_alloc(frames, PAGE_SIZE, &mem))
		return -PVABI_ENOMEM;
	/* frame_alloc() hands out zeroed frames: every entry starts unused. */
	t->f = hpa_ptr(mem);
	t->base = base;
	t->nr = nr;
	t->mem = mem;
	t->mem_frames = frames;
	return 0;
}

void ftype_release(struct ftype_table *t)
{
	if (t->f)
		frame_free(t->mem, t->mem_frames);
	memset(t, 0, sizeof(*t));
}

/* Callers pass indexes from ftype_index(); anything else is our own bug. */
static struct ftype_frame *frame_at(const struct ftype_table *t, uint64_t n)
{
	if (n >= t->nr)
		log_panic("ftype: frame %llu of %llu\n", (unsigned long long)n,
			  (unsigned long long)t->nr);
	return &t->f[n];
}

int ftype_get_ref(struct ftype_table *t, uint64_t n)
{
	struct ftype_frame *f = frame_at(t, n);

	/* Cannot happen below 2^32 PTEs, but a wrapped count would free a table in use. */
	if (f->ref == UINT32_MAX)
		return -PVABI_EBUSY;
	f->ref++;
	return 0;
}

void ftype_put_ref(struct ftype_table *t, uint64_t n)
{
	struct ftype_frame *f = frame_at(t, n);

	if (!f->ref)
		log_panic("ftype: reference count of frame %llu underflows\n",
			  (unsigned long long)n);
	f->ref--;
}

int ftype_get_type(struct ftype_table *t, uint64_t n, enum ftype type, bool *first)
{
	struct ftype_frame *f = frame_at(t, n);

	*first = false;
	if (f->type_count == 0) {
		f->type = (uint8_t)type; /* the only moment a type may change */
		*first = true;
	} else if (f->type != type || f->type_count == UINT32_MAX) {
		return -PVABI_EBUSY;
	}
	f->type_count++;
	return 0;
}

bool ftype_put_type(struct ftype_table *t, uint64_t n)
{
	struct ftype_frame *f = frame_at(t, n);

	if (!f->type_count)
		log_panic("ftype: type count of frame %llu underflows\n", (unsigned long long)n);
	if (--f->type_count)
		return false;
	f->type = FTYPE_NONE;
	f->pinned = 0;
	return true;
}

enum ftype ftype_type(const struct ftype_table *t, uint64_t n)
{
	return (enum ftype)frame_at(t, n)->type;
}

uint32_t ftype_type_count(const struct ftype_table *t, uint64_t n)
{
	return frame_at(t, n)->type_count;
}

uint32_t ftype_ref_count(const struct ftype_table *t, uint64_t n)
{
	return frame_at(t, n)->ref;
}

bool ftype_pinned(const struct ftype_table *t, uint64_t n)
{
	return frame_at(t, n)->pinned;
}

void ftype_set_pinned(struct ftype_table *t, uint64_t n, bool pinned)
{
	frame_at(t, n)->pinned = pinned;
}

bool ftype_all_free(const struct ftype_table *t)
{
	for (uint64_t n = 0; n < t->nr; n++) {
		const struct ftype_frame *f = &t->f[n];

		if (f->ref || f->type_count || f->type || f->pinned || f->aux)
			return false;
	}
	return true;
}
