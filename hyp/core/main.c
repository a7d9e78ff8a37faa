/* SPDX-License-Identifier: MIT */
/*
 * main.c - boot: read the platform, set up the console, the hart, the frame
 * allocator and the guests, start the other harts, then hand the hart to
 * the scheduler. Only the boot hart (hart 0) runs this.
 */
#include "hyp/core/arch.h"
#include "hyp/core/frame.h"
#include "hyp/core/guest.h"
#include "hyp/core/guest_cmdline.h"
#include "hyp/core/log.h"
#include "hyp/debug/monitor.h"
#include "hyp/drivers/ns16550.h"
#include "hyp/core/platform.h"
#include "hyp/core/sched.h"
#include "hyp/core/smp.h"
#include "hyp/debug/trace.h"

#include <pvabi/pvabi.h>

#define HYP_NAME "rvhyp"
/* QEMU virt's UART, used only to report a device tree we cannot read. */
#define FALLBACK_UART 0x10000000ull

extern char __hyp_start[], __hyp_end[];

void hyp_main(uint64_t hartid, const void *fdt);

static void init_memory(const struct platform *p, const void *fdt)
{
	uint64_t start = (uint64_t)(uintptr_t)__hyp_end;
	uint64_t end = p->ram_base + p->ram_size;
	struct frame_stats st;

	frame_init(HPA(start), end - start);
	frame_reserve(ptr_hpa(fdt), p->fdt_size);
	frame_get_stats(&st);
	log_printf("memory: %llu MiB at 0x%llx, hypervisor %llu KiB, %llu frames free\n",
		   (unsigned long long)(p->ram_size / MiB), (unsigned long long)p->ram_base,
		   (unsigned long long)((start - (uint64_t)(uintptr_t)__hyp_start) / KiB),
		   (unsigned long long)st.free);
}

void hyp_main(uint64_t hartid, const void *fdt)
{
	struct platform plat;
	const char *why = "";

	if (platform_probe(fdt, &plat, &why)) {
		ns16550_init(FALLBACK_UART, 0);
		log_panic("cannot read the device tree at %p: %s\n", fdt, why);
	}
	platform_init_devices(&plat);
	log_printf("%s: RISC-V hypervisor, pvabi %u.%u, hart %llu, timebase %llu Hz\n", HYP_NAME,
		   PVABI_VERSION_MAJOR, PVABI_VERSION_MINOR, (unsigned long long)hartid,
		   (unsigned long long)plat.timebase_hz);
	if (!plat.has_hext)
		log_panic("the CPU (%s) has no H extension: run QEMU with -cpu rv64,h=true\n",
			  plat.isa);
	arch_init();
	smp_init(plat.hartids, plat.nr_harts, hartid);
	if (smp_harts() > 1)
		log_printf("harts: %u\n", smp_harts());
	init_memory(&plat, fdt);
	smp_prepare_others();
	guest_cmdline_parse(plat.bootargs, (uint64_t)(uintptr_t)__hyp_end,
			    plat.ram_base + plat.ram_size, ptr_hpa(fdt).val, plat.fdt_size);
	sched_init(plat.timebase_hz);
	guest_create_all(plat.isa);
	trace_cmdline(plat.bootargs);
	monitor_init();
	smp_start_others();
	sched_run();
}
