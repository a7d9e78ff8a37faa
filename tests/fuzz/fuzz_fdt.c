/* SPDX-License-Identifier: MIT */
/*
 * fuzz_fdt.c - libFuzzer target for the device-tree reader (hyp/lib/fdt.c):
 * the input is a DTB blob in a buffer of exactly its size, so that any read
 * past it is AddressSanitizer's to catch. Every lookup the hypervisor makes
 * at boot is tried on every node, and each answer is checked to lie inside
 * the blob (node offsets, names, property values). Last, the hypervisor's
 * own boot-time reading of the machine (platform_probe in platform.c) runs
 * on the same blob, and what it keeps must be terminated strings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hyp/core/arch.h"
#include "hyp/drivers/goldfish_rtc.h"
#include "hyp/lib/fdt.h"
#include "hyp/drivers/ns16550.h"
#include "hyp/core/platform.h"
#include "hyp/drivers/sifive_test.h"
#include "tests/fuzz/fuzz_input.h"

/* A corrupt blob may hold many tiny nodes; a few hundred show every path. */
#define NODES_MAX 512

static const char *const props[] = {
	"compatible",  "reg",	   "#address-cells", "#size-cells", "device_type",
	"stdout-path", "bootargs", "interrupts",     "riscv,isa",   "timebase-frequency",
};

static const char *const paths[] = {
	"/",	       "/chosen",   "/cpus",	"/cpus/cpu@0", "/memory", "/soc",
	"/soc/serial", "/soc/plic", "/aliases", "//cpus//cpu", "/soc/",	  "/nonexistent/deeper",
};

static const struct fdt *cur;
static const uint8_t *blob_end;

/* A node offset from the reader: a BEGIN_NODE word inside the struct block. */
static void check_node(int node)
{
	const char *name;

	if (node < 0)
		return;
	FZ_CHECK(node % 4 == 0 && (uint32_t)node + 4 <= cur->size_struct, "node %d", node);
	name = fdt_node_name(cur, node);
	FZ_CHECK(name && (const uint8_t *)name < blob_end &&
		     memchr(name, '\0', (size_t)(blob_end - (const uint8_t *)name)),
		 "node %d: name", node);
}

/* A property value lies in the blob, len bytes of it. */
static void check_prop(int node, const char *name)
{
	int len;
	const uint8_t *v = fdt_getprop(cur, node, name, &len);
	uint32_t u;

	if (!v) {
		FZ_CHECK(len < 0, "missing %s with len %d", name, len);
		return;
	}
	FZ_CHECK(len >= 0 && v >= cur->blob && v + len <= blob_end, "prop %s: %d bytes", name, len);
	if (fdt_read_u32(cur, node, name, &u) == 0)
		FZ_CHECK(len == 4, "u32 %s of %d bytes", name, len);
}

static void check_one(int node)
{
	uint64_t addr, size;
	int parent = fdt_parent(cur, node);

	check_node(node);
	check_node(parent);
	FZ_CHECK(parent < node, "parent %d of %d", parent, node);
	for (unsigned i = 0; i < sizeof(props) / sizeof(props[0]); i++)
		check_prop(node, props[i]);
	for (int i = -1; i < 3; i++)
		if (fdt_get_reg(cur, node, i, &addr, &size) == 0)
			FZ_CHECK(i >= 0, "reg[%d]", i);
}

static void walk(void)
{
	int depth = 0, node = -1;

	for (unsigned n = 0; n < NODES_MAX; n++) {
		int next = fdt_next_node(cur, node, &depth);

		if (next < 0)
			return;
		FZ_CHECK(next > node, "node %d after %d", next, node);
		check_one(next);
		node = next;
	}
}

static void lookups(void)
{
	static const char *const compat[] = { "ns16550a", "riscv,plic0", "sifive,test1", "" };
	int node;

	for (unsigned i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		check_node(fdt_path_offset(cur, paths[i]));
	for (unsigned i = 0; i < sizeof(compat) / sizeof(compat[0]); i++) {
		node = -1;
		for (unsigned n = 0; n < NODES_MAX && node >= -1; n++) {
			int next = fdt_node_by_compatible(cur, node, compat[i]);

			check_node(next);
			FZ_CHECK(next < 0 || next > node, "compatible: %d after %d", next, node);
			node = next < 0 ? -2 : next;
		}
	}
	check_node(fdt_node_by_type(cur, -1, "memory"));
	check_node(fdt_node_by_type(cur, -1, "cpu"));
	check_node(fdt_stdout_node(cur));
}

/* platform.c drives these devices; probing never does. */
void ns16550_init(uint64_t base, unsigned reg_shift)
{
	(void)base;
	(void)reg_shift;
	abort();
}

void sifive_test_exit(uint64_t base, int code)
{
	(void)base;
	(void)code;
	abort();
}

uint64_t goldfish_rtc_read_ns(uint64_t base)
{
	(void)base;
	abort();
}

uint64_t arch_time(void)
{
	abort();
}

static void check_platform(const uint8_t *blob)
{
	struct platform p;
	const char *why = NULL;

	if (platform_probe(blob, &p, &why)) {
		FZ_CHECK(why, "refused without a reason");
		return;
	}
	FZ_CHECK(memchr(p.isa, '\0', sizeof(p.isa)) && memchr(p.bootargs, '\0', sizeof(p.bootargs)),
		 "unterminated isa or bootargs");
	FZ_CHECK(p.timebase_hz && p.fdt_size == cur->size, "timebase %llu, size %llu",
		 (unsigned long long)p.timebase_hz, (unsigned long long)p.fdt_size);
}

/* The header was accepted: every block lies inside totalsize. */
static void check_header(const struct fdt *f, size_t size)
{
	FZ_CHECK(f->size <= size && f->off_struct + (uint64_t)f->size_struct <= f->size &&
		     f->off_strings + (uint64_t)f->size_strings <= f->size,
		 "header accepted: size %u struct %u+%u strings %u+%u", f->size, f->off_struct,
		 f->size_struct, f->off_strings, f->size_strings);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdt f;
	uint8_t *copy;

	if (fdt_init_sized(&f, data, size) != 0)
		return 0;
	check_header(&f, size);
	/* Exactly totalsize bytes: a read past what the header claims is caught too. */
	copy = malloc(f.size);
	FZ_CHECK(copy, "malloc");
	memcpy(copy, data, f.size);
	FZ_CHECK(fdt_init_sized(&f, copy, f.size) == 0, "the same blob refused when exact");
	cur = &f;
	blob_end = copy + f.size;
	walk();
	lookups();
	check_platform(copy);
	free(copy);
	return 0;
}
