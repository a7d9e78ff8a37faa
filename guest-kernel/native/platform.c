/* SPDX-License-Identifier: MIT */
/*
 * platform.c (native) - the kernel's platform interface for an ordinary
 * S-mode kernel on QEMU virt + OpenSBI, or on a hypervisor that fully
 * virtualizes one: it writes satp and stvec, issues sfence.vma and wfi,
 * sets timers through SBI, and drives an ns16550 UART and the PLIC found in
 * the device tree (a1 at entry; a0 is the hart id).
 *
 * plat_init() runs with paging off before the BSS is cleared: what it finds
 * goes to __bootdata, strings are copied out of the device tree, and
 * nothing here keeps an absolute pointer in data. Devices are reached at
 * their physical address until the kernel's page tables are installed,
 * then through a mapping this file adds to the kernel root at that moment
 * (2 MiB pages at KVA(pa), like RAM's direct map): every address space
 * copies the kernel half of that root, so the devices are always mapped.
 *
 * Build option -DPLAT_IDLE_BUSY: the idle loop spins with interrupts on
 * instead of executing wfi, so the hart never says it is idle.
 */
#include "fdt.h"
#include "kernel/console.h"
#include "kernel/platform.h"
#include "kernel/pt.h"
#include "kernel/vm.h"

extern char __kernel_start[];

#define SSTATUS_SIE (1ul << 1)
#define SIE_SSIE (1ul << 1)
#define SIE_STIE (1ul << 5)
#define SIE_SEIE (1ul << 9)
#define SCAUSE_INTR (1ull << 63)
#define IRQ_S_SOFT 1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT 9
#define SATP_SV39 (8ull << 60)

#define SBI_EXT_LEGACY_SET_TIMER 0
#define SBI_EXT_LEGACY_SHUTDOWN 8
#define SBI_EXT_BASE 0x10
#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_GET_IMPL_ID 1
#define SBI_BASE_GET_IMPL_VERSION 2
#define SBI_BASE_PROBE_EXTENSION 3
#define SBI_IMPL_OPENSBI 1
#define SBI_IMPL_RVHYP 0x72766879 /* this project's hypervisor ("rvhy") */
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_SRST 0x53525354

/* ns16550 registers (index, scaled by reg-shift) and bits. */
#define UART_RBR 0
#define UART_THR 0
#define UART_IER 1
#define UART_LSR 5
#define UART_IER_ERBFI 0x01
#define UART_LSR_DR 0x01
#define UART_LSR_THRE 0x20

/* PLIC layout (riscv,plic0). */
#define PLIC_PRIORITY(irq) (4ul * (irq))
#define PLIC_ENABLE(ctx, irq) (0x2000ul + 0x80ul * (ctx) + 4ul * ((irq) / 32))
#define PLIC_THRESHOLD(ctx) (0x200000ul + 0x1000ul * (ctx))
#define PLIC_CLAIM(ctx) (PLIC_THRESHOLD(ctx) + 4)

#define MEGA (2ul << 20)
#define GIGA (1ul << 30)

/* Everything plat_init() finds: it runs before the BSS is cleared. */
static struct {
	uint64_t io_off; /* 0 until the kernel's tables are live, then KERNEL_VA_OFFSET */
	uint64_t uart, uart_size, plic, plic_size, timebase_hz;
	uint32_t reg_shift, io_width, uart_irq, plic_ctx;
	bool has_plic, sbi_time, sbi_srst;
	char name[64];
	char cmdline[256];
} nat __bootdata;

/* Used only once the BSS is cleared. */
static volatile uint64_t nr_interrupts; /* the busy idle loop watches it */
static uint64_t timer_at = UINT64_MAX;	/* the armed deadline: .data, set before use */
static char ring[256];
static unsigned ring_r, ring_w;
/* The level-1 table that maps the devices (one GiB of physical addresses). */
static pte_t devtab[512] __attribute__((aligned(4096)));
static bool devtab_used;

struct sbiret {
	long error, value;
};

static struct sbiret sbi_call(uint64_t ext, uint64_t fid, uint64_t arg0, uint64_t arg1)
{
	register uint64_t a0 __asm__("a0") = arg0;
	register uint64_t a1 __asm__("a1") = arg1;
	register uint64_t a6 __asm__("a6") = fid;
	register uint64_t a7 __asm__("a7") = ext;

