/* SPDX-License-Identifier: MIT */
/*
 * test_fdt.c - host unit tests for the DTB reader (hyp/lib/fdt.c), run on
 * the hand-written fdt_test.dts and on a DTB dumped from QEMU's virt machine.
 *
 * Usage: test_fdt <fdt_test.dtb> <virt.dtb>
 * Every blob is copied to a heap buffer of exactly totalsize bytes so that
 * AddressSanitizer flags any read past its end; corrupted copies must yield
 * FDT_ERR_* codes, never a crash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hyp/lib/fdt.h"

/* Header field offsets (all big-endian u32). */
#define H_TOTALSIZE 4
#define H_OFF_STRUCT 8
#define H_OFF_STRINGS 12
#define H_VERSION 20
#define H_LAST_COMP 24
#define H_SIZE_STRINGS 32
#define H_SIZE_STRUCT 36

#define TOK_NOP 4

static uint8_t *test_blob, *virt_blob;
static size_t test_len, virt_len;

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* Read a DTB file and keep exactly its totalsize bytes (QEMU pads to 1 MiB). */
static uint8_t *load_dtb(const char *path, size_t *lenp)
{
	uint8_t hdr[8], *buf;
	FILE *fp = fopen(path, "rb");
	uint32_t total;

	if (!fp || fread(hdr, 1, sizeof(hdr), fp) != sizeof(hdr)) {
		fprintf(stderr, "test_fdt: cannot read %s\n", path);
		exit(1);
	}
	total = fdt_totalsize(hdr);
	buf = malloc(total ? total : 1);
	rewind(fp);
	if (!total || !buf || fread(buf, 1, total, fp) != total) {
		fprintf(stderr, "test_fdt: %s is not a whole DTB\n", path);
		exit(1);
	}
	fclose(fp);
	*lenp = total;
	return buf;
}

static uint8_t *dup_blob(const uint8_t *blob, size_t len)
{
	uint8_t *p = malloc(len);

	assert_non_null(p);
	memcpy(p, blob, len);
	return p;
}

static struct fdt open_fdt(const uint8_t *blob)
{
	struct fdt f;

	assert_int_equal(fdt_init(&f, blob), 0);
	return f;
}

static int path(const struct fdt *f, const char *p)
{
	int node = fdt_path_offset(f, p);

	assert_true(node >= 0);
	return node;
}

static void assert_reg(const struct fdt *f, int node, int index, uint64_t addr, uint64_t size)
{
	uint64_t a = ~0ull, s = ~0ull;

	assert_int_equal(fdt_get_reg(f, node, index, &a, &s), 0);
	assert_int_equal(a, addr);
	assert_int_equal(s, size);
}

/* Byte offset in the blob of a pointer fdt.c handed back. */
static size_t blob_off(const uint8_t *blob, const void *p)
{
	return (size_t)((const uint8_t *)p - blob);
}

static void test_header(void **state)
{
	struct fdt f = { 0 };
	uint8_t *odd;

	(void)state;
	assert_int_equal(fdt_totalsize(test_blob), test_len);
	assert_int_equal(fdt_init_sized(&f, test_blob, test_len), 0);
	assert_int_equal(f.size, test_len);
	assert_true(f.off_struct + f.size_struct <= f.size);
	assert_true(f.off_strings + f.size_strings <= f.size);

	/* One byte off alignment: every load must still be a byte load. */
	odd = malloc(test_len + 1);
	assert_non_null(odd);
	memcpy(odd + 1, test_blob, test_len);
	f = open_fdt(odd + 1);
	assert_reg(&f, path(&f, "/bus/uart@2000"), 1, 0x3000, 0x10);
	assert_int_equal(fdt_stdout_node(&f), path(&f, "/bus/uart@1000"));
	free(odd);
}

