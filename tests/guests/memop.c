/* SPDX-License-Identifier: MIT */
/*
 * memop.c - a guest that gives a page back with memory_op and populates it
 * again: it must read zero although the guest wrote it before, and every
 * bad request gets its error. With "touch" on the command line it reads the
 * page while it is given back, which must stop it.
 */
#include <stddef.h>

#include "tg.h"

static uint64_t list[PVABI_MEMOP_BATCH_MAX + 1];

static int64_t memop(uint64_t cmd, uint64_t page, uint64_t count, uint64_t *done)
{
	struct pvabi_ret r;

	list[0] = page;
	r = pvabi_memory_op(cmd, (uintptr_t)list, count);
	if (done)
		*done = r.value;
	return r.error;
}

static uint64_t reservation(void)
{
	return pvabi_memory_op(PVABI_MEMOP_current_reservation, 0, 0).value;
}

static int page_is(volatile const uint64_t *p, uint64_t v)
{
	for (unsigned i = 0; i < 4096 / 8; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

void tg_main(void)
{
	/* A page well past the image, its BSS and stack. */
	uint64_t page = tg_start->mem_base + 3 * 1024 * 1024;
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)page;
	uint64_t pages = reservation(), done = 0;

	tg_printf("memop guest up: %llu pages\n", (unsigned long long)pages);
	for (unsigned i = 0; i < 4096 / 8; i++)
		p[i] = 0xa5a5a5a5a5a5a5a5ull;
	tg_expect("give back", memop(PVABI_MEMOP_decrease_reservation, page, 1, &done), 0);
	tg_expect("pages given back", (int64_t)done, 1);
	tg_expect("reservation after", (int64_t)(pages - reservation()), 1);
	if (tg_cmdline_has("touch")) {
		tg_printf("reading the page it gave back\n");
		tg_printf("read 0x%llx\n", (unsigned long long)p[0]);
		return;
	}
	tg_expect("give back again", memop(PVABI_MEMOP_decrease_reservation, page, 1, NULL),
		  -PVABI_ENOENT);
	tg_expect("populate", memop(PVABI_MEMOP_populate_physmap, page, 1, &done), 0);
	tg_expect("page reads zero", page_is(p, 0), 1);
	tg_expect("populate again", memop(PVABI_MEMOP_populate_physmap, page, 1, NULL),
		  -PVABI_EEXIST);
	tg_expect("reservation restored", (int64_t)(pages - reservation()), 0);
	tg_expect("give back start info",
		  memop(PVABI_MEMOP_decrease_reservation, tg_start->mem_base, 1, NULL),
		  -PVABI_EPERM);
	tg_expect("give back shared info",
		  memop(PVABI_MEMOP_decrease_reservation, tg_start->shared_info, 1, NULL),
		  -PVABI_EPERM);
	tg_expect("give back unaligned", memop(PVABI_MEMOP_decrease_reservation, page + 8, 1, NULL),
		  -PVABI_EINVAL);
	tg_expect("give back outside RAM",
		  memop(PVABI_MEMOP_decrease_reservation, tg_start->mem_base + tg_start->mem_size,
			1, NULL),
		  -PVABI_EINVAL);
	tg_expect("list too long",
		  memop(PVABI_MEMOP_decrease_reservation, page, PVABI_MEMOP_BATCH_MAX + 1, NULL),
		  -PVABI_E2BIG);
	tg_expect("bad list pointer",
		  pvabi_memory_op(PVABI_MEMOP_decrease_reservation, 0x1000, 1).error,
		  -PVABI_EFAULT);
	tg_expect("unknown cmd", pvabi_memory_op(99, 0, 0).error, -PVABI_ENOSYS);
	/* Dirty it again, give it back, take it again: still zero. */
	for (unsigned i = 0; i < 4096 / 8; i++)
		p[i] = 0x5a5a5a5a5a5a5a5aull;
	tg_expect("give back dirty", memop(PVABI_MEMOP_decrease_reservation, page, 1, NULL), 0);
	tg_expect("populate", memop(PVABI_MEMOP_populate_physmap, page, 1, NULL), 0);
	tg_expect("page reads zero", page_is(p, 0), 1);
	tg_result();
}
