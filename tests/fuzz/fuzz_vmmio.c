/* SPDX-License-Identifier: MIT */
/*
 * fuzz_vmmio.c - libFuzzer target for an FV guest's emulated devices: random
 * loads and stores of any width at and around the UART, the RTC and the
 * PLIC (hyp/fv/vmmio.c with the real vuart.c, vrtc.c, vplic.c and
 * console.c), mixed with console input and releases of held interrupts
 * (the guest idling). After each step the bus's answer is checked against
 * the rules of vmmio.h, the PLIC's state against its own invariants, and
 * the UART's line and each of the PLIC's FZ_CTX contexts' outputs (a guest
 * of FZ_CTX vCPUs) against a model computed here from the registers.
 */
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include "hyp/fv/vmmio.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/unit/fake_arch.h"

#define SRC_MASK 0xfffffffeu /* sources 1..31 */
#define STEPS_MAX 256
#define FZ_CTX 2 /* PLIC contexts: a guest of two vCPUs */

static struct console_port port;
static struct vmmio m;

/* Mostly the two devices' registers, sometimes anything near or far. */
static uint64_t fz_addr(struct fz *f)
{
	uint8_t how = fz_u8(f);

	switch (how % 5) {
	case 0:
		return VMMIO_UART_BASE + fz_u8(f) % 12;
	case 4:
		return VMMIO_RTC_BASE + fz_u8(f) % 0x24;
	case 1:
		return VMMIO_PLIC_BASE + fz_u8(f) % 0x90;
	case 2: {
		static const uint64_t regs[] = { VPLIC_PENDING,	       VPLIC_ENABLE,
						 VPLIC_THRESHOLD,      VPLIC_CLAIM,
						 VMMIO_PLIC_SIZE - 4,  VMMIO_PLIC_SIZE,
						 VPLIC_ENABLE + 0x80,  VPLIC_THRESHOLD + 0x1000,
						 VPLIC_CLAIM + 0x1000, VPLIC_CLAIM + 0x2000 };

		return VMMIO_PLIC_BASE + regs[fz_u8(f) % 10] + (how >> 7);
	}
	default:
		return fz_u64(f);
	}
}

/* The model of a context's output: an enabled pending source above its threshold. */
static bool plic_model(const struct vplic *p, unsigned c)
{
	for (unsigned s = 1; s < VPLIC_NSRC; s++)
		if ((p->pending & p->enable[c] & (1u << s)) && p->priority[s] > p->threshold[c])
			return true;
	return false;
}

static uint32_t plic_lines_model(const struct vplic *p)
{
	uint32_t lines = 0;

	for (unsigned c = 0; c < FZ_CTX; c++)
		lines |= (uint32_t)plic_model(p, c) << c;
	return lines;
}

static bool uart_model(const struct vuart *u)
{
	return ((u->ier & VUART_IER_ERBFI) && console_input_pending(u->con)) ||
	       ((u->ier & VUART_IER_ETBEI) && u->thre_pending && !u->thre_held);
}

static void check_state(void)
{
	const struct vplic *p = &m.plic;

	FZ_CHECK(!(p->pending & ~SRC_MASK) && !(p->in_service & ~SRC_MASK) &&
		     !(p->pending & p->in_service),
		 "plic: pending 0x%x in service 0x%x", p->pending, p->in_service);
	FZ_CHECK(p->nr_ctx == FZ_CTX && p->priority[0] == 0, "plic contexts %u", p->nr_ctx);
	for (unsigned c = 0; c < VPLIC_CTX_MAX; c++)
		FZ_CHECK(!(p->enable[c] & ~SRC_MASK) && p->threshold[c] <= VPLIC_PRIO_MAX &&
			     (c < FZ_CTX || (!p->enable[c] && !p->threshold[c])),
			 "plic context %u: enable 0x%x threshold %u", c, p->enable[c],
			 p->threshold[c]);
	for (unsigned s = 1; s < VPLIC_NSRC; s++)
		FZ_CHECK(p->priority[s] <= VPLIC_PRIO_MAX, "priority[%u] = %u", s, p->priority[s]);
	FZ_CHECK(vuart_irq_level(&m.uart) == uart_model(&m.uart), "uart line");
	FZ_CHECK(vmmio_irq_lines(&m) == plic_lines_model(p), "plic outputs");
	FZ_CHECK(!!(p->level & (1u << VMMIO_UART_IRQ)) == uart_model(&m.uart), "uart wire");
}