static void test_paths(void **state)
{
	struct fdt f = open_fdt(test_blob);
	int root = path(&f, "/");

	(void)state;
	assert_string_equal(fdt_node_name(&f, root), "");
	assert_string_equal(fdt_node_name(&f, path(&f, "/cpus")), "cpus");
	/* Unit addresses may be left out; the first match wins. */
	assert_string_equal(fdt_node_name(&f, path(&f, "/memory")), "memory@80000000");
	assert_string_equal(fdt_node_name(&f, path(&f, "/memory@100000000")), "memory@100000000");
	assert_string_equal(fdt_node_name(&f, path(&f, "/bus/uart")), "uart@1000");
	assert_string_equal(fdt_node_name(&f, path(&f, "/bus/subbus/dev")), "dev@1,0");
	assert_int_equal(path(&f, "/bus@40000000/uart@2000"), path(&f, "/bus/uart@2000"));
	assert_int_equal(path(&f, "//cpus/"), path(&f, "/cpus"));

	assert_int_equal(fdt_path_offset(&f, "/nope"), FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path_offset(&f, "/cpus/cpu@2"), FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path_offset(&f, "/bus@4"), FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path_offset(&f, "/bu"), FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path_offset(&f, "/uart@1000"), FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path_offset(&f, "/cpus/cpu@0/x"), FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path_offset(&f, "/memory@8"), FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path_offset(&f, ""), FDT_ERR_BADPATH);
	assert_int_equal(fdt_path_offset(&f, "cpus"), FDT_ERR_BADPATH);

	assert_null(fdt_node_name(&f, root + 4));
	assert_null(fdt_node_name(&f, -1));
	assert_null(fdt_node_name(&f, (int)f.size_struct));
}

static void test_getprop(void **state)
{
	struct fdt f = open_fdt(test_blob);
	int uart = path(&f, "/bus/uart@2000"), len = 0;
	const char *p;

	(void)state;
	p = fdt_getprop(&f, path(&f, "/"), "model", &len);
	assert_non_null(p);
	assert_int_equal(len, sizeof("hyp-fdt-test"));
	assert_string_equal(p, "hyp-fdt-test");

	assert_non_null(fdt_getprop(&f, uart, "empty-prop", &len));
	assert_int_equal(len, 0);
	/* "reg" must not match "reg-names", nor the other way round. */
	assert_non_null(fdt_getprop(&f, uart, "reg", &len));
	assert_int_equal(len, 16);
	p = fdt_getprop(&f, uart, "reg-names", &len);
	assert_int_equal(len, sizeof("regs\0extra"));
	assert_memory_equal(p, "regs\0extra", sizeof("regs\0extra"));
	assert_non_null(fdt_getprop(&f, uart, "odd-prop", NULL));

	assert_null(fdt_getprop(&f, uart, "re", &len));
	assert_int_equal(len, FDT_ERR_NOTFOUND);
	/* Properties of children are not the parent's. */
	assert_null(fdt_getprop(&f, path(&f, "/bus"), "reg", &len));
	assert_int_equal(len, FDT_ERR_NOTFOUND);
	assert_null(fdt_getprop(&f, uart + 4, "reg", &len));
	assert_int_equal(len, FDT_ERR_BADOFFSET);
	assert_null(fdt_getprop(&f, uart + 2, "reg", &len));
	assert_int_equal(len, FDT_ERR_BADOFFSET);
	assert_null(fdt_getprop(&f, INT32_MAX, "reg", &len));
	assert_int_equal(len, FDT_ERR_BADOFFSET);
}

static void test_read_u32(void **state)
{
	struct fdt f = open_fdt(test_blob);
	int uart = path(&f, "/bus/uart@2000");
	uint32_t v = 0;

	(void)state;
	assert_int_equal(fdt_read_u32(&f, path(&f, "/cpus"), "timebase-frequency", &v), 0);
	assert_int_equal(v, 1000000);
	assert_int_equal(fdt_read_u32(&f, path(&f, "/cpus/cpu@1"), "reg", &v), 0);
	assert_int_equal(v, 1);

	v = 42;
	assert_int_equal(fdt_read_u32(&f, uart, "clock-frequency", &v), FDT_ERR_NOTFOUND);
	assert_int_equal(v, 42);
	assert_int_equal(fdt_read_u32(&f, uart, "odd-prop", &v), FDT_ERR_BADVALUE);
	assert_int_equal(fdt_read_u32(&f, uart, "empty-prop", &v), FDT_ERR_BADVALUE);
	assert_int_equal(fdt_read_u32(&f, uart, "reg", &v), FDT_ERR_BADVALUE);
	assert_int_equal(v, 42);
}

