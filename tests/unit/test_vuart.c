/* SPDX-License-Identifier: MIT */
/*
 * test_vuart.c - host unit tests for the emulated ns16550
 * (hyp/fv/vuart.c) on the real console (hyp/core/console.c) with a fake
 * physical UART that records the wire: output, input and RBR, LSR, IIR
 * priorities and the THRE interrupt latch, the divisor latch, the prompt
 * heuristic, and garbage written everywhere.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/fake_arch.h"

#include "hyp/fv/vuart.h"

static struct console_port port;
static struct vuart u;

static int setup(void **state)
{
	(void)state;
	fake_uart_clear();
	console_port_init(&port, "fv0");
	vuart_init(&u, &port);
	return 0;
}

/* Leave no unfinished line of this test's port for the next test. */
static int teardown(void **state)
{
	(void)state;
	console_flush(&port);
	return 0;
}

static void put_str(const char *s)
{
	while (*s)
		vuart_write(&u, VUART_RBR, (uint8_t)*s++);
}

static void queue(const char *s)
{
	while (*s)
		assert_true(console_queue_input(&port, *s++));
}

static void test_reset_state(void **state)
{
	(void)state;
	assert_int_equal(vuart_read(&u, VUART_IER), 0);
	assert_int_equal(vuart_read(&u, VUART_IIR), VUART_IIR_NONE);
	assert_int_equal(vuart_read(&u, VUART_LCR), 0);
	assert_int_equal(vuart_read(&u, VUART_MCR), 0);
	assert_int_equal(vuart_read(&u, VUART_LSR), 0x60);
	assert_int_equal(vuart_read(&u, VUART_MSR), 0xb0);
	assert_int_equal(vuart_read(&u, VUART_SCR), 0);
	assert_false(vuart_irq_level(&u));
}

static void test_output_goes_to_console(void **state)
{
	(void)state;
	put_str("hello\r\n");
	assert_string_equal(fake_uart_output(), "[fv0] hello\r\n");
}

static void test_input_through_rbr(void **state)
{
	(void)state;
	queue("ab");
	assert_int_equal(vuart_read(&u, VUART_LSR), 0x61);
	assert_int_equal(vuart_read(&u, VUART_RBR), 'a');
	assert_int_equal(vuart_read(&u, VUART_LSR), 0x61);
	assert_int_equal(vuart_read(&u, VUART_RBR), 'b');
	assert_int_equal(vuart_read(&u, VUART_LSR), 0x60);
	assert_int_equal(vuart_read(&u, VUART_RBR), 0); /* empty: harmless */
}

/* A poll before each output byte must not put bytes on the wire one by one. */
static void test_output_polling_keeps_lines_whole(void **state)
{
	(void)state;
	for (const char *s = "=> "; *s; s++) {
		assert_true(vuart_read(&u, VUART_LSR) & VUART_LSR_THRE);
		vuart_write(&u, VUART_RBR, (uint8_t)*s);
	}
	assert_int_equal(fake_uart_len(), 0);
}

/* Polling for input with an unfinished line shows it (a prompt). */
static void test_input_polling_shows_prompt(void **state)
{
	(void)state;
	put_str("=> ");
	vuart_read(&u, VUART_LSR);
	vuart_read(&u, VUART_LSR);
	assert_string_equal(fake_uart_output(), "[fv0] => ");
	for (int i = 0; i < 100; i++)
		vuart_read(&u, VUART_LSR);
	assert_string_equal(fake_uart_output(), "[fv0] => "); /* nothing shown twice */
	put_str("x");
	vuart_read(&u, VUART_LSR);
	vuart_read(&u, VUART_LSR);
	assert_string_equal(fake_uart_output(), "[fv0] => x");
	put_str("\n");
	assert_string_equal(fake_uart_output(), "[fv0] => x\r\n");
}

