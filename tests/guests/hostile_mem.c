/* SPDX-License-Identifier: MIT */
/* hostile_mem.c - the hostile guest's memory and device cases (mem_*), time and scheduling cases
 * (time_*) and floating-point cases (fp_*) (hostile.c runs them). */
#include <stdio.h>
#include <string.h>

#include "hostile.h"

/* ---- the trap entry: records, then resumes at resume_pc (or steps over) ---- */

TG_ENTRY(hostile_trap_entry, hostile_trap);
void hostile_trap_entry(void);
void hostile_trap(void);

static volatile uint64_t traps, trap_cause, trap_epc, trap_tval, resume_pc;

void hostile_trap(void)
{
	uint64_t epc;

	__asm__ __volatile__("csrr %0, scause" : "=r"(trap_cause));
	__asm__ __volatile__("csrr %0, sepc" : "=r"(epc));
	__asm__ __volatile__("csrr %0, stval" : "=r"(trap_tval));
	trap_epc = epc;
	traps++;
	__asm__ __volatile__("csrw sepc, %0" ::"r"(resume_pc ? resume_pc : epc + 4));
}

static int trap_entry_on(void)
{
	return tg_expect("set_trap_table",
			 pvabi_set_trap_table((uintptr_t)hostile_trap_entry).error, 0);
}

/* ================= memory and devices (mem_*) ================= */

static uint64_t ms(uint64_t n);

/* A string looked for in RAM, stored ^ 0x55 so that it is not there itself. */
struct needle {
	const char *masked;
	size_t n;
	unsigned found;
	uint64_t where; /* the first place it was found */
};

/* s ^ 0x55, byte by byte. */
#define M(c) (char)((c) ^ 0x55)

/* One pass over all of RAM, counting each needle where it occurs. */
static void scan_for(struct needle *nd, unsigned nr)
{
	const uint8_t *p = ptr(tg_start->mem_base);
	uint64_t size = tg_start->mem_size;

	for (uint64_t i = 0; i < size; i++) {
		for (unsigned j = 0; j < nr; j++) {
			size_t k = 0;

			if (p[i] != (uint8_t)(nd[j].masked[0] ^ 0x55))
				continue;
			while (k < nd[j].n && i + k < size &&
			       p[i + k] == (uint8_t)(nd[j].masked[k] ^ 0x55))
				k++;
			if (k == nd[j].n && !nd[j].found++)
				nd[j].where = (uintptr_t)p + i;
		}
	}
}

/*
 * Reading every byte of its RAM, which (8 MiB at 0x80000000) spans the host
 * addresses of OpenSBI, the hypervisor and the bystander: none of their
 * strings is there, only its own (the positive control).
 */
static void mem_scan(void)
{
	static const char own[] = { M('h'), M('o'), M('s'), M('t'), M('i'), M('l'), M('e'),
				    M(' '), M('s'), M('c'), M('a'), M('n'), M('!') };
	static const char sbi_s[] = { M('O'), M('p'), M('e'), M('n'), M('S'), M('B'), M('I') };
	static const char hyp_s[] = { M('r'), M('v'), M('h'), M('y'), M('p'), M(':'),
				      M(' '), M('R'), M('I'), M('S'), M('C') };
	static const char ck_s[] = { M('c'), M('k'), M('s'), M('u'), M('m'),
				     M(' '), M('u'), M('p'), M(':') };
	struct needle nd[] = { { own, sizeof(own), 0, 0 },
			       { sbi_s, sizeof(sbi_s), 0, 0 },
			       { hyp_s, sizeof(hyp_s), 0, 0 },
			       { ck_s, sizeof(ck_s), 0, 0 } };

	tg_printf("hostile scan!\n");
	tg_printf("scanning 0x%llx..0x%llx\n", (unsigned long long)tg_start->mem_base,
		  (unsigned long long)ram_end());
	scan_for(nd, 4);
	for (unsigned j = 1; j < 4; j++)
		if (nd[j].found)
			tg_printf("needle %u found at 0x%llx\n", j,
				  (unsigned long long)nd[j].where);
	tg_expect("our own string found", nd[0].found >= 1, 1);
	tg_expect("the firmware's string found", nd[1].found, 0);
	tg_expect("the hypervisor's banner found", nd[2].found, 0);
	tg_expect("the bystander's string found", nd[3].found, 0);
}

