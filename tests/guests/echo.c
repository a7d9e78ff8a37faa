/* SPDX-License-Identifier: MIT */
/*
 * echo.c - a guest that sleeps until console input (PVABI_EVT_console),
 * prints each line it gets as "got: LINE", and powers off on "quit".
 */
#include <string.h>

#include "tg.h"

#define CONSOLE (1ull << PVABI_EVT_console)

void tg_main(void)
{
	char line[80], buf[64];
	size_t len = 0;

	tg_printf("echo guest up\n");
	for (;;) {
		uint64_t n;

		pvabi_sched_op(PVABI_SCHEDOP_block, 0);
		/* Clear first: input arriving after the read raises it again. */
		__atomic_fetch_and(&tg_shared()->evt_pending, ~CONSOLE, __ATOMIC_SEQ_CST);
		while ((n = pvabi_console_io(PVABI_CONSOLEIO_read, sizeof(buf), (uintptr_t)buf)
				.value)) {
			for (uint64_t i = 0; i < n; i++) {
				if (buf[i] != '\r' && buf[i] != '\n') {
					if (len < sizeof(line) - 1)
						line[len++] = buf[i];
					continue;
				}
				line[len] = '\0';
				if (len)
					tg_printf("got: %s\n", line);
				if (!strcmp(line, "quit"))
					return;
				len = 0;
			}
		}
	}
}
