/* SPDX-License-Identifier: MIT */
/*
 * fuzz_vmmio.c - libFuzzer target for an FV guest's emulated devices: random
 * loads and stores of any width at and around the UART, the RTC and the
 * PLIC (hyp/fv/vmmio.c with the real vuart.c, vrtc.c, vplic.c and
 * console.c), mixed with console input and releases of held interrupts
 * (the guest idling). After each step the bus's answer is checked against
 * the rules of vmmio.h, the PLIC's state against its own invariants, and
 * both interrupt lines against a model computed here from the registers.
 */
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include "hyp/fv/vmmio.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/unit/fake_arch.h"

#define SRC_MASK 0xfffffffeu /* sources 1..31 */
#define STEPS_MAX 256

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
		static const uint64_t regs[] = { VPLIC_PENDING, VPLIC_ENABLE, VPLIC_THRESHOLD,
						 VPLIC_CLAIM, VMMIO_PLIC_SIZE - 4, VMMIO_PLIC_SIZE,
						 VPLIC_ENABLE + 0x80, VPLIC_THRESHOLD + 0x1000 };

		return VMMIO_PLIC_BASE + regs[fz_u8(f) % 8] + (how >> 7);
	}
	default:
		return fz_u64(f);
	}
}

/* The model of the PLIC's output: an enabled pending source above threshold. */
static bool plic_model(const struct vplic *p)
{
	for (unsigned s = 1; s < VPLIC_NSRC; s++)
		if ((p->pending & p->enable & (1u << s)) && p->priority[s] > p->threshold)
			return true;
	return false;
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
			 !(p->enable & ~SRC_MASK) && !(p->pending & p->in_service),
		 "plic: pending 0x%x in service 0x%x enable 0x%x", p->pending, p->in_service,
		 p->enable);
	FZ_CHECK(p->threshold <= VPLIC_PRIO_MAX && p->priority[0] == 0, "plic threshold %u",
		 p->threshold);
	for (unsigned s = 1; s < VPLIC_NSRC; s++)
		FZ_CHECK(p->priority[s] <= VPLIC_PRIO_MAX, "priority[%u] = %u", s, p->priority[s]);
	FZ_CHECK(vuart_irq_level(&m.uart) == uart_model(&m.uart), "uart line");
	FZ_CHECK(vmmio_irq_level(&m) == plic_model(p), "plic output");
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

/* A claim returns the best source, now in service; 0 if none qualified. */
static void check_claim(const struct vplic *before, uint64_t got)
{
	uint32_t cand = before->pending & before->enable;

	if (!got) {
		FZ_CHECK(!plic_model(before), "claim 0 with an interrupt pending");
		return;
	}
	FZ_CHECK(got < VPLIC_NSRC && (cand & (1u << got)) &&
			 before->priority[got] > before->threshold &&
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
	vmmio_irq_level(&m);
	before = m.plic;
	r = vmmio_access(&m, gpa, width, store, &val);
	FZ_CHECK(r == expected(gpa, width), "access 0x%llx width %u: %d",
		 (unsigned long long)gpa, width, r);
	if (r != VMMIO_OK || store) {
		FZ_CHECK(val == orig, "value changed by a refused access or a store");
		return;
	}
	FZ_CHECK(val <= (width == 1 ? 0xffu : 0xffffffffu), "load of %u bytes: 0x%llx", width,
		 (unsigned long long)val);
	if (gpa == VMMIO_UART_BASE + VUART_LSR)
		FZ_CHECK(!!(val & VUART_LSR_DR) == input, "LSR.DR 0x%llx", (unsigned long long)val);
	if (gpa == VMMIO_PLIC_BASE + VPLIC_CLAIM)
		check_claim(&before, val);
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
	vmmio_init(&m, &port);
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