	__asm__ __volatile__("ecall" : "+r"(a0), "+r"(a1) : "r"(a6), "r"(a7) : "memory");
	return (struct sbiret){ (long)a0, (long)a1 };
}

static bool sbi_probe(uint64_t ext)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, ext, 0);

	return r.error == 0 && r.value != 0;
}

/* ---- UART ---- */

static uintptr_t uart_reg(unsigned reg)
{
	return (uintptr_t)(nat.uart + nat.io_off + ((uint64_t)reg << nat.reg_shift));
}

static uint32_t uart_in(unsigned reg)
{
	uintptr_t a = uart_reg(reg);

	return nat.io_width == 4 ? *(volatile uint32_t *)a : *(volatile uint8_t *)a;
}

static void uart_out(unsigned reg, uint32_t v)
{
	uintptr_t a = uart_reg(reg);

	if (nat.io_width == 4)
		*(volatile uint32_t *)a = v;
	else
		*(volatile uint8_t *)a = (uint8_t)v;
}

static void uart_putc(char c)
{
	while (!(uart_in(UART_LSR) & UART_LSR_THRE))
		;
	uart_out(UART_THR, (uint8_t)c);
}

/* Before paging: messages from plat_init (no printf yet). */
static void early_puts(const char *s)
{
	if (!nat.uart)
		return;
	while (*s) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s++);
	}
}

/* Move whatever the UART holds into the ring (drop what does not fit). */
static void uart_drain(void)
{
	while (uart_in(UART_LSR) & UART_LSR_DR) {
		char c = (char)uart_in(UART_RBR);

		if (ring_w - ring_r < sizeof(ring))
			ring[ring_w++ % sizeof(ring)] = c;
	}
}

void plat_console_write(const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		/* The hypervisor's emulated UART drops '\r'; a real terminal needs it. */
		if (buf[i] == '\n')
			uart_putc('\r');
		uart_putc(buf[i]);
	}
}

size_t plat_console_read(char *buf, size_t n)
{
	size_t got = 0;

	uart_drain();
	while (got < n && ring_r != ring_w)
		buf[got++] = ring[ring_r++ % sizeof(ring)];
	return got;
}

/* ---- PLIC ---- */

static volatile uint32_t *plic_reg(uint64_t off)
{
	return (volatile uint32_t *)(uintptr_t)(nat.plic + nat.io_off + off);
}

/* ---- device tree ---- */

static void copy_str(char *dst, size_t max, const char *src, int len)
{
	size_t i = 0;

	for (; src && len > 0 && i < (size_t)len && i + 1 < max && src[i]; i++)
		dst[i] = src[i];
	dst[i] = 0;
}

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/*
 * The UART: /chosen stdout-path (a path or an alias, ":options" ignored), else the
 * first ns16550.
 */
static int find_uart(const struct fdt *f, int chosen)
{
	int len, node = -1;
	const char *p = fdt_getprop(f, chosen, "stdout-path", &len);

	if (!p)
		p = fdt_getprop(f, chosen, "linux,stdout-path", &len);
	if (p && len > 0) {
		size_t n = 0;

		while (n < (size_t)len && p[n] && p[n] != ':')
			n++;
		if (n && p[0] == '/') {
			node = fdt_path(f, p, n);
		} else if (n < 64) {
			char alias[64];
			int alen;
			const char *path;

			copy_str(alias, n + 1, p, (int)n);
			path = fdt_getprop(f, fdt_path(f, "/aliases", 8), alias, &alen);
			if (path && alen > 0)
				node = fdt_path(f, path, str_len(path));
		}
	}
	if (node >= 0 &&
	    (fdt_is_compatible(f, node, "ns16550a") || fdt_is_compatible(f, node, "ns16550")))
		return node;
	node = fdt_by_compatible(f, -1, "ns16550a");
	return node >= 0 ? node : fdt_by_compatible(f, -1, "ns16550");
}

static bool is_plic(const struct fdt *f, int node)
{
	return fdt_is_compatible(f, node, "riscv,plic0") ||
	       fdt_is_compatible(f, node, "sifive,plic-1.0.0");
}

