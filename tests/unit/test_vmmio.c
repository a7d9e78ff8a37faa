/* SPDX-License-Identifier: MIT */
/*
 * test_vmmio.c - host unit tests for a fully virtualized guest's MMIO bus
 * (hyp/fv/vmmio.c with the real vuart.c, vplic.c and console.c): routing
 * and refusals by address, width and alignment, and a UART receive
 * interrupt travelling through the PLIC to the hart, claimed and completed
 * the way Linux's drivers do it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tests/unit/fake_arch.h"

#include "hyp/fv/vmmio.h"

#define UART(off) (VMMIO_UART_BASE + (off))
#define PLIC(off) (VMMIO_PLIC_BASE + (off))

static struct console_port port;
static struct vmmio m;

static int setup(void **state)
{
	(void)state;
	fake_uart_clear();
	console_port_init(&port, "fv0");
	vmmio_init(&m, &port, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	console_flush(&port);
	return 0;
}

static uint64_t load(uint64_t gpa, unsigned width)
{
	uint64_t v = 0xdeadbeefdeadbeefull;

	assert_int_equal(vmmio_access(&m, gpa, width, false, &v), VMMIO_OK);
	return v;
}

static void store(uint64_t gpa, unsigned width, uint64_t v)
{
	assert_int_equal(vmmio_access(&m, gpa, width, true, &v), VMMIO_OK);
}

static enum vmmio_result try(uint64_t gpa, unsigned width, bool st)
{
	uint64_t v = 0x1234;
	enum vmmio_result r = vmmio_access(&m, gpa, width, st, &v);

	if (r != VMMIO_OK)
		assert_int_equal(v, 0x1234); /* untouched on refusal */
	return r;
}

/* What Linux's PLIC driver does for the UART's source. */
static void program_plic(void)
{
	store(PLIC(VPLIC_PRIORITY + 4 * VMMIO_UART_IRQ), 4, 1);
	store(PLIC(VPLIC_ENABLE), 4, 1u << VMMIO_UART_IRQ);
	store(PLIC(VPLIC_THRESHOLD), 4, 0);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(vmmio_device_name(UART(0)), "uart");
	assert_string_equal(vmmio_device_name(UART(0xff)), "uart");
	assert_null(vmmio_device_name(UART(0x100)));
	assert_string_equal(vmmio_device_name(PLIC(0)), "plic");
	assert_string_equal(vmmio_device_name(PLIC(0x3fffff)), "plic");
	assert_null(vmmio_device_name(PLIC(0x400000)));
	assert_null(vmmio_device_name(VMMIO_PLIC_BASE - 1));
	assert_null(vmmio_device_name(0));
	assert_null(vmmio_device_name(0x80000000));
	assert_null(vmmio_device_name(~0ull));
}

static void test_unmapped(void **state)
{
	(void)state;
	assert_int_equal(try(0x100000, 4, true), VMMIO_UNMAPPED); /* sifive_test */
	assert_int_equal(try(UART(0x100), 1, false), VMMIO_UNMAPPED);
	assert_int_equal(try(VMMIO_PLIC_BASE - 4, 4, false), VMMIO_UNMAPPED);
	assert_int_equal(try(PLIC(VMMIO_PLIC_SIZE), 4, false), VMMIO_UNMAPPED);
	assert_int_equal(try(~0ull, 1, false), VMMIO_UNMAPPED);
}

static void test_uart_refusals(void **state)
{
	(void)state;
	assert_int_equal(try(UART(0), 2, false), VMMIO_BAD_ACCESS);
	assert_int_equal(try(UART(0), 4, true), VMMIO_BAD_ACCESS);
	assert_int_equal(try(UART(4), 8, false), VMMIO_BAD_ACCESS);
	assert_int_equal(try(UART(8), 1, false), VMMIO_BAD_ACCESS);
	assert_int_equal(try(UART(0xff), 1, true), VMMIO_BAD_ACCESS);
	assert_int_equal(try(UART(7), 1, true), VMMIO_OK);
	assert_int_equal(fake_uart_len(), 0);
}

static void test_plic_refusals(void **state)
{
	(void)state;
	assert_int_equal(try(PLIC(0x28), 1, false), VMMIO_BAD_ACCESS);
	assert_int_equal(try(PLIC(0x28), 2, true), VMMIO_BAD_ACCESS);
	assert_int_equal(try(PLIC(0x28), 8, false), VMMIO_BAD_ACCESS);
	assert_int_equal(try(PLIC(0x2a), 4, false), VMMIO_BAD_ACCESS);
	assert_int_equal(try(PLIC(0x200005), 4, false), VMMIO_BAD_ACCESS);
	assert_int_equal(try(PLIC(0x28), 4, true), VMMIO_OK);
}

static void test_uart_bytes(void **state)
{
	(void)state;
	store(UART(VUART_SCR), 1, 0x1a5); /* truncated to the byte */
	assert_int_equal(load(UART(VUART_SCR), 1), 0xa5);
	assert_int_equal(load(UART(VUART_LSR), 1), 0x60);
	store(UART(VUART_RBR), 1, 'o');
	store(UART(VUART_RBR), 1, 'k');
	store(UART(VUART_RBR), 1, '\n');
	assert_string_equal(fake_uart_output(), "[fv0] ok\r\n");
}

