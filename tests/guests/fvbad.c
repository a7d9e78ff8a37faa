/* SPDX-License-Identifier: MIT */
/*
 * fvbad.c - a hostile fully virtualized (FV) test guest: an "unmodified
 * kernel" that uses no hypercall, only what a real S-mode hart on QEMU virt
 * has (SBI v1.0, the ns16550, the PLIC, CSRs). It owns its own console
 * (UART polling), its own trap vector (records scause/stval/sepc and steps
 * over the faulting instruction) and a list of checks, one line each:
 * "ok: NAME -> GOT (want WANT)" or "FAIL: ...", then "Test result: ...".
 * Besides SBI errors, interrupts, WFI and devices it sweeps all 4096 CSR
 * numbers (read, then garbage written and the old value put back; it prints
 * the ones it could read), calls every SBI extension with garbage arguments,
 * writes thousands of random values to the UART and PLIC registers, tries an
 * AMO on the PLIC and storms WFI with a timer every 10 us.
 *
 * Last of all, always (no command line needed), it writes satp with an Sv39
 * root outside its RAM: its next fetch faults in the page-table walk, and so
 * does the fetch of its trap vector, so the hypervisor must stop it.
 *
 * Times assume QEMU virt's 10 MHz timebase (the device tree is not read).
 * Linked with tests/guests/tg.ld and entry.S (stack, BSS, kmain), not tg.c.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "fvtg.h"

#define UART_IER 1
#define UART_FCR 2 /* write; IIR on read */
#define UART_IIR 2
#define UART_LCR 3
#define UART_MSR 6
#define UART_SCR 7

#define PLIC_PRIO_UART 0x0c000028ul /* priority[10] */
#define SIFIVE_TEST 0x100000ul
#define VIRTIO_MMIO0 0x10001000ul

#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494d45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464e43
#define SBI_EXT_HSM 0x48534d
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_BOGUS 0x0a000000
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_ERR_INVALID_PARAM (-3)
#define SBI_ERR_ALREADY_AVAILABLE (-6)

#define SIE_SSIE (1ul << 1)
#define SIE_STIE (1ul << 5)
#define SIP_SSIP (1ul << 1)
#define SSTATUS_SIE (1ul << 1)
#define CAUSE_IRQ (1ul << 63)
#define IRQ_S_SOFT 1
#define IRQ_S_TIMER 5
#define EXC_INST_ACCESS 1
#define EXC_ILLEGAL 2
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_ACCESS 7
#define SATP_SV39 (8ul << 60)

#define TICKS_PER_MS 10000ul /* QEMU virt: 10 MHz */
/* Interrupts taken before the handler masks a source that will not go away. */
#define IRQ_STORM 100

void kmain(uint64_t hartid, uint64_t dtb);

/* ---- what the trap handler saw ---- */

static volatile unsigned nr_exc, nr_irq;
static volatile uint64_t exc_cause, exc_tval, exc_epc, irq_cause;

/* ---- console: the emulated ns16550, polled ---- */

/* ---- SBI ---- */

static void set_timer(uint64_t when)
{
	sbi(SBI_EXT_TIME, 0, when, 0, 0);
}

/* ---- the trap vector ---- */

/*
 * Every register is saved: a fault may hit in the middle of any asm
 * sequence below, and the interrupted code must not notice.
 */
/* fv_trap.S: registers saved, fv_trap() called, sret. */

static void take_irq(uint64_t cause)
{
	uint64_t code = cause & ~CAUSE_IRQ;

	irq_cause = cause;
	if (++nr_irq >= IRQ_STORM)
		csr_clear(sie, 1ul << code); /* a line that never drops: stop the storm */
	if (code == IRQ_S_SOFT)
		csr_clear(sip, SIP_SSIP);
	else if (code == IRQ_S_TIMER)
		set_timer(UINT64_MAX);
	else
		csr_clear(sie, 1ul << code); /* nothing else is expected */
}

