/* SPDX-License-Identifier: MIT */
/*
 * fdt.h - read-only access to a flattened device tree (DTB) blob.
 *
 * The blob is treated as untrusted: fdt_init() checks the header and every
 * walk is bounded by the blocks it describes, so a corrupt blob yields a
 * negative FDT_ERR_* code rather than a stray read. Nothing is allocated; a
 * node is named by the offset of its BEGIN_NODE token in the struct block.
 */
#ifndef HYP_FDT_H
#define HYP_FDT_H

#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_HDR_SIZE 40 /* header size of version 17, which we read */

#define FDT_ERR_NOTFOUND (-1)	  /* no such node or property */
#define FDT_ERR_BADMAGIC (-2)	  /* not a DTB */
#define FDT_ERR_BADVERSION (-3)	  /* older than v16, or not v17 compatible */
#define FDT_ERR_BADHEADER (-4)	  /* blocks overlap the header or the end */
#define FDT_ERR_TRUNCATED (-5)	  /* a walk ran off the end of a block */
#define FDT_ERR_BADSTRUCTURE (-6) /* bad token or unterminated string */
#define FDT_ERR_BADOFFSET (-7)	  /* offset is not a node */
#define FDT_ERR_BADVALUE (-8)	  /* property has the wrong size or form */
#define FDT_ERR_BADPATH (-9)	  /* path is empty or alias is malformed */

struct fdt {
	const uint8_t *blob;
	uint32_t size; /* header's totalsize */
	uint32_t off_struct, size_struct;
	uint32_t off_strings, size_strings;
};

/* Validate the header; the blob must hold at least totalsize bytes. */
int fdt_init(struct fdt *f, const void *blob);
/* As fdt_init(), but also reject a blob longer than the bufsize bytes held. */
int fdt_init_sized(struct fdt *f, const void *blob, size_t bufsize);
uint32_t fdt_totalsize(const void *blob);

/* Next node in document order after @node (-1: the root), tracking depth. */
int fdt_next_node(const struct fdt *f, int node, int *depth);
int fdt_path_offset(const struct fdt *f, const char *path);
int fdt_node_by_compatible(const struct fdt *f, int start, const char *compat);
int fdt_node_by_type(const struct fdt *f, int start, const char *device_type);
int fdt_parent(const struct fdt *f, int node);
const char *fdt_node_name(const struct fdt *f, int node);

/* On failure *lenp (if given) holds the FDT_ERR_* code. */
const void *fdt_getprop(const struct fdt *f, int node, const char *name, int *lenp);
int fdt_read_u32(const struct fdt *f, int node, const char *name, uint32_t *out);
/* Entry @index of "reg", sized by the parent's #address/#size-cells. */
int fdt_get_reg(const struct fdt *f, int node, int index, uint64_t *addr, uint64_t *size);
/* The node named by /chosen stdout-path (an absolute path or an alias). */
int fdt_stdout_node(const struct fdt *f);

#endif
