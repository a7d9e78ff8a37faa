/* SPDX-License-Identifier: MIT */
/*
 * guest_dt.c - builds a fully virtualized guest's device tree (see
 * guest_dt.h) with the fdtw writer, and derives the guest's ISA string.
 *
 * Node and property names follow what QEMU's virt machine gives an S-mode
 * payload, so the same guest kernels and firmware accept it unchanged.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "hyp/lib/fdtw.h"
#include "hyp/fv/guest_dt.h"

#define GUEST_DT_PH_INTC 1 /* hart 0's interrupt controller */
#define GUEST_DT_PH_PLIC 2
#define GUEST_DT_IRQ_S_EXT 9 /* the hart's S-mode external interrupt */
#define GUEST_DT_NAME_MAX 40 /* "serial@" + 16 hex digits, with room over */
#define GUEST_DT_ISA_MAX 256

/* "prefix@addr" with the address in lower-case hex without leading zeros. */
static void unit_name(char *out, size_t n, const char *prefix, uint64_t addr)
{
	snprintf(out, n, "%s@%llx", prefix, (unsigned long long)addr);
}

/* Appends whole pieces to a bounded string; after one does not fit, none do. */
struct isa_out {
	char *buf;
	size_t n, len;
	bool full;
};

static void isa_put(struct isa_out *o, const char *sep, const char *s, size_t len)
{
	size_t seplen = strlen(sep);

	if (o->full || o->n == 0 || seplen + len >= o->n - o->len) {
		o->full = true;
		return;
	}
	memcpy(o->buf + o->len, sep, seplen);
	memcpy(o->buf + o->len + seplen, s, len);
	o->len += seplen + len;
	o->buf[o->len] = '\0';
}

/* Letters that start a multi-letter extension rather than name a single one. */
static bool isa_multi_start(char c)
{
	return c == 'z' || c == 's' || c == 'x';
}

/*
 * Single letters a guest cannot use: h (it is not nested), and v: the
 * vector registers would have to be switched like the f registers, and
 * sstatus.VS stays Off, so a vector instruction is illegal in a guest.
 */
static bool isa_guest_keeps_letter(char c)
{
	return c != 'h' && c != 'v';
}

/*
 * Multi-letter extensions a guest cannot use: the H extension's own ("h..."),
 * the vector ones ("zv..."), and sstc unless it is given it (its stimecmp
 * needs henvcfg.STCE, which the hypervisor sets only for the guests it tells).
 */
static bool isa_guest_keeps(const char *ext, size_t len, bool sstc)
{
	if (ext[0] == 'h' || (len >= 2 && ext[0] == 'z' && ext[1] == 'v'))
		return false;
	return sstc || !(len == 4 && memcmp(ext, "sstc", 4) == 0);
}

void guest_dt_isa(const char *host_isa, bool sstc, char *out, size_t n)
{
	struct isa_out o = { out, n, 0, false };
	const char *s = host_isa;
	size_t len = 0;

	if (n)
		out[0] = '\0';
	/* "rv64" (or "rv32"): the base, kept whole. */
	if (strncmp(s, "rv", 2) == 0)
		for (len = 2; s[len] >= '0' && s[len] <= '9'; len++)
			;
	isa_put(&o, "", s, len);
	/* Single-letter extensions run up to the first '_' or multi-letter one. */
	for (s += len; *s && *s != '_' && !isa_multi_start(*s); s++)
		if (isa_guest_keeps_letter(*s))
			isa_put(&o, "", s, 1);
	/* Then multi-letter extensions, each written with its leading '_'. */
	while (*s) {
		if (*s == '_') {
			s++;
			continue;
		}
		len = strcspn(s, "_");
		if (isa_guest_keeps(s, len, sstc))
			isa_put(&o, "_", s, len);
		s += len;
	}
}

static void reg_prop(struct fdtw *w, uint64_t base, uint64_t size)
{
	const uint64_t reg[2] = { base, size };

	fdtw_prop_u64s(w, "reg", reg, 2);
}

