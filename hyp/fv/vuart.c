/* SPDX-License-Identifier: MIT */
/*
 * vuart.c - the emulated ns16550 of a fully virtualized guest (see vuart.h).
 * Every register access of the guest traps here; the state is only what a
 * driver can observe: the latched registers, the THRE interrupt latch (and
 * when its line is let out: vuart_release) and the console port's input ring.
 */
#include <string.h>

#include "hyp/fv/vuart.h"

/* LSR reads in a row, without output, that mean "waiting for input". */
#define VUART_IDLE_POLLS 2

void vuart_init(struct vuart *u, struct console_port *con)
{
	memset(u, 0, sizeof(*u));
	u->con = con;
}

static bool dlab(const struct vuart *u)
{
	return u->lcr & VUART_LCR_DLAB;
}

static bool rx_irq(const struct vuart *u)
{
	return (u->ier & VUART_IER_ERBFI) && console_input_pending(u->con);
}

static bool thre_irq(const struct vuart *u)
{
	return (u->ier & VUART_IER_ETBEI) && u->thre_pending;
}

/* The highest-priority pending interrupt, as IIR's low bits report it. */
static uint8_t iir_id(const struct vuart *u)
{
	if (rx_irq(u))
		return VUART_IIR_RDA;
	if (thre_irq(u))
		return VUART_IIR_THRE;
	return VUART_IIR_NONE;
}

/*
 * IIR reports a held THRE at once (a driver that polls sees the truth); only
 * the line waits (vuart_release).
 */
bool vuart_irq_level(const struct vuart *u)
{
	return rx_irq(u) || (thre_irq(u) && !u->thre_held);
}

void vuart_release(struct vuart *u)
{
	u->thre_held = false;
}

static uint8_t read_rbr(struct vuart *u)
{
	char c;

	if (console_read(u->con, &c, 1) != 1)
		return 0; /* nothing received: real hardware returns stale data */
	return (uint8_t)c;
}

/* Reading IIR while it reports THRE acknowledges that interrupt. */
static uint8_t read_iir(struct vuart *u)
{
	uint8_t id = iir_id(u);

	if (id == VUART_IIR_THRE)
		u->thre_pending = u->thre_held = false;
	return id | ((u->fcr & VUART_FCR_ENABLE) ? VUART_IIR_FIFO : 0);
}

/*
 * Drivers poll LSR before every output byte (for THRE) and in a loop while
 * waiting for input (for DR). Only the second kind means the guest waits at
 * a prompt, so the unfinished line is shown after a few polls with no output
 * in between: showing it on every poll would put each byte on the wire alone
 * and let other guests' lines cut into it.
 */
static uint8_t read_lsr(struct vuart *u)
{
	if (console_input_pending(u->con))
		return VUART_LSR_DR | VUART_LSR_THRE | VUART_LSR_TEMT;
	if (u->lsr_polls < VUART_IDLE_POLLS)
		u->lsr_polls++;
	if (u->lsr_polls == VUART_IDLE_POLLS)
		console_show(u->con);
	return VUART_LSR_THRE | VUART_LSR_TEMT;
}

uint8_t vuart_read(struct vuart *u, unsigned off)
{
	switch (off) {
	case VUART_RBR:
		return dlab(u) ? u->dll : read_rbr(u);
	case VUART_IER:
		return dlab(u) ? u->dlm : u->ier;
	case VUART_IIR:
		return read_iir(u);
	case VUART_LCR:
		return u->lcr;
	case VUART_MCR:
		return u->mcr;
	case VUART_LSR:
		return read_lsr(u);
	case VUART_MSR:
		return VUART_MSR_VALUE;
	case VUART_SCR:
		return u->scr;
	default:
		return 0; /* the caller refuses these; stay harmless anyway */
	}
}

/* Output is instant: the THR is empty again at once, so THRE re-latches. */
static void write_thr(struct vuart *u, uint8_t val)
{
	char c = (char)val;

	console_write(u->con, &c, 1);
	u->thre_pending = true;
	u->lsr_polls = 0;
}

/*
 * Enabling ETBEI while the transmitter is empty (always, here) latches THRE
 * at once, as on a real 16550: Linux's startup probe reads IIR for exactly
 * that. Its line is held until the guest idles or the hypervisor's next
 * tick (vuart_release): a driver enables ETBEI to start sending (Linux, at
 * each write to the tty), and on a real UART the interrupt comes once the
 * FIFO has drained, by when more output is queued. Raised at once, every
 * tty write of a line (often 1 or 2 bytes) cost an interrupt's dozen exits;
 * held, one interrupt sends all that has queued, 16 bytes per IIR read.
 */
static void write_ier(struct vuart *u, uint8_t val)
{
	uint8_t changed = (u->ier ^ val) & VUART_IER_ETBEI;

	u->ier = val & 0x0f;
	if (changed)
		u->thre_pending = u->thre_held = u->ier & VUART_IER_ETBEI;
}

void vuart_write(struct vuart *u, unsigned off, uint8_t val)
{
	switch (off) {
	case VUART_RBR:
		if (dlab(u))
			u->dll = val;
		else
			write_thr(u, val);
		break;
	case VUART_IER:
		if (dlab(u))
			u->dlm = val;
		else
			write_ier(u, val);
		break;
	case VUART_IIR:
		/* FCR: the FIFO clear bits are ignored, so typed-ahead input
		 * held by the console survives the driver's reset. */
		u->fcr = val & (VUART_FCR_ENABLE | 0xc0u);
		break;
	case VUART_LCR:
		u->lcr = val;
		break;
	case VUART_MCR:
		u->mcr = val & 0x1f; /* loopback (bit 4) is latched, not emulated */
		break;
	case VUART_SCR:
		u->scr = val;
		break;
	default:
		break; /* LSR, MSR and the rest are read-only: ignore */
	}
}