void fv_trap(void)
{
	uint64_t cause = csr_read(scause);
	uint64_t epc = csr_read(sepc);

	if (cause & CAUSE_IRQ) {
		take_irq(cause);
		return;
	}
	exc_cause = cause;
	exc_tval = csr_read(stval);
	exc_epc = epc;
	nr_exc++;
	if (cause == EXC_INST_ACCESS) {
		/* Nowhere to step to: say so and stop as a failed system. */
		say("FAIL: fetch access fault at 0x%llx\n", (unsigned long long)epc);
		sbi(SBI_EXT_SRST, 0, 0, 1, 0);
	}
	/* Step over it: 32-bit instructions have both low bits set. */
	csr_write(sepc, epc + ((*(volatile uint16_t *)epc & 3) == 3 ? 4 : 2));
}

static void reset_traps(void)
{
	nr_exc = nr_irq = 0;
	exc_cause = exc_tval = exc_epc = irq_cause = 0;
}

/* ---- 1, 2: SBI calls and their error codes ---- */

static void check_sbi_base(void)
{
	struct sbiret r = sbi(SBI_EXT_BASE, 0, 0, 0, 0);

	check("base spec version", (uint64_t)r.value, 0x02000000);
	check("base impl id", (uint64_t)sbi(SBI_EXT_BASE, 1, 0, 0, 0).value, 0x72766879);
	check("probe TIME", (uint64_t)sbi(SBI_EXT_BASE, 3, SBI_EXT_TIME, 0, 0).value, 1);
	check("probe 0x0a000000", (uint64_t)sbi(SBI_EXT_BASE, 3, SBI_EXT_BOGUS, 0, 0).value, 0);
	/* Twice: the hypervisor must log it only once. */
	check("ext 0x0a000000", (uint64_t)sbi(SBI_EXT_BOGUS, 0, 0, 0, 0).error,
	      (uint64_t)SBI_ERR_NOT_SUPPORTED);
	check("ext 0x0a000000 again", (uint64_t)sbi(SBI_EXT_BOGUS, 1, 0, 0, 0).error,
	      (uint64_t)SBI_ERR_NOT_SUPPORTED);
	check("TIME fid 5", (uint64_t)sbi(SBI_EXT_TIME, 5, 0, 0, 0).error,
	      (uint64_t)SBI_ERR_NOT_SUPPORTED);
}

static void check_sbi_errors(void)
{
	struct sbiret r = sbi(SBI_EXT_HSM, 2, 0, 0, 0);

	check("hsm status(0) error", (uint64_t)r.error, 0);
	check("hsm status(0) value", (uint64_t)r.value, 0);
	check("hsm status(1)", (uint64_t)sbi(SBI_EXT_HSM, 2, 1, 0, 0).error,
	      (uint64_t)SBI_ERR_INVALID_PARAM);
	check("hsm hart_start(0)", (uint64_t)sbi(SBI_EXT_HSM, 0, 0, 0x80200000, 0).error,
	      (uint64_t)SBI_ERR_ALREADY_AVAILABLE);
	check("ipi mask 2 base 0", (uint64_t)sbi(SBI_EXT_IPI, 0, 2, 0, 0).error,
	      (uint64_t)SBI_ERR_INVALID_PARAM);
	check("rfence fid 3", (uint64_t)sbi(SBI_EXT_RFENCE, 3, 1, 0, 0).error,
	      (uint64_t)SBI_ERR_NOT_SUPPORTED);
	/* A bad reset type must be refused, not acted on: the next lines prove it. */
	check("srst type 7", (uint64_t)sbi(SBI_EXT_SRST, 0, 7, 0, 0).error,
	      (uint64_t)SBI_ERR_INVALID_PARAM);
}

/* ---- 3: an IPI to itself ---- */

static void spin_a_little(void)
{
	for (volatile int i = 0; i < 100; i++)
		;
}

/*
 * sip.STIP is not read: this QEMU (7.2) masks a VS-mode read of sip with the
 * bits a guest may write (only SSIP), so it reads 0 even while the timer
 * line is up. Whether an interrupt is taken with SIE set is what counts.
 */
