/* SPDX-License-Identifier: MIT */
/*
 * ns16550.c - polled driver for the physical ns16550 UART that the
 * hypervisor owns. Guests never touch it: they reach it through the console.
 */
#include "hyp/core/console.h"
#include "hyp/drivers/ns16550.h"

#define REG_RBR 0 /* receive buffer (read) */
#define REG_THR 0 /* transmit holding (write) */
#define REG_IER 1
#define REG_FCR 2
#define REG_LCR 3
#define REG_LSR 5
#define LSR_DR 0x01   /* data ready */
#define LSR_THRE 0x20 /* transmit holding register empty */

static volatile uint8_t *uart_regs;
static unsigned uart_shift;

static uint8_t reg_read(unsigned r)
{
	return uart_regs[r << uart_shift];
}

static void reg_write(unsigned r, uint8_t v)
{
	uart_regs[r << uart_shift] = v;
}

void ns16550_init(uint64_t base, unsigned reg_shift)
{
	uart_regs = (volatile uint8_t *)(uintptr_t)base;
	uart_shift = reg_shift;
	reg_write(REG_IER, 0);	  /* polled: no interrupts */
	reg_write(REG_FCR, 0x07); /* enable and clear FIFOs */
	reg_write(REG_LCR, 0x03); /* 8N1; the firmware set the baud rate */
}

void uart_putc(char c)
{
	if (!uart_regs)
		return;
	while (!(reg_read(REG_LSR) & LSR_THRE))
		;
	reg_write(REG_THR, (uint8_t)c);
}

int uart_getc(void)
{
	if (!uart_regs || !(reg_read(REG_LSR) & LSR_DR))
		return -1;
	return reg_read(REG_RBR);
}