static void test_reg(void **state)
{
	struct fdt f = open_fdt(test_blob);
	int mem = path(&f, "/memory@100000000"), cpu = path(&f, "/cpus/cpu@1");
	uint64_t a = 0;

	(void)state;
	/* Root: 2 address cells, 2 size cells. */
	assert_reg(&f, path(&f, "/memory"), 0, 0x80000000, 0x20000000);
	assert_int_equal(fdt_get_reg(&f, path(&f, "/memory"), 1, &a, &a), FDT_ERR_NOTFOUND);
	assert_reg(&f, mem, 0, 0x100000000, 0x10000000);
	assert_reg(&f, mem, 1, 0x240000000, 0x1000);
	assert_int_equal(fdt_get_reg(&f, mem, 2, &a, &a), FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_get_reg(&f, mem, -1, &a, &a), FDT_ERR_NOTFOUND);

	/* A 1/1 bus inside the 2/2 root, and a 2/2 bus inside that. */
	assert_reg(&f, path(&f, "/bus/uart@1000"), 0, 0x1000, 0x100);
	assert_reg(&f, path(&f, "/bus/uart@2000"), 0, 0x2000, 0x100);
	assert_reg(&f, path(&f, "/bus/uart@2000"), 1, 0x3000, 0x10);
	assert_reg(&f, path(&f, "/bus/subbus"), 0, 0x8000, 0x1000);
	assert_reg(&f, path(&f, "/bus/subbus/dev"), 0, 0x100000000, 0x2000);
	/* #size-cells = <0>: an address only; NULL outputs are allowed. */
	assert_reg(&f, cpu, 0, 1, 0);
	assert_int_equal(fdt_get_reg(&f, cpu, 0, NULL, NULL), 0);

	assert_int_equal(fdt_get_reg(&f, path(&f, "/empty-node"), 0, &a, &a), FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_get_reg(&f, path(&f, "/"), 0, &a, &a), FDT_ERR_NOTFOUND);
	/* Three address cells do not fit a uint64_t. */
	assert_int_equal(fdt_get_reg(&f, path(&f, "/weird/child"), 0, &a, &a), FDT_ERR_BADVALUE);
	assert_int_equal(fdt_get_reg(&f, cpu + 4, 0, &a, &a), FDT_ERR_BADOFFSET);
}

/* Overwrite a 4-byte property (whose value is at @val) with NOP tokens. */
static void nop_u32_prop(uint8_t *val)
{
	for (uint8_t *p = val - 12; p < val + 4; p += 4)
		put_be32(p, TOK_NOP);
}

/*
 * /defaults spells out #address-cells = <2>, #size-cells = <1> (so dtc does
 * not warn); NOPing both must leave the decoding unchanged. The root has
 * 2/2, so inheriting the grandparent's cells instead would fail.
 */
static void test_reg_defaults(void **state)
{
	uint8_t *copy = dup_blob(test_blob, test_len);
	struct fdt f = open_fdt(copy);
	int bus = path(&f, "/defaults"), len;
	const void *ac = fdt_getprop(&f, bus, "#address-cells", &len);
	const void *sc = fdt_getprop(&f, bus, "#size-cells", &len);

	(void)state;
	assert_reg(&f, path(&f, "/defaults/dev"), 0, 0x300000000, 0x4000);
	nop_u32_prop(copy + blob_off(copy, ac));
	nop_u32_prop(copy + blob_off(copy, sc));
	assert_null(fdt_getprop(&f, bus, "#address-cells", &len));
	assert_int_equal(len, FDT_ERR_NOTFOUND);
	assert_null(fdt_getprop(&f, bus, "#size-cells", NULL));
	assert_reg(&f, path(&f, "/defaults/dev"), 0, 0x300000000, 0x4000);
	assert_reg(&f, path(&f, "/memory"), 0, 0x80000000, 0x20000000);
	free(copy);
}

static void test_parent(void **state)
{
	struct fdt f = open_fdt(test_blob);
	int root = path(&f, "/"), bus = path(&f, "/bus");

	(void)state;
	assert_int_equal(fdt_parent(&f, path(&f, "/bus/uart@1000")), bus);
	assert_int_equal(fdt_parent(&f, path(&f, "/bus/uart@2000")), bus);
	assert_int_equal(fdt_parent(&f, path(&f, "/bus/subbus")), bus);
	assert_int_equal(fdt_parent(&f, path(&f, "/bus/subbus/dev")), path(&f, "/bus/subbus"));
	assert_int_equal(fdt_parent(&f, bus), root);
	assert_int_equal(fdt_parent(&f, path(&f, "/empty-node")), root);
	assert_int_equal(fdt_parent(&f, root), FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_parent(&f, bus + 4), FDT_ERR_BADOFFSET);
	assert_int_equal(fdt_parent(&f, -1), FDT_ERR_BADOFFSET);
	assert_int_equal(fdt_parent(&f, INT32_MAX), FDT_ERR_BADOFFSET);
}

