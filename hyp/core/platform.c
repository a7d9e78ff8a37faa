/* SPDX-License-Identifier: MIT */
/*
 * platform.c - reads the machine's description (RAM, UART, timebase, exit
 * device, ISA, the harts) from the firmware's device tree, and drives the devices that
 * end up being described.
 */
#include <string.h>

#include "hyp/lib/fdt.h"
#include "hyp/core/arch.h"
#include "hyp/drivers/goldfish_rtc.h"
#include "hyp/drivers/ns16550.h"
#include "hyp/core/platform.h"
#include "hyp/drivers/sifive_test.h"

static uint64_t platform_exit_base;
/* The wall clock: the RTC read once at boot, then the timebase (no MMIO per read). */
static uint64_t boot_wall_ns, boot_ticks, wall_hz;

static bool isa_has_hext(const char *isa)
{
	/* "rv64imafdch_zicsr..." : single letters run up to the first '_'. */
	if (strncmp(isa, "rv64", 4) != 0)
		return false;
	for (const char *s = isa + 4; *s && *s != '_'; s++)
		if (*s == 'h')
			return true;
	return false;
}

/* A cpu node the firmware can start: status absent or "okay". */
static bool cpu_usable(const struct fdt *f, int cpu)
{
	int len;
	const char *st = fdt_getprop(f, cpu, "status", &len);

	return !st || (len >= 5 && !strncmp(st, "okay", 4));
}

/* Every usable cpu's hart id (its reg), in tree order, up to PLATFORM_HART_MAX. */
static void probe_harts(const struct fdt *f, struct platform *p)
{
	uint64_t id, size;

	for (int cpu = fdt_node_by_type(f, -1, "cpu"); cpu >= 0 && p->nr_harts < PLATFORM_HART_MAX;
	     cpu = fdt_node_by_type(f, cpu, "cpu"))
		if (cpu_usable(f, cpu) && !fdt_get_reg(f, cpu, 0, &id, &size))
			p->hartids[p->nr_harts++] = id;
}

static int probe_cpu(const struct fdt *f, struct platform *p, const char **why)
{
	int cpus = fdt_path_offset(f, "/cpus");
	int cpu = fdt_node_by_type(f, -1, "cpu");
	uint32_t tb;
	const char *isa;
	int len;

	if (cpus < 0 || fdt_read_u32(f, cpus, "timebase-frequency", &tb) || tb == 0) {
		*why = "no /cpus timebase-frequency";
		return -1;
	}
	p->timebase_hz = tb;
	isa = cpu >= 0 ? fdt_getprop(f, cpu, "riscv,isa", &len) : NULL;
	if (!isa || len < 1 || isa[len - 1] != '\0') {
		*why = "no riscv,isa on the first cpu";
		return -1;
	}
	strncpy(p->isa, isa, sizeof(p->isa) - 1);
	p->has_hext = isa_has_hext(isa);
	probe_harts(f, p);
	return 0;
}

static int probe_uart(const struct fdt *f, struct platform *p, const char **why)
{
	int uart = fdt_stdout_node(f);
	uint32_t shift = 0;
	uint64_t size;

	if (uart < 0)
		uart = fdt_node_by_compatible(f, -1, "ns16550a");
	if (uart < 0 || fdt_get_reg(f, uart, 0, &p->uart_base, &size)) {
		*why = "no ns16550a UART";
		return -1;
	}
	fdt_read_u32(f, uart, "reg-shift", &shift); /* absent means 0 */
	p->uart_reg_shift = shift;
	return 0;
}

/* The hypervisor's command line (QEMU -append): optional. */
static void probe_bootargs(const struct fdt *f, struct platform *p)
{
	int len, chosen = fdt_path_offset(f, "/chosen");
	const char *args = chosen >= 0 ? fdt_getprop(f, chosen, "bootargs", &len) : NULL;

	if (args && len > 0 && args[len - 1] == '\0')
		strncpy(p->bootargs, args, sizeof(p->bootargs) - 1);
}

int platform_probe(const void *blob, struct platform *p, const char **why)
{
	struct fdt f;
	int node;
	uint64_t size;

	memset(p, 0, sizeof(*p));
	if (fdt_init(&f, blob)) {
		*why = "the device tree blob is not valid";
		return -1;
	}
	p->fdt_size = fdt_totalsize(blob);
	node = fdt_node_by_type(&f, -1, "memory");
	if (node < 0 || fdt_get_reg(&f, node, 0, &p->ram_base, &p->ram_size)) {
		*why = "no memory node";
		return -1;
	}
	if (probe_cpu(&f, p, why) || probe_uart(&f, p, why))
		return -1;
	node = fdt_node_by_compatible(&f, -1, "sifive,test0");
	if (node >= 0)
		fdt_get_reg(&f, node, 0, &p->exit_base, &size);
	node = fdt_node_by_compatible(&f, -1, "google,goldfish-rtc");
	if (node >= 0)
		fdt_get_reg(&f, node, 0, &p->rtc_base, &size);
	probe_bootargs(&f, p);
	return 0;
}

void platform_init_devices(const struct platform *p)
{
	ns16550_init(p->uart_base, p->uart_reg_shift);
	platform_exit_base = p->exit_base;
	if (p->rtc_base)
		boot_wall_ns = goldfish_rtc_read_ns(p->rtc_base);
	boot_ticks = arch_time();
	wall_hz = p->timebase_hz;
}

uint64_t platform_wall_ns(void)
{
	uint64_t t = arch_time() - boot_ticks;

	if (!wall_hz)
		return boot_wall_ns;
	return boot_wall_ns + t / wall_hz * 1000000000ull + t % wall_hz * 1000000000ull / wall_hz;
}

void platform_exit(int code)
{
	if (platform_exit_base)
		sifive_test_exit(platform_exit_base, code);
}