static unsigned irqs_when_enabled(void)
{
	unsigned before = nr_irq;

	csr_set(sstatus, SSTATUS_SIE);
	spin_a_little();
	csr_clear(sstatus, SSTATUS_SIE);
	return nr_irq - before;
}

static void check_self_ipi(void)
{
	reset_traps();
	csr_clear(sstatus, SSTATUS_SIE);
	csr_set(sie, SIE_SSIE);
	check("ipi to self", (uint64_t)sbi(SBI_EXT_IPI, 0, 1, 0, 0).error, 0);
	check("ipi pending in sip", (csr_read(sip) & SIP_SSIP) != 0, 1);
	check("ipi interrupts taken", irqs_when_enabled(), 1);
	check("ipi scause", irq_cause, CAUSE_IRQ | IRQ_S_SOFT);
	check("ipi cleared by the handler", csr_read(sip) & SIP_SSIP, 0);
	csr_clear(sie, SIE_SSIE);
}

/* ---- 4: the timer, WFI, and a WFI storm ---- */

/*
 * The timer fires while this guest waits in WFI, so the hypervisor raises
 * it with the vCPU unloaded and must still deliver it once reloaded.
 */
static void check_timer_wfi(void)
{
	uint64_t deadline, woke;

	reset_traps();
	csr_clear(sstatus, SSTATUS_SIE);
	csr_set(sie, SIE_STIE);
	deadline = now() + TICKS_PER_MS;
	set_timer(deadline);
	__asm__ __volatile__("wfi");
	woke = now();
	check("wfi returns after the deadline", woke >= deadline, 1);
	check("timer interrupt after wfi", irqs_when_enabled(), 1);
	check("timer scause", irq_cause, CAUSE_IRQ | IRQ_S_TIMER);
	/* The handler's set_timer(UINT64_MAX) took the line down. */
	check("no timer interrupt after set_timer(max)", irqs_when_enabled(), 0);
}

/* A pending, enabled interrupt with SIE clear: WFI must not block. */
static void check_wfi_storm(void)
{
	unsigned n;

	reset_traps();
	set_timer(now()); /* due at once */
	for (n = 0; n < 1000; n++)
		__asm__ __volatile__("wfi");
	check("wfi storm returned", n, 1000);
	check("storm timer still pending", irqs_when_enabled(), 1);
	set_timer(UINT64_MAX);
	check("no timer interrupt after the storm", irqs_when_enabled(), 0);
	csr_clear(sie, SIE_STIE);
}

/* ---- 5: devices that are not there, and a width the UART refuses ---- */

static void load32(uint64_t addr)
{
	uint64_t v;

	__asm__ __volatile__(".option push\n.option norvc\n"
			     "lw %0, 0(%1)\n.option pop"
			     : "=r"(v)
			     : "r"(addr)
			     : "memory");
	(void)v;
}

static void store32(uint64_t addr, uint64_t v)
{
	__asm__ __volatile__(".option push\n.option norvc\n"
			     "sw %1, 0(%0)\n.option pop" ::"r"(addr),
			     "r"(v)
			     : "memory");
}

/* A 2-byte c.lw that faults: the handler must step 2 bytes, not 4. */
static void load32_compressed(uint64_t addr)
{
	register uint64_t a0 __asm__("a0") = addr;
	register uint64_t a1 __asm__("a1") = 0x1234;

	__asm__ __volatile__(".option push\n.option rvc\n"
			     "c.lw a1, 0(a0)\n.option pop"
			     : "+r"(a1)
			     : "r"(a0)
			     : "memory");
	check("c.lw from sifive_test leaves a1 alone", a1, 0x1234);
}

static void check_fault(const char *what, unsigned want_cause, uint64_t want_tval)
{
	char name[64];

	snprintf(name, sizeof(name), "%s scause", what);
	check(name, nr_exc == 1 ? exc_cause : 1000 + nr_exc, want_cause);
	snprintf(name, sizeof(name), "%s stval", what);
	check(name, exc_tval, want_tval);
}

