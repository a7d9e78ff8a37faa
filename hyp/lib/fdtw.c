/* SPDX-License-Identifier: MIT */
/*
 * fdtw.c - the flattened device tree writer (see fdtw.h).
 *
 * The structure block grows up from just after the header and the empty
 * reservation block, while property names grow down from the end of the
 * buffer, so neither block's final size has to be known in advance. A name's
 * offset is kept as its distance from the buffer's end until fdtw_finish()
 * moves the names down behind the structure block and rewrites the offsets.
 */
#include <string.h>

#include "hyp/lib/fdtw.h"

#define FDTW_MAGIC 0xd00dfeedu
#define FDTW_VERSION 17
#define FDTW_LAST_COMP 16
#define FDTW_HDR_SIZE 40
#define FDTW_RSV_OFF FDTW_HDR_SIZE	    /* already 8-aligned, as the spec wants */
#define FDTW_STRUCT_OFF (FDTW_RSV_OFF + 16) /* one all-zero terminating entry */

#define FDTW_BEGIN_NODE 1
#define FDTW_END_NODE 2
#define FDTW_PROP 3
#define FDTW_END 9

#define FDTW_ALIGN4(x) (((x) + 3) & ~(size_t)3)

/* Byte stores: the blob is big-endian and the buffer may be unaligned. */
static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void fdtw_init(struct fdtw *w, void *buf, size_t size)
{
	w->buf = buf;
	/* Every offset in the header is 32 bits: never use more than that. */
	w->size = size > UINT32_MAX ? UINT32_MAX : size;
	w->pos = FDTW_STRUCT_OFF;
	w->strings = 0;
	w->depth = 0;
	w->failed = !buf || w->size < FDTW_STRUCT_OFF;
	memset(w->name_at, 0, sizeof(w->name_at));
}

/* Claim n bytes of the structure block (n a multiple of 4), or fail. */
static uint8_t *reserve(struct fdtw *w, size_t n)
{
	uint8_t *p;

	if (w->failed || n > w->size - w->strings - w->pos) {
		w->failed = true;
		return NULL;
	}
	p = w->buf + w->pos;
	w->pos += n;
	return p;
}

void fdtw_begin_node(struct fdtw *w, const char *name)
{
	size_t len = strlen(name) + 1;
	uint8_t *p;

	/* A blob has exactly one root: nothing may follow its end. */
	if (w->depth == 0 && w->pos != FDTW_STRUCT_OFF)
		w->failed = true;
	p = reserve(w, 4 + FDTW_ALIGN4(len));
	if (!p)
		return;
	put_be32(p, FDTW_BEGIN_NODE);
	memset(p + 4, 0, FDTW_ALIGN4(len));
	memcpy(p + 4, name, len);
	w->depth++;
}

void fdtw_end_node(struct fdtw *w)
{
	uint8_t *p;

	if (w->depth == 0)
		w->failed = true;
	p = reserve(w, 4);
	if (!p)
		return;
	put_be32(p, FDTW_END_NODE);
	w->depth--;
}

/* FNV-1a: names are short, and a hash keeps each lookup O(1). */
static uint32_t name_hash(const char *name, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * 16777619u;
	return h;
}

/*
 * The name's distance from the end of the buffer, storing it first if it
 * was not stored yet. 0: no room. A hash table, not a search of the stored
 * names: a tree has a few dozen properties, and a scan per property cost a
 * Linux guest's rebuild 75,000 instructions in one step, most of an exit's
 * budget. When the table is full a name is simply stored again.
 */
static uint32_t name_dist(struct fdtw *w, const char *name)
{
	size_t len = strlen(name) + 1;
	uint32_t h = name_hash(name, len), slot = FDTW_NAMES;

	for (uint32_t i = 0; i < FDTW_NAMES; i++) {
		uint32_t k = (h + i) % FDTW_NAMES, d = w->name_at[k];

		if (!d) {
			slot = k;
			break;
		}
		if (w->name_hash[k] == h && d >= len &&
		    memcmp(w->buf + w->size - d, name, len) == 0)
			return d;
	}
	if (len > w->size - w->strings - w->pos)
		return 0;
	w->strings += len;
	memcpy(w->buf + w->size - w->strings, name, len);
	if (slot < FDTW_NAMES) {
		w->name_hash[slot] = h;
		w->name_at[slot] = (uint32_t)w->strings;
	}
	return (uint32_t)w->strings;
}

