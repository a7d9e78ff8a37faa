/* SPDX-License-Identifier: MIT */
/*
 * test_guest_dt.c - host unit tests for the FDT writer (hyp/lib/fdtw.c) and
 * the FV guest's device tree (hyp/fv/guest_dt.c).
 *
 * Usage: test_guest_dt <dtc> <scratch.dtb> <virt.dtb>
 * The tree is decompiled by dtc (it must be warning-free), read back with the
 * hypervisor's own reader (hyp/lib/fdt.c), and its property names compared
 * with those of QEMU's virt machine, whose tree the guest's imitates.
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
#include "hyp/lib/fdtw.h"
#include "hyp/fv/guest_dt.h"

#define HOST_ISA "rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc"
#define GUEST_ISA "rv64imafdc_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs"
#define GUARD 32
#define BIG 8192

static const char *dtc_path, *scratch_path;
static uint8_t *virt_blob;

static const struct guest_dt_params sample = {
	.name = "fv0",
	.mem_base = 0x80000000,
	.mem_size = 16 << 20,
	.timebase_hz = 10000000,
	.isa = HOST_ISA,
	.bootargs = "console=ttyS0 earlycon",
	.uart_base = 0x10000000,
	.uart_size = 0x100,
	.uart_irq = 10,
	.uart_clock_hz = 3686400,
	.plic_base = 0xc000000,
	.plic_size = 0x600000,
	.plic_ndev = 96,
	.rtc_base = 0x101000,
	.rtc_size = 0x1000,
	.rtc_irq = 11,
};

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Build into a heap buffer of exactly the tree's size (ASan bounds it). */
static uint8_t *build(const struct guest_dt_params *p, long *lenp)
{
	uint8_t *big = malloc(BIG), *blob;
	long len;

	assert_non_null(big);
	len = guest_dt_build(p, big, BIG);
	assert_true(len > 0 && len < BIG);
	assert_int_equal(fdt_totalsize(big), len);
	blob = malloc((size_t)len);
	assert_non_null(blob);
	memcpy(blob, big, (size_t)len);
	free(big);
	*lenp = len;
	return blob;
}

static char *read_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *s;
	long n;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	s = calloc(1, (size_t)n + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)n, fp), n);
	fclose(fp);
	return s;
}

/* Decompile blob with dtc; returns the source, and dtc's stderr in *errp. */
static char *decompile(const uint8_t *blob, long len, char **errp)
{
	char cmd[2048], dts[512], err[512];
	FILE *fp = fopen(scratch_path, "wb");
	char *src;

	assert_non_null(fp);
	assert_int_equal(fwrite(blob, 1, (size_t)len, fp), len);
	fclose(fp);
	snprintf(dts, sizeof(dts), "%s.dts", scratch_path);
	snprintf(err, sizeof(err), "%s.err", scratch_path);
	if (snprintf(cmd, sizeof(cmd), "'%s' -I dtb -O dts -o '%s' '%s' 2>'%s'", dtc_path, dts,
		     scratch_path, err) >= (int)sizeof(cmd))
		fail_msg("paths too long");
	assert_int_equal(system(cmd), 0);
	src = read_file(dts);
	*errp = read_file(err);
	return src;
}

