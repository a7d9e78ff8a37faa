/* SPDX-License-Identifier: MIT */
/* tg.c - entry glue and helpers shared by the test guests. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tg.h"

const struct pvabi_start_info *tg_start;
static unsigned failures;

void kmain(uint64_t a0, uint64_t a1);

void kmain(uint64_t a0, uint64_t a1)
{
	(void)a0;
	tg_start = (const struct pvabi_start_info *)(uintptr_t)a1;
	tg_main();
	tg_shutdown(PVABI_SHUTDOWN_poweroff);
}

void tg_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (n > 0)
		pvabi_console_io(PVABI_CONSOLEIO_write, (uint64_t)n, (uintptr_t)buf);
}

void tg_shutdown(uint64_t reason)
{
	pvabi_sched_op(PVABI_SCHEDOP_shutdown, reason);
	for (;;)
		pvabi_sched_op(PVABI_SCHEDOP_block, 0);
}

uint64_t tg_time(void)
{
	uint64_t t;

	__asm__ __volatile__("rdtime %0" : "=r"(t));
	return t;
}

void tg_sleep_ms(uint64_t ms)
{
	uint64_t until = tg_time() + tg_start->timebase_hz * ms / 1000;

	pvabi_set_timer_op(until);
	while (tg_time() < until)
		pvabi_sched_op(PVABI_SCHEDOP_block, 0);
	pvabi_set_timer_op(0);
}

int tg_cmdline_has(const char *w)
{
	size_t n = strlen(w);

	for (const char *p = tg_start->cmdline; *p;) {
		if (strncmp(p, w, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p = strchr(p, ' ');
		if (!p)
			break;
		p++;
	}
	return 0;
}

uint64_t tg_cmdline_num(const char *key, uint64_t def)
{
	size_t n = strlen(key);

	for (const char *p = tg_start->cmdline; p && *p; p = strchr(p, ' '), p = p ? p + 1 : p) {
		uint64_t v = 0;

		if (strncmp(p, key, n) != 0 || p[n] != '=')
			continue;
		for (p += n + 1; *p >= '0' && *p <= '9'; p++)
			v = v * 10 + (uint64_t)(*p - '0');
		return v;
	}
	return def;
}

int tg_expect(const char *what, int64_t got, int64_t want)
{
	if (got == want) {
		tg_printf("%s -> %lld\n", what, (long long)got);
		return 1;
	}
	failures++;
	tg_printf("%s -> %lld (want %lld)\n", what, (long long)got, (long long)want);
	return 0;
}

void tg_result(void)
{
	if (failures)
		tg_printf("Test result: FAIL (%u failed)\n", failures);
	else
		tg_printf("Test result: PASS\n");
}

volatile struct pvabi_shared_info *tg_shared(void)
{
	return (volatile struct pvabi_shared_info *)(uintptr_t)tg_start->shared_info;
}