/* A node named for its first address ("serial@10000000"), begun. */
static void begin_unit(struct fdtw *w, const char *kind, uint64_t base)
{
	char name[GUEST_DT_NAME_MAX];

	unit_name(name, sizeof(name), kind, base);
	fdtw_begin_node(w, name);
}

/* A device's interrupt: its source on the PLIC. */
static void plic_irq_prop(struct fdtw *w, uint32_t irq)
{
	fdtw_prop_u32(w, "interrupts", irq);
	fdtw_prop_u32(w, "interrupt-parent", GUEST_DT_PH_PLIC);
}

static void add_chosen(struct fdtw *w, const struct guest_dt_params *p)
{
	char path[GUEST_DT_NAME_MAX + 8] = "/soc/";

	fdtw_begin_node(w, "chosen");
	/* Always there, "" when none was given: some kernels read it unchecked. */
	fdtw_prop_string(w, "bootargs", p->bootargs ? p->bootargs : "");
	if (p->uart_size) {
		unit_name(path + 5, sizeof(path) - 5, "serial", p->uart_base);
		fdtw_prop_string(w, "stdout-path", path);
	}
	/* Two cells each, as QEMU writes them: Linux reads any width. */
	if (p->initrd_end > p->initrd_start) {
		fdtw_prop_u64s(w, "linux,initrd-start", &p->initrd_start, 1);
		fdtw_prop_u64s(w, "linux,initrd-end", &p->initrd_end, 1);
	}
	/* Linux seeds its random number generator from it and wipes it. */
	if (p->rng_seed && p->rng_seed_len)
		fdtw_prop(w, "rng-seed", p->rng_seed, p->rng_seed_len);
	fdtw_end_node(w);
}

/*
 * Hart h's interrupt controller: hart 0's keeps the phandle it had when a
 * guest had one hart (1, before the PLIC's 2), so a one-hart tree is what it
 * always was; the others follow the PLIC's.
 */
static uint32_t intc_phandle(unsigned h)
{
	return h == 0 ? GUEST_DT_PH_INTC : GUEST_DT_PH_PLIC + h;
}

/* The number of harts: at least one, at most GUEST_DT_HARTS_MAX. */
static unsigned nr_harts(const struct guest_dt_params *p)
{
	if (p->nr_harts > GUEST_DT_HARTS_MAX)
		return GUEST_DT_HARTS_MAX;
	return p->nr_harts < 1 ? 1 : p->nr_harts;
}

static void add_cpu(struct fdtw *w, const char *isa, unsigned h)
{
	char name[GUEST_DT_NAME_MAX];

	snprintf(name, sizeof(name), "cpu@%u", h);
	fdtw_begin_node(w, name);
	fdtw_prop_string(w, "device_type", "cpu");
	fdtw_prop_u32(w, "reg", h);
	fdtw_prop_string(w, "status", "okay");
	fdtw_prop_string(w, "compatible", "riscv");
	fdtw_prop_string(w, "riscv,isa", isa);
	/* Promise only sv39, the one mode every RV64 MMU must have. */
	fdtw_prop_string(w, "mmu-type", "riscv,sv39");
	fdtw_begin_node(w, "interrupt-controller");
	fdtw_prop_u32(w, "#interrupt-cells", 1);
	/* Not in QEMU's tree, but dtc warns about an interrupt provider without it. */
	fdtw_prop_u32(w, "#address-cells", 0);
	fdtw_prop(w, "interrupt-controller", NULL, 0);
	fdtw_prop_string(w, "compatible", "riscv,cpu-intc");
	fdtw_prop_u32(w, "phandle", intc_phandle(h));
	fdtw_end_node(w);
	fdtw_end_node(w);
}

static void add_cpus(struct fdtw *w, const struct guest_dt_params *p)
{
	char isa[GUEST_DT_ISA_MAX];

	guest_dt_isa(p->isa ? p->isa : "rv64imac", p->sstc, isa, sizeof(isa));
	fdtw_begin_node(w, "cpus");
	fdtw_prop_u32(w, "#address-cells", 1);
	fdtw_prop_u32(w, "#size-cells", 0);
	if (p->timebase_hz > UINT32_MAX)
		fdtw_prop_u64s(w, "timebase-frequency", &p->timebase_hz, 1);
	else
		fdtw_prop_u32(w, "timebase-frequency", (uint32_t)p->timebase_hz);
	for (unsigned h = 0; h < nr_harts(p); h++)
		add_cpu(w, isa, h);
	fdtw_end_node(w);
}