static void test_dtc(void **state)
{
	static const char *const want[] = {
		"compatible = \"rvhyp,fv-guest\\0riscv-virtio\";",
		"model = \"fv0\";",
		"bootargs = \"console=ttyS0 earlycon\";",
		"stdout-path = \"/soc/serial@10000000\";",
		"timebase-frequency = <0x989680>;",
		"cpu@0 {",
		"device_type = \"cpu\";",
		"status = \"okay\";",
		"riscv,isa = \"" GUEST_ISA "\";",
		"mmu-type = \"riscv,sv39\";",
		"compatible = \"riscv,cpu-intc\";",
		"phandle = <0x01>;",
		"memory@80000000 {",
		"device_type = \"memory\";",
		"reg = <0x00 0x80000000 0x00 0x1000000>;",
		"compatible = \"simple-bus\";",
		"ranges;",
		"plic@c000000 {",
		"compatible = \"sifive,plic-1.0.0\\0riscv,plic0\";",
		"reg = <0x00 0xc000000 0x00 0x600000>;",
		"riscv,ndev = <0x60>;",
		"interrupts-extended = <0x01 0x09>;",
		"phandle = <0x02>;",
		"#address-cells = <0x00>;",
		"serial@10000000 {",
		"compatible = \"ns16550a\";",
		"reg = <0x00 0x10000000 0x00 0x100>;",
		/* dtc shows 0x384000 as the "string" "\08@": check it elsewhere. */
		"clock-frequency = ",
		"interrupts = <0x0a>;",
		"interrupt-parent = <0x02>;",
		/* The goldfish RTC is emulated now (hyp/fv/vrtc.c): Linux's date. */
		"rtc@101000 {",
		"compatible = \"google,goldfish-rtc\";",
		"reg = <0x00 0x101000 0x00 0x1000>;",
		"interrupts = <0x0b>;",
	};
	static const char *const banned[] = {
		"sifive,test", "virtio,mmio",	  "virtio_mmio", "pci",	   "flash",
		"fw-cfg",      "reserved-memory", "poweroff",	 "reboot", "platform-bus",
		"pmu",	       "clint",		  "rng-seed",	 "_sstc",  "_h",
	};
	long len;
	uint8_t *blob = build(&sample, &len);
	char *err, *src = decompile(blob, len, &err);
	const char *isa;

	(void)state;
	assert_string_equal(err, "");
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!strstr(src, want[i]))
			fail_msg("missing from the tree: %s", want[i]);
	for (size_t i = 0; i < sizeof(banned) / sizeof(banned[0]); i++)
		if (strstr(src, banned[i]))
			fail_msg("must not be in the tree: %s", banned[i]);
	/* The single-letter extensions (up to the first '_') have no H. */
	isa = strstr(src, "riscv,isa = \"");
	assert_non_null(isa);
	isa += strlen("riscv,isa = \"");
	assert_null(memchr(isa, 'h', strcspn(isa, "_\"")));
	free(err);
	free(src);
	free(blob);
}

static void init_fdt(struct fdt *f, const uint8_t *blob, long len)
{
	assert_int_equal(fdt_init_sized(f, blob, (size_t)len), 0);
}

