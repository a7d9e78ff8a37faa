/* SPDX-License-Identifier: MIT */
/*
 * badcall.c - a guest that makes invalid hypercalls and SBI calls, prints
 * each result, and shows it is still running afterwards.
 */
#include "tg.h"

/* An ecall with any extension and function number. */
static int64_t raw_ecall(uint64_t ext, uint64_t fid)
{
	register uint64_t a0 __asm__("a0") = 0;
	register uint64_t a1 __asm__("a1") = 0;
	register uint64_t a6 __asm__("a6") = fid;
	register uint64_t a7 __asm__("a7") = ext;

	__asm__ __volatile__("ecall" : "+r"(a0), "+r"(a1) : "r"(a6), "r"(a7) : "memory");
	return (int64_t)a0;
}

static void show(const char *what, struct pvabi_ret r)
{
	tg_printf("%s -> %lld\n", what, (long long)r.error);
}

void tg_main(void)
{
	tg_printf("badcall guest up\n");
	for (int i = 0; i < 3; i++)
		show("hypercall 7", pvabi_hypercall(7, 0, 0, 0, 0, 0));
	show("hypercall 1000", pvabi_hypercall(1000, 0, 0, 0, 0, 0));
	show("hypercall 1001", pvabi_hypercall(1001, 0, 0, 0, 0, 0));
	for (int i = 0; i < 2; i++)
		tg_printf("sbi ext 0x0a000000 -> %lld\n", (long long)raw_ecall(0x0a000000, 0));
	show("probe console_io", pvabi_version(PVABI_VER_probe, PVABI_HC_console_io));
	show("probe 7", pvabi_version(PVABI_VER_probe, 7));
	show("version cmd 99", pvabi_version(99, 0));
	show("console_io unmapped buffer", pvabi_console_io(PVABI_CONSOLEIO_write, 5, 0x1000));
	show("console_io cmd 9", pvabi_console_io(9, 1, 0x1000));
	show("console_io read unmapped", pvabi_console_io(PVABI_CONSOLEIO_read, 4, 0x1000));
	show("sched_op cmd 77", pvabi_sched_op(77, 0));
	show("shutdown reason 99", pvabi_sched_op(PVABI_SCHEDOP_shutdown, 99));
	tg_sleep_ms(20);
	tg_printf("still alive after bad calls\n");
}
