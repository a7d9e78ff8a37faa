/* SPDX-License-Identifier: MIT */
/*
 * fuzz_cmdline.c - libFuzzer target for the hypervisor's command-line parser
 * (hyp/core/guest_cmdline.c): guest=NAME,fv,ADDR,SIZE[,MEM_MIB] and
 * args.NAME=WORD, cmdline.NAME=REST and initrd.NAME=ADDR,SIZE items. Four
 * input bytes pick the host RAM bounds and the device tree to avoid, the rest
 * is the command line. Every configuration accepted must name a well-formed
 * guest whose image lies in free host RAM, every args. override must be one
 * clean word, no name may have two args. or on_stop. items, a cmdline. item
 * must be the line's tail, and the frames reserved must be exactly the images'
 * and initrds' pages.
 *
 * The parser keeps its results in static variables with no reset (it runs
 * once per boot), so this file includes the source itself and clears them
 * before each input.
 */
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include "hyp/core/guest_cmdline.c"
#include "tests/fuzz/fuzz_input.h"
#include "tests/unit/fake_arch.h"

/* Host RAM as the allocator sees it: QEMU virt's, 128 MiB. */
#define RAM_BASE 0x80000000ull
#define RAM_SIZE (128 * MiB)
#define RAM_FRAMES (RAM_SIZE / PAGE_SIZE)
#define LINE_MAX 4096

/* Host RAM never starts at 0 here, as on QEMU virt (at 0 an image could get a NULL pointer). */
static const uint64_t bases[] = { RAM_BASE, RAM_BASE + 0x200000, RAM_BASE + 4096 + 7,
				  RAM_BASE - PAGE_SIZE };
static const uint64_t ends[] = { RAM_BASE + RAM_SIZE, RAM_BASE + RAM_SIZE / 2,
				 RAM_BASE + RAM_SIZE + 4096, RAM_BASE + 0x201000 };
static const uint64_t dtbs[] = { RAM_BASE + RAM_SIZE - 0x10000, RAM_BASE + 0x3000, RAM_BASE,
				 RAM_BASE + 0x4000123 };
static const uint64_t dtb_sizes[] = { 0x10000, 1, 0x1000, 0 };

static struct image_bounds bounds;
static uint8_t reserved[RAM_FRAMES];
static char line[LINE_MAX + 1];

static void reset(void)
{
	memset(configs, 0, sizeof(configs));
	memset(names, 0, sizeof(names));
	memset(overrides, 0, sizeof(overrides));
	memset(policies, 0, sizeof(policies));
	memset(initrds, 0, sizeof(initrds));
	verbatim_name[0] = verbatim[0] = '\0';
	nr_configs = nr_overrides = nr_policies = nr_initrds = 0;
	memset(reserved, 0, sizeof(reserved));
	fake_reset();
	frame_init(HPA(RAM_BASE), RAM_SIZE);
}

static bool clean_name(const char *s, size_t max, const char *bad)
{
	size_t n = strnlen(s, max + 1);

	return n >= 1 && n <= max && !strpbrk(s, bad);
}

/* Mark the frames under [addr, addr + size) as expected reserved. */
static void mark(uint64_t addr, uint64_t size)
{
	for (uint64_t p = ALIGN_DOWN(addr, PAGE_SIZE); p < addr + size; p += PAGE_SIZE)
		if (p >= RAM_BASE && p - RAM_BASE < RAM_SIZE)
			reserved[(p - RAM_BASE) / PAGE_SIZE] = 1;
}

/* One accepted guest: a sane name and an image inside free host RAM. */
static void check_config(const struct guest_config *c)
{
	uint64_t addr = (uint64_t)(uintptr_t)c->image;
	uint64_t size = (uint64_t)(c->image_end - c->image);

	FZ_CHECK(clean_name(c->name, NAME_MAX_LEN, " ,"), "name \"%s\"", c->name);
	FZ_CHECK(c->mode == GUEST_FV && c->mem_size <= MEM_MAX_MIB * MiB &&
		     c->mem_size % MiB == 0 && c->cmdline && !*c->cmdline,
		 "guest %s: mode %d, %llu bytes", c->name, c->mode,
		 (unsigned long long)c->mem_size);
	FZ_CHECK(size && addr >= bounds.lo && addr <= bounds.hi && size <= bounds.hi - addr,
		 "guest %s: image 0x%llx+0x%llx outside [0x%llx, 0x%llx)", c->name,
		 (unsigned long long)addr, (unsigned long long)size, (unsigned long long)bounds.lo,
		 (unsigned long long)bounds.hi);
	FZ_CHECK(addr + size <= bounds.avoid || addr >= bounds.avoid + bounds.avoid_size,
		 "guest %s: image overlaps the device tree", c->name);
	mark(addr, size);
}

