/* SPDX-License-Identifier: MIT */
/*
 * main.c - the guest kernel's start. boot() runs with paging off at the
 * load address: it clears the BSS unless the platform says it is already
 * zero, and builds the kernel's mapping. kmain() runs at the higher half:
 * page allocator, file system, the first process, then the scheduler.
 */
#include <stdio.h>
#include <string.h>

#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/demo.h"
#include "kernel/fs.h"
#include "kernel/kalloc.h"
#include "kernel/platform.h"
#include "kernel/proc.h"
#include "kernel/trap.h"
#include "kernel/vm.h"

void boot(uint64_t a0, uint64_t a1);
void kmain(uint64_t a0, uint64_t a1);

extern char __kernel_start[], __text_end[], __bss_start[], __bss_end[], __kernel_end[];
extern const char fs_image_start[], fs_image_end[];

static struct plat_info info __bootdata;
static uint64_t boot_bss_bytes __bootdata; /* bytes boot() cleared */

static bool page_reserved(uint64_t pa, const struct plat_info *pi)
{
	for (unsigned i = 0; i < pi->nr_reserved && i < PLAT_MAX_RESERVED; i++)
		if (pa + PAGE_SIZE > pi->reserved[i].base &&
		    pa < pi->reserved[i].base + pi->reserved[i].size)
			return true;
	return false;
}

static bool range_zero(uint64_t start, uint64_t end, const struct plat_info *pi)
{
	for (unsigned i = 0; i < pi->nr_zero; i++)
		if (start >= pi->zero[i].base && end <= pi->zero[i].base + pi->zero[i].size)
			return true;
	return false;
}

/* Paging off, PC-relative only: every symbol address here is physical. */
void boot(uint64_t a0, uint64_t a1)
{
	uint64_t bss = (uintptr_t)__bss_start, bss_end = (uintptr_t)__bss_end;

	if (plat_init(a0, a1, &info))
		plat_shutdown(1);
	if (!range_zero(bss, bss_end, &info)) {
		memset(__bss_start, 0, bss_end - bss);
		boot_bss_bytes = bss_end - bss;
	}
	if (vm_boot(&info, (uintptr_t)__kernel_start, (uintptr_t)__text_end,
		    (uintptr_t)__kernel_end))
		plat_shutdown(1);
}

/*
 * Every page above the boot tables, and below the kernel, is free. With
 * zeroinfo=0 on the command line the kernel ignores what the platform says
 * is zero (to measure the information gap, and to test memory exchange).
 */
static void add_free_memory(void)
{
	uint64_t lo = KPA(__kernel_start);
	bool trust = cmdline_u64(info.cmdline, "zeroinfo", 1) != 0;

	for (uint64_t pa = info.mem_base; pa < info.mem_base + info.mem_size; pa += PAGE_SIZE) {
		if ((pa >= lo && pa < vm_boot_end()) || page_reserved(pa, &info))
			continue;
		kalloc_add(pa, pa + PAGE_SIZE, trust && range_zero(pa, pa + PAGE_SIZE, &info));
	}
}

/* "guest kernel on NAME, pvabi 1.1, ..." or "..., native on SBI 1.0 (OpenSBI 1.1), ...":
 * one line, written at once (a hypervisor prefixes whole lines). */
static void print_banner(void)
{
	char impl[48] = "";

	if (info.impl)
		snprintf(impl, sizeof(impl), " (%s %u.%u)", info.impl, info.impl_version >> 16,
			 info.impl_version & 0xffff);
	kprintf("guest kernel on %s, %s %u.%u%s, %llu MiB RAM, cmdline \"%s\"\n", info.name,
		info.kind, info.abi_version >> 16, info.abi_version & 0xffff, impl,
		(unsigned long long)(info.mem_size >> 20), info.cmdline);
}

void kmain(uint64_t a0, uint64_t a1)
{
	static char rc[128];
	int err;

	(void)a0;
	(void)a1;
	plat_paging_on(KERNEL_VA_OFFSET, &info);
	vm_init();
	if ((err = trap_init()))
		kpanic("cannot register the trap entry: error %d", err);
	add_free_memory();
	kalloc_note_zeroed(boot_bss_bytes);
	proc_set_timebase(info.timebase_hz);
	print_banner();
	demo_run(info.cmdline, info.timebase_hz);
	if ((err = fs_init(fs_image_start, (size_t)(fs_image_end - fs_image_start))))
		kpanic("cannot load the file system image: error %d", err);
	/* rc=SCRIPT: init runs that script instead of a shell, then powers off. */
	proc_start_init(cmdline_str(info.cmdline, "rc", rc, sizeof(rc)) ? rc : NULL);
	proc_scheduler();
}
