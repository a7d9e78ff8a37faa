/* SPDX-License-Identifier: MIT */
/*
 * zerocheck.c - checks the zero-memory promise of the start info: every
 * range it lists must read as zero. Then it dirties that memory and asks for
 * a reboot (cmdline "reboot"), so the next boot checks that the hypervisor
 * handed it scrubbed frames again; or (cmdline "crash") reports a crash, so
 * that its on_stop policy decides (tests/system/test_containment.py).
 */
#include "tg.h"

/* Our own BSS and stack lie past the image: we wrote them, so skip them. */
extern char __kernel_end[];

static void clip(const struct pvabi_mem_range *r, uint64_t *lo, uint64_t *hi)
{
	uint64_t own_end = (uint64_t)(uintptr_t)__kernel_end;

	*lo = r->base;
	*hi = r->base + r->size;
	if (*lo >= tg_start->image_base && *lo < own_end)
		*lo = own_end < *hi ? own_end : *hi;
}

static uint64_t check_range(const struct pvabi_mem_range *r, uint64_t *nonzero)
{
	uint64_t lo, hi;

	clip(r, &lo, &hi);
	for (const volatile uint64_t *p = (void *)(uintptr_t)lo; (uintptr_t)p < hi; p++)
		if (*p)
			(*nonzero)++;
	return hi - lo;
}

static void dirty_range(const struct pvabi_mem_range *r)
{
	uint64_t lo, hi;

	clip(r, &lo, &hi);
	for (volatile uint64_t *p = (void *)(uintptr_t)lo; (uintptr_t)p < hi; p++)
		*p = 0xa5a5a5a5a5a5a5a5ull;
}

void tg_main(void)
{
	uint64_t bytes = 0, nonzero = 0;

	for (uint32_t i = 0; i < tg_start->nr_zero && i < PVABI_START_MAX_ZERO; i++)
		bytes += check_range(&tg_start->zero[i], &nonzero);
	tg_printf("zero ranges: %u, %llu KiB checked, %llu nonzero words\n", tg_start->nr_zero,
		  (unsigned long long)(bytes >> 10), (unsigned long long)nonzero);
	if (!tg_cmdline_has("reboot") && !tg_cmdline_has("crash"))
		return;
	for (uint32_t i = 0; i < tg_start->nr_zero && i < PVABI_START_MAX_ZERO; i++)
		dirty_range(&tg_start->zero[i]);
	if (tg_cmdline_has("crash")) {
		tg_printf("memory dirtied, crashing\n");
		tg_shutdown(PVABI_SHUTDOWN_crash);
	}
	tg_printf("memory dirtied, rebooting\n");
	tg_shutdown(PVABI_SHUTDOWN_reboot);
}
