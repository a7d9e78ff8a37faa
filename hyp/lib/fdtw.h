/* SPDX-License-Identifier: MIT */
/*
 * fdtw.h - a small flattened device tree (DTB) writer.
 *
 * Builds a version-17 blob (last compatible version 16) into a caller's
 * buffer: header, an empty memory reservation block, the structure block
 * and a strings block in which each property name is stored once. Calls are
 * made in document order (begin a node, its properties, its children, end
 * it). Errors are sticky: once the buffer is full or a call is misused,
 * every later call does nothing and fdtw_finish() returns -1. Nothing is
 * ever written outside [buf, buf + size); the buffer may have any alignment.
 */
#ifndef HYP_FDTW_H
#define HYP_FDTW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Names remembered for reuse: more than a guest's tree has (about 30). */
#define FDTW_NAMES 64

struct fdtw {
	uint8_t *buf;
	size_t size;
	size_t pos;	/* end of the structure block written so far */
	size_t strings; /* bytes of names, kept at the end of buf */
	int depth;	/* nodes begun and not yet ended */
	bool failed;	/* out of room or misused: finish returns -1 */
	/* Stored names by hash (open addressing): distance from the end, 0 free. */
	uint32_t name_hash[FDTW_NAMES];
	uint32_t name_at[FDTW_NAMES];
};

void fdtw_init(struct fdtw *w, void *buf, size_t size);
void fdtw_begin_node(struct fdtw *w, const char *name); /* root: "" */
void fdtw_end_node(struct fdtw *w);

/* A property of raw bytes; len 0 makes an empty one ("interrupt-controller;"). */
void fdtw_prop(struct fdtw *w, const char *name, const void *val, size_t len);
void fdtw_prop_u32(struct fdtw *w, const char *name, uint32_t v);
/* n big-endian 32-bit cells. */
void fdtw_prop_cells(struct fdtw *w, const char *name, const uint32_t *cells, size_t n);
/* n 64-bit values, each as two cells (high first): "reg" with 2/2 cells. */
void fdtw_prop_u64s(struct fdtw *w, const char *name, const uint64_t *vals, size_t n);
void fdtw_prop_string(struct fdtw *w, const char *name, const char *s);
/* A string list ("compatible"): the n strings, each NUL-terminated. */
void fdtw_prop_strings(struct fdtw *w, const char *name, const char *const *list, size_t n);

/* Close the blob: the total size in bytes, or -1 if it failed or a node is open. */
long fdtw_finish(struct fdtw *w);

#endif
