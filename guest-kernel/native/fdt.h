/* SPDX-License-Identifier: MIT */
/*
 * fdt.h (native) - the least a kernel needs of a flattened device tree:
 * walk the structure block, find nodes by path, phandle or compatible, read
 * properties and reg. A node is the offset of its FDT_BEGIN_NODE token in
 * the structure block (the root is the first); -1 means none.
 *
 * Runs before paging (PC-relative code only, no pointers kept in data):
 * struct fdt lives on the caller's stack, and every pointer returned points
 * into the blob, which the caller copies from before it is gone.
 */
#ifndef NATIVE_FDT_H
#define NATIVE_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fdt {
	const uint8_t *blob;
	uint32_t totalsize;
	uint32_t off_struct, size_struct;
	uint32_t off_strings, size_strings;
	uint32_t off_rsvmap;
};

/* 0, or -1 if blob is not a version 16/17 device tree. */
int fdt_init(struct fdt *f, const void *blob);

/* Big-endian cells. */
uint32_t fdt_be32(const void *p);
/* n (1 or 2) cells as one number. */
uint64_t fdt_cells(const void *p, unsigned n);

/* The node after node in document order (-1 from the start), with its depth (root 0). */
int fdt_next_node(const struct fdt *f, int node, int *depth);
int fdt_parent(const struct fdt *f, int node);
const char *fdt_name(const struct fdt *f, int node);
/* A property of node itself: its value and length, or NULL. */
const void *fdt_getprop(const struct fdt *f, int node, const char *name, int *len);
uint32_t fdt_prop_u32(const struct fdt *f, int node, const char *name, uint32_t dflt);
/* "/a/b@1": a unit address left out matches any. len bytes of path are used. */
int fdt_path(const struct fdt *f, const char *path, size_t len);
int fdt_by_phandle(const struct fdt *f, uint32_t phandle);
bool fdt_is_compatible(const struct fdt *f, int node, const char *compat);
/* The first node after `after` (-1: from the start) compatible with compat. */
int fdt_by_compatible(const struct fdt *f, int after, const char *compat);
/* Entry idx of node's reg, with its parent's #address-cells and #size-cells. 0 or -1. */
int fdt_reg(const struct fdt *f, int node, unsigned idx, uint64_t *base, uint64_t *size);
/* Entry idx of the memory reservation block. 0 or -1 past the end. */
int fdt_memreserve(const struct fdt *f, unsigned idx, uint64_t *base, uint64_t *size);

#endif
