/* SPDX-License-Identifier: MIT */
/*
 * platform.h - the one interface between the kernel and what it runs on.
 * The paravirtual implementation (pv/) makes hypercalls; the native one
 * (native/: privileged instructions, SBI, a UART and the PLIC found in the
 * device tree) plugs in behind the same calls.
 */
#ifndef KERNEL_PLATFORM_H
#define KERNEL_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PLAT_MAX_ZERO 4
#define PLAT_MAX_RESERVED 8

struct plat_mem_range {
	uint64_t base, size;
};

struct plat_info {
	const char *name; /* this guest's name */
	const char *cmdline;
	uint64_t mem_base, mem_size;
	uint64_t timebase_hz;
	/*
	 * What the kernel runs on, for its banner: kind names the interface below
	 * it, abi_version (major << 16 | minor) is that interface's version:
	 * "pvabi" and the hypercall ABI's (PV); "native on SBI" and the SBI
	 * specification's (native). impl, if not NULL, names who implements it
	 * (OpenSBI, or this hypervisor when fully virtualized), impl_version its
	 * version in the same form.
	 */
	const char *kind;
	uint32_t abi_version;
	const char *impl;
	uint32_t impl_version;
	/* Physical ranges known to hold only zeroes at entry. */
	unsigned nr_zero;
	struct plat_mem_range zero[PLAT_MAX_ZERO];
	/*
	 * Physical ranges the kernel must not allocate: the start and shared
	 * info (PV); the device tree and firmware's reserved memory (native).
	 */
	unsigned nr_reserved;
	struct plat_mem_range reserved[PLAT_MAX_RESERVED];
};

/*
 * Called first, with the registers the kernel was entered with, paging off
 * and the BSS not yet cleared: what it sets must live in __bootdata. Only
 * PC-relative code may run before plat_paging_on().
 */
int plat_init(uint64_t a0, uint64_t a1, struct plat_info *info);
/* Paging is on, the kernel at its higher half: move info's pointers there too. */
void plat_paging_on(uint64_t kva_offset, struct plat_info *info);

/* Variables set before boot() decides whether to clear the BSS. */
#define __bootdata __attribute__((section(".data")))

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

/* True if a page-table page may not be writable in the kernel's own mapping. */
bool plat_pt_tables_readonly(void);
/* True if pages can be given back and got again zeroed (PLAT_MEM_*). */
bool plat_mem_can_exchange(void);
/* True if pages can be zeroed where they are, mapped (PLAT_MEM_ZERO). */
bool plat_mem_can_zero_in_place(void);

/* Page-table and memory requests. Levels: 0 holds leaves, 2 is a root. */
enum plat_pt_kind {
	PLAT_PT_UPDATE,	   /* a = PTE's physical address, b = new value (a live table) */
	PLAT_PT_PIN,	   /* a = table, b = level */
	PLAT_PT_UNPIN,	   /* a = table */
	PLAT_PT_SWITCH,	   /* a = pinned root: the address space (flushes the TLB) */
	PLAT_PT_FLUSH,	   /* flush the TLB */
	PLAT_MEM_RELEASE,  /* a = kernel pointer to b physical page addresses: give back */
	PLAT_MEM_POPULATE, /* the same list: get them back, zeroed */
	PLAT_MEM_ZERO,	   /* the same list: zeroed where they are (mappings stay) */
};

struct plat_pt_op {
	enum plat_pt_kind kind;
	uint64_t a, b;
};

/*
 * Apply n requests in order; they have all taken effect on return. A
 * native platform does each at once; the paravirtual one sends them to
 * the hypervisor together (one multicall). Panics if one is refused: the
 * kernel asked for something the rules forbid, which is a kernel bug.
 */
void plat_pt_apply(const struct plat_pt_op *ops, unsigned n);
/*
 * PLAT_PT_SWITCH alone, at once: what a context switch asks when no other
 * request waits (pt_switch), without building a batch of one.
 */
void plat_pt_switch(uint64_t root_pa);

#endif
