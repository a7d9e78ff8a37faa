/* SPDX-License-Identifier: MIT */
/*
 * platform.c (pv) - the kernel's platform interface as hypercalls: no
 * privileged instruction a hypercall replaces, no device access. Start
 * info, console, time and timer, idle (block), trap registration and events.
 * Page tables and memory exchange are in ptbatch.c.
 */
#include <pvabi/guest.h>

#include "kernel/platform.h"
#include "pv.h"

static const struct pvabi_start_info *start_info __bootdata;
static struct pvabi_shared_info *shared __bootdata;
uint64_t pv_hypercalls __bootdata;

#define SSTATUS_SIE 2ul

int plat_init(uint64_t a0, uint64_t a1, struct plat_info *info)
{
	struct pvabi_ret r = pvabi_version(PVABI_VER_abi, 0);
	const struct pvabi_start_info *si = (const struct pvabi_start_info *)(uintptr_t)a1;

	(void)a0;
	pv_hypercalls++;
	if (si->magic != PVABI_START_MAGIC || r.error || (r.value >> 16) != PVABI_VERSION_MAJOR ||
	    (r.value & 0xffff) < 1 || !si->shared_info)
		return -1;
	start_info = si;
	shared = (struct pvabi_shared_info *)(uintptr_t)si->shared_info;
	info->name = si->name;
	info->cmdline = si->cmdline;
	info->mem_base = si->mem_base;
	info->mem_size = si->mem_size;
	info->timebase_hz = si->timebase_hz;
	info->abi_version = (uint32_t)r.value;
	info->kind = "pvabi";
	info->nr_zero = si->nr_zero < PLAT_MAX_ZERO ? si->nr_zero : PLAT_MAX_ZERO;
	for (unsigned i = 0; i < info->nr_zero; i++) {
		info->zero[i].base = si->zero[i].base;
		info->zero[i].size = si->zero[i].size;
	}
	info->nr_reserved = 2;
	info->reserved[0].base = a1 & ~0xffful;
	info->reserved[0].size = 4096;
	info->reserved[1].base = si->shared_info;
	info->reserved[1].size = 4096;
	return 0;
}

void plat_paging_on(uint64_t kva_offset, struct plat_info *info)
{
	start_info = (const void *)((uintptr_t)start_info + kva_offset);
	shared = (void *)((uintptr_t)shared + kva_offset);
	info->name = start_info->name;
	info->cmdline = start_info->cmdline;
	info->kind = (const char *)((uintptr_t)info->kind + kva_offset);
}

void plat_console_write(const char *buf, size_t n)
{
	while (n) {
		struct pvabi_ret r = pvabi_console_io(PVABI_CONSOLEIO_write, n, (uintptr_t)buf);

		pv_hypercalls++;
		if (r.error || r.value == 0)
			return;
		buf += r.value;
		n -= r.value;
	}
}

size_t plat_console_read(char *buf, size_t n)
{
	struct pvabi_ret r = pvabi_console_io(PVABI_CONSOLEIO_read, n, (uintptr_t)buf);

	pv_hypercalls++;
	return r.error ? 0 : r.value;
}

uint64_t plat_time(void)
{
	uint64_t t;

	__asm__ __volatile__("rdtime %0" : "=r"(t));
	return t;
}

void plat_set_timer(uint64_t t)
{
	pv_hypercalls++;
	pvabi_set_timer_op(t);
}

void plat_idle(void)
{
	/*
	 * Block re-enables events and sleeps unless one is pending (atomically):
	 * the hypervisor runs someone else until then. The upcall is taken on
	 * the way back; its sret leaves SIE set, so clear it again.
	 */
	pv_hypercalls++;
	pvabi_sched_op(PVABI_SCHEDOP_block, 0);
	__asm__ __volatile__("csrc sstatus, %0" : : "r"(SSTATUS_SIE) : "memory");
}

int plat_set_trap_entry(uint64_t entry)
{
	/* A PV kernel never writes stvec: the hypervisor checks and installs it. */
	int err = (int)pvabi_set_trap_table(entry).error;

	pv_hypercalls += 2;
	/* Events arrive at the same entry: scause tells them apart. */
	return err ? err : (int)pvabi_set_callbacks(entry).error;
}

unsigned plat_interrupt(uint64_t scause)
{
	uint64_t pending;
	unsigned ev = 0;

	if (scause != PVABI_EVT_SCAUSE)
		return 0;
	pending = __atomic_exchange_n(&shared->evt_pending, 0, __ATOMIC_SEQ_CST);
	if (pending & (1ull << PVABI_EVT_timer))
		ev |= PLAT_EV_TIMER;
	if (pending & (1ull << PVABI_EVT_console))
		ev |= PLAT_EV_CONSOLE;
	return ev;
}

void plat_shutdown(int crashed)
{
	pvabi_sched_op(PVABI_SCHEDOP_shutdown,
		       crashed ? PVABI_SHUTDOWN_crash : PVABI_SHUTDOWN_poweroff);
	for (;;)
		pvabi_sched_op(PVABI_SCHEDOP_block, 0);
}

uint64_t plat_hypercalls(void)
{
	return pv_hypercalls;
}