/* The UART's interrupt parent (inherited from its ancestors), if it is a PLIC. */
static int find_plic(const struct fdt *f, int uart)
{
	int node;

	for (node = uart; node >= 0; node = fdt_parent(f, node)) {
		uint32_t ph = fdt_prop_u32(f, node, "interrupt-parent", 0);

		if (ph) {
			int p = fdt_by_phandle(f, ph);

			if (p >= 0 && is_plic(f, p))
				return p;
			break;
		}
	}
	node = fdt_by_compatible(f, -1, "riscv,plic0");
	return node >= 0 ? node : fdt_by_compatible(f, -1, "sifive,plic-1.0.0");
}

/* The phandle of this hart's interrupt controller (riscv,cpu-intc under its cpu node). */
static uint32_t hart_intc(const struct fdt *f, uint64_t hart)
{
	int depth = 0, cpus = fdt_path(f, "/cpus", 5), cpu = -1, cpu_depth = 0;
	int len;

	if (cpus < 0)
		return 0;
	for (int n = fdt_next_node(f, -1, &depth); n >= 0; n = fdt_next_node(f, n, &depth)) {
		const char *type = fdt_getprop(f, n, "device_type", &len);
		uint64_t reg, size;

		if (cpu >= 0 && depth <= cpu_depth)
			break; /* past the cpu node's children */
		if (cpu >= 0 && depth == cpu_depth + 1 &&
		    fdt_is_compatible(f, n, "riscv,cpu-intc")) {
			uint32_t ph = fdt_prop_u32(f, n, "phandle", 0);

			return ph ? ph : fdt_prop_u32(f, n, "linux,phandle", 0);
		}
		if (cpu < 0 && type && len == 4 && type[0] == 'c' && type[1] == 'p' &&
		    type[2] == 'u' && fdt_parent(f, n) == cpus && !fdt_reg(f, n, 0, &reg, &size) &&
		    reg == hart) {
			cpu = n;
			cpu_depth = depth;
		}
	}
	return 0;
}

/* The PLIC context whose interrupts-extended entry is <this hart's intc, 9>: -1 if none. */
static int plic_context(const struct fdt *f, int plic, uint64_t hart)
{
	uint32_t intc = hart_intc(f, hart);
	int len;
	const uint8_t *p = fdt_getprop(f, plic, "interrupts-extended", &len);

	if (!intc || !p)
		return -1;
	for (int i = 0; (i + 1) * 8 <= len; i++)
		if (fdt_be32(p + 8 * i) == intc && fdt_be32(p + 8 * i + 4) == IRQ_S_EXT)
			return i;
	return -1;
}

static bool is_memory(const struct fdt *f, int node)
{
	int len;
	const char *t = fdt_getprop(f, node, "device_type", &len);

	return t && len == 7 && t[0] == 'm' && t[1] == 'e' && t[2] == 'm' && t[3] == 'o' &&
	       t[4] == 'r' && t[5] == 'y';
}

static int reserve(struct plat_info *info, uint64_t base, uint64_t size)
{
	if (!size)
		return 0;
	if (info->nr_reserved == PLAT_MAX_RESERVED) {
		early_puts("native: too many reserved memory ranges\n");
		return -1;
	}
	info->reserved[info->nr_reserved].base = base & ~(PAGE_SIZE - 1);
	info->reserved[info->nr_reserved++].size =
	    PAGE_ROUND_UP(base + size) - (base & ~(PAGE_SIZE - 1));
	return 0;
}

/* RAM: the memory range that holds the kernel (at most 1 GiB of it: the direct map's limit). */
static int find_memory(const struct fdt *f, struct plat_info *info)
{
	uint64_t kernel = (uintptr_t)__kernel_start, base, size;
	int depth = 0;

	for (int n = fdt_next_node(f, -1, &depth); n >= 0; n = fdt_next_node(f, n, &depth)) {
		if (!is_memory(f, n))
			continue;
		for (unsigned i = 0; !fdt_reg(f, n, i, &base, &size); i++) {
			if (kernel < base || kernel >= base + size)
				continue;
			info->mem_base = base;
			info->mem_size = size > GIGA ? GIGA : size;
			return 0;
		}
	}
	return -1;
}

