/* SPDX-License-Identifier: MIT */
/*
 * vuart.h - the ns16550 a fully virtualized guest sees: the register subset
 * Linux and U-Boot use (1-byte registers, reg-shift 0), backed by the
 * guest's console port. Output is instant, so the transmitter is always
 * empty; input is whatever the console queued for the port. The caller
 * (vmmio.c) refuses offsets above 7 and widths other than 1.
 */
#ifndef HYP_VUART_H
#define HYP_VUART_H

#include "hyp/core/console.h"
#include "hyp/core/types.h"

/* Register offsets. */
#define VUART_RBR 0 /* read: receive buffer; write: THR; DLL with DLAB */
#define VUART_IER 1 /* DLM with DLAB */
#define VUART_IIR 2 /* read: interrupt id; write: FCR */
#define VUART_LCR 3
#define VUART_MCR 4
#define VUART_LSR 5
#define VUART_MSR 6
#define VUART_SCR 7
#define VUART_NREGS 8

#define VUART_IER_ERBFI 0x01u /* receive data available */
#define VUART_IER_ETBEI 0x02u /* transmitter holding register empty */
#define VUART_LCR_DLAB 0x80u
#define VUART_LSR_DR 0x01u
#define VUART_LSR_THRE 0x20u
#define VUART_LSR_TEMT 0x40u
#define VUART_IIR_NONE 0x01u
#define VUART_IIR_THRE 0x02u
#define VUART_IIR_RDA 0x04u
#define VUART_IIR_FIFO 0xc0u
#define VUART_FCR_ENABLE 0x01u
#define VUART_MSR_VALUE 0xb0u /* DCD, DSR, CTS: a modem always there */

struct vuart {
	struct console_port *con;
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
	bool thre_pending; /* THRE interrupt latched, as on a real 16550 */
	bool thre_held;	   /* ... but its line not raised yet (vuart.c, write_ier) */
	uint8_t lsr_polls; /* LSR reads since the last THR write */
};

void vuart_init(struct vuart *u, struct console_port *con);
/* off is 0..7; reads may consume input (RBR) or acknowledge THRE (IIR). */
uint8_t vuart_read(struct vuart *u, unsigned off);
void vuart_write(struct vuart *u, unsigned off, uint8_t val);
/* The interrupt line: depends on console input, so ask again after input. */
bool vuart_irq_level(const struct vuart *u);
/* Let a held THRE interrupt out (the guest idles, or a tick passed). */
void vuart_release(struct vuart *u);

#endif
