/* SPDX-License-Identifier: MIT */
/*
 * hcall_fixture.c - the configuration, per-test setup and hypercall helpers
 * shared by test_hcall.c, test_guest_create.c and test_trace.c (see
 * hcall_fixture.h), kept in one place so the three programs build and
 * drive the same two guests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hyp/core/config.h"
#include "hyp/core/frame.h"
#include "hyp/pv/hcall.h"
#include "hyp/debug/monitor.h"
#include "hyp/core/sched.h"
#include "tests/unit/hcall_fixture.h"
#include "tests/unit/arena.h"

/* The configuration under test: two small PV guests. */
const uint8_t image0[] = "pv0: a few bytes stand in for a kernel";
static uint8_t image1[5000]; /* crosses a page boundary; filled in group setup */
const struct guest_config hyp_config[] = {
	{
	    .name = "pv0",
	    .mode = GUEST_PV,
	    .mem_size = 4 * MiB,
	    .image = image0,
	    .image_end = image0 + sizeof(image0),
	    .cmdline = "ticks=5 interval_ms=100",
	},
	{
	    .name = "pv1",
	    .mode = GUEST_PV,
	    .mem_size = 6 * MiB,
	    .image = image1,
	    .image_end = image1 + sizeof(image1),
	},
};
HYP_CONFIG_COUNT(hyp_config);

uint8_t buf[BUF_SIZE];
struct vcpu *v0, *v1;

void hcf_frames(uint64_t size)
{
	frame_init(ptr_hpa(arena), size);
}

int64_t hcall(struct vcpu *v, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t *value)
{
	const uint64_t args[5] = { a0, a1, a2, 0, 0 };
	uint64_t dummy;

	return hcall_dispatch(v, nr, args, value ? value : &dummy);
}

int64_t con_write(struct vcpu *v, const char *s, uint64_t *value)
{
	size_t n = strlen(s);

	assert_true(n <= BUF_SIZE);
	memcpy(buf, s, n);
	return hcall(v, PVABI_HC_console_io, PVABI_CONSOLEIO_write, n, BUF_GVA, value);
}

void assert_output(const char *want)
{
	assert_string_equal(fake_uart_output(), want);
}

/* Every test starts with both guests freshly built at host time T0. */
int hcf_setup(void **state)
{
	(void)state;
	fake_reset();
	fake.time = T0;
	memset(buf, 0, sizeof(buf));
	fake_guest_mem(BUF_GVA, buf, sizeof(buf));
	hcf_frames(ARENA_SIZE);
	sched_init(TIMEBASE_HZ);
	if (guest_create_all("rv64imafdch"))
		return -1;
	v0 = &guest_table[0].vcpus[0];
	v1 = &guest_table[1].vcpus[0];
	monitor_init();
	fake_uart_clear();
	return 0;
}

int hcf_group_setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(image1); i++)
		image1[i] = (uint8_t)(i * 7 + 3);
	return arena_setup(state);
}

int hcf_group_teardown(void **state)
{
	return arena_teardown(state);
}