static void test_read_back(void **state)
{
	struct fdt f;
	uint64_t a, s;
	uint32_t v;
	int node, len;
	long blen;
	uint8_t *blob = build(&sample, &blen);
	const char *str;

	(void)state;
	init_fdt(&f, blob, blen);
	node = fdt_path_offset(&f, "/memory@80000000");
	assert_true(node >= 0);
	assert_int_equal(fdt_get_reg(&f, node, 0, &a, &s), 0);
	assert_true(a == 0x80000000 && s == 16 << 20);
	assert_int_equal(fdt_node_by_type(&f, -1, "memory"), node);
	assert_int_equal(fdt_read_u32(&f, fdt_path_offset(&f, "/cpus"), "timebase-frequency", &v),
			 0);
	assert_int_equal(v, 10000000);
	node = fdt_stdout_node(&f);
	assert_true(node >= 0);
	assert_int_equal(fdt_node_by_compatible(&f, -1, "ns16550a"), node);
	assert_int_equal(fdt_get_reg(&f, node, 0, &a, &s), 0);
	assert_true(a == 0x10000000 && s == 0x100);
	assert_int_equal(fdt_read_u32(&f, node, "interrupts", &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(fdt_read_u32(&f, node, "clock-frequency", &v), 0);
	assert_int_equal(v, 3686400);
	node = fdt_node_by_type(&f, -1, "cpu");
	str = fdt_getprop(&f, node, "riscv,isa", &len);
	assert_non_null(str);
	assert_int_equal(len, strlen(GUEST_ISA) + 1);
	assert_string_equal(str, GUEST_ISA);
	node = fdt_node_by_compatible(&f, -1, "riscv,plic0");
	assert_int_equal(fdt_get_reg(&f, node, 0, &a, &s), 0);
	assert_true(a == 0xc000000 && s == 0x600000);
	assert_string_equal(fdt_getprop(&f, fdt_path_offset(&f, "/"), "model", NULL), "fv0");
	free(blob);
}

static uint64_t get_be64(const uint8_t *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

/* linux,initrd-start/end (two cells each) and rng-seed in /chosen, when given. */
static void test_initrd_and_seed(void **state)
{
	uint8_t seed[64];
	struct guest_dt_params p = sample;
	struct fdt f;
	const uint8_t *v;
	int chosen, len;
	long blen;
	uint8_t *blob;

	(void)state;
	for (unsigned i = 0; i < sizeof(seed); i++)
		seed[i] = (uint8_t)(i * 7 + 1);
	p.initrd_start = 0x8f000000;
	p.initrd_end = 0x8f0fd123;
	p.rng_seed = seed;
	p.rng_seed_len = sizeof(seed);
	blob = build(&p, &blen);
	init_fdt(&f, blob, blen);
	chosen = fdt_path_offset(&f, "/chosen");
	v = fdt_getprop(&f, chosen, "linux,initrd-start", &len);
	assert_true(v && len == 8 && get_be64(v) == 0x8f000000);
	v = fdt_getprop(&f, chosen, "linux,initrd-end", &len);
	assert_true(v && len == 8 && get_be64(v) == 0x8f0fd123);
	v = fdt_getprop(&f, chosen, "rng-seed", &len);
	assert_true(v && len == sizeof(seed));
	assert_memory_equal(v, seed, sizeof(seed));
	free(blob);
	/* Without them, neither is there. */
	blob = build(&sample, &blen);
	init_fdt(&f, blob, blen);
	chosen = fdt_path_offset(&f, "/chosen");
	assert_null(fdt_getprop(&f, chosen, "linux,initrd-start", &len));
	assert_null(fdt_getprop(&f, chosen, "rng-seed", &len));
	free(blob);
}

/* Nine nodes and nothing else: what the guest has, and only that. */
static void test_only_these_nodes(void **state)
{
	static const char *const names[] = {
		"",
		"chosen",
		"cpus",
		"cpu@0",
		"interrupt-controller",
		"memory@80000000",
		"soc",
		"plic@c000000",
		"serial@10000000",
		"rtc@101000",
	};
	struct fdt f;
	int node = -1, depth = 0;
	size_t n = 0;
	long len;
	uint8_t *blob = build(&sample, &len);

	(void)state;
	init_fdt(&f, blob, len);
	while ((node = fdt_next_node(&f, node, &depth)) >= 0) {
		assert_true(n < sizeof(names) / sizeof(names[0]));
		assert_string_equal(fdt_node_name(&f, node), names[n++]);
	}
	assert_int_equal(n, sizeof(names) / sizeof(names[0]));
	free(blob);
}

/* Every property the guest's tree has, QEMU's virt tree has too. */
static void test_names_match_virt(void **state)
{
	static const struct {
		const char *ours, *virt, *props[9];
	} nodes[] = {
		{ "/", "/", { "#address-cells", "#size-cells", "compatible", "model" } },
		{ "/chosen", "/chosen", { "stdout-path" } },
		{ "/cpus", "/cpus", { "#address-cells", "#size-cells", "timebase-frequency" } },
		{ "/cpus/cpu@0",
		  "/cpus/cpu@0",
		  { "device_type", "reg", "status", "compatible", "riscv,isa", "mmu-type" } },
		{ "/cpus/cpu@0/interrupt-controller",
		  "/cpus/cpu@0/interrupt-controller",
		  { "#interrupt-cells", "interrupt-controller", "compatible", "phandle" } },
		{ "/memory@80000000", "/memory@80000000", { "device_type", "reg" } },
		{ "/soc", "/soc", { "#address-cells", "#size-cells", "compatible", "ranges" } },
		{ "/soc/plic@c000000",
		  "/soc/plic@c000000",
		  { "compatible", "#interrupt-cells", "#address-cells", "interrupt-controller",
		    "reg", "riscv,ndev", "interrupts-extended", "phandle" } },
		{ "/soc/serial@10000000",
		  "/soc/serial@10000000",
		  { "compatible", "reg", "clock-frequency", "interrupts", "interrupt-parent" } },
		{ "/soc/rtc@101000",
		  "/soc/rtc@101000",
		  { "interrupts", "interrupt-parent", "reg", "compatible" } },
	};
	struct fdt ours, virt;
	long len;
	uint8_t *blob = build(&sample, &len);

	(void)state;
	init_fdt(&ours, blob, len);
	assert_int_equal(fdt_init(&virt, virt_blob), 0);
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		int o = fdt_path_offset(&ours, nodes[i].ours);
		int v = fdt_path_offset(&virt, nodes[i].virt);

		if (o < 0 || v < 0)
			fail_msg("node %s: ours %d, virt %d", nodes[i].ours, o, v);
		for (size_t j = 0; j < 9 && nodes[i].props[j]; j++) {
			const char *name = nodes[i].props[j];

			if (!fdt_getprop(&ours, o, name, NULL) ||
			    !fdt_getprop(&virt, v, name, NULL))
				fail_msg("%s %s: not in both trees", nodes[i].ours, name);
		}
	}
	free(blob);
}

/* Each property name is stored once in the strings block. */
static void test_strings_deduplicated(void **state)
{
	long len;
	uint8_t *blob = build(&sample, &len);
	const char *s = (const char *)blob + get_be32(blob + 12);
	uint32_t size = get_be32(blob + 32);

	(void)state;
	for (uint32_t i = 0; i < size; i += strlen(s + i) + 1)
		for (uint32_t j = i + strlen(s + i) + 1; j < size; j += strlen(s + j) + 1)
			assert_string_not_equal(s + i, s + j);
	free(blob);
}

/* bootargs, "" when none was given (a third-party kernel may read it unchecked). */
static void assert_empty_bootargs(const struct fdt *f)
{
	int len = -1;
	const char *v = fdt_getprop(f, fdt_path_offset(f, "/chosen"), "bootargs", &len);

	assert_non_null(v);
	assert_int_equal(len, 1);
	assert_int_equal(v[0], '\0');
}

/* Without a UART or PLIC the tree leaves them out and stays valid; bootargs stays. */
static void test_optional_parts(void **state)
{
	struct guest_dt_params p = sample;
	struct fdt f;
	long len;
	uint8_t *blob;
	char *err, *src;
	int serial;

	(void)state;
	p.bootargs = NULL;
	p.plic_size = 0;
	p.name = NULL;
	blob = build(&p, &len);
	init_fdt(&f, blob, len);
	assert_empty_bootargs(&f);
	assert_int_equal(fdt_node_by_compatible(&f, -1, "riscv,plic0"), FDT_ERR_NOTFOUND);
	serial = fdt_stdout_node(&f);
	assert_true(serial >= 0);
	assert_null(fdt_getprop(&f, serial, "interrupts", NULL));
	src = decompile(blob, len, &err);
	assert_string_equal(err, "");
	assert_non_null(strstr(src, "model = \"guest\";"));
	free(err);
	free(src);
	free(blob);

	p.uart_size = 0;
	p.bootargs = "";
	blob = build(&p, &len);
	init_fdt(&f, blob, len);
	assert_int_equal(fdt_node_by_compatible(&f, -1, "ns16550a"), FDT_ERR_NOTFOUND);
	assert_null(fdt_getprop(&f, fdt_path_offset(&f, "/chosen"), "stdout-path", NULL));
	assert_empty_bootargs(&f);
	free(blob);
}

/* Every size short of the tree fails, and nothing lands past size. */
static void test_too_small(void **state)
{
	long len, got;
	uint8_t *want = build(&sample, &len);

	(void)state;
	assert_int_equal(guest_dt_build(&sample, NULL, 0), -1);
	for (long size = 0; size <= len; size++) {
		uint8_t *buf = malloc((size_t)size + GUARD);

		assert_non_null(buf);
		memset(buf, 0xa5, (size_t)size + GUARD);
		got = guest_dt_build(&sample, buf, (size_t)size);
		assert_int_equal(got, size == len ? len : -1);
		for (size_t i = 0; i < GUARD; i++)
			assert_int_equal(buf[size + i], 0xa5);
		if (got > 0)
			assert_memory_equal(buf, want, (size_t)len);
		free(buf);
	}
	free(want);
}

static void check_isa(const char *host, size_t n, const char *want)
{
	char out[128];

	memset(out, 'X', sizeof(out));
	guest_dt_isa(host, false, out, n);
	assert_string_equal(out, want);
	for (size_t i = n; i < sizeof(out); i++)
		assert_int_equal(out[i], 'X');
}

static void test_isa(void **state)
{
	char untouched = 'X';

	(void)state;
	check_isa(HOST_ISA, 128, GUEST_ISA);
	check_isa("rv64imafdch", 128, "rv64imafdc");
	check_isa("rv64imac", 128, "rv64imac");
	check_isa("rv64imafdch_zicsr_h_hfoo_sstc_svinval", 128, "rv64imafdc_zicsr_svinval");
	check_isa("rv64imafdchzicsr_zifencei", 128, "rv64imafdc_zicsr_zifencei");
	check_isa("rv64imafdch__zicsr", 128, "rv64imafdc_zicsr");
	/* No vector state is switched: V and its zv* parts are not passed on. */
	check_isa("rv64imafdcvh_zicsr_zve32f_zve64d_zvl128b_zba", 128, "rv64imafdc_zicsr_zba");
	/* Too small: whole extensions only, always terminated. */
	check_isa(HOST_ISA, 1, "");
	check_isa(HOST_ISA, 4, "");
	check_isa(HOST_ISA, 5, "rv64");
	check_isa(HOST_ISA, 8, "rv64ima");
	check_isa(HOST_ISA, 16, "rv64imafdc");
	check_isa(HOST_ISA, 17, "rv64imafdc_zicsr");
	check_isa(HOST_ISA, strlen(GUEST_ISA),
		  "rv64imafdc_zicsr_zifencei_"
		  "zihintpause_zba_zbb_zbc");
	check_isa(HOST_ISA, strlen(GUEST_ISA) + 1, GUEST_ISA);
	guest_dt_isa(HOST_ISA, false, &untouched, 0);
	assert_int_equal(untouched, 'X');
}

/* A guest given Sstc keeps the host's sstc (only then), never h. */
static void test_isa_sstc(void **state)
{
	char out[128];

	(void)state;
	guest_dt_isa("rv64imafdch_zicsr_h_hfoo_sstc_svinval", true, out, sizeof(out));
	assert_string_equal(out, "rv64imafdc_zicsr_sstc_svinval");
	guest_dt_isa("rv64imafdch_zicsr", true, out, sizeof(out));
	assert_string_equal(out, "rv64imafdc_zicsr"); /* not invented for a host without it */
}

/* The writer refuses misuse instead of producing a malformed blob. */
static void test_writer_misuse(void **state)
{
	uint8_t buf[512];
	struct fdtw w;

	(void)state;
	fdtw_init(&w, buf, sizeof(buf));
	assert_int_equal(fdtw_finish(&w), -1); /* no root */
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_end_node(&w);
	assert_int_equal(fdtw_finish(&w), -1);
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_prop_u32(&w, "x", 1); /* a property outside any node */
	assert_int_equal(fdtw_finish(&w), -1);
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	assert_int_equal(fdtw_finish(&w), -1); /* root left open */
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	fdtw_end_node(&w);
	fdtw_begin_node(&w, ""); /* a second root */
	fdtw_end_node(&w);
	assert_int_equal(fdtw_finish(&w), -1);
	fdtw_init(&w, NULL, 100);
	fdtw_begin_node(&w, "");
	fdtw_end_node(&w);
	assert_int_equal(fdtw_finish(&w), -1);
}

/* Writer details: header, a name stored once however often used, 64-bit values. */
static void test_writer_blob(void **state)
{
	static const uint64_t big = 0x123456789ull;
	uint8_t buf[512];
	struct fdtw w;
	struct fdt f;
	const uint8_t *v;
	uint32_t ph;
	int len, root;
	long total;

	(void)state;
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	fdtw_prop_u32(&w, "linux,phandle", 7);
	fdtw_prop_u32(&w, "phandle", 7);
	fdtw_prop_u64s(&w, "big", &big, 1);
	fdtw_begin_node(&w, "child");
	fdtw_prop_u32(&w, "phandle", 8); /* the names above, not stored again */
	fdtw_prop_u64s(&w, "big", &big, 1);
	fdtw_end_node(&w);
	fdtw_end_node(&w);
	total = fdtw_finish(&w);
	assert_true(total > 0);
	assert_int_equal(get_be32(buf + 0), FDT_MAGIC);
	assert_int_equal(get_be32(buf + 4), total);
	assert_int_equal(get_be32(buf + 20), 17);
	assert_int_equal(get_be32(buf + 24), 16);
	assert_int_equal(get_be32(buf + 32),
			 sizeof("linux,phandle") + sizeof("phandle") + sizeof("big"));
	assert_int_equal(fdt_init_sized(&f, buf, (size_t)total), 0);
	root = fdt_path_offset(&f, "/");
	assert_int_equal(fdt_read_u32(&f, root, "phandle", &ph), 0);
	assert_int_equal(ph, 7);
	v = fdt_getprop(&f, root, "big", &len);
	assert_int_equal(len, 8);
	assert_int_equal(get_be32(v), 1);
	assert_int_equal(get_be32(v + 4), 0x23456789);
	assert_int_equal(fdt_read_u32(&f, fdt_path_offset(&f, "/child"), "phandle", &ph), 0);
	assert_int_equal(ph, 8);
	/* A closed blob is not written to again. */
	fdtw_prop_u32(&w, "late", 1);
	assert_int_equal(get_be32(buf + 4), total);
}

/* More names than the writer remembers: the rest are stored again, still right. */
static void test_writer_many_names(void **state)
{
	static uint8_t buf[8192];
	char name[16];
	struct fdtw w;
	struct fdt f;
	uint32_t v;
	long total;

	(void)state;
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	for (unsigned i = 0; i < 3 * FDTW_NAMES; i++) {
		snprintf(name, sizeof(name), "p%u", i % (2 * FDTW_NAMES));
		fdtw_prop_u32(&w, name, i);
	}
	fdtw_end_node(&w);
	total = fdtw_finish(&w);
	assert_true(total > 0);
	assert_int_equal(fdt_init_sized(&f, buf, (size_t)total), 0);
	for (unsigned i = 0; i < 2 * FDTW_NAMES; i++) {
		snprintf(name, sizeof(name), "p%u", i);
		assert_int_equal(fdt_read_u32(&f, fdt_path_offset(&f, "/"), name, &v), 0);
		assert_int_equal(v, i); /* the first of two with that name */
	}
}

/*
 * Several harts: a cpu node each with its own interrupt controller, and the
 * PLIC's interrupts-extended listing each one's S-mode external interrupt;
 * dtc checks the references. One hart (or 0, counted as one) is the tree a
 * guest always had.
 */
static void test_several_harts(void **state)
{
	static const char *const want[] = {
		"cpu@0 {",
		"cpu@1 {",
		"cpu@2 {",
		"cpu@3 {",
		"reg = <0x03>;",
		"phandle = <0x05>;",
		"interrupts-extended = <0x01 0x09 0x03 0x09 0x04 0x09 0x05 0x09>;",
	};
	struct guest_dt_params p = sample;
	long len, len1, len0;
	uint8_t *blob, *one, *zero;
	char *err, *src;

	(void)state;
	p.nr_harts = 4;
	blob = build(&p, &len);
	src = decompile(blob, len, &err);
	assert_string_equal(err, "");
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!strstr(src, want[i]))
			fail_msg("missing from the tree: %s", want[i]);
	assert_null(strstr(src, "cpu@4"));
	free(err);
	free(src);
	free(blob);
	p.nr_harts = 100; /* clamped */
	blob = build(&p, &len);
	src = decompile(blob, len, &err);
	assert_non_null(strstr(src, "cpu@3 {"));
	assert_null(strstr(src, "cpu@4"));
	free(err);
	free(src);
	free(blob);
	p.nr_harts = 1;
	one = build(&p, &len1);
	zero = build(&sample, &len0);
	assert_int_equal(len1, len0);
	assert_memory_equal(one, zero, (size_t)len0);
	free(one);
	free(zero);
}

static uint8_t *load(const char *path)
{
	uint8_t hdr[8], *buf;
	FILE *fp = fopen(path, "rb");
	uint32_t total;

	if (!fp || fread(hdr, 1, sizeof(hdr), fp) != sizeof(hdr)) {
		fprintf(stderr, "test_guest_dt: cannot read %s\n", path);
		exit(1);
	}
	total = fdt_totalsize(hdr);
	buf = malloc(total ? total : 1);
	rewind(fp);
	if (!total || !buf || fread(buf, 1, total, fp) != total) {
		fprintf(stderr, "test_guest_dt: %s is not a whole DTB\n", path);
		exit(1);
	}
	fclose(fp);
	return buf;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dtc),
		cmocka_unit_test(test_read_back),
		cmocka_unit_test(test_initrd_and_seed),
		cmocka_unit_test(test_only_these_nodes),
		cmocka_unit_test(test_names_match_virt),
		cmocka_unit_test(test_strings_deduplicated),
		cmocka_unit_test(test_optional_parts),
		cmocka_unit_test(test_too_small),
		cmocka_unit_test(test_isa),
		cmocka_unit_test(test_isa_sstc),
		cmocka_unit_test(test_writer_misuse),
		cmocka_unit_test(test_writer_blob),
		cmocka_unit_test(test_writer_many_names),
		cmocka_unit_test(test_several_harts),
	};
	long len;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: %s <dtc> <scratch.dtb> <virt.dtb>\n", argv[0]);
		return 2;
	}
	dtc_path = argv[1];
	scratch_path = argv[2];
	virt_blob = load(argv[3]);
	len = guest_dt_build(&sample, (uint8_t[BIG]){ 0 }, BIG);
	printf("test_guest_dt: a typical guest tree is %ld bytes\n", len);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(virt_blob);
	return rc;
}