static void test_rx_interrupt(void **state)
{
	(void)state;
	vuart_write(&u, VUART_IER, VUART_IER_ERBFI);
	assert_false(vuart_irq_level(&u));
	assert_int_equal(vuart_read(&u, VUART_IIR), VUART_IIR_NONE);
	queue("k");
	assert_true(vuart_irq_level(&u));
	assert_int_equal(vuart_read(&u, VUART_IIR), VUART_IIR_RDA);
	assert_int_equal(vuart_read(&u, VUART_IIR), VUART_IIR_RDA); /* level */
	assert_int_equal(vuart_read(&u, VUART_RBR), 'k');
	assert_false(vuart_irq_level(&u));
	assert_int_equal(vuart_read(&u, VUART_IIR), VUART_IIR_NONE);
}

static void test_thre_raised_by_enable_cleared_by_iir(void **state)
{
	(void)state;
	vuart_write(&u, VUART_IER, VUART_IER_ETBEI);
	/* Latched at once, its line held until released (the guest idles, a tick). */
	assert_false(vuart_irq_level(&u));
	vuart_release(&u);
	assert_true(vuart_irq_level(&u));
	assert_int_equal(vuart_read(&u, VUART_IIR), VUART_IIR_THRE);
	assert_false(vuart_irq_level(&u));
	assert_int_equal(vuart_read(&u, VUART_IIR), VUART_IIR_NONE);
	/* Rewriting the same IER does not re-raise it ... */
	vuart_write(&u, VUART_IER, VUART_IER_ETBEI);
	assert_false(vuart_irq_level(&u));
	/* ... but toggling ETBEI does (Linux's THRE probe at startup). */
	vuart_write(&u, VUART_IER, 0);
	vuart_write(&u, VUART_IER, VUART_IER_ETBEI);
	assert_int_equal(vuart_read(&u, VUART_IIR), VUART_IIR_THRE);
}

static void test_thre_after_thr_write(void **state)
{
	(void)state;
	vuart_write(&u, VUART_IER, VUART_IER_ETBEI);
	vuart_read(&u, VUART_IIR);
	assert_false(vuart_irq_level(&u));
	vuart_write(&u, VUART_RBR, 'z');
	assert_true(vuart_irq_level(&u));
	assert_int_equal(vuart_read(&u, VUART_IIR), VUART_IIR_THRE);
	assert_false(vuart_irq_level(&u));
}

/* A held THRE shows in IIR at once (Linux's startup probe polls it) and is acknowledged there. */
static void test_held_thre_polled(void **state)
{
	(void)state;
	vuart_write(&u, VUART_IER, VUART_IER_ETBEI);
	assert_false(vuart_irq_level(&u));
	assert_int_equal(vuart_read(&u, VUART_IIR), VUART_IIR_THRE);
	assert_int_equal(vuart_read(&u, VUART_IIR), VUART_IIR_NONE);
	/* Acknowledged: nothing is left to release, and output re-latches unheld. */
	vuart_release(&u);
	assert_false(vuart_irq_level(&u));
	vuart_write(&u, VUART_RBR, 'a');
	assert_true(vuart_irq_level(&u));
	/* Turning ETBEI off drops a held THRE; on again holds it anew. */
	vuart_write(&u, VUART_IER, 0);
	assert_false(vuart_irq_level(&u));
	vuart_write(&u, VUART_IER, VUART_IER_ETBEI);
	assert_false(vuart_irq_level(&u));
	vuart_write(&u, VUART_IER, 0);
	vuart_release(&u);
	assert_false(vuart_irq_level(&u));
}

/* RX outranks THRE, and reading IIR then does not acknowledge THRE. */
static void test_iir_priority(void **state)
{
	(void)state;
	vuart_write(&u, VUART_IER, VUART_IER_ERBFI | VUART_IER_ETBEI);
	queue("q");
	assert_int_equal(vuart_read(&u, VUART_IIR), VUART_IIR_RDA);
	assert_int_equal(vuart_read(&u, VUART_RBR), 'q');
	assert_int_equal(vuart_read(&u, VUART_IIR), VUART_IIR_THRE);
	assert_int_equal(vuart_read(&u, VUART_IIR), VUART_IIR_NONE);
}

static void test_thre_masked_by_ier(void **state)
{
	(void)state;
	vuart_write(&u, VUART_RBR, 'z');
	assert_false(vuart_irq_level(&u));
	assert_int_equal(vuart_read(&u, VUART_IIR), VUART_IIR_NONE);
}

