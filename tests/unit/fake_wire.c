/* SPDX-License-Identifier: MIT */
/* fake_wire.c - the console UART as a buffer (fake_wire.h). */
#include "hyp/console.h"
#include "tests/unit/fake_wire.h"

char fake_wire[1024];
size_t fake_wire_len;

void fake_wire_clear(void)
{
	fake_wire_len = 0;
	fake_wire[0] = 0;
}

void uart_putc(char c)
{
	if (fake_wire_len < sizeof(fake_wire) - 1)
		fake_wire[fake_wire_len++] = c;
	fake_wire[fake_wire_len] = 0;
}

int uart_getc(void)
{
	return -1;
}
