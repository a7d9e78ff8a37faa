/* SPDX-License-Identifier: MIT */
/*
 * platform.h - the one interface between the kernel and what it runs on.
 * The paravirtual implementation (pv/) makes hypercalls; a native one
 * (privileged instructions, SBI, a UART) plugs in behind the same calls.
 *
 * Page-table changes are requests: plat_pt_*() may queue them, and
 * plat_pt_commit() makes every queued request take effect, in order. A
 * native platform applies each at once; the paravirtual one sends the whole
 * queue to the hypervisor in one multicall.
 */
#ifndef KERNEL_PLATFORM_H
#define KERNEL_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PLAT_MAX_ZERO 4

struct plat_mem_range {
	uint64_t base, size;
};

struct plat_info {
	const char *name;    /* this guest's name */
	const char *cmdline;
	uint64_t mem_base, mem_size;
	uint64_t timebase_hz;
	uint32_t abi_version; /* hypervisor ABI (PV), 0 when native */
	const char *kind;    /* "pvabi" or "native" */
	/* Physical ranges known to hold only zeroes at entry. */
	unsigned nr_zero;
	struct plat_mem_range zero[PLAT_MAX_ZERO];
	/* Physical pages the kernel must not allocate (start and shared info). */
	uint64_t reserved[2];
};

/*
 * Called first, with the registers the kernel was entered with, paging off.
 * Only PC-relative code may run before plat_paging_on().
 */
int plat_init(uint64_t a0, uint64_t a1, struct plat_info *info);
/* Paging is on and the kernel runs at its higher-half addresses. */
void plat_paging_on(uint64_t kva_offset);

void plat_console_write(const char *buf, size_t n);
/* Bytes of pending console input copied to buf (never blocks). */
size_t plat_console_read(char *buf, size_t n);
/* Current time in timebase ticks. */
uint64_t plat_time(void);
/* Arm the one-shot timer at absolute time t; 0 cancels. */
void plat_set_timer(uint64_t t);
/* With interrupts disabled: wait for an interrupt, handle it, return. */
void plat_idle(void);
/* Make entry the kernel's trap vector (interrupts arrive there too). */
int plat_set_trap_entry(uint64_t entry);
/* A trap with the interrupt bit set arrived: what it means (PLAT_EV_*). */
#define PLAT_EV_TIMER 1u   /* the one-shot timer fired */
#define PLAT_EV_CONSOLE 2u /* console input is waiting */
unsigned plat_interrupt(uint64_t scause);
/* Stop this kernel; crashed is true for a panic. */
void plat_shutdown(int crashed) __attribute__((noreturn));
/* Hypercalls made so far (0 when native). */
uint64_t plat_hypercalls(void);

/* Page tables. Levels: 0 holds leaves, 2 is a root. */
/* True if a page-table page may not be writable in the kernel's own mapping. */
bool plat_pt_tables_readonly(void);
/* Store val in the PTE at physical address pte_pa (a live table). */
void plat_pt_update(uint64_t pte_pa, uint64_t val);
void plat_pt_pin(uint64_t table_pa, int level);
void plat_pt_unpin(uint64_t table_pa);
/* Install a pinned root as the address space (flushes the TLB). */
void plat_pt_switch(uint64_t root_pa);
void plat_pt_flush_tlb(void);
/* Apply everything queued; panics if the platform refused a request. */
void plat_pt_commit(void);

/* Memory: give pages back and get zeroed ones (false if not supported). */
bool plat_mem_can_exchange(void);
/* Queued like page-table requests: the pages must be unmapped first. */
void plat_mem_release(const uint64_t *pas, unsigned n);
void plat_mem_populate(const uint64_t *pas, unsigned n);

#endif