/* The device tree, the memory reservation block and every /reserved-memory child. */
static int find_reserved(const struct fdt *f, uint64_t dtb, struct plat_info *info)
{
	uint64_t base, size;
	int depth = 0, rm = fdt_path(f, "/reserved-memory", 16), rm_depth = 0;

	if (reserve(info, dtb, f->totalsize))
		return -1;
	for (unsigned i = 0; !fdt_memreserve(f, i, &base, &size); i++)
		if (reserve(info, base, size))
			return -1;
	if (rm < 0)
		return 0;
	for (int n = fdt_next_node(f, -1, &depth); n >= 0; n = fdt_next_node(f, n, &depth)) {
		if (n == rm) {
			rm_depth = depth;
			continue;
		}
		if (!rm_depth || depth <= rm_depth) {
			if (rm_depth)
				break;
			continue;
		}
		if (depth != rm_depth + 1)
			continue;
		for (unsigned i = 0; !fdt_reg(f, n, i, &base, &size); i++)
			if (reserve(info, base, size))
				return -1;
	}
	return 0;
}

int plat_init(uint64_t a0, uint64_t a1, struct plat_info *info)
{
	struct fdt fdt, *f = &fdt;
	int root, chosen, cpus, uart, plic, len, ctx, depth = 0;
	const char *s;

	if (fdt_init(f, (const void *)(uintptr_t)a1))
		return -1; /* no device tree, so no UART to say so on */
	root = fdt_next_node(f, -1, &depth);
	chosen = fdt_path(f, "/chosen", 7);
	if ((uart = find_uart(f, chosen)) < 0 || fdt_reg(f, uart, 0, &nat.uart, &nat.uart_size))
		return -1;
	nat.reg_shift = fdt_prop_u32(f, uart, "reg-shift", 0);
	nat.io_width = fdt_prop_u32(f, uart, "reg-io-width", 1);
	nat.uart_irq = fdt_prop_u32(f, uart, "interrupts", 0);
	if (!nat.uart_size)
		nat.uart_size = 8ul << nat.reg_shift;

	s = fdt_getprop(f, root, "model", &len);
	copy_str(nat.name, sizeof(nat.name), s ? s : "native", s ? len : 7);
	s = fdt_getprop(f, chosen, "bootargs", &len);
	copy_str(nat.cmdline, sizeof(nat.cmdline), s, s ? len : 0);

	plic = find_plic(f, uart);
	if (plic >= 0 && nat.uart_irq && !fdt_reg(f, plic, 0, &nat.plic, &nat.plic_size) &&
	    (ctx = plic_context(f, plic, a0)) >= 0) {
		nat.plic_ctx = (uint32_t)ctx;
		nat.has_plic = true;
	} else {
		early_puts("native: no PLIC context for this hart: no console input\n");
	}

	if (find_memory(f, info)) {
		early_puts("native: no memory node holds the kernel\n");
		return -1;
	}
	cpus = fdt_path(f, "/cpus", 5);
	s = fdt_getprop(f, cpus, "timebase-frequency", &len);
	info->timebase_hz = s && len == 8 ? fdt_cells(s, 2) : s && len == 4 ? fdt_be32(s) : 0;
	if (!info->timebase_hz) {
		early_puts("native: no timebase-frequency in /cpus\n");
		return -1;
	}
	nat.timebase_hz = info->timebase_hz;
	if (find_reserved(f, a1, info))
		return -1;

	nat.sbi_time = sbi_probe(SBI_EXT_TIME);
	nat.sbi_srst = sbi_probe(SBI_EXT_SRST);
	info->name = nat.name;
	info->cmdline = nat.cmdline;
	info->nr_zero = 0; /* nothing is known zero: the kernel clears what it allocates */
	return 0;
}

/*
 * For the banner: the SBI version, which is all a native kernel knows of what
 * is below it, and who implements it (OpenSBI, or the hypervisor when fully
 * virtualized). Both encode their version as major << 16 | minor; another
 * implementation's encoding is its own, so it goes unnamed.
 */
static void describe_sbi(struct plat_info *info)
{
	struct sbiret spec = sbi_call(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0);
	struct sbiret id = sbi_call(SBI_EXT_BASE, SBI_BASE_GET_IMPL_ID, 0, 0);
	struct sbiret ver = sbi_call(SBI_EXT_BASE, SBI_BASE_GET_IMPL_VERSION, 0, 0);

	info->kind = "native on SBI";
	if (spec.error) { /* no BASE extension: the legacy SBI v0.1 */
		info->abi_version = 1;
		return;
	}
	info->abi_version = (uint32_t)((spec.value >> 24 & 0x7f) << 16 | (spec.value & 0xffff));
	if (id.value == SBI_IMPL_OPENSBI)
		info->impl = "OpenSBI";
	else if (id.value == SBI_IMPL_RVHYP)
		info->impl = "rvhyp, pvabi"; /* its implementation version is the ABI's */
	info->impl_version = (uint32_t)ver.value;
}

