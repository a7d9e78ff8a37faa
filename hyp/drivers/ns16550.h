/* SPDX-License-Identifier: MIT */
/* ns16550.h - the physical ns16550 UART driver (console.h's uart_putc/uart_getc). */
#ifndef HYP_NS16550_H
#define HYP_NS16550_H

#include <stdint.h>

void ns16550_init(uint64_t base, unsigned reg_shift);

#endif