static void check_missing_devices(void)
{
	reset_traps();
	load32(SIFIVE_TEST);
	check_fault("load sifive_test", EXC_LOAD_ACCESS, SIFIVE_TEST);
	reset_traps();
	store32(VIRTIO_MMIO0, 0x74726976);
	check_fault("store virtio-mmio", EXC_STORE_ACCESS, VIRTIO_MMIO0);
	reset_traps();
	load32(0);
	check_fault("load 0x0", EXC_LOAD_ACCESS, 0);
	reset_traps();
	load32(UART_BASE);
	check_fault("lw uart", EXC_LOAD_ACCESS, UART_BASE);
	reset_traps();
	load32_compressed(SIFIVE_TEST);
	check_fault("c.lw sifive_test", EXC_LOAD_ACCESS, SIFIVE_TEST);
}

/* ---- 6: garbage in the UART's registers ---- */

static void check_uart_garbage(void)
{
	static const uint8_t junk[] = { 0xff, 0x00, 0x5a, 0xa5 };
	uint8_t iir, lsr, msr;

	reset_traps();
	for (unsigned i = 0; i < sizeof(junk); i++)
		for (unsigned off = 1; off <= 7; off++)
			uart_w(off, junk[i]);
	uart_w(UART_LCR, 3); /* 8N1, DLAB off */
	uart_w(UART_IER, 0);
	uart_w(UART_FCR, 0);
	say("uart still works\n");
	iir = uart_r(UART_IIR);
	lsr = uart_r(UART_LSR);
	msr = uart_r(UART_MSR);
	say("uart after garbage: iir 0x%x lsr 0x%x msr 0x%x\n", iir, lsr, msr);
	check("uart garbage faults", nr_exc, 0);
	check("uart lsr thre", (lsr & LSR_THRE) != 0, 1);
	check("uart iir no interrupt", iir & 0xf, 1);
	uart_w(UART_SCR, 0x5a);
	check("uart scratch", uart_r(UART_SCR), 0x5a);
}

/* ---- 7: compressed loads and stores to the PLIC ---- */

static uint64_t plic_cswlw(uint64_t val)
{
	register uint64_t a0 __asm__("a0") = PLIC_PRIO_UART;
	register uint64_t a1 __asm__("a1") = val;
	register uint64_t a2 __asm__("a2") = 0xdead;

	__asm__ __volatile__(".option push\n.option rvc\n"
			     "c.sw a1, 0(a0)\n"
			     "c.lw a2, 0(a0)\n"
			     ".option pop"
			     : "+r"(a2)
			     : "r"(a0), "r"(a1)
			     : "memory");
	return a2;
}

static void check_plic_compressed(void)
{
	reset_traps();
	check("plic c.sw/c.lw priority 5", plic_cswlw(5), 5);
	check("plic c.sw/c.lw priority 0xf keeps 3 bits", plic_cswlw(0xf), 7);
	check("plic c.sw/c.lw priority 0", plic_cswlw(0), 0);
	check("plic faults", nr_exc, 0);
}

/* ---- 8, 9: CSRs a VS-mode kernel must not get ---- */

#define INSN_CSRR_T0_HSTATUS 0x600022f3u /* csrrs t0, hstatus, zero */

static void check_hstatus(void)
{
	uint64_t at;

	reset_traps();
	__asm__ __volatile__("1: csrr t0, 0x600\n"
			     "la %0, 1b"
			     : "=r"(at)
			     :
			     : "t0");
	check("csrr hstatus scause", nr_exc == 1 ? exc_cause : 1000 + nr_exc, EXC_ILLEGAL);
	check("csrr hstatus sepc", exc_epc, at);
	check("csrr hstatus stval", exc_tval, INSN_CSRR_T0_HSTATUS);
}

