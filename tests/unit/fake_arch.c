/* SPDX-License-Identifier: MIT */
/*
 * fake_arch.c - host fakes of the architecture interface (hyp/core/arch.h) and
 * the UART driver entry points (console.h) for the unit tests: a settable
 * clock, recorded calls, a test-owned guest memory window, a captured UART.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include <cmocka.h>

#include <pvabi/errno.h>

#include "tests/unit/fake_arch.h"
#include "hyp/core/console.h"
#include "hyp/core/guest.h"
#include "hyp/core/sched.h"

struct fake_state fake;

/* sched.c's, for the programs that do not link the scheduler. */
__thread uint64_t sched_work_ticks __attribute__((weak));
__thread uint64_t sched_work_insns __attribute__((weak));

#define UART_OUT_MAX (1u << 20)
#define UART_IN_MAX 1024u

static char uart_out[UART_OUT_MAX + 1];
static size_t uart_out_len;
static char uart_in[UART_IN_MAX];
static size_t uart_in_head, uart_in_tail;

void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	fake_uart_clear();
	uart_in_head = uart_in_tail = 0;
}

void fake_guest_mem(uint64_t gva, void *buf, size_t len)
{
	fake.mem_gva = gva;
	fake.mem = buf;
	fake.mem_len = len;
}

/* The host pointer for [gva, gva + n) if it lies inside the window. */
static uint8_t *guest_ptr(uint64_t gva, size_t n)
{
	if (!fake.mem || gva < fake.mem_gva)
		return NULL;
	if (n > fake.mem_len || gva - fake.mem_gva > fake.mem_len - n)
		return NULL;
	return fake.mem + (gva - fake.mem_gva);
}

/* arch.h */

uint64_t arch_time(void)
{
	return fake.time;
}

/* platform.h: the wall clock is the fake clock, read as nanoseconds. */
uint64_t platform_wall_ns(void)
{
	return fake.time;
}

void arch_timer_set(uint64_t t)
{
	fake.timer = t;
	fake.timer_calls++;
}

uint64_t arch_timer_armed(void)
{
	return fake.timer;
}

void arch_wait(void)
{
	if (++fake.wait_calls > FAKE_CALL_LIMIT)
		fail_msg("arch_wait() called %u times: the idle loop never ends", fake.wait_calls);
	/* The hart sleeps until the hypervisor timer fires. */
	if (fake.timer != UINT64_MAX && fake.timer > fake.time)
		fake.time = fake.timer;
}

/*
 * Hypervisor contexts on the host: a ucontext per struct arch_ctx, found by
 * its address, on a stack of the fake's own (host code under the sanitizers
 * needs more than the hypervisor's 16 KiB).
 */
#define FAKE_CTX_MAX 16
#define FAKE_CTX_STACK (256 * 1024)
static struct {
	struct arch_ctx *c;
	ucontext_t uc;
	void (*fn)(void *);
	void *arg;
	void *stack;
} fake_ctx[FAKE_CTX_MAX];

static unsigned fake_ctx_slot(struct arch_ctx *c)
{
	unsigned i;

	for (i = 0; i < FAKE_CTX_MAX && fake_ctx[i].c && fake_ctx[i].c != c; i++)
		;
	if (i == FAKE_CTX_MAX)
		fail_msg("more than %u hypervisor contexts", FAKE_CTX_MAX);
	fake_ctx[i].c = c;
	return i;
}

static void fake_ctx_entry(unsigned i)
{
	fake_ctx[i].fn(fake_ctx[i].arg);
	fail_msg("a hypervisor context returned");
}

void arch_ctx_init(struct arch_ctx *c, void *stack_top, void (*fn)(void *), void *arg)
{
	unsigned i = fake_ctx_slot(c);

	(void)stack_top;
	fake.ctx_inits++;
	if (!fake_ctx[i].stack)
		fake_ctx[i].stack = malloc(FAKE_CTX_STACK);
	fake_ctx[i].fn = fn;
	fake_ctx[i].arg = arg;
	getcontext(&fake_ctx[i].uc);
	fake_ctx[i].uc.uc_stack.ss_sp = fake_ctx[i].stack;
	fake_ctx[i].uc.uc_stack.ss_size = FAKE_CTX_STACK;
	fake_ctx[i].uc.uc_link = NULL;
	makecontext(&fake_ctx[i].uc, (void (*)(void))fake_ctx_entry, 1, i);
}

