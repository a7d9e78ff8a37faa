/* SPDX-License-Identifier: MIT */
/*
 * fdt.c (native) - a small flattened-device-tree reader (see fdt.h). Only
 * what the native platform needs; it trusts the blob's layout after a
 * header check, but never reads outside the structure block it declares.
 * PC-relative only: it runs before paging.
 */
#include "fdt.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u
#define MAX_DEPTH 16

uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

uint64_t fdt_cells(const void *p, unsigned n)
{
	const uint8_t *b = p;
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v = v << 32 | fdt_be32(b + 4 * i);
	return v;
}

static size_t slen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

static bool sequal(const char *a, size_t alen, const char *b)
{
	for (size_t i = 0; i < alen; i++)
		if (a[i] != b[i] || !b[i])
			return false;
	return b[alen] == 0;
}

int fdt_init(struct fdt *f, const void *blob)
{
	const uint8_t *h = blob;

	if (!blob || fdt_be32(h) != FDT_MAGIC || fdt_be32(h + 20) < 16)
		return -1;
	f->blob = h;
	f->totalsize = fdt_be32(h + 4);
	f->off_struct = fdt_be32(h + 8);
	f->off_strings = fdt_be32(h + 12);
	f->off_rsvmap = fdt_be32(h + 16);
	f->size_strings = fdt_be32(h + 32);
	f->size_struct = fdt_be32(h + 36);
	if (f->off_struct + f->size_struct > f->totalsize ||
	    f->off_strings + f->size_strings > f->totalsize || f->size_struct < 4)
		return -1;
	return 0;
}

static uint32_t token(const struct fdt *f, int off)
{
	if (off < 0 || (uint32_t)off + 4 > f->size_struct)
		return FDT_END;
	return fdt_be32(f->blob + f->off_struct + off);
}

/* The offset of the token after the one at off, or -1. */
static int skip(const struct fdt *f, int off)
{
	const char *p = (const char *)f->blob + f->off_struct;
	uint32_t t = token(f, off), n;

	off += 4;
	if (t == FDT_BEGIN_NODE) {
		n = (uint32_t)slen(p + off, f->size_struct - (uint32_t)off) + 1;
	} else if (t == FDT_PROP) {
		if ((uint32_t)off + 8 > f->size_struct)
			return -1;
		n = 8 + fdt_be32(p + off);
	} else if (t == FDT_END_NODE || t == FDT_NOP) {
		n = 0;
	} else {
		return -1;
	}
	n = (n + 3) & ~3u;
	if ((uint64_t)off + n > f->size_struct)
		return -1;
	return off + (int)n;
}

int fdt_next_node(const struct fdt *f, int node, int *depth)
{
	int off = 0, d = 0;

	if (node >= 0) {
		off = skip(f, node);
		d = *depth + 1;
	}
	while (off >= 0) {
		uint32_t t = token(f, off);

		if (t == FDT_BEGIN_NODE) {
			*depth = d;
			return off;
		}
		if (t == FDT_END_NODE && --d < 0)
			return -1;
		if (t == FDT_END)
			return -1;
		off = skip(f, off);
	}
	return -1;
}

int fdt_parent(const struct fdt *f, int node)
{
	int stack[MAX_DEPTH], depth = 0;

	for (int n = fdt_next_node(f, -1, &depth); n >= 0; n = fdt_next_node(f, n, &depth)) {
		if (depth >= MAX_DEPTH)
			continue;
		stack[depth] = n;
		if (n == node)
			return depth ? stack[depth - 1] : -1;
	}
	return -1;
}

const char *fdt_name(const struct fdt *f, int node)
{
	return (const char *)f->blob + f->off_struct + node + 4;
}

const void *fdt_getprop(const struct fdt *f, int node, const char *name, int *len)
{
	const uint8_t *s = f->blob + f->off_struct;

	if (token(f, node) != FDT_BEGIN_NODE)
		return NULL;
	for (int off = skip(f, node); off >= 0; off = skip(f, off)) {
		uint32_t t = token(f, off), nameoff;

		if (t == FDT_NOP)
			continue;
		if (t != FDT_PROP)
			break;
		nameoff = fdt_be32(s + off + 8);
		if (nameoff < f->size_strings &&
		    sequal(name, slen(name, 256),
			   (const char *)f->blob + f->off_strings + nameoff)) {
			if (len)
				*len = (int)fdt_be32(s + off + 4);
			return s + off + 12;
		}
	}
	return NULL;
}