static void test_compatible(void **state)
{
	struct fdt f = open_fdt(test_blob);
	int n;

	(void)state;
	/* "ns16550a" is the second string of uart@1000's list. */
	n = fdt_node_by_compatible(&f, -1, "ns16550a");
	assert_int_equal(n, path(&f, "/bus/uart@1000"));
	n = fdt_node_by_compatible(&f, n, "ns16550a");
	assert_int_equal(n, path(&f, "/bus/uart@2000"));
	assert_int_equal(fdt_node_by_compatible(&f, n, "ns16550a"), FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_node_by_compatible(&f, -1, "hyp,fdt-test"), path(&f, "/"));
	assert_int_equal(fdt_node_by_compatible(&f, -1, "hyp,deep"), path(&f, "/bus/subbus/dev"));
	/* Whole strings only. */
	assert_int_equal(fdt_node_by_compatible(&f, -1, "ns16550"), FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_node_by_compatible(&f, -1, "hyp,test"), FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_node_by_compatible(&f, -1, "uart"), FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_node_by_compatible(&f, -5, "ns16550a"), FDT_ERR_BADOFFSET);
	assert_int_equal(fdt_node_by_compatible(&f, n + 4, "ns16550a"), FDT_ERR_BADOFFSET);
}

static void test_type(void **state)
{
	struct fdt f = open_fdt(test_blob);
	int n, cpus = 0;

	(void)state;
	n = fdt_node_by_type(&f, -1, "memory");
	assert_int_equal(n, path(&f, "/memory@80000000"));
	n = fdt_node_by_type(&f, n, "memory");
	assert_int_equal(n, path(&f, "/memory@100000000"));
	assert_int_equal(fdt_node_by_type(&f, n, "memory"), FDT_ERR_NOTFOUND);
	for (n = fdt_node_by_type(&f, -1, "cpu"); n >= 0; n = fdt_node_by_type(&f, n, "cpu"))
		cpus++;
	assert_int_equal(n, FDT_ERR_NOTFOUND);
	assert_int_equal(cpus, 2);
	assert_int_equal(fdt_node_by_type(&f, -1, "mem"), FDT_ERR_NOTFOUND);
}

/* Rewrite /chosen stdout-path in place (same length, NUL padded). */
static int stdout_with(uint8_t *copy, const struct fdt *f, const char *s)
{
	int len;
	const void *p = fdt_getprop(f, path(f, "/chosen"), "stdout-path", &len);

	assert_non_null(p);
	assert_true(strlen(s) <= (size_t)len);
	memset(copy + blob_off(copy, p), 0, (size_t)len);
	memcpy(copy + blob_off(copy, p), s, strlen(s));
	return fdt_stdout_node(f);
}

static void test_stdout(void **state)
{
	uint8_t *copy = dup_blob(test_blob, test_len);
	struct fdt f = open_fdt(copy);
	int uart0 = path(&f, "/bus/uart@1000");
	int uart1 = path(&f, "/bus/uart@2000");
	const char *name;

	(void)state;
	/* As compiled: "serial0:115200n8", an alias with options. */
	assert_int_equal(fdt_stdout_node(&f), uart0);
	assert_int_equal(stdout_with(copy, &f, "serial0"), uart0);
	assert_int_equal(stdout_with(copy, &f, "console"), uart1);
	assert_int_equal(stdout_with(copy, &f, "console:9600"), uart1);
	assert_int_equal(stdout_with(copy, &f, "/bus/uart@2000"), uart1);
	assert_int_equal(stdout_with(copy, &f, "/bus/uart:115200"), uart0);
	assert_int_equal(stdout_with(copy, &f, "nosuch"), FDT_ERR_NOTFOUND);
	assert_int_equal(stdout_with(copy, &f, "/nosuch"), FDT_ERR_NOTFOUND);
	/* Alias values must be absolute paths. */
	assert_int_equal(stdout_with(copy, &f, "relative"), FDT_ERR_BADPATH);
	assert_int_equal(stdout_with(copy, &f, ":9600"), FDT_ERR_BADPATH);
	/* Not NUL-terminated within the property. */
	assert_int_equal(stdout_with(copy, &f, "xxxxxxxxxxxxxxxxx"), FDT_ERR_BADVALUE);

	/* No /chosen at all. */
	name = fdt_node_name(&f, path(&f, "/chosen"));
	copy[blob_off(copy, name) + 5] = 'x'; /* "chosex" */
	assert_int_equal(fdt_stdout_node(&f), FDT_ERR_NOTFOUND);
	free(copy);
}

