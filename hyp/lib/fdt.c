/* SPDX-License-Identifier: MIT */
/*
 * fdt.c - the flattened device tree reader (see fdt.h): header checks, a
 * bounds-checked token walker, and node/property lookups built on it.
 */
#include <stdbool.h>
#include <string.h>

#include "hyp/lib/fdt.h"

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9
#define FDT_MAX_DEPTH 32 /* deeper trees are rejected by fdt_parent() */

#define ALIGN4(x) (((x) + 3) & ~3u)

/* Byte loads: the blob is big-endian and may sit at any alignment. */
static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Do @n bytes at struct offset @off lie inside the struct block? */
static bool in_struct(const struct fdt *f, uint32_t off, uint32_t n)
{
	return off <= f->size_struct && n <= f->size_struct - off;
}

/* NUL-terminated string at @nameoff in the strings block, or NULL. */
static const char *string_at(const struct fdt *f, uint32_t nameoff)
{
	const uint8_t *s = f->blob + f->off_strings;

	if (nameoff >= f->size_strings || !memchr(s + nameoff, '\0', f->size_strings - nameoff))
		return NULL;
	return (const char *)s + nameoff;
}

/*
 * Decode the token at @off and find where the next one starts. Everything a
 * caller will later dereference (node name, property header, value, name) is
 * checked here, so the lookups need no bounds checks of their own.
 */
static int next_tag(const struct fdt *f, uint32_t off, uint32_t *next)
{
	const uint8_t *s = f->blob + f->off_struct, *end;
	uint32_t tag, len;

	if (!in_struct(f, off, 4))
		return FDT_ERR_TRUNCATED;
	tag = be32(s + off);
	off += 4;
	if (tag == FDT_BEGIN_NODE) {
		end = memchr(s + off, '\0', f->size_struct - off);
		if (!end)
			return FDT_ERR_TRUNCATED;
		off = ALIGN4((uint32_t)(end - s) + 1);
	} else if (tag == FDT_PROP) {
		if (!in_struct(f, off, 8))
			return FDT_ERR_TRUNCATED;
		len = be32(s + off);
		if (!string_at(f, be32(s + off + 4)))
			return FDT_ERR_BADSTRUCTURE;
		if (!in_struct(f, off + 8, len))
			return FDT_ERR_TRUNCATED;
		off = ALIGN4(off + 8 + len); /* <= INT32_MAX + 3: no wrap */
	} else if (tag != FDT_END_NODE && tag != FDT_NOP && tag != FDT_END) {
		return FDT_ERR_BADSTRUCTURE;
	}
	*next = off;
	return (int)tag;
}

/* Check that @node is a BEGIN_NODE; *body is where its properties start. */
static int node_body(const struct fdt *f, int node, uint32_t *body)
{
	int tag;

	/* Walks only visit aligned offsets; this catches callers' offsets. */
	if (node < 0 || node % 4 || !in_struct(f, (uint32_t)node, 4) ||
	    be32(f->blob + f->off_struct + node) != FDT_BEGIN_NODE)
		return FDT_ERR_BADOFFSET;
	tag = next_tag(f, (uint32_t)node, body);
	return tag < 0 ? tag : 0;
}

static bool block_ok(uint32_t total, uint32_t off, uint32_t size)
{
	return off >= FDT_HDR_SIZE && off <= total && size <= total - off;
}

int fdt_init_sized(struct fdt *f, const void *blob, size_t bufsize)
{
	const uint8_t *b = blob;
	struct fdt t = { .blob = b };
	uint32_t version;

	if (bufsize < FDT_HDR_SIZE)
		return FDT_ERR_TRUNCATED;
	if (be32(b) != FDT_MAGIC)
		return FDT_ERR_BADMAGIC;
	version = be32(b + 20);
	if (version < 16 || be32(b + 24) > 17)
		return FDT_ERR_BADVERSION;
	t.size = be32(b + 4);
	if (t.size > bufsize)
		return FDT_ERR_TRUNCATED;
	t.off_struct = be32(b + 8);
	t.off_strings = be32(b + 12);
	t.size_strings = be32(b + 32);
	t.size_struct = version >= 17 ? be32(b + 36) : 0;
	/* Node offsets are ints, so the whole blob must fit in one. */
	if (t.size < FDT_HDR_SIZE || t.size > INT32_MAX || t.off_struct % 4 ||
	    !block_ok(t.size, t.off_struct, t.size_struct) ||
	    !block_ok(t.size, t.off_strings, t.size_strings))
		return FDT_ERR_BADHEADER;
	if (version < 17) /* v16 has no size_dt_struct: bound by the blob */
		t.size_struct = t.size - t.off_struct;
	*f = t;
	return 0;
}