void plat_paging_on(uint64_t kva_offset, struct plat_info *info)
{
	(void)kva_offset;
	/* Running high: the same PC-relative references now give higher-half addresses. */
	info->name = nat.name;
	info->cmdline = nat.cmdline;
	describe_sbi(info);
}

/* ---- time, timer, idle, traps, interrupts ---- */

uint64_t plat_time(void)
{
	uint64_t t;

	__asm__ __volatile__("rdtime %0" : "=r"(t));
	return t;
}

static void sbi_set_timer(uint64_t t)
{
	if (nat.sbi_time)
		sbi_call(SBI_EXT_TIME, 0, t, 0);
	else
		sbi_call(SBI_EXT_LEGACY_SET_TIMER, 0, t, 0);
}

/*
 * A cancelled timer is parked a second ahead rather than at "never": QEMU
 * 7.2 turns a compare value of UINT64_MAX into a deadline of INT64_MAX ns
 * and, with -icount sleep=off, warps its clock there when the hart idles,
 * then fires that timer for ever: QEMU hangs. (The timer as the firmware
 * leaves it does the same, so it is parked at boot too.) The parked timer's
 * interrupt is not an event: it parks again. Idle costs one interrupt a
 * second; under icount the clock jumps a second per wake-up.
 */
#define PARK_SECONDS 1

/* Program the armed deadline, or the park if that is sooner (or nothing is armed). */
static void timer_program(void)
{
	uint64_t park = plat_time() + PARK_SECONDS * nat.timebase_hz;

	sbi_set_timer(timer_at < park ? timer_at : park);
}

void plat_set_timer(uint64_t t)
{
	timer_at = t ? t : UINT64_MAX;
	timer_program();
}

void plat_idle(void)
{
#ifdef PLAT_IDLE_BUSY
	/* Never tell anyone we are idle: spin, interrupts on, until one was handled. */
	uint64_t seen = nr_interrupts;

	__asm__ __volatile__("csrs sstatus, %0" : : "r"(SSTATUS_SIE) : "memory");
	while (nr_interrupts == seen)
		;
	__asm__ __volatile__("csrc sstatus, %0" : : "r"(SSTATUS_SIE) : "memory");
#else
	/*
	 * wfi wakes on an interrupt pending and enabled in sie whatever
	 * sstatus.SIE says; opening SIE for one instruction then takes it
	 * through the kernel's trap entry (kernel_trap), which handles it.
	 */
	__asm__ __volatile__("wfi\n\t"
			     "csrs sstatus, %0\n\t"
			     "csrc sstatus, %0"
			     :
			     : "r"(SSTATUS_SIE)
			     : "memory");
#endif
}

int plat_set_trap_entry(uint64_t entry)
{
	__asm__ __volatile__("csrw stvec, %0" : : "r"(entry) : "memory");
	if (nat.has_plic) {
		*plic_reg(PLIC_PRIORITY(nat.uart_irq)) = 1;
		*plic_reg(PLIC_ENABLE(nat.plic_ctx, nat.uart_irq)) |= 1u << (nat.uart_irq % 32);
		*plic_reg(PLIC_THRESHOLD(nat.plic_ctx)) = 0;
		uart_out(UART_IER, UART_IER_ERBFI);
	}
	timer_program(); /* park it: firmware left it at UINT64_MAX */
	__asm__ __volatile__("csrs sie, %0" : : "r"(SIE_SEIE | SIE_STIE) : "memory");
	return 0;
}

unsigned plat_interrupt(uint64_t scause)
{
	uint64_t code = scause & ~SCAUSE_INTR;
	uint32_t irq;

	nr_interrupts++;
	if (code == IRQ_S_TIMER) {
		/* Programming the timer again clears the pending interrupt. */
		bool due = plat_time() >= timer_at;

		if (due)
			timer_at = UINT64_MAX;
		timer_program();
		return due ? PLAT_EV_TIMER : 0; /* the parked timer is no event */
	}
	if (code == IRQ_S_EXT && nat.has_plic) {
		while ((irq = *plic_reg(PLIC_CLAIM(nat.plic_ctx))) != 0) {
			if (irq == nat.uart_irq)
				uart_drain();
			*plic_reg(PLIC_CLAIM(nat.plic_ctx)) = irq;
		}
		return ring_r != ring_w ? PLAT_EV_CONSOLE : 0;
	}
	if (code == IRQ_S_SOFT)
		__asm__ __volatile__("csrc sip, %0" : : "r"(SIE_SSIE));
	return 0;
}