/* The pages it may scribble on: all but the start info page and its own image. */
static int scribble_page(uint64_t gpa)
{
	return gpa != tg_start->mem_base && (gpa < ram(2 * MiB) || gpa >= (uintptr_t)__kernel_end);
}

/*
 * Writes a pattern over all of its RAM (where the bystander and the
 * hypervisor live in host memory), the shared info page included, sleeps,
 * and checks the pattern is still there: nobody else's data came in.
 */
static void mem_scribble(void)
{
	const uint64_t pat = 0xdeadbeefcafef00dull;
	uint64_t bad = 0, pages = 0;

	for (uint64_t a = tg_start->mem_base; a < ram_end(); a += PAGE) {
		if (!scribble_page(a))
			continue;
		for (unsigned i = 0; i < PAGE / 8; i++)
			tg_table(a)[i] = pat ^ a ^ i;
		pages++;
	}
	tg_printf("scribbled %llu pages\n", (unsigned long long)pages);
	/* Garbage in evt_pending and evt_mask: the calls that read them. */
	pvabi_set_timer_op(tg_time() + ms(1));
	pvabi_sched_op(PVABI_SCHEDOP_block, 0);
	pvabi_sched_op(PVABI_SCHEDOP_yield, 0);
	pvabi_set_timer_op(0);
	/* The hypervisor writes the shared page: zero it so events work again. */
	memset(ptr(tg_start->shared_info), 0, PAGE);
	tg_sleep_ms(20);
	for (uint64_t a = tg_start->mem_base; a < ram_end(); a += PAGE) {
		if (!scribble_page(a) || a == tg_start->shared_info)
			continue;
		for (unsigned i = 0; i < PAGE / 8; i++)
			bad += tg_table(a)[i] != (pat ^ a ^ i);
	}
	tg_expect("words changed by someone else", (int64_t)bad, 0);
}

/* A load or store where this guest has nothing: it must be stopped. */
static void touch(const char *what, uint64_t addr, int store)
{
	tg_printf("%s %s at 0x%llx\n", store ? "writing" : "reading", what,
		  (unsigned long long)addr);
	if (store)
		*(volatile uint32_t *)ptr(addr) = 0x5555; /* sifive_test: "pass", QEMU exits */
	else
		tg_printf("read 0x%x\n", *(volatile uint32_t *)ptr(addr));
	tg_printf("FAIL: %s at 0x%llx did not stop this guest\n", what, (unsigned long long)addr);
}

static void mem_read_test(void)
{
	touch("sifive_test", SIFIVE_TEST, 0);
}
static void mem_write_test(void)
{
	touch("sifive_test", SIFIVE_TEST, 1);
}
static void mem_read_clint(void)
{
	touch("the CLINT", CLINT + 0x4000, 0);
}
static void mem_write_clint(void)
{
	touch("the CLINT", CLINT + 0x4000, 1);
}
static void mem_read_plic(void)
{
	touch("the PLIC", PLIC + 0x200004, 0);
}
static void mem_write_plic(void)
{
	touch("the PLIC", PLIC + 0x2080, 1);
}
static void mem_read_uart(void)
{
	touch("the UART", UART + 5, 0);
}
static void mem_write_uart(void)
{
	touch("the UART", UART, 1);
}
static void mem_read_rom(void)
{
	touch("the boot ROM", BOOT_ROM, 0);
}
static void mem_read_high(void)
{
	touch("host RAM", HOST_RAM_TOP, 0);
}
static void mem_write_high(void)
{
	touch("host RAM", HOST_RAM_TOP, 1);
}

/*
 * Jump to addr; a0 is what it returns, or 0 after a trap (the trap entry
 * resumes at the label after the call).
 */
static uint64_t exec_at(uint64_t addr)
{
	register uint64_t a0 __asm__("a0") = 0;

	__asm__ __volatile__("la t0, 1f\n"
			     "sd t0, %1\n"
			     "jalr ra, 0(%2)\n"
			     "1:"
			     : "+r"(a0), "=m"(resume_pc)
			     : "r"(addr)
			     : "ra", "t0", "memory");
	resume_pc = 0;
	return a0;
}

static uint32_t code_page[1024] __attribute__((aligned(4096)));

/*
 * Executing data: with paging off it is the guest's own RAM (runs, as on a
 * real hart); through a mapping without X it is an instruction page fault,
 * which the guest's own trap entry gets.
 */