/* What vmmio.h promises for an access, given where and how wide. */
static enum vmmio_result expected(uint64_t gpa, unsigned width)
{
	if (gpa >= VMMIO_UART_BASE && gpa - VMMIO_UART_BASE < VMMIO_UART_SIZE)
		return width == 1 && gpa - VMMIO_UART_BASE < VUART_NREGS ? VMMIO_OK
									 : VMMIO_BAD_ACCESS;
	if ((gpa >= VMMIO_PLIC_BASE && gpa - VMMIO_PLIC_BASE < VMMIO_PLIC_SIZE) ||
	    (gpa >= VMMIO_RTC_BASE && gpa - VMMIO_RTC_BASE < VMMIO_RTC_SIZE))
		return width == 4 && gpa % 4 == 0 ? VMMIO_OK : VMMIO_BAD_ACCESS;
	return VMMIO_UNMAPPED;
}

/* A claim by context c returns its best source, now in service; 0 if none qualified. */
static void check_claim(const struct vplic *before, unsigned c, uint64_t got)
{
	uint32_t cand = before->pending & before->enable[c];

	if (!got) {
		FZ_CHECK(!plic_model(before, c), "claim 0 with an interrupt pending");
		return;
	}
	FZ_CHECK(got < VPLIC_NSRC && (cand & (1u << got)) &&
		     before->priority[got] > before->threshold[c] &&
		     (m.plic.in_service & (1u << got)),
		 "claimed %llu", (unsigned long long)got);
	for (unsigned s = 1; s < VPLIC_NSRC; s++)
		FZ_CHECK(!(cand & (1u << s)) || before->priority[s] < before->priority[got] ||
			     (before->priority[s] == before->priority[got] && s >= got),
			 "claimed %llu over %u", (unsigned long long)got, s);
}

static void step_access(struct fz *f)
{
	static const unsigned widths[] = { 1, 2, 4, 8, 1, 4, 0, 3 };
	uint64_t gpa = fz_addr(f), val = fz_u32(f), orig = val;
	unsigned width = widths[fz_u8(f) % 8];
	bool store = fz_u8(f) & 1, input = console_input_pending(&port);
	struct vplic before;
	enum vmmio_result r;

	/* The line is sampled on access: bring the model's copy up to date first. */
	vmmio_irq_lines(&m);
	before = m.plic;
	r = vmmio_access(&m, gpa, width, store, &val);
	FZ_CHECK(r == expected(gpa, width), "access 0x%llx width %u: %d", (unsigned long long)gpa,
		 width, r);
	if (r != VMMIO_OK || store) {
		FZ_CHECK(val == orig, "value changed by a refused access or a store");
		return;
	}
	FZ_CHECK(val <= (width == 1 ? 0xffu : 0xffffffffu), "load of %u bytes: 0x%llx", width,
		 (unsigned long long)val);
	if (gpa == VMMIO_UART_BASE + VUART_LSR)
		FZ_CHECK(!!(val & VUART_LSR_DR) == input, "LSR.DR 0x%llx", (unsigned long long)val);
	for (unsigned c = 0; c < FZ_CTX; c++)
		if (gpa == VMMIO_PLIC_BASE + VPLIC_CLAIM + VPLIC_CTX_STRIDE * c)
			check_claim(&before, c, val);
}

static void step_input(struct fz *f)
{
	unsigned n = fz_u8(f) % 4;

	for (unsigned i = 0; i < n; i++)
		console_queue_input(&port, (char)fz_u8(f));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };

	fake_reset();
	console_port_init(&port, "fv0");
	vmmio_init(&m, &port, FZ_CTX);
	for (unsigned i = 0; i < STEPS_MAX && !fz_done(&f); i++) {
		uint8_t what = fz_u8(&f) % 16;

		if (what < 2)
			step_input(&f);
		else if (what == 2)
			vmmio_release(&m);
		else
			step_access(&f);
		check_state();
	}
	console_flush(&port);
	return 0;
}