void arch_ctx_switch(struct arch_ctx *from, const struct arch_ctx *to)
{
	unsigned f = fake_ctx_slot(from), t = fake_ctx_slot((struct arch_ctx *)to);

	fake.ctx_switches++;
	swapcontext(&fake_ctx[f].uc, &fake_ctx[t].uc);
}

void arch_init(void)
{
	fake.init_calls++;
}

/* One hart in these tests (smp.c is never asked to start another): kicks are counted. */
int arch_hart_prepare(unsigned hart)
{
	(void)hart;
	return -1;
}

int arch_hart_start(uint64_t hartid, unsigned hart)
{
	(void)hartid;
	(void)hart;
	return -1;
}

void arch_ipi_send(uint64_t hartid)
{
	(void)hartid;
	fake.ipis++;
}

void arch_ipi_clear(void)
{
}

void arch_vcpu_init(struct vcpu *v, gpa_t entry, uint64_t a0, uint64_t a1, uint64_t time_offset)
{
	fake.vcpu_init_calls++;
	fake.init_vcpu = v;
	fake.init_entry = entry;
	fake.init_a0 = a0;
	fake.init_a1 = a1;
	fake.init_time_offset = time_offset;
	v->regs_reset = true;
}

void arch_vcpu_set_stack(struct vcpu *v, uint64_t sp)
{
	v->arch.regs.x[REG_SP] = sp;
}

void arch_vcpu_load(struct vcpu *v)
{
	fake.load_calls++;
	fake.loaded = v;
}

void arch_vcpu_run(struct vcpu *v)
{
	if (++fake.run_calls > FAKE_CALL_LIMIT)
		fail_msg("arch_vcpu_run() called %u times: the vCPU never yields", fake.run_calls);
	fake.ran = v;
	sched_exit_begin(v); /* the exit begins */
	v->nr_exits++;
	stats_exit(&v->guest->stats, false, 10); /* every fake exit is an ecall */
	if (fake.run_hook)
		fake.run_hook(v);
}

bool arch_vcpu_events_enabled(struct vcpu *v)
{
	(void)v;
	return fake.user_mode || fake.sie;
}

void arch_vcpu_work_waits(struct vcpu *v)
{
	(void)v;
}

void arch_vcpu_events_on(struct vcpu *v)
{
	(void)v;
	fake.events_on_calls++;
	fake.sie = true;
}

void arch_vcpu_upcall(struct vcpu *v, uint64_t entry)
{
	fake.upcall_calls++;
	fake.upcall_vcpu = v;
	fake.upcall_entry = entry;
	fake.sie = false; /* as the hart does when it takes an interrupt */
	fake.user_mode = false;
}

const char *arch_exit_name(bool irq, unsigned cause)
{
	static char name[32];

	snprintf(name, sizeof(name), "%s%u", irq ? "irq" : "exc", cause);
	return name;
}

const char *arch_exit_long_name(bool irq, unsigned cause)
{
	static char name[32];

	snprintf(name, sizeof(name), "%s %u", irq ? "interrupt" : "exception", cause);
	return name;
}

void arch_fw_call_name(uint64_t ext, uint64_t fid, char *buf, size_t n)
{
	snprintf(buf, n, "ext 0x%llx fid %llu", (unsigned long long)ext, (unsigned long long)fid);
}

void arch_vcpu_set_vsatp(struct vcpu *v, uint64_t vsatp)
{
	fake.vsatp_calls++;
	fake.vsatp_vcpu = v;
	fake.vsatp = vsatp;
}

void arch_vcpu_flush_tlb(struct vcpu *v)
{
	fake.flush_tlb_calls++;
	fake.flush_vcpu = v;
}

void arch_vcpu_flush_tlb_va(struct vcpu *v, gva_t va)
{
	fake.flush_tlb_va_calls++;
	fake.flush_vcpu = v;
	fake.flush_va = va;
}