static void mem_exec_data(void)
{
	const uint64_t nx_va = 0x80000000ull + 5 * PAGE;

	code_page[0] = 0x02a00513; /* li a0, 42 */
	code_page[1] = 0x00008067; /* ret */
	__asm__ __volatile__("fence.i" ::: "memory");
	tg_expect("run a data page, paging off", (int64_t)exec_at((uintptr_t)code_page), 42);
	if (!trap_entry_on() || !hostile_live_tree())
		return;
	tg_expect("map it without X",
		  tg_mmu_update1(low_pte(5), tg_leaf((uintptr_t)code_page, R | W | D)), 0);
	tg_expect("flush", tg_mmuext1(PVABI_MMUEXT_INVLPG_LOCAL, nx_va, 0), 0);
	tg_expect("run it through the NX mapping", (int64_t)exec_at(nx_va), 0);
	tg_expect("traps", (int64_t)traps, 1);
	tg_expect("scause", (int64_t)trap_cause, EXC_INST_PAGE_FAULT);
	tg_expect("stval", (int64_t)(trap_tval == nx_va), 1);
	tg_expect("run it where it is mapped X", (int64_t)exec_at((uintptr_t)code_page), 42);
}

/* Jump into a device: nothing to fetch, the guest is stopped. */
static void mem_exec_device(void)
{
	tg_printf("jumping to the UART\n");
	exec_at(UART);
	tg_printf("FAIL: came back from the UART\n");
}

/* ================== time and scheduling (time_*) ================== */

static volatile uint64_t upcalls;

TG_ENTRY(hostile_upcall_entry, hostile_upcall);
void hostile_upcall_entry(void);
void hostile_upcall(void);

/* Each upcall takes the timer event and arms a deadline already past. */
void hostile_upcall(void)
{
	__atomic_fetch_and(&tg_shared()->evt_pending, ~(1ull << PVABI_EVT_timer), __ATOMIC_SEQ_CST);
	upcalls++;
}

static uint64_t ms(uint64_t n)
{
	return tg_start->timebase_hz * n / 1000;
}

/*
 * Timer storms: thousands of deadlines already past (each an upcall),
 * thousands of one-tick sleeps, then a deadline too far to express.
 */