/* QEMU virt, -m 256M, h=true: the facts the hypervisor relies on. */
static void test_virt(void **state)
{
	struct fdt f = open_fdt(virt_blob);
	int mem, uart, cpu, n, count = 0;
	uint32_t tb = 0;
	const char *isa, *dtype;

	(void)state;
	assert_int_equal(fdt_totalsize(virt_blob), virt_len);

	mem = path(&f, "/memory");
	assert_int_equal(fdt_node_by_type(&f, -1, "memory"), mem);
	assert_int_equal(fdt_node_by_type(&f, mem, "memory"), FDT_ERR_NOTFOUND);
	assert_reg(&f, mem, 0, 0x80000000, 256ull << 20);

	uart = fdt_node_by_compatible(&f, -1, "ns16550a");
	assert_true(uart >= 0);
	assert_string_equal(fdt_node_name(&f, uart), "serial@10000000");
	assert_reg(&f, uart, 0, 0x10000000, 0x100);
	assert_int_equal(fdt_stdout_node(&f), uart);
	assert_int_equal(fdt_parent(&f, uart), path(&f, "/soc"));
	assert_int_equal(fdt_node_by_compatible(&f, uart, "ns16550a"), FDT_ERR_NOTFOUND);

	assert_int_equal(fdt_read_u32(&f, path(&f, "/cpus"), "timebase-frequency", &tb), 0);
	assert_int_equal(tb, 10000000);
	cpu = path(&f, "/cpus/cpu@0");
	assert_int_equal(fdt_node_by_type(&f, -1, "cpu"), cpu);
	dtype = fdt_getprop(&f, cpu, "device_type", NULL);
	assert_string_equal(dtype, "cpu");
	assert_reg(&f, cpu, 0, 0, 0);
	/* h=true: the single-letter extensions include H. */
	isa = fdt_getprop(&f, cpu, "riscv,isa", NULL);
	assert_non_null(isa);
	assert_memory_equal(isa, "rv64", 4);
	assert_true(memchr(isa, 'h', strcspn(isa, "_")) != NULL);

	assert_reg(&f, fdt_node_by_compatible(&f, -1, "riscv,clint0"), 0, 0x2000000, 0x10000);
	assert_reg(&f, fdt_node_by_compatible(&f, -1, "riscv,plic0"), 0, 0xc000000, 0x600000);
	assert_reg(&f, fdt_node_by_compatible(&f, -1, "sifive,test0"), 0, 0x100000, 0x1000);
	for (n = fdt_node_by_compatible(&f, -1, "virtio,mmio"); n >= 0;
	     n = fdt_node_by_compatible(&f, n, "virtio,mmio"))
		count++;
	assert_int_equal(n, FDT_ERR_NOTFOUND);
	assert_int_equal(count, 8);
}

/* Every node's parent is the last node one level up; the walk ends cleanly. */
static void test_walk(void **state)
{
	const uint8_t *blobs[] = { test_blob, virt_blob };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct fdt f = open_fdt(blobs[i]);
		int stack[16], depth = -1, n, nodes = 0;

		for (n = fdt_next_node(&f, -1, &depth); n >= 0; n = fdt_next_node(&f, n, &depth)) {
			assert_true(depth >= 0 && depth < 16);
			stack[depth] = n;
			assert_int_equal(fdt_parent(&f, n),
					 depth ? stack[depth - 1] : FDT_ERR_NOTFOUND);
			nodes++;
		}
		assert_int_equal(n, FDT_ERR_NOTFOUND);
		assert_int_equal(depth, -1);
		assert_true(nodes > 10);
	}
}

/* Copy the test blob, set header field @field to @v, and fdt_init it. */
static int init_patched(size_t field, uint32_t v)
{
	uint8_t *copy = dup_blob(test_blob, test_len);
	struct fdt f;
	int ret;

	put_be32(copy + field, v);
	ret = fdt_init_sized(&f, copy, test_len);
	free(copy);
	return ret;
}

