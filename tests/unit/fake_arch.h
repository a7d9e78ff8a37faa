/* SPDX-License-Identifier: MIT */
/*
 * fake_arch.h - host fakes for what the core asks of the architecture
 * (hyp/core/arch.h) and of the UART driver (console.h), for the unit tests.
 *
 * All state lives in one struct that a test resets with fake_reset() and then
 * reads or sets directly: the clock, the recorded calls, a window of "guest
 * memory" that arch_copy_{from,to}_guest() translate into, and where a
 * machine exit goes. Include <setjmp.h> (as cmocka wants anyway) first.
 */
#ifndef TESTS_UNIT_FAKE_ARCH_H
#define TESTS_UNIT_FAKE_ARCH_H

#include <setjmp.h>

#include "hyp/core/arch.h"
#include "hyp/core/vcpu.h"

/* A runaway scheduler loop fails the test instead of hanging it. */
#define FAKE_CALL_LIMIT 1000000u

struct fake_state {
	/* arch_time() returns time; arch_timer_set() records timer. */
	uint64_t time;
	uint64_t timer;
	unsigned timer_calls;
	/* arch_wait() sleeps until the armed timer: time = max(time, timer). */
	unsigned wait_calls;
	unsigned init_calls;
	unsigned ipis; /* arch_ipi_send() */

	/* arch_vcpu_init(): the last call's arguments. */
	unsigned vcpu_init_calls;
	struct vcpu *init_vcpu;
	gpa_t init_entry;
	uint64_t init_a0, init_a1, init_time_offset;
	/* arch_ctx_init() and arch_ctx_switch() calls (ucontext underneath). */
	unsigned ctx_inits, ctx_switches;
	/* arch_vcpu_load() and arch_vcpu_run(). */
	unsigned load_calls, run_calls;
	struct vcpu *loaded, *ran;
	/* Called by arch_vcpu_run() to play the guest (one "exit" per call). */
	void (*run_hook)(struct vcpu *v);
	/* Events: the vCPU runs in user mode, or its kernel has SIE set. */
	bool user_mode, sie;
	unsigned events_on_calls;
	/* arch_vcpu_upcall(): the last call's arguments (it clears sie). */
	unsigned upcall_calls;
	struct vcpu *upcall_vcpu;
	uint64_t upcall_entry;
	/* arch_vcpu_set_vsatp(), arch_vcpu_flush_tlb{,_va}(): the last call's arguments. */
	unsigned vsatp_calls, flush_tlb_calls, flush_tlb_va_calls;
	struct vcpu *vsatp_vcpu, *flush_vcpu;
	struct vcpu *print_vcpu; /* the last arch_vcpu_print */
	uint64_t vsatp;
	gva_t flush_va;
	/* arch_vcpu_set_trap_entry(): the last call's arguments. */
	unsigned trap_entry_calls;
	struct vcpu *trap_entry_vcpu;
	uint64_t trap_entry;
	/* arch_gstage_flush(). */
	unsigned gstage_flush_calls;
	uint16_t gstage_flush_vmid;

	/* Guest memory: [mem_gva, mem_gva + mem_len) is mem[]; else -EFAULT. */
	uint64_t mem_gva;
	uint8_t *mem;
	size_t mem_len;
	unsigned copy_faults;

	/* arch_machine_exit(): longjmp to *exit_jmp (disarmed on use), else fail. */
	jmp_buf *exit_jmp;
	unsigned exit_calls;
	int exit_code;
};

extern struct fake_state fake;

/* Forget all recorded calls, guest memory, UART output and input. */
void fake_reset(void);
void fake_guest_mem(uint64_t gva, void *buf, size_t len);

/* Everything uart_putc() got since the last clear, NUL-terminated. */
const char *fake_uart_output(void);
size_t fake_uart_len(void);
void fake_uart_clear(void);
/* Occurrences of s in the captured output. */
unsigned fake_uart_count(const char *s);
/* Queue bytes for uart_getc(). */
void fake_uart_feed(const char *s);

#endif