static void check_bad_satp(void)
{
	reset_traps();
	csr_write(satp, 5ul << 60 | 0x80200);
	check("satp mode 5 ignored", csr_read(satp), 0);
	check("satp faults", nr_exc, 0);
}

/* ---- 10: every CSR number, read, then written with garbage and restored ---- */

#define NR_CSRS 4096
/* The guest's own state it cannot lose for even one instruction. */
#define CSR_SSTATUS 0x100
#define CSR_SIE 0x104
#define CSR_STVEC 0x105
#define CSR_SATP 0x180

static uint32_t csr_code[8] __attribute__((aligned(64)));
static uint8_t csr_readable[NR_CSRS / 8];

static uint32_t insn_csr(unsigned csr, unsigned funct3, unsigned rs1, unsigned rd)
{
	return (uint32_t)csr << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | 0x73;
}

/* Run csr_code (a0 = arg, t0 scratch); exceptions are stepped over by fv_trap. */
static void run_csr_code(uint64_t arg)
{
	register uint64_t a0 __asm__("a0") = arg;

	__asm__ __volatile__("fence.i\n"
			     "jalr ra, 0(%1)"
			     : "+r"(a0)
			     : "r"(csr_code)
			     : "ra", "t0", "memory");
}

/* csrrs t0, csr, zero; ret: readable if it did not trap. */
static int csr_try_read(unsigned csr)
{
	unsigned before = nr_exc;

	csr_code[0] = insn_csr(csr, 2, 0, 5);
	csr_code[1] = 0x00008067; /* ret */
	run_csr_code(0);
	return nr_exc == before;
}

/* Read the old value, write garbage, write the old value back. */
static void csr_try_write(unsigned csr, uint64_t garbage)
{
	csr_code[0] = insn_csr(csr, 2, 0, 5);  /* csrrs t0, csr, zero */
	csr_code[1] = insn_csr(csr, 1, 10, 0); /* csrrw zero, csr, a0 */
	csr_code[2] = insn_csr(csr, 1, 5, 0);  /* csrrw zero, csr, t0 */
	csr_code[3] = 0x00008067;
	run_csr_code(garbage);
}

static void print_readable(void)
{
	char line[120];
	size_t n = 0;

	for (unsigned csr = 0; csr < NR_CSRS; csr++) {
		if (!(csr_readable[csr / 8] & (1u << (csr % 8))))
			continue;
		n += (size_t)snprintf(line + n, sizeof(line) - n, " 0x%03x", csr);
		if (n > sizeof(line) - 8) {
			say("csrs readable:%s\n", line);
			n = 0;
		}
	}
	if (n)
		say("csrs readable:%s\n", line);
}

/*
 * A VS-mode kernel may have only the S-level CSRs (and what they alias) and
 * the counters the hypervisor grants; everything else must be an illegal
 * instruction given back to it, and the sweep must leave it running.
 */
static void check_csr_sweep(void)
{
	unsigned readable = 0;

	reset_traps();
	for (unsigned csr = 0; csr < NR_CSRS; csr++) {
		if (csr_try_read(csr)) {
			csr_readable[csr / 8] |= (uint8_t)(1u << (csr % 8));
			readable++;
		}
	}
	print_readable();
	check("csr sweep: illegal-instruction traps", exc_cause == EXC_ILLEGAL && nr_exc > 3000, 1);
	for (unsigned csr = 0; csr < NR_CSRS; csr++)
		if (csr != CSR_SSTATUS && csr != CSR_SIE && csr != CSR_STVEC && csr != CSR_SATP)
			csr_try_write(csr, 0xa5a5a5a5a5a5a5a5ul);
	say("csr sweep: %u readable, %u traps\n", readable, nr_exc);
	check("csr sweep: still running", csr_read(stvec), (uint64_t)fv_trap_entry);
	csr_clear(sip, SIP_SSIP);
}

/* ---- 11: every SBI extension with garbage arguments ---- */

#define SBI_ERR_INVALID_ADDRESS (-5)
#define G 0xdeadbeefcafef00dul