static void time_timer_storm(void)
{
	const unsigned n = 5000;
	uint64_t t0;

	tg_expect("set_callbacks", pvabi_set_callbacks((uintptr_t)hostile_upcall_entry).error, 0);
	__asm__ __volatile__("csrs sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
	for (unsigned i = 0; i < n; i++)
		pvabi_set_timer_op(1); /* long past: fires at once, an upcall on return */
	__asm__ __volatile__("csrc sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
	tg_expect("upcalls from past deadlines", (int64_t)upcalls, n);
	/* SIE clear until block: else the upcall may take the expiry before the block. */
	for (unsigned i = 0; i < n; i++) {
		__asm__ __volatile__("csrc sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
		pvabi_set_timer_op(tg_time() + 1);
		pvabi_sched_op(PVABI_SCHEDOP_block, 0);
	}
	tg_printf("%u one-tick sleeps done\n", n);
	__asm__ __volatile__("csrc sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
	pvabi_set_timer_op((uint64_t)-1);
	t0 = tg_time();
	while (tg_time() - t0 < ms(5))
		;
	tg_expect("deadline -1 never fires", (int64_t)(tg_shared()->evt_pending & 1), 0);
	pvabi_set_timer_op(0);
}

/*
 * Block with no timer and nothing pending: it sleeps (costing nothing)
 * until the test types into its console.
 */
static void time_block_forever(void)
{
	char c = 0;

	pvabi_set_timer_op(0);
	tg_printf("blocking with no timer and no event\n");
	pvabi_sched_op(PVABI_SCHEDOP_block, 0);
	tg_expect("woken by console input", (int64_t)(tg_shared()->evt_pending >> 1 & 1), 1);
	tg_expect("read it",
		  (int64_t)pvabi_console_io(PVABI_CONSOLEIO_read, 1, (uintptr_t)&c).value, 1);
	tg_printf("got '%c'\n", c);
}

/*
 * Spin 300 ms of its time with its interrupts masked and no hypercall: the
 * hypervisor's timer is not its to mask. Gaps in the time it sees are the
 * slices it was preempted for.
 */
static void time_spin_masked(void)
{
	uint64_t t0 = tg_time(), last = t0, now, gaps = 0;

	__asm__ __volatile__("csrc sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
	tg_printf("spinning 300 ms with interrupts masked\n");
	while ((now = tg_time()) - t0 < ms(300)) {
		gaps += now - last > tg_start->timebase_hz / 100000; /* 10 us */
		last = now;
	}
	tg_printf("spun 300 ms, preempted %llu times\n", (unsigned long long)gaps);
	tg_expect("preempted while masked", gaps > 0, 1);
}

/* Never yield, never call the hypervisor again. */
static void time_spin_forever(void)
{
	tg_printf("spinning forever, no hypercall\n");
	for (;;)
		__asm__ __volatile__("" ::: "memory");
}

/* Hypercalls as fast as it can: no one else may notice. */
static void time_hcall_storm(void)
{
	const unsigned n = 100000;
	unsigned ok = 0;

	for (unsigned i = 0; i < n; i++)
		ok += pvabi_version(PVABI_VER_abi, 0).value == PVABI_VERSION;
	tg_expect("version calls answered", ok, n);
}

/* wfi is privileged: an illegal instruction for a PV kernel, thousands of times. */
static void time_wfi_storm(void)
{
	const unsigned n = 5000;

	if (!trap_entry_on())
		return;
	for (unsigned i = 0; i < n; i++)
		__asm__ __volatile__("wfi");
	tg_expect("wfi traps delivered", (int64_t)traps, n);
	tg_expect("scause", (int64_t)trap_cause, EXC_ILLEGAL);
	tg_expect("stval", (int64_t)trap_tval, INSN_WFI);
}

/* ... and without a trap entry, the first one stops the guest. */
static void time_wfi_no_entry(void)
{
	tg_printf("wfi without a trap entry\n");
	__asm__ __volatile__("wfi");
	tg_printf("FAIL: still running after wfi\n");
}

/*
 * A trap loop: stvec (the guest's own CSR) points at an ebreak. Breakpoints
 * are delegated to a PV kernel only once it registered a trap entry, which
 * this one did not: the hypervisor sees the first one and stops the guest
 * (it used to loop in VS-mode for ever, never exiting).
 */
static void time_trap_loop(void)
{
	tg_printf("stvec -> ebreak, then ebreak\n");
	__asm__ __volatile__("la t0, 1f\n"
			     "csrw stvec, t0\n"
			     ".balign 4\n"
			     "1: ebreak\n" ::
				 : "t0");
}

/* ========== floating point between two guests (fp_*, config hostile_fp) ========== */

#define FP_SECRET 0x5ec2e75ec2e75ec2ull
#define FP_ROUNDS 12 /* the secret is FP_SECRET + round */

/* f0..f31 all hold v. Built as an assembler loop over the register names. */
static void fp_fill(uint64_t v)
{
	__asm__ __volatile__(".option push\n.option arch, +d\n"
			     ".irp r,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,"
			     "23,24,25,26,27,28,29,30,31\n"
			     "fmv.d.x f\\r, %0\n"
			     ".endr\n.option pop" ::"r"(v));
}

/* How many of f0..f31 hold a value in [v, v + n). */
static unsigned fp_count_in(uint64_t v, uint64_t n)
{
	uint64_t regs[32];

	__asm__ __volatile__(".option push\n.option arch, +d\n"
			     ".irp r,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,"
			     "23,24,25,26,27,28,29,30,31\n"
			     "fmv.x.d t0, f\\r\n"
			     "sd t0, 8*\\r(%0)\n"
			     ".endr\n.option pop" ::"r"(regs)
			     : "t0", "memory");
	unsigned k = 0;

	for (unsigned i = 0; i < 32; i++)
		k += regs[i] - v < n;
	return k;
}

static unsigned fp_count(uint64_t v)
{
	return fp_count_in(v, 1);
}

/* Our own sstatus.FS becomes fs (one of the SSTATUS_FS_* values, or 0: Off). */
static void fp_state(uint64_t fs)
{
	__asm__ __volatile__("csrc sstatus, %0\ncsrs sstatus, %1" ::"r"(SSTATUS_FS), "r"(fs)
			     : "memory");
}

/* Turn the FPU on; false if this hart (or the hypervisor) does not allow it. */
static int fp_on(void)
{
	if (!trap_entry_on())
		return 0;
	fp_state(SSTATUS_FS_INITIAL);
	resume_pc = 0;
	(void)fp_count(0); /* reads only: the other guest's values stay for the spy */
	if (traps) {
		tg_printf("FP instructions trap (scause %llu): FP off for guests\n",
			  (unsigned long long)trap_cause);
		return 0;
	}
	tg_printf("FP on\n");
	return 1;
}

/*
 * Our own sstatus.FS during a sleep, round by round: Dirty as the writes
 * left it; Clean, as a kernel marks it once it has saved a process's
 * registers (Linux on a context switch); Off, as a kernel runs (Linux in a
 * trap, with a user's registers not yet saved). The hypervisor must keep the
 * registers whatever the guest says of them: only it knows whether the spy
 * ran in between.
 */
static void fp_mark(unsigned round)
{
	if (round % 3 == 1)
		fp_state(SSTATUS_FS_CLEAN);
	else if (round % 3 == 2)
		fp_state(0); /* Off */
}

/* Puts a secret in every FP register, sleeps while the spy runs, looks again. */
static void fp_secret(void)
{
	unsigned kept = 0;

	if (!fp_on())
		return;
	for (unsigned i = 0; i < FP_ROUNDS; i++) {
		/* A new value each round: a stale copy of the last one is no pass. */
		fp_fill(FP_SECRET + i);
		fp_mark(i);
		tg_sleep_ms(5);
		fp_state(SSTATUS_FS_INITIAL);
		kept += fp_count(FP_SECRET + i) == 32;
	}
	tg_expect("sleeps after which our FP registers were intact", kept, FP_ROUNDS);
}

/* Looks at the FP registers after the other guest ran; then overwrites them. */
static void fp_spy(void)
{
	unsigned seen = 0;

	if (!fp_on())
		return;
	for (unsigned i = 0; i < 10; i++) {
		tg_sleep_ms(5);
		seen += fp_count_in(FP_SECRET, FP_ROUNDS);
		fp_fill(0x1111111111111111ull);
	}
	tg_expect("the other guest's FP registers seen", seen, 0);
}

/* ========== vector registers (vec_use, on a hart with V) ========== */

/*
 * The vector registers are not switched between guests, so no guest may
 * use them: with sstatus.VS Off at the hypervisor's level a vector
 * instruction is illegal whatever the guest's own vsstatus.VS says.
 */
static void vec_use(void)
{
	if (!trap_entry_on())
		return;
	__asm__ __volatile__("csrs sstatus, %0" ::"r"(SSTATUS_VS_INITIAL) : "memory");
	resume_pc = 0;
	/* vsetvli t0, zero, e64, m1, ta, ma (encoded: no +v needed to build) */
	__asm__ __volatile__(".4byte 0x0d8072d7" ::: "t0", "memory");
	tg_expect("vector instructions that trapped", (int64_t)traps, 1);
	tg_expect("as illegal instructions", (int64_t)trap_cause, 2);
}

const struct hostile_case hostile_mem_cases[] = {
	{ "mem_scan", mem_scan },
	{ "mem_scribble", mem_scribble },
	{ "mem_read_test", mem_read_test },
	{ "mem_write_test", mem_write_test },
	{ "mem_read_clint", mem_read_clint },
	{ "mem_write_clint", mem_write_clint },
	{ "mem_read_plic", mem_read_plic },
	{ "mem_write_plic", mem_write_plic },
	{ "mem_read_uart", mem_read_uart },
	{ "mem_write_uart", mem_write_uart },
	{ "mem_read_rom", mem_read_rom },
	{ "mem_read_high", mem_read_high },
	{ "mem_write_high", mem_write_high },
	{ "mem_exec_data", mem_exec_data },
	{ "mem_exec_device", mem_exec_device },
	{ "time_timer_storm", time_timer_storm },
	{ "time_block_forever", time_block_forever },
	{ "time_spin_masked", time_spin_masked },
	{ "time_spin_forever", time_spin_forever },
	{ "time_hcall_storm", time_hcall_storm },
	{ "time_wfi_storm", time_wfi_storm },
	{ "time_wfi_no_entry", time_wfi_no_entry },
	{ "time_trap_loop", time_trap_loop },
	{ "fp_secret", fp_secret },
	{ "fp_spy", fp_spy },
	{ "vec_use", vec_use },
	{ NULL, NULL },
};