static void add_memory(struct fdtw *w, const struct guest_dt_params *p)
{
	begin_unit(w, "memory", p->mem_base);
	fdtw_prop_string(w, "device_type", "memory");
	reg_prop(w, p->mem_base, p->mem_size);
	fdtw_end_node(w);
}

static void add_plic(struct fdtw *w, const struct guest_dt_params *p)
{
	static const char *const compat[] = { "sifive,plic-1.0.0", "riscv,plic0" };
	/* Context h is hart h's S-mode external interrupt (vplic.h: no M-mode contexts). */
	uint32_t ctx[2 * GUEST_DT_HARTS_MAX];
	unsigned n = nr_harts(p);

	for (unsigned h = 0; h < n; h++) {
		ctx[2 * h] = intc_phandle(h);
		ctx[2 * h + 1] = GUEST_DT_IRQ_S_EXT;
	}

	begin_unit(w, "plic", p->plic_base);
	fdtw_prop_strings(w, "compatible", compat, 2);
	fdtw_prop_u32(w, "#interrupt-cells", 1);
	fdtw_prop_u32(w, "#address-cells", 0);
	fdtw_prop(w, "interrupt-controller", NULL, 0);
	reg_prop(w, p->plic_base, p->plic_size);
	fdtw_prop_u32(w, "riscv,ndev", p->plic_ndev);
	fdtw_prop_cells(w, "interrupts-extended", ctx, 2 * n);
	fdtw_prop_u32(w, "phandle", GUEST_DT_PH_PLIC);
	fdtw_end_node(w);
}

static void add_serial(struct fdtw *w, const struct guest_dt_params *p)
{
	begin_unit(w, "serial", p->uart_base);
	fdtw_prop_string(w, "compatible", "ns16550a");
	reg_prop(w, p->uart_base, p->uart_size);
	fdtw_prop_u32(w, "clock-frequency", p->uart_clock_hz);
	if (p->plic_size)
		plic_irq_prop(w, p->uart_irq);
	fdtw_end_node(w);
}

/* QEMU virt's RTC; Linux's driver refuses one without an interrupt. */
static void add_rtc(struct fdtw *w, const struct guest_dt_params *p)
{
	begin_unit(w, "rtc", p->rtc_base);
	plic_irq_prop(w, p->rtc_irq);
	reg_prop(w, p->rtc_base, p->rtc_size);
	fdtw_prop_string(w, "compatible", "google,goldfish-rtc");
	fdtw_end_node(w);
}

static void add_soc(struct fdtw *w, const struct guest_dt_params *p)
{
	fdtw_begin_node(w, "soc");
	fdtw_prop_u32(w, "#address-cells", 2);
	fdtw_prop_u32(w, "#size-cells", 2);
	fdtw_prop_string(w, "compatible", "simple-bus");
	fdtw_prop(w, "ranges", NULL, 0);
	if (p->plic_size)
		add_plic(w, p);
	if (p->uart_size)
		add_serial(w, p);
	if (p->rtc_size && p->plic_size)
		add_rtc(w, p);
	fdtw_end_node(w);
}

long guest_dt_build(const struct guest_dt_params *p, void *buf, size_t size)
{
	static const char *const compat[] = { "rvhyp,fv-guest", "riscv-virtio" };
	struct fdtw w;

	fdtw_init(&w, buf, size);
	fdtw_begin_node(&w, "");
	fdtw_prop_u32(&w, "#address-cells", 2);
	fdtw_prop_u32(&w, "#size-cells", 2);
	fdtw_prop_strings(&w, "compatible", compat, 2);
	fdtw_prop_string(&w, "model", p->name ? p->name : "guest");
	add_chosen(&w, p);
	add_cpus(&w, p);
	add_memory(&w, p);
	add_soc(&w, p);
	fdtw_end_node(&w);
	return fdtw_finish(&w);
}