static void check_sbi_garbage(void)
{
	static const struct {
		const char *name;
		uint64_t ext, fid, a0, a1, a2;
		long want;
	} calls[] = {
		{ "base fid 7", SBI_EXT_BASE, 7, G, G, G, SBI_ERR_NOT_SUPPORTED },
		{ "base fid -1", SBI_EXT_BASE, ~0ul, G, G, G, SBI_ERR_NOT_SUPPORTED },
		{ "base probe -1", SBI_EXT_BASE, 3, ~0ul, G, G, 0 },
		{ "time fid -1", SBI_EXT_TIME, ~0ul, G, G, G, SBI_ERR_NOT_SUPPORTED },
		{ "ipi base 64", SBI_EXT_IPI, 0, 1, 64, G, SBI_ERR_INVALID_PARAM },
		{ "ipi mask -1 base 0", SBI_EXT_IPI, 0, ~0ul, 0, G, SBI_ERR_INVALID_PARAM },
		{ "ipi mask 1 base 1", SBI_EXT_IPI, 0, 1, 1, G, SBI_ERR_INVALID_PARAM },
		{ "ipi mask 0 base 0", SBI_EXT_IPI, 0, 0, 0, G, 0 },
		{ "ipi fid 1", SBI_EXT_IPI, 1, 1, 0, G, SBI_ERR_NOT_SUPPORTED },
		{ "rfence sfence garbage range", SBI_EXT_RFENCE, 1, 1, 0, G, 0 },
		{ "rfence hart 5", SBI_EXT_RFENCE, 0, 1, 5, G, SBI_ERR_INVALID_PARAM },
		{ "rfence fid 6", SBI_EXT_RFENCE, 6, 1, 0, G, SBI_ERR_NOT_SUPPORTED },
		{ "rfence fid -1", SBI_EXT_RFENCE, ~0ul, 1, 0, G, SBI_ERR_NOT_SUPPORTED },
		{ "hsm start hart -1", SBI_EXT_HSM, 0, ~0ul, G, G, SBI_ERR_INVALID_PARAM },
		{ "hsm start hart 0 garbage pc", SBI_EXT_HSM, 0, 0, G, G,
		  SBI_ERR_ALREADY_AVAILABLE },
		{ "hsm status hart -1", SBI_EXT_HSM, 2, ~0ul, G, G, SBI_ERR_INVALID_PARAM },
		{ "hsm suspend garbage type", SBI_EXT_HSM, 3, 0x12345678, G, G,
		  SBI_ERR_INVALID_PARAM },
		{ "hsm suspend type with high bits", SBI_EXT_HSM, 3, 1ul << 32, G, G,
		  SBI_ERR_INVALID_PARAM },
		{ "hsm suspend non-retentive to garbage", SBI_EXT_HSM, 3, 0x80000000ul, G, G,
		  SBI_ERR_INVALID_ADDRESS },
		{ "hsm fid -1", SBI_EXT_HSM, ~0ul, G, G, G, SBI_ERR_NOT_SUPPORTED },
		{ "srst type -1", SBI_EXT_SRST, 0, ~0ul, 0, G, SBI_ERR_INVALID_PARAM },
		{ "srst reason -1", SBI_EXT_SRST, 0, 0, ~0ul, G, SBI_ERR_INVALID_PARAM },
		{ "srst vendor type", SBI_EXT_SRST, 0, 0xf0000000ul, 0, G, SBI_ERR_INVALID_PARAM },
		{ "srst fid 1", SBI_EXT_SRST, 1, 0, 0, G, SBI_ERR_NOT_SUPPORTED },
		{ "legacy send_ipi unmapped mask", 4, 0, 0x1000, G, G, SBI_ERR_INVALID_ADDRESS },
		{ "legacy send_ipi mask past RAM", 4, 0, 0x80400000, G, G,
		  SBI_ERR_INVALID_ADDRESS },
		{ "legacy fence_i mask at sifive_test", 5, 0, SIFIVE_TEST, G, G,
		  SBI_ERR_INVALID_ADDRESS },
		{ "legacy sfence_vma mask -8", 6, 0, ~7ul, G, G, SBI_ERR_INVALID_ADDRESS },
		{ "legacy 9", 9, 0, G, G, G, SBI_ERR_NOT_SUPPORTED },
		{ "legacy 15", 15, 0, G, G, G, SBI_ERR_NOT_SUPPORTED },
		{ "DBCN fid 3", 0x4442434e, 3, 8, 0x80200000, 0, SBI_ERR_NOT_SUPPORTED },
		{ "DBCN write above 64 bits", 0x4442434e, 0, 8, 0x80200000, 1,
		  SBI_ERR_INVALID_PARAM },
		{ "DBCN write unmapped", 0x4442434e, 0, 8, 0x1000, 0, SBI_ERR_INVALID_PARAM },
		{ "DBCN read past RAM", 0x4442434e, 1, 8, 0x80400000, 0, SBI_ERR_INVALID_PARAM },
		{ "PMU", 0x504d55, 0, G, G, G, SBI_ERR_NOT_SUPPORTED },
		{ "the PV hypercall extension", 0x08505641, 18, 0, 4, 0x80200000,
		  SBI_ERR_NOT_SUPPORTED },
		{ "ext -1", ~0ul, ~0ul, G, G, G, SBI_ERR_NOT_SUPPORTED },
	};
	char name[64];

	for (unsigned i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		snprintf(name, sizeof(name), "sbi %s", calls[i].name);
		check(
		    name,
		    (uint64_t)sbi(calls[i].ext, calls[i].fid, calls[i].a0, calls[i].a1, calls[i].a2)
			.error,
		    (uint64_t)calls[i].want);
	}
	/* The odd mask (bit 0 and bit 1): hart 1 does not exist. */
	static const uint64_t mask = 3;
	check("sbi legacy send_ipi mask 3", (uint64_t)sbi(4, 0, (uint64_t)&mask, 0, 0).error,
	      (uint64_t)SBI_ERR_INVALID_PARAM);
	csr_clear(sip, SIP_SSIP);
	set_timer(UINT64_MAX);
}