static void test_bad_header(void **state)
{
	uint32_t off_struct = get_be32(test_blob + H_OFF_STRUCT);
	uint32_t size_struct = get_be32(test_blob + H_SIZE_STRUCT);
	uint32_t off_strings = get_be32(test_blob + H_OFF_STRINGS);
	uint32_t size_strings = get_be32(test_blob + H_SIZE_STRINGS);
	uint32_t total = (uint32_t)test_len;
	uint8_t *copy = dup_blob(test_blob, test_len);
	struct fdt f = { .blob = NULL };

	(void)state;
	copy[0] ^= 0xff;
	assert_int_equal(fdt_init(&f, copy), FDT_ERR_BADMAGIC);
	assert_int_equal(fdt_totalsize(copy), 0);
	assert_null(f.blob); /* untouched on failure */
	free(copy);

	assert_int_equal(init_patched(H_VERSION, 15), FDT_ERR_BADVERSION);
	assert_int_equal(init_patched(H_LAST_COMP, 18), FDT_ERR_BADVERSION);
	assert_int_equal(init_patched(H_TOTALSIZE, 32), FDT_ERR_BADHEADER);
	assert_int_equal(init_patched(H_TOTALSIZE, 0), FDT_ERR_BADHEADER);
	assert_int_equal(init_patched(H_TOTALSIZE, off_strings + 1), FDT_ERR_BADHEADER);
	assert_int_equal(init_patched(H_TOTALSIZE, total + 1), FDT_ERR_TRUNCATED);
	assert_int_equal(init_patched(H_OFF_STRUCT, total + 4), FDT_ERR_BADHEADER);
	assert_int_equal(init_patched(H_OFF_STRUCT, 0xfffffff0), FDT_ERR_BADHEADER);
	assert_int_equal(init_patched(H_OFF_STRUCT, 0), FDT_ERR_BADHEADER);
	assert_int_equal(init_patched(H_OFF_STRUCT, off_struct + 2), FDT_ERR_BADHEADER);
	assert_int_equal(init_patched(H_SIZE_STRUCT, total), FDT_ERR_BADHEADER);
	assert_int_equal(init_patched(H_SIZE_STRUCT, 0xffffffff), FDT_ERR_BADHEADER);
	assert_int_equal(init_patched(H_OFF_STRINGS, total - size_strings + 1), FDT_ERR_BADHEADER);
	assert_int_equal(init_patched(H_SIZE_STRINGS, 0xfffffffc), FDT_ERR_BADHEADER);
	/* Shrinking a block is self-consistent and accepted. */
	assert_int_equal(init_patched(H_SIZE_STRUCT, size_struct / 2), 0);
}

static void test_truncated(void **state)
{
	size_t half = test_len / 2;
	uint8_t *copy = dup_blob(test_blob, half);
	struct fdt f;

	(void)state;
	assert_int_equal(fdt_init_sized(&f, copy, half), FDT_ERR_TRUNCATED);
	assert_int_equal(fdt_init_sized(&f, copy, 16), FDT_ERR_TRUNCATED);
	/* A truncation that also fixed up totalsize cuts off the strings. */
	put_be32(copy + H_TOTALSIZE, (uint32_t)half);
	assert_int_equal(fdt_init(&f, copy), FDT_ERR_BADHEADER);
	free(copy);
}