void arch_gstage_flush(uint16_t vmid)
{
	fake.gstage_flush_calls++;
	fake.gstage_flush_vmid = vmid;
}

int arch_copy_from_guest(void *dst, gva_t src, size_t n)
{
	const uint8_t *p = guest_ptr(src.val, n);

	if (!p) {
		fake.copy_faults++;
		return -PVABI_EFAULT;
	}
	memcpy(dst, p, n);
	return 0;
}

int arch_copy_to_guest(gva_t dst, const void *src, size_t n)
{
	uint8_t *p = guest_ptr(dst.val, n);

	if (!p) {
		fake.copy_faults++;
		return -PVABI_EFAULT;
	}
	memcpy(p, src, n);
	return 0;
}

int arch_guest_check_exec(gva_t va)
{
	/* Executable means: inside the fake guest memory window. */
	return guest_ptr(va.val, 2) ? 0 : -PVABI_EFAULT;
}

void arch_vcpu_set_trap_entry(struct vcpu *v, uint64_t entry)
{
	fake.trap_entry_calls++;
	fake.trap_entry_vcpu = v;
	fake.trap_entry = entry;
}

void arch_machine_exit(int code)
{
	jmp_buf *j = fake.exit_jmp;

	fake.exit_calls++;
	fake.exit_code = code;
	if (j) {
		fake.exit_jmp = NULL;
		longjmp(*j, 1);
	}
	fail_msg("unexpected machine exit with code %d; output:\n%s", code, uart_out);
	abort(); /* not reached: fail_msg() leaves the test */
}

/* console.h: the UART */

void uart_putc(char c)
{
	if (uart_out_len == UART_OUT_MAX)
		fail_msg("captured UART output overflows %u bytes", UART_OUT_MAX);
	uart_out[uart_out_len++] = c;
	uart_out[uart_out_len] = '\0';
}

int uart_getc(void)
{
	if (uart_in_tail == uart_in_head)
		return -1;
	return (unsigned char)uart_in[uart_in_tail++ % UART_IN_MAX];
}

const char *fake_uart_output(void)
{
	return uart_out;
}

size_t fake_uart_len(void)
{
	return uart_out_len;
}

void fake_uart_clear(void)
{
	uart_out_len = 0;
	uart_out[0] = '\0';
}

unsigned fake_uart_count(const char *s)
{
	size_t n = strlen(s);
	unsigned count = 0;

	if (!n)
		return 0;
	for (const char *p = uart_out; (p = strstr(p, s)); p += n)
		count++;
	return count;
}

void fake_uart_feed(const char *s)
{
	for (; *s; s++) {
		if (uart_in_head - uart_in_tail == UART_IN_MAX)
			fail_msg("fake UART input queue is full");
		uart_in[uart_in_head++ % UART_IN_MAX] = *s;
	}
}

/* FV interrupt lines: kept per vCPU in the fake's hvip-like word. */
void arch_vcpu_set_irq(struct vcpu *v, enum arch_virq line, bool level)
{
	if (level)
		v->arch.hvip |= 1ull << line;
	else
		v->arch.hvip &= ~(1ull << line);
}

bool arch_vcpu_irq_pending(struct vcpu *v)
{
	return v->arch.hvip != 0;
}

/* The fake hart has no timer of the guests' own. */
uint64_t arch_vcpu_timer_deadline(struct vcpu *v)
{
	(void)v;
	return UINT64_MAX;
}

/* Instructions retired: the fake hart retires one per call. */
uint64_t arch_instret(void)
{
	static uint64_t n;

	return ++n;
}

void arch_vcpu_print(struct vcpu *v)
{
	fake.print_vcpu = v;
}

/* The fake hart has no entry path of its own: every call is counted where it is made. */
void arch_vcpu_add_hcalls(const struct vcpu *v, struct guest_stats *s)
{
	(void)v;
	(void)s;
}

void arch_vcpu_fold_hcalls(struct vcpu *v, struct guest_stats *s)
{
	(void)v;
	(void)s;
}