/* ---- 12: random values in the UART and PLIC registers ---- */

static uint32_t rnd_state = 0x9e3779b9u;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/*
 * Random bytes to every register (a THR byte is made printable: this is
 * about the emulation, not what a terminal does with control bytes), then
 * the driver's usual setup: the UART must still print and report idle.
 */
static void check_uart_random(void)
{
	reset_traps();
	for (unsigned i = 0; i < 4000; i++) {
		unsigned off = rnd() % 8;
		uint8_t val = (uint8_t)rnd();

		if (off == UART_THR && !(uart_r(UART_LCR) & 0x80))
			val = (uint8_t)(0x20 + val % 0x5f);
		uart_w(off, val);
		if (i % 7 == 0)
			(void)uart_r(rnd() % 8);
	}
	uart_w(UART_LCR, 3);
	uart_w(UART_IER, 0);
	uart_w(UART_FCR, 0);
	say("\nuart after 4000 random writes\n");
	check("uart random: faults", nr_exc, 0);
	check("uart random: iir no interrupt", uart_r(UART_IIR) & 0xf, 1);
	check("uart random: lsr thre", (uart_r(UART_LSR) & LSR_THRE) != 0, 1);
}

#define PLIC_BASE 0x0c000000ul
#define PLIC_PENDING (PLIC_BASE + 0x1000)
#define PLIC_ENABLE (PLIC_BASE + 0x2000)
#define PLIC_THRESHOLD (PLIC_BASE + 0x200000)
#define PLIC_CLAIM (PLIC_BASE + 0x200004)

