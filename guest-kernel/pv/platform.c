/* SPDX-License-Identifier: MIT */
/*
 * platform.c (pv) - the kernel's platform interface as hypercalls: no
 * privileged instruction, no device access, only pvabi calls.
 */
#include <pvabi/guest.h>

#include "kernel/platform.h"

static const struct pvabi_start_info *start_info;

int plat_init(uint64_t a0, uint64_t a1, struct plat_info *info)
{
	struct pvabi_ret r = pvabi_version(PVABI_VER_abi, 0);

	(void)a0;
	start_info = (const struct pvabi_start_info *)(uintptr_t)a1;
	if (start_info->magic != PVABI_START_MAGIC || r.error ||
	    (r.value >> 16) != PVABI_VERSION_MAJOR)
		return -1;
	info->name = start_info->name;
	info->cmdline = start_info->cmdline;
	info->mem_base = start_info->mem_base;
	info->mem_size = start_info->mem_size;
	info->timebase_hz = start_info->timebase_hz;
	info->abi_version = (uint32_t)r.value;
	info->kind = "pvabi";
	return 0;
}

void plat_console_write(const char *buf, size_t n)
{
	while (n) {
		struct pvabi_ret r = pvabi_console_io(PVABI_CONSOLEIO_write, n, (uintptr_t)buf);

		if (r.error || r.value == 0)
			return;
		buf += r.value;
		n -= r.value;
	}
}

uint64_t plat_time(void)
{
	uint64_t t;

	__asm__ __volatile__("rdtime %0" : "=r"(t));
	return t;
}

void plat_set_timer(uint64_t t)
{
	pvabi_set_timer_op(t);
}

void plat_idle(void)
{
	/* Tell the hypervisor we are idle: it runs someone else until our event. */
	pvabi_sched_op(PVABI_SCHEDOP_block, 0);
}

int plat_set_trap_entry(uint64_t entry)
{
	/* A PV kernel never writes stvec: the hypervisor checks and installs it. */
	return (int)pvabi_set_trap_table(entry).error;
}

void plat_shutdown(int crashed)
{
	pvabi_sched_op(PVABI_SCHEDOP_shutdown,
		       crashed ? PVABI_SHUTDOWN_crash : PVABI_SHUTDOWN_poweroff);
	for (;;)
		pvabi_sched_op(PVABI_SCHEDOP_block, 0);
}