int fdt_init(struct fdt *f, const void *blob)
{
	return fdt_init_sized(f, blob, SIZE_MAX);
}

uint32_t fdt_totalsize(const void *blob)
{
	const uint8_t *b = blob;

	return be32(b) == FDT_MAGIC ? be32(b + 4) : 0;
}

int fdt_next_node(const struct fdt *f, int node, int *depth)
{
	uint32_t off = 0, next;
	int tag, unused = 0;

	if (!depth)
		depth = &unused;
	if (node != -1 && (tag = node_body(f, node, &off)) < 0)
		return tag;
	/* Offsets strictly increase, so this ends even on a corrupt blob. */
	for (;; off = next) {
		tag = next_tag(f, off, &next);
		if (tag < 0)
			return tag;
		if (tag == FDT_BEGIN_NODE) {
			++*depth;
			return (int)off;
		}
		if (tag == FDT_END)
			return FDT_ERR_NOTFOUND;
		if (tag == FDT_END_NODE)
			--*depth;
	}
}

const char *fdt_node_name(const struct fdt *f, int node)
{
	uint32_t body;

	if (node_body(f, node, &body) < 0)
		return NULL;
	return (const char *)f->blob + f->off_struct + node + 4;
}

/* Property @name (@n bytes, not necessarily NUL-terminated) of @node. */
static const void *getprop_n(const struct fdt *f, int node, const char *name, size_t n, int *lenp)
{
	const uint8_t *s = f->blob + f->off_struct;
	uint32_t off, next;
	int tag, err = node_body(f, node, &off);

	/* Properties precede subnodes, so stop at the first non-property. */
	for (; !err; off = next) {
		tag = next_tag(f, off, &next);
		if (tag == FDT_PROP) {
			const char *pn = string_at(f, be32(s + off + 8));

			if (strncmp(pn, name, n) == 0 && pn[n] == '\0') {
				if (lenp)
					*lenp = (int)be32(s + off + 4);
				return s + off + 12;
			}
		} else if (tag != FDT_NOP) {
			err = tag < 0 ? tag : FDT_ERR_NOTFOUND;
		}
	}
	if (lenp)
		*lenp = err;
	return NULL;
}

const void *fdt_getprop(const struct fdt *f, int node, const char *name, int *lenp)
{
	return getprop_n(f, node, name, strlen(name), lenp);
}

int fdt_read_u32(const struct fdt *f, int node, const char *name, uint32_t *out)
{
	int len;
	const uint8_t *p = fdt_getprop(f, node, name, &len);

	if (!p)
		return len;
	if (len != 4)
		return FDT_ERR_BADVALUE;
	*out = be32(p);
	return 0;
}

/* A path component may leave out the unit address: "memory" = "memory@0". */
static bool name_matches(const char *nm, const char *c, size_t n)
{
	if (strncmp(nm, c, n) != 0)
		return false;
	return nm[n] == '\0' || (nm[n] == '@' && !memchr(c, '@', n));
}

static int subnode_n(const struct fdt *f, int parent, const char *c, size_t n)
{
	int depth = 0, node = parent;

	for (;;) {
		node = fdt_next_node(f, node, &depth);
		if (node < 0 || depth < 1) /* depth < 1: left @parent */
			return node < 0 ? node : FDT_ERR_NOTFOUND;
		if (depth == 1 && name_matches(fdt_node_name(f, node), c, n))
			return node;
	}
}

/* /aliases entry @name; the value must be absolute, so no recursion. */
static int alias_node(const struct fdt *f, const char *name, size_t n)
{
	int len, aliases = fdt_path_offset(f, "/aliases");
	const char *v;

	if (aliases < 0)
		return aliases;
	v = getprop_n(f, aliases, name, n, &len);
	if (!v)
		return len;
	if (len < 2 || v[0] != '/' || v[len - 1] != '\0')
		return FDT_ERR_BADPATH;
	return fdt_path_offset(f, v);
}

/* Look up the absolute path @p (@len bytes, need not be NUL-terminated). */
static int path_offset_n(const struct fdt *f, const char *p, size_t len)
{
	const char *end = p + len, *c;
	int node;

	if (len == 0 || *p != '/')
		return FDT_ERR_BADPATH;
	for (node = fdt_next_node(f, -1, NULL); node >= 0; p = c) {
		while (p < end && *p == '/')
			p++;
		if (p == end)
			break;
		c = memchr(p, '/', (size_t)(end - p));
		c = c ? c : end;
		node = subnode_n(f, node, p, (size_t)(c - p));
	}
	return node;
}

