/* SPDX-License-Identifier: MIT */
/*
 * trap.c - a guest that registers a trap entry and takes its own exceptions:
 * an illegal instruction and a privileged one (wfi) come back to it with the
 * right scause, sepc and stval. With "satp" on the command line it then
 * changes vsatp behind the hypervisor's back, which must stop it.
 */
#include "tg.h"

/* The trap entry: caller-saved registers kept, tg_trap() called, sret. */
TG_ENTRY(tg_trap_entry, tg_trap);

void tg_trap_entry(void);
void tg_trap(void);

static volatile unsigned traps;
static uint64_t own_root[512] __attribute__((aligned(4096)));

void tg_trap(void)
{
	uint64_t cause, epc, tval;

	__asm__ __volatile__("csrr %0, scause" : "=r"(cause));
	__asm__ __volatile__("csrr %0, sepc" : "=r"(epc));
	__asm__ __volatile__("csrr %0, stval" : "=r"(tval));
	tg_printf("trap: scause %llu sepc 0x%llx stval 0x%llx\n", (unsigned long long)cause,
		  (unsigned long long)epc, (unsigned long long)tval);
	traps++;
	__asm__ __volatile__("csrw sepc, %0" ::"r"(epc + 4)); /* skip it */
}

void tg_main(void)
{
	struct pvabi_ret r;

	tg_printf("set_trap_table(unaligned) -> %lld\n",
		  (long long)pvabi_set_trap_table((uintptr_t)tg_trap_entry + 2).error);
	tg_printf("set_trap_table(unmapped) -> %lld\n",
		  (long long)pvabi_set_trap_table(0x1000).error);
	r = pvabi_set_trap_table((uintptr_t)tg_trap_entry);
	tg_printf("set_trap_table(entry) -> %lld\n", (long long)r.error);
	tg_printf("illegal at 0x%llx\n", (unsigned long long)(uintptr_t) && illegal);
illegal:
	__asm__ __volatile__(".4byte 0");
	__asm__ __volatile__("wfi");
	tg_printf("traps taken: %u\n", traps);
	if (tg_cmdline_has("satp")) {
		/*
		 * Its own Sv39 root mapping RAM with one gigapage, identity: a
		 * root the hypervisor never validated nor installed.
		 */
		own_root[2] = ((0x80000000ull >> 12) << 10) | 0xcf; /* V R W X A D */
		__asm__ __volatile__(
		    "csrw satp, %0" ::"r"((8ull << 60) | ((uintptr_t)own_root >> 12)));
		tg_printf("satp written\n");
		for (;;)
			pvabi_sched_op(PVABI_SCHEDOP_yield, 0);
	}
}