/* Write a property's header and padding; the caller fills in len bytes. */
static uint8_t *prop_begin(struct fdtw *w, const char *name, size_t len)
{
	uint32_t dist;
	uint8_t *p;

	if (w->failed || w->depth == 0 || len > UINT32_MAX - 3) {
		w->failed = true;
		return NULL;
	}
	dist = name_dist(w, name);
	if (!dist)
		w->failed = true;
	p = reserve(w, 12 + FDTW_ALIGN4(len));
	if (!p)
		return NULL;
	put_be32(p, FDTW_PROP);
	put_be32(p + 4, (uint32_t)len);
	put_be32(p + 8, dist);
	memset(p + 12, 0, FDTW_ALIGN4(len));
	return p + 12;
}

void fdtw_prop(struct fdtw *w, const char *name, const void *val, size_t len)
{
	uint8_t *p = prop_begin(w, name, len);

	if (p && len)
		memcpy(p, val, len);
}

void fdtw_prop_u32(struct fdtw *w, const char *name, uint32_t v)
{
	fdtw_prop_cells(w, name, &v, 1);
}

void fdtw_prop_cells(struct fdtw *w, const char *name, const uint32_t *cells, size_t n)
{
	uint8_t *p = prop_begin(w, name, n * 4);

	for (size_t i = 0; p && i < n; i++)
		put_be32(p + 4 * i, cells[i]);
}

void fdtw_prop_u64s(struct fdtw *w, const char *name, const uint64_t *vals, size_t n)
{
	uint8_t *p = prop_begin(w, name, n * 8);

	for (size_t i = 0; p && i < n; i++) {
		put_be32(p + 8 * i, (uint32_t)(vals[i] >> 32));
		put_be32(p + 8 * i + 4, (uint32_t)vals[i]);
	}
}

void fdtw_prop_string(struct fdtw *w, const char *name, const char *s)
{
	fdtw_prop(w, name, s, strlen(s) + 1);
}

void fdtw_prop_strings(struct fdtw *w, const char *name, const char *const *list, size_t n)
{
	size_t len = 0;
	uint8_t *p;

	for (size_t i = 0; i < n; i++)
		len += strlen(list[i]) + 1;
	p = prop_begin(w, name, len);
	for (size_t i = 0; p && i < n; i++) {
		size_t l = strlen(list[i]) + 1;

		memcpy(p, list[i], l);
		p += l;
	}
}

/* Turn every property's distance-from-the-end into a strings-block offset. */
static void fix_name_offsets(struct fdtw *w)
{
	size_t off = FDTW_STRUCT_OFF;

	while (off < w->pos) {
		uint32_t tag = get_be32(w->buf + off);

		off += 4;
		if (tag == FDTW_BEGIN_NODE) {
			off += FDTW_ALIGN4(strlen((char *)w->buf + off) + 1);
		} else if (tag == FDTW_PROP) {
			uint32_t len = get_be32(w->buf + off);
			uint32_t dist = get_be32(w->buf + off + 4);

			put_be32(w->buf + off + 4, (uint32_t)w->strings - dist);
			off += 8 + FDTW_ALIGN4(len);
		}
	}
}

static void write_header(struct fdtw *w)
{
	uint8_t *h = w->buf;

	put_be32(h + 0, FDTW_MAGIC);
	put_be32(h + 4, (uint32_t)(w->pos + w->strings));
	put_be32(h + 8, FDTW_STRUCT_OFF);
	put_be32(h + 12, (uint32_t)w->pos);
	put_be32(h + 16, FDTW_RSV_OFF);
	put_be32(h + 20, FDTW_VERSION);
	put_be32(h + 24, FDTW_LAST_COMP);
	put_be32(h + 28, 0); /* boot_cpuid_phys */
	put_be32(h + 32, (uint32_t)w->strings);
	put_be32(h + 36, (uint32_t)(w->pos - FDTW_STRUCT_OFF));
	memset(h + FDTW_RSV_OFF, 0, FDTW_STRUCT_OFF - FDTW_RSV_OFF);
}

long fdtw_finish(struct fdtw *w)
{
	uint8_t *p;

	if (w->depth != 0 || w->pos == FDTW_STRUCT_OFF)
		w->failed = true;
	p = reserve(w, 4);
	if (!p)
		return -1;
	put_be32(p, FDTW_END);
	fix_name_offsets(w);
	memmove(w->buf + w->pos, w->buf + w->size - w->strings, w->strings);
	write_header(w);
	w->failed = true; /* the blob is closed: later calls must not touch it */
	return (long)(w->pos + w->strings);
}