/* One initrd: in free host RAM, found by its name. */
static void check_initrd(unsigned i)
{
	const uint8_t *s, *e;

	FZ_CHECK(host_range_ok(initrds[i].addr, initrds[i].size, &bounds), "initrd.%s",
		 initrds[i].name);
	FZ_CHECK(guest_cmdline_initrd(initrds[i].name, &s, &e), "initrd.%s not found",
		 initrds[i].name);
	mark(initrds[i].addr, initrds[i].size);
}

/* The verbatim command line is the tail of the line, cut nowhere. */
static void check_verbatim(void)
{
	size_t n = strlen(verbatim), len = strlen(line);

	if (!verbatim_name[0])
		return;
	FZ_CHECK(n <= len && !memcmp(line + len - n, verbatim, n), "cmdline.%s is not the tail",
		 verbatim_name);
	FZ_CHECK(guest_cmdline_args(verbatim_name) == verbatim, "cmdline.%s not found",
		 verbatim_name);
}

/* One override: a name before '=', a word whose commas all became blanks. */
static void check_override(unsigned i)
{
	FZ_CHECK(clean_name(overrides[i].name, NAME_MAX_LEN, " ="), "args name \"%s\"",
		 overrides[i].name);
	FZ_CHECK(strnlen(overrides[i].args, ARGS_MAX_LEN + 1) <= ARGS_MAX_LEN &&
		     !strchr(overrides[i].args, ','),
		 "args \"%s\"", overrides[i].args);
	FZ_CHECK(guest_cmdline_args(overrides[i].name), "args.%s not found", overrides[i].name);
	FZ_CHECK(!strcmp(overrides[i].name, verbatim_name) ||
		     guest_cmdline_args(overrides[i].name) == overrides[i].args,
		 "args.%s not its own", overrides[i].name);
}

/* A name given again replaces its item: at most one args. and one on_stop. per guest. */
static void check_names_unique(void)
{
	for (unsigned i = 0; i < nr_overrides; i++)
		for (unsigned j = 0; j < i; j++)
			FZ_CHECK(strcmp(overrides[j].name, overrides[i].name), "args.%s twice",
				 overrides[i].name);
	for (unsigned i = 0; i < nr_initrds; i++)
		for (unsigned j = 0; j < i; j++)
			FZ_CHECK(strcmp(initrds[j].name, initrds[i].name), "initrd.%s twice",
				 initrds[i].name);
	for (unsigned i = 0; i < nr_policies; i++)
		for (unsigned j = 0; j < i; j++)
			FZ_CHECK(strcmp(policies[j].name, policies[i].name), "on_stop.%s twice",
				 policies[i].name);
}

/* The allocator lost exactly the images' frames. */
static void check_frames(void)
{
	struct frame_stats st;
	uint64_t n = 0;

	for (uint64_t i = 0; i < RAM_FRAMES; i++)
		n += reserved[i];
	frame_get_stats(&st);
	FZ_CHECK(st.total == RAM_FRAMES && st.free == RAM_FRAMES - n,
		 "%llu frames free, expected %llu", (unsigned long long)st.free,
		 (unsigned long long)(RAM_FRAMES - n));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	const struct guest_config *c;
	size_t len;
	unsigned n;

	reset();
	bounds.lo = bases[fz_u8(&f) % 4];
	bounds.hi = ends[fz_u8(&f) % 4];
	bounds.avoid = dtbs[fz_u8(&f) % 4];
	bounds.avoid_size = dtb_sizes[fz_u8(&f) % 4];
	len = f.n < LINE_MAX ? f.n : LINE_MAX;
	memcpy(line, f.p, len);
	line[len] = '\0';
	guest_cmdline_parse(line, bounds.lo, bounds.hi, bounds.avoid, bounds.avoid_size);
	n = guest_cmdline_configs(&c);
	FZ_CHECK(n <= GUEST_MAX && nr_overrides <= GUEST_MAX, "%u guests, %u args", n,
		 nr_overrides);
	for (unsigned i = 0; i < n; i++)
		check_config(&c[i]);
	for (unsigned i = 0; i < nr_overrides; i++)
		check_override(i);
	for (unsigned i = 0; i < nr_initrds; i++)
		check_initrd(i);
	check_verbatim();
	check_names_unique();
	check_frames();
	return 0;
}