static void plic_w(uint64_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

static uint32_t plic_r(uint64_t addr)
{
	return *(volatile uint32_t *)addr;
}

static void check_plic_random(void)
{
	static const uint64_t regs[] = { PLIC_BASE,	 PLIC_PENDING, PLIC_ENABLE,
					 PLIC_THRESHOLD, PLIC_CLAIM,   PLIC_BASE + 0x3ffffc };

	reset_traps();
	for (unsigned i = 0; i < 2000; i++) {
		uint64_t r = regs[rnd() % 6];

		if (r == PLIC_BASE)
			r += 4 * (rnd() % 64); /* priorities, and past the 32 sources */
		plic_w(r, rnd());
		(void)plic_r(regs[rnd() % 6]);
	}
	plic_w(PLIC_ENABLE, 0);
	plic_w(PLIC_THRESHOLD, 0);
	for (unsigned s = 1; s < 32; s++)
		plic_w(PLIC_CLAIM, s); /* complete anything claimed along the way */
	check("plic random: faults", nr_exc, 0);
	check("plic random: enables cleared", plic_r(PLIC_ENABLE), 0);
	check("plic random: nothing to claim", plic_r(PLIC_CLAIM), 0);
	check("plic random: source 32 priority reads 0", plic_r(PLIC_BASE + 4 * 32), 0);
}

/*
 * An atomic on a device is no plain load or store: not emulated, an access
 * fault. Which one is printed, not checked: a real hart raises a store/AMO
 * fault (7) here, and test_fv_faults.py says what this hypervisor gives.
 */
static void check_plic_amo(void)
{
	uint64_t old = 0x77;

	reset_traps();
	__asm__ __volatile__("amoswap.w %0, %1, (%2)"
			     : "+r"(old)
			     : "r"(5ul), "r"(PLIC_PRIO_UART)
			     : "memory");
	say("amoswap.w plic: %u exception(s), scause %llu, stval 0x%llx\n", nr_exc,
	    (unsigned long long)exc_cause, (unsigned long long)exc_tval);
	check("amoswap.w plic leaves rd alone", old, 0x77);
}

/* ---- 13: a WFI storm with a timer every 10 us ---- */

static void check_wfi_timer_storm(void)
{
	uint64_t t0 = now();
	unsigned n;

	reset_traps();
	csr_clear(sstatus, SSTATUS_SIE);
	csr_set(sie, SIE_STIE);
	for (n = 0; n < 300; n++) {
		set_timer(now() + 100);
		__asm__ __volatile__("wfi");
	}
	set_timer(UINT64_MAX);
	csr_clear(sie, SIE_STIE);
	check("wfi timer storm returned", n, 300);
	check("wfi timer storm waited", now() - t0 >= 300 * 100, 1);
	check("wfi timer storm faults", nr_exc, 0);
}

/* ---- 14: a page-table root outside RAM ---- */

static void wild_satp(void)
{
	say("writing satp: Sv39, root at guest-physical 0x1000000 (outside RAM)\n");
	csr_write(satp, SATP_SV39 | 0x1000);
	__asm__ __volatile__("sfence.vma" ::: "memory");
	/* Not reached: this fetch's page-table walk faults, then the vector's. */
	say("FAIL: still running after the wild satp\n");
	sbi(SBI_EXT_SRST, 0, 0, 1, 0);
}

void kmain(uint64_t hartid, uint64_t dtb)
{
	csr_write(stvec, (uint64_t)fv_trap_entry);
	say("fvbad up: hart %llu, dtb 0x%llx\n", (unsigned long long)hartid,
	    (unsigned long long)dtb);
	check("boot hart id", hartid, 0);
	check_sbi_base();
	check_sbi_errors();
	check_self_ipi();
	check_timer_wfi();
	check_wfi_storm();
	check_missing_devices();
	check_uart_garbage();
	check_plic_compressed();
	check_hstatus();
	check_bad_satp();
	check_csr_sweep();
	check_sbi_garbage();
	check_uart_random();
	check_plic_random();
	check_plic_amo();
	check_wfi_timer_storm();
	if (failures)
		say("Test result: FAIL (%u failed)\n", failures);
	else
		say("Test result: PASS\n");
	wild_satp();
}