/* Damage inside the struct/strings blocks shows up as errors from walks. */
static void test_bad_struct(void **state)
{
	uint8_t *copy = dup_blob(test_blob, test_len);
	struct fdt f = open_fdt(copy);
	int uart = path(&f, "/bus/uart@2000"), cpus = path(&f, "/cpus"), len;
	int last = path(&f, "/empty-node"), node;
	const uint8_t *reg = fdt_getprop(&f, uart, "reg", &len);
	uint8_t *hdr = copy + blob_off(copy, reg) - 8;

	(void)state;
	/* Property length running off the block. */
	put_be32(hdr, 0x7ffffff0);
	assert_null(fdt_getprop(&f, uart, "reg", &len));
	assert_int_equal(len, FDT_ERR_TRUNCATED);
	assert_int_equal(fdt_node_by_compatible(&f, -1, "hyp,deep"), FDT_ERR_TRUNCATED);
	/* Property name outside the strings block. */
	put_be32(hdr, 16);
	put_be32(hdr + 4, 0xffffff00);
	assert_null(fdt_getprop(&f, uart, "reg", &len));
	assert_int_equal(len, FDT_ERR_BADSTRUCTURE);
	memcpy(copy, test_blob, test_len);

	/* Unknown token where /cpus begins: nodes before it still resolve. */
	put_be32(copy + f.off_struct + cpus, 7);
	assert_int_equal(fdt_path_offset(&f, "/cpus"), FDT_ERR_BADSTRUCTURE);
	assert_true(fdt_path_offset(&f, "/memory") >= 0);
	assert_int_equal(fdt_node_by_type(&f, -1, "cpu"), FDT_ERR_BADSTRUCTURE);
	memcpy(copy, test_blob, test_len);

	/* Struct block ending inside the last node's name. */
	f.size_struct = (uint32_t)last + 8;
	assert_int_equal(fdt_path_offset(&f, "/empty-node"), FDT_ERR_TRUNCATED);
	f.size_struct = (uint32_t)last + 2;
	assert_int_equal(fdt_path_offset(&f, "/empty-node"), FDT_ERR_TRUNCATED);
	assert_true(fdt_path_offset(&f, "/bus/subbus/dev") >= 0);
	f = open_fdt(copy);

	/* Strings block losing its final NUL. */
	f.size_strings--;
	for (node = fdt_next_node(&f, -1, NULL); node >= 0; node = fdt_next_node(&f, node, NULL))
		;
	assert_int_equal(node, FDT_ERR_BADSTRUCTURE);
	free(copy);
}

/* Run every entry point; only the absence of crashes/ASan reports counts. */
static void exercise(const uint8_t *blob, size_t len)
{
	struct fdt f;
	uint64_t a, s;
	uint32_t v;
	int n, depth = -1, steps = 0;
	const char *paths[] = { "/",	   "/cpus",	 "/memory", "/bus/uart", "/bus/subbus/dev",
				"/chosen", "/empty-node" };

	if (fdt_init_sized(&f, blob, len) < 0)
		return;
	for (n = fdt_next_node(&f, -1, &depth); n >= 0; n = fdt_next_node(&f, n, &depth)) {
		assert_true(++steps < 1000);
		(void)fdt_node_name(&f, n);
		(void)fdt_parent(&f, n);
		(void)fdt_get_reg(&f, n, 0, &a, &s);
		(void)fdt_get_reg(&f, n, 1, &a, &s);
		(void)fdt_read_u32(&f, n, "#address-cells", &v);
		(void)fdt_getprop(&f, n, "compatible", NULL);
	}
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		(void)fdt_path_offset(&f, paths[i]);
	(void)fdt_node_by_compatible(&f, -1, "hyp,deep");
	(void)fdt_node_by_type(&f, -1, "cpu");
	(void)fdt_stdout_node(&f);
}

/* Mutate every word and byte of the test blob in turn. */
static void test_fuzz(void **state)
{
	uint8_t *copy = dup_blob(test_blob, test_len);
	static const uint32_t words[] = {
		0, 1, 2, 3, 4, 9, 0xffffffff, 0x7ffffffc, 0x80000000, 0x10
	};

	(void)state;
	for (size_t off = 0; off + 4 <= test_len; off += 4) {
		uint32_t orig = get_be32(test_blob + off);

		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
			put_be32(copy + off, words[i]);
			exercise(copy, test_len);
		}
		put_be32(copy + off, orig + 4);
		exercise(copy, test_len);
		put_be32(copy + off, orig);
	}
	for (size_t off = 0; off < test_len; off++) {
		copy[off] ^= 0xff;
		exercise(copy, test_len);
		copy[off] = test_blob[off];
	}
	free(copy);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),	   cmocka_unit_test(test_paths),
		cmocka_unit_test(test_getprop),	   cmocka_unit_test(test_read_u32),
		cmocka_unit_test(test_reg),	   cmocka_unit_test(test_reg_defaults),
		cmocka_unit_test(test_parent),	   cmocka_unit_test(test_compatible),
		cmocka_unit_test(test_type),	   cmocka_unit_test(test_stdout),
		cmocka_unit_test(test_virt),	   cmocka_unit_test(test_walk),
		cmocka_unit_test(test_bad_header), cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_struct), cmocka_unit_test(test_fuzz),
	};
	int ret;

	if (argc != 3) {
		fprintf(stderr, "usage: %s <fdt_test.dtb> <virt.dtb>\n", argv[0]);
		return 2;
	}
	test_blob = load_dtb(argv[1], &test_len);
	virt_blob = load_dtb(argv[2], &virt_len);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	free(test_blob);
	free(virt_blob);
	return ret;
}