static void test_fifo_bits(void **state)
{
	(void)state;
	vuart_write(&u, VUART_IIR, 0x07); /* enable + clear both FIFOs */
	assert_int_equal(vuart_read(&u, VUART_IIR), 0xc1);
	vuart_write(&u, VUART_IIR, 0x00);
	assert_int_equal(vuart_read(&u, VUART_IIR), 0x01);
}

static void test_divisor_latch(void **state)
{
	(void)state;
	vuart_write(&u, VUART_IER, 0x05);
	vuart_write(&u, VUART_LCR, 0x83);
	vuart_write(&u, VUART_RBR, 0x12);
	vuart_write(&u, VUART_IER, 0x34);
	assert_int_equal(vuart_read(&u, VUART_RBR), 0x12);
	assert_int_equal(vuart_read(&u, VUART_IER), 0x34);
	assert_int_equal(fake_uart_len(), 0); /* DLL write is not output */
	vuart_write(&u, VUART_LCR, 0x03);
	assert_int_equal(vuart_read(&u, VUART_LCR), 0x03);
	assert_int_equal(vuart_read(&u, VUART_IER), 0x05);
	vuart_write(&u, VUART_LCR, 0x83);
	assert_int_equal(vuart_read(&u, VUART_RBR), 0x12);
	assert_int_equal(vuart_read(&u, VUART_IER), 0x34);
}

static void test_scratch_and_mcr(void **state)
{
	(void)state;
	vuart_write(&u, VUART_SCR, 0xa5);
	assert_int_equal(vuart_read(&u, VUART_SCR), 0xa5);
	vuart_write(&u, VUART_MCR, 0xff);
	assert_int_equal(vuart_read(&u, VUART_MCR), 0x1f);
	assert_int_equal(vuart_read(&u, VUART_MSR), 0xb0);
}

/* Every value to every register (offsets beyond 7 too): nothing breaks. */
static void test_garbage(void **state)
{
	(void)state;
	queue("in");
	vuart_write(&u, VUART_LCR, 0x80);
	for (unsigned off = 0; off < 16; off++)
		for (unsigned v = 0; v < 256; v++)
			if (off != VUART_LCR && off != VUART_RBR)
				vuart_write(&u, off, (uint8_t)v);
	assert_int_equal(fake_uart_len(), 0);		   /* DLAB was set throughout */
	assert_int_equal(vuart_read(&u, VUART_IER), 0xff); /* DLM */
	vuart_write(&u, VUART_LCR, 0x03);
	for (unsigned off = 1; off < 16; off++)
		for (unsigned v = 0; v < 256; v++)
			if (off != VUART_LCR)
				vuart_write(&u, off, (uint8_t)v);
	assert_int_equal(fake_uart_len(), 0);
	assert_int_equal(vuart_read(&u, VUART_LCR), 0x03);
	assert_int_equal(vuart_read(&u, VUART_IER), 0x0f);
	assert_int_equal(vuart_read(&u, VUART_IIR), 0xc4);
	assert_int_equal(vuart_read(&u, VUART_LSR), 0x61);
	assert_int_equal(vuart_read(&u, VUART_MSR), 0xb0);
	assert_int_equal(vuart_read(&u, 8), 0);
	assert_int_equal(vuart_read(&u, 1000), 0);
	assert_int_equal(vuart_read(&u, VUART_RBR), 'i');
	assert_int_equal(vuart_read(&u, VUART_RBR), 'n');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_reset_state),
		T(test_output_goes_to_console),
		T(test_input_through_rbr),
		T(test_output_polling_keeps_lines_whole),
		T(test_input_polling_shows_prompt),
		T(test_rx_interrupt),
		T(test_thre_raised_by_enable_cleared_by_iir),
		T(test_thre_after_thr_write),
		T(test_held_thre_polled),
		T(test_iir_priority),
		T(test_thre_masked_by_ier),
		T(test_fifo_bits),
		T(test_divisor_latch),
		T(test_scratch_and_mcr),
		T(test_garbage),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