static void test_plic_words(void **state)
{
	(void)state;
	store(PLIC(VPLIC_PRIORITY + 4 * 3), 4, 0xffffffff00000002ull);
	assert_int_equal(load(PLIC(VPLIC_PRIORITY + 4 * 3), 4), 2);
	assert_int_equal(load(PLIC(0x3ffffc), 4), 0);
}

static void test_rx_interrupt_path(void **state)
{
	(void)state;
	program_plic();
	store(UART(VUART_IER), 1, VUART_IER_ERBFI);
	assert_false(vmmio_irq_lines(&m));
	assert_true(console_queue_input(&port, 'x'));
	assert_true(vmmio_irq_lines(&m));

	/* The handler: claim, read the UART, complete. */
	assert_int_equal(load(PLIC(VPLIC_CLAIM), 4), VMMIO_UART_IRQ);
	assert_false(vmmio_irq_lines(&m)); /* in service */
	assert_int_equal(load(UART(VUART_IIR), 1), VUART_IIR_RDA);
	assert_int_equal(load(UART(VUART_RBR), 1), 'x');
	assert_int_equal(load(UART(VUART_IIR), 1), VUART_IIR_NONE);
	store(PLIC(VPLIC_CLAIM), 4, VMMIO_UART_IRQ);
	assert_false(vmmio_irq_lines(&m));
	assert_int_equal(load(PLIC(VPLIC_CLAIM), 4), 0);
}

/* Input that arrives while the source is in service re-raises at complete. */
static void test_input_during_service(void **state)
{
	(void)state;
	program_plic();
	store(UART(VUART_IER), 1, VUART_IER_ERBFI);
	assert_true(console_queue_input(&port, 'a'));
	assert_true(vmmio_irq_lines(&m));
	assert_int_equal(load(PLIC(VPLIC_CLAIM), 4), VMMIO_UART_IRQ);
	assert_int_equal(load(UART(VUART_RBR), 1), 'a');
	assert_true(console_queue_input(&port, 'b'));
	assert_false(vmmio_irq_lines(&m));
	store(PLIC(VPLIC_CLAIM), 4, VMMIO_UART_IRQ);
	assert_true(vmmio_irq_lines(&m));
	assert_int_equal(load(PLIC(VPLIC_CLAIM), 4), VMMIO_UART_IRQ);
	assert_int_equal(load(UART(VUART_RBR), 1), 'b');
	store(PLIC(VPLIC_CLAIM), 4, VMMIO_UART_IRQ);
	assert_false(vmmio_irq_lines(&m));
}

/* A claim sees input queued since the last vmmio_irq_level call. */
static void test_claim_sees_fresh_input(void **state)
{
	(void)state;
	program_plic();
	store(UART(VUART_IER), 1, VUART_IER_ERBFI);
	assert_true(console_queue_input(&port, 'n'));
	assert_int_equal(load(PLIC(VPLIC_CLAIM), 4), VMMIO_UART_IRQ);
}

/* A polled read of RBR drops the line before anyone claims it. */
static void test_polled_read_withdraws(void **state)
{
	(void)state;
	program_plic();
	store(UART(VUART_IER), 1, VUART_IER_ERBFI);
	assert_true(console_queue_input(&port, 'p'));
	assert_true(vmmio_irq_lines(&m));
	assert_int_equal(load(UART(VUART_RBR), 1), 'p');
	assert_false(vmmio_irq_lines(&m));
	assert_int_equal(load(PLIC(VPLIC_CLAIM), 4), 0);
}

static void test_thre_interrupt_path(void **state)
{
	(void)state;
	program_plic();
	store(UART(VUART_IER), 1, VUART_IER_ETBEI);
	/* Held until the guest idles or a tick passes (vuart.c, write_ier). */
	assert_false(vmmio_irq_lines(&m));
	assert_int_equal(load(PLIC(VPLIC_CLAIM), 4), 0);
	vmmio_release(&m);
	assert_true(vmmio_irq_lines(&m));
	assert_int_equal(load(PLIC(VPLIC_CLAIM), 4), VMMIO_UART_IRQ);
	assert_int_equal(load(UART(VUART_IIR), 1), VUART_IIR_THRE);
	store(PLIC(VPLIC_CLAIM), 4, VMMIO_UART_IRQ);
	assert_false(vmmio_irq_lines(&m));
}

static void test_unprogrammed_plic_stays_quiet(void **state)
{
	(void)state;
	store(UART(VUART_IER), 1, VUART_IER_ERBFI);
	assert_true(console_queue_input(&port, 'x'));
	assert_false(vmmio_irq_lines(&m));
	assert_int_equal(load(PLIC(VPLIC_PENDING), 4), 1u << VMMIO_UART_IRQ);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_names),
		T(test_unmapped),
		T(test_uart_refusals),
		T(test_plic_refusals),
		T(test_uart_bytes),
		T(test_plic_words),
		T(test_rx_interrupt_path),
		T(test_input_during_service),
		T(test_claim_sees_fresh_input),
		T(test_polled_read_withdraws),
		T(test_thre_interrupt_path),
		T(test_unprogrammed_plic_stays_quiet),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