int fdt_path_offset(const struct fdt *f, const char *path)
{
	return path_offset_n(f, path, strlen(path));
}

/* Is @s one of the NUL-terminated strings packed into @v? */
static bool stringlist_has(const char *v, int len, const char *s)
{
	size_t n = strlen(s) + 1, l;
	const char *z;

	for (; len > 0; v += l, len -= (int)l) {
		z = memchr(v, '\0', (size_t)len);
		if (!z)
			return false;
		l = (size_t)(z - v) + 1;
		if (l == n && memcmp(v, s, n) == 0)
			return true;
	}
	return false;
}

/* First node after @start whose string-list property @prop contains @s. */
static int node_with(const struct fdt *f, int start, const char *prop, const char *s)
{
	int node = start, len;
	const char *v;

	for (;;) {
		node = fdt_next_node(f, node, NULL);
		if (node < 0)
			return node;
		v = fdt_getprop(f, node, prop, &len);
		if (v && stringlist_has(v, len, s))
			return node;
	}
}

int fdt_node_by_compatible(const struct fdt *f, int start, const char *compat)
{
	return node_with(f, start, "compatible", compat);
}

int fdt_node_by_type(const struct fdt *f, int start, const char *device_type)
{
	return node_with(f, start, "device_type", device_type);
}

/*
 * The blob has no back links, so walk from the root remembering the latest
 * node seen at each depth; when @node turns up, its parent is one level up.
 */
int fdt_parent(const struct fdt *f, int node)
{
	int stack[FDT_MAX_DEPTH], depth = -1, off;
	uint32_t body;

	if ((off = node_body(f, node, &body)) < 0)
		return off;
	for (off = -1; (off = fdt_next_node(f, off, &depth)) >= 0;) {
		if (depth < 0 || depth >= FDT_MAX_DEPTH)
			return FDT_ERR_BADSTRUCTURE;
		stack[depth] = off;
		if (off == node)
			return depth ? stack[depth - 1] : FDT_ERR_NOTFOUND;
		if (off > node) /* a BEGIN_NODE word inside a property value */
			return FDT_ERR_BADOFFSET;
	}
	return off;
}

static uint64_t read_cells(const uint8_t *p, uint32_t n)
{
	uint64_t v = 0;

	for (; n; n--, p += 4)
		v = v << 32 | be32(p);
	return v;
}

int fdt_get_reg(const struct fdt *f, int node, int index, uint64_t *addr, uint64_t *size)
{
	uint32_t ac = 2, sc = 1, stride; /* the spec's defaults */
	int len, err, parent = fdt_parent(f, node);
	const uint8_t *p;

	if (parent < 0)
		return parent;
	/* Absent cell counts leave the defaults; other errors are real. */
	err = fdt_read_u32(f, parent, "#address-cells", &ac);
	if (err == 0 || err == FDT_ERR_NOTFOUND)
		err = fdt_read_u32(f, parent, "#size-cells", &sc);
	if (err != 0 && err != FDT_ERR_NOTFOUND)
		return err;
	if (ac < 1 || ac > 2 || sc > 2) /* must fit a uint64_t */
		return FDT_ERR_BADVALUE;
	p = fdt_getprop(f, node, "reg", &len);
	if (!p)
		return len;
	stride = (ac + sc) * 4;
	if ((uint32_t)len % stride)
		return FDT_ERR_BADVALUE;
	if (index < 0 || (uint32_t)index >= (uint32_t)len / stride)
		return FDT_ERR_NOTFOUND;
	p += (uint32_t)index * stride;
	if (addr)
		*addr = read_cells(p, ac);
	if (size)
		*size = read_cells(p + ac * 4, sc);
	return 0;
}

int fdt_stdout_node(const struct fdt *f)
{
	int len, chosen = fdt_path_offset(f, "/chosen");
	const char *p, *colon;
	size_t n;

	if (chosen < 0)
		return chosen;
	p = fdt_getprop(f, chosen, "stdout-path", &len);
	if (!p)
		return len;
	if (!memchr(p, '\0', (size_t)len))
		return FDT_ERR_BADVALUE;
	colon = strchr(p, ':'); /* drop options such as ":115200n8" */
	n = colon ? (size_t)(colon - p) : strlen(p);
	if (*p == '/' || n == 0) /* an empty name is a bad path, not an alias */
		return path_offset_n(f, p, n);
	return alias_node(f, p, n);
}
