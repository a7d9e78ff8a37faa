/* SPDX-License-Identifier: MIT */
/*
 * vmmio.c - routes a fully virtualized guest's MMIO accesses to its emulated
 * devices (see vmmio.h) and enforces what each device accepts: the UART
 * byte-wide registers 0..7 (reg-shift 0, as U-Boot and Linux use it), the
 * RTC and the PLIC aligned 32-bit words. Refusing the rest keeps the
 * devices' own code free of width handling.
 */
#include <stdio.h>

#include "hyp/core/platform.h"
#include "hyp/fv/vmmio.h"

void vmmio_init(struct vmmio *m, struct console_port *con, unsigned nr_harts)
{
	vuart_init(&m->uart, con);
	vrtc_init(&m->rtc);
	vplic_init(&m->plic, nr_harts);
	m->ext_lines = 0;
}

static bool in_range(uint64_t gpa, uint64_t base, uint64_t size)
{
	return gpa >= base && gpa - base < size;
}

static enum vmmio_result uart_access(struct vuart *u, uint64_t off, unsigned width, bool store,
				     uint64_t *val)
{
	if (width != 1 || off >= VUART_NREGS)
		return VMMIO_BAD_ACCESS;
	if (store)
		vuart_write(u, (unsigned)off, (uint8_t)*val);
	else
		*val = vuart_read(u, (unsigned)off);
	return VMMIO_OK;
}

static enum vmmio_result rtc_access(struct vrtc *r, uint64_t off, unsigned width, bool store,
				    uint64_t *val)
{
	if (width != 4 || !IS_ALIGNED(off, 4))
		return VMMIO_BAD_ACCESS;
	if (store)
		vrtc_write(r, off, (uint32_t)*val, platform_wall_ns());
	else
		*val = vrtc_read(r, off, platform_wall_ns());
	return VMMIO_OK;
}

static enum vmmio_result plic_access(struct vplic *p, uint64_t off, unsigned width, bool store,
				     uint64_t *val)
{
	if (width != 4 || !IS_ALIGNED(off, 4))
		return VMMIO_BAD_ACCESS;
	if (store)
		vplic_write(p, off, (uint32_t)*val);
	else
		*val = vplic_read(p, off);
	return VMMIO_OK;
}

/*
 * The UART line depends on console input that arrives without any guest
 * access, and the RTC's on the time, so they are sampled rather than pushed
 * on each change: before an access to the PLIC (a claim must see input that
 * came since the last exit), and by vmmio_irq_level, which the caller asks
 * after every access (reading RBR or IIR may drop the line). Not around a
 * UART or RTC access: a line that rose and fell between two samples leaves
 * nothing pending in the PLIC either way (a level source that drops loses
 * its pending bit), and a sample costs about as much as the access (the
 * console benchmark's every byte is two). The clock is read only while an
 * alarm runs.
 */
static void sync_lines(struct vmmio *m)
{
	uint64_t now = m->rtc.alarm_running ? platform_wall_ns() : 0;

	vplic_set_level(&m->plic, VMMIO_UART_IRQ, vuart_irq_level(&m->uart));
	vplic_set_level(&m->plic, VMMIO_RTC_IRQ, vrtc_irq_level(&m->rtc, now));
}

static enum vmmio_result route(struct vmmio *m, uint64_t gpa, unsigned width, bool store,
			       uint64_t *val)
{
	if (in_range(gpa, VMMIO_UART_BASE, VMMIO_UART_SIZE))
		return uart_access(&m->uart, gpa - VMMIO_UART_BASE, width, store, val);
	if (in_range(gpa, VMMIO_PLIC_BASE, VMMIO_PLIC_SIZE))
		return plic_access(&m->plic, gpa - VMMIO_PLIC_BASE, width, store, val);
	if (in_range(gpa, VMMIO_RTC_BASE, VMMIO_RTC_SIZE))
		return rtc_access(&m->rtc, gpa - VMMIO_RTC_BASE, width, store, val);
	return VMMIO_UNMAPPED;
}

enum vmmio_result vmmio_access(struct vmmio *m, uint64_t gpa, unsigned width, bool store,
			       uint64_t *val)
{
	if (in_range(gpa, VMMIO_PLIC_BASE, VMMIO_PLIC_SIZE))
		sync_lines(m);
	return route(m, gpa, width, store, val);
}

uint32_t vmmio_irq_lines(struct vmmio *m)
{
	uint32_t lines = 0;

	sync_lines(m);
	for (unsigned c = 0; c < m->plic.nr_ctx; c++)
		lines |= (uint32_t)vplic_output(&m->plic, c) << c;
	return lines;
}

void vmmio_release(struct vmmio *m)
{
	vuart_release(&m->uart);
}

const char *vmmio_device_name(uint64_t gpa)
{
	if (in_range(gpa, VMMIO_UART_BASE, VMMIO_UART_SIZE))
		return "uart";
	if (in_range(gpa, VMMIO_PLIC_BASE, VMMIO_PLIC_SIZE))
		return "plic";
	if (in_range(gpa, VMMIO_RTC_BASE, VMMIO_RTC_SIZE))
		return "rtc";
	return NULL;
}

static const char *const uart_reads[VUART_NREGS] = { "RBR", "IER", "IIR", "LCR",
						     "MCR", "LSR", "MSR", "SCR" };
static const char *const uart_writes[VUART_NREGS] = { "THR", "IER", "FCR", "LCR",
						      "MCR", "LSR", "MSR", "SCR" };

/* A data byte as a character where it is one. */
static void describe_byte(uint64_t val, char *buf, size_t n)
{
	if (val >= 0x20 && val < 0x7f && val != '\'')
		snprintf(buf, n, "'%c'", (char)val);
	else if (val == '\n' || val == '\r')
		snprintf(buf, n, "'\\%c'", val == '\n' ? 'n' : 'r');
	else
		snprintf(buf, n, "0x%02llx", (unsigned long long)val);
}

void vmmio_describe(uint64_t gpa, bool store, uint64_t val, char *buf, size_t n)
{
	char reg[24], data[16];
	const char *dev = vmmio_device_name(gpa);

	if (dev && in_range(gpa, VMMIO_UART_BASE, VMMIO_UART_SIZE) &&
	    gpa - VMMIO_UART_BASE < VUART_NREGS) {
		unsigned off = (unsigned)(gpa - VMMIO_UART_BASE);

		snprintf(reg, sizeof(reg), "%s", store ? uart_writes[off] : uart_reads[off]);
		if (off == VUART_RBR)
			describe_byte(val, data, sizeof(data));
		else
			snprintf(data, sizeof(data), "0x%02llx", (unsigned long long)val);
	} else if (dev && in_range(gpa, VMMIO_PLIC_BASE, VMMIO_PLIC_SIZE)) {
		vplic_reg_name(gpa - VMMIO_PLIC_BASE, store, reg, sizeof(reg));
		snprintf(data, sizeof(data), "0x%llx", (unsigned long long)val);
	} else {
		snprintf(reg, sizeof(reg), "0x%llx", (unsigned long long)gpa);
		snprintf(data, sizeof(data), "0x%llx", (unsigned long long)val);
	}
	snprintf(buf, n, store ? "%s write %s %s" : "%s read %s -> %s", dev ? dev : "mmio", reg,
		 data);
}