void plat_shutdown(int crashed)
{
	if (nat.sbi_srst)
		sbi_call(SBI_EXT_SRST, 0, 0 /* shutdown */, crashed ? 1 /* system failure */ : 0);
	sbi_call(SBI_EXT_LEGACY_SHUTDOWN, 0, 0, 0);
	for (;;)
		;
}

uint64_t plat_hypercalls(void)
{
	return 0;
}

/* ---- page tables ---- */

bool plat_pt_tables_readonly(void)
{
	return false;
}

bool plat_mem_can_exchange(void)
{
	return false;
}

bool plat_mem_can_zero_in_place(void)
{
	return false;
}

/*
 * Paging off, the kernel root about to be installed: map [base, base + size)
 * at KVA(base) in 2 MiB pages, read-write, global. Every address space
 * copies the root's kernel half, so this is done once. 0 or -1 if a device
 * shares a 2 MiB page with RAM, or needs a second GiB.
 */
static int map_device(uint64_t root_pa, uint64_t base, uint64_t size)
{
	pte_t *root = (pte_t *)(uintptr_t)root_pa;

	for (uint64_t pa = base & ~(MEGA - 1); pa < base + size; pa += MEGA) {
		uint64_t va = pa + KERNEL_VA_OFFSET;
		pte_t *l1, *pte = &root[PT_INDEX(va, 2)];
		pte_t leaf = PA_PTE(pa) | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G;

		if (pa >= GIGA * 256)
			return -1;
		if (!(*pte & PTE_V)) {
			if (devtab_used)
				return -1; /* devtab already serves another GiB */
			devtab_used = true;
			*pte = PA_PTE((uintptr_t)devtab) | PTE_V;
		}
		if (*pte & PTE_LEAF)
			return -1;
		l1 = (pte_t *)(uintptr_t)PTE_PA(*pte);
		if (l1[PT_INDEX(va, 1)] == leaf)
			continue;
		if (l1[PT_INDEX(va, 1)] & PTE_V)
			return -1;
		l1[PT_INDEX(va, 1)] = leaf;
	}
	return 0;
}

static void switch_root(uint64_t root_pa)
{
	if (!nat.io_off) {
		/* The kernel's first root: add the devices before it goes live. */
		if (map_device(root_pa, nat.uart, nat.uart_size) ||
		    (nat.has_plic && map_device(root_pa, nat.plic, nat.plic_size))) {
			early_puts("native: cannot map the devices next to RAM\n");
			plat_shutdown(1);
		}
	}
	__asm__ __volatile__("csrw satp, %0\n\t"
			     "sfence.vma"
			     :
			     : "r"(SATP_SV39 | root_pa >> 12)
			     : "memory");
	nat.io_off = KERNEL_VA_OFFSET;
}

void plat_pt_switch(uint64_t root_pa)
{
	switch_root(root_pa);
}

void plat_pt_apply(const struct plat_pt_op *ops, unsigned n)
{
	bool stale = false; /* a PTE changed since the last flush */

	for (unsigned i = 0; i < n; i++) {
		const struct plat_pt_op *o = &ops[i];

		if (o->kind == PLAT_PT_UPDATE) {
			*(volatile pte_t *)(uintptr_t)(o->a + nat.io_off) = o->b;
			stale = true;
		} else if (o->kind == PLAT_PT_PIN || o->kind == PLAT_PT_UNPIN) {
			/* nothing to do: tables are ordinary memory */
		} else if (o->kind == PLAT_PT_SWITCH) {
			switch_root(o->a);
			stale = false;
		} else if (o->kind == PLAT_PT_FLUSH) {
			__asm__ __volatile__("sfence.vma" : : : "memory");
			stale = false;
		} else {
			kpanic("native platform: page-table request %u is not supported",
			       (unsigned)o->kind);
		}
	}
	/* Changes take effect on return: new mappings too, on harts that cache misses. */
	if (stale)
		__asm__ __volatile__("sfence.vma" : : : "memory");
}
