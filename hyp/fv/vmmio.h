/* SPDX-License-Identifier: MIT */
/*
 * vmmio.h - the MMIO bus of a fully virtualized guest: the devices it sees
 * at QEMU virt's addresses (an ns16550, a goldfish RTC and a PLIC) and the
 * wires from the UART and the RTC to the PLIC to each guest hart's external
 * interrupt (one PLIC context per vCPU). The trap code decodes the faulting
 * access, calls vmmio_access, writes the register and sets the interrupts
 * from vmmio_irq_lines.
 */
#ifndef HYP_VMMIO_H
#define HYP_VMMIO_H

#include "hyp/core/console.h"
#include "hyp/core/types.h"
#include "hyp/fv/vplic.h"
#include "hyp/fv/vrtc.h"
#include "hyp/fv/vuart.h"

#define VMMIO_UART_BASE 0x10000000ull
#define VMMIO_UART_SIZE 0x100ull
#define VMMIO_UART_IRQ 10u
#define VMMIO_RTC_BASE 0x101000ull
#define VMMIO_RTC_SIZE 0x1000ull
#define VMMIO_RTC_IRQ 11u
#define VMMIO_PLIC_BASE 0x0c000000ull
#define VMMIO_PLIC_SIZE 0x400000ull

/* A guest's devices. */
struct vmmio {
	struct vuart uart;
	struct vrtc rtc;
	struct vplic plic;
	uint32_t ext_lines; /* bit per vCPU: its external line as last told (virq.c) */
};

enum vmmio_result {
	VMMIO_OK,
	VMMIO_UNMAPPED,	  /* no device there */
	VMMIO_BAD_ACCESS, /* a device, but a width/alignment/offset it refuses */
};

/* nr_harts: the guest's vCPUs, one PLIC context each (vplic_init clamps it). */
void vmmio_init(struct vmmio *m, struct console_port *con, unsigned nr_harts);
/*
 * One access of width 1, 2, 4 or 8 bytes at gpa. A store takes *val
 * (truncated to width); a load puts the value in *val, zero-extended.
 * On anything but VMMIO_OK no register was accessed and *val is untouched.
 */
enum vmmio_result vmmio_access(struct vmmio *m, uint64_t gpa, unsigned width, bool store,
			       uint64_t *val);
/*
 * After any access or new console input: the level of each vCPU's external
 * interrupt, a bit per vCPU (PLIC context). Recomputes the UART's and the
 * RTC's lines -> their PLIC sources -> each context's output.
 */
uint32_t vmmio_irq_lines(struct vmmio *m);
/* The guest idles, or a tick passed: interrupts a device holds back go out (vuart.h). */
void vmmio_release(struct vmmio *m);
/* Name of the device at gpa, or NULL (for messages). */
const char *vmmio_device_name(uint64_t gpa);
/* An access in words, for the trace: "uart write THR 'a'", "plic read claim -> 0xa". */
void vmmio_describe(uint64_t gpa, bool store, uint64_t val, char *buf, size_t n);

#endif