uint32_t fdt_prop_u32(const struct fdt *f, int node, const char *name, uint32_t dflt)
{
	int len;
	const void *p = fdt_getprop(f, node, name, &len);

	return p && len >= 4 ? fdt_be32(p) : dflt;
}

/* Does a node name match one path component ("cpu@0", or "cpu" for any unit)? */
static bool name_matches(const char *name, const char *comp, size_t n)
{
	bool unit = false;

	for (size_t i = 0; i < n; i++)
		unit |= comp[i] == '@';
	for (size_t i = 0; i < n; i++)
		if (name[i] != comp[i])
			return false;
	return name[n] == 0 || (!unit && name[n] == '@');
}

int fdt_path(const struct fdt *f, const char *path, size_t len)
{
	int depth = 0, node = fdt_next_node(f, -1, &depth);
	size_t i = 0;

	if (!len || path[0] != '/')
		return -1;
	while (node >= 0) {
		size_t start, n;
		int d = depth, child;

		while (i < len && path[i] == '/')
			i++;
		if (i == len)
			return node;
		start = i;
		while (i < len && path[i] != '/')
			i++;
		n = i - start;
		/* The children of node: the nodes at depth d + 1 before one at depth <= d. */
		for (child = fdt_next_node(f, node, &depth); child >= 0 && depth > d;
		     child = fdt_next_node(f, child, &depth))
			if (depth == d + 1 && name_matches(fdt_name(f, child), path + start, n))
				break;
		if (child < 0 || depth <= d)
			return -1;
		node = child;
	}
	return -1;
}

int fdt_by_phandle(const struct fdt *f, uint32_t phandle)
{
	int depth = 0;

	if (!phandle || phandle == 0xffffffffu)
		return -1;
	for (int n = fdt_next_node(f, -1, &depth); n >= 0; n = fdt_next_node(f, n, &depth))
		if (fdt_prop_u32(f, n, "phandle", 0) == phandle ||
		    fdt_prop_u32(f, n, "linux,phandle", 0) == phandle)
			return n;
	return -1;
}

bool fdt_is_compatible(const struct fdt *f, int node, const char *compat)
{
	int len;
	const char *p = fdt_getprop(f, node, "compatible", &len);
	size_t clen = slen(compat, 256);

	if (!p)
		return false;
	for (int i = 0; i < len;) {
		size_t n = slen(p + i, (size_t)(len - i));

		if (n == clen && sequal(compat, clen, p + i))
			return true;
		i += (int)n + 1;
	}
	return false;
}

int fdt_by_compatible(const struct fdt *f, int after, const char *compat)
{
	int depth = 0, n = fdt_next_node(f, -1, &depth);

	if (after >= 0) /* resume after `after`: find it first, for its depth */
		while (n >= 0 && n != after)
			n = fdt_next_node(f, n, &depth);
	if (after >= 0 && n >= 0)
		n = fdt_next_node(f, n, &depth);
	for (; n >= 0; n = fdt_next_node(f, n, &depth))
		if (fdt_is_compatible(f, n, compat))
			return n;
	return -1;
}

int fdt_reg(const struct fdt *f, int node, unsigned idx, uint64_t *base, uint64_t *size)
{
	int parent = fdt_parent(f, node), len;
	uint32_t ac = fdt_prop_u32(f, parent, "#address-cells", 2);
	uint32_t sc = fdt_prop_u32(f, parent, "#size-cells", 1);
	const uint8_t *p = fdt_getprop(f, node, "reg", &len);
	uint32_t stride = 4 * (ac + sc);

	if (!p || ac < 1 || ac > 2 || sc > 2 || (uint64_t)(idx + 1) * stride > (uint32_t)len)
		return -1;
	p += idx * stride;
	*base = fdt_cells(p, ac);
	*size = sc ? fdt_cells(p + 4 * ac, sc) : 0;
	return 0;
}

int fdt_memreserve(const struct fdt *f, unsigned idx, uint64_t *base, uint64_t *size)
{
	const uint8_t *p = f->blob + f->off_rsvmap + 16 * (uint64_t)idx;

	if (f->off_rsvmap + 16 * ((uint64_t)idx + 1) > f->totalsize)
		return -1;
	*base = fdt_cells(p, 2);
	*size = fdt_cells(p + 8, 2);
	return *size ? 0 : -1;
}
