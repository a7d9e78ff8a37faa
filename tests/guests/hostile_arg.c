/* SPDX-License-Identifier: MIT */
/* hostile_arg.c - the hostile guest's hypercall-argument cases (arg_*: bad pointers and counts,
 * multicall) and call-number cases (call_*) (hostile.c runs them). */
#include <stdio.h>
#include <string.h>

#include "hostile.h"

/* ================== hypercall arguments (arg_*) ================== */

/* Every call that takes a pointer, given p; each must say -EFAULT. */
static void bad_pointer(const char *what, uint64_t p)
{
	char name[96];

#define TRY(call, expr)                                                                            \
	do {                                                                                       \
		snprintf(name, sizeof(name), "%s %s", call, what);                                 \
		tg_expect(name, (expr).error, -PVABI_EFAULT);                                      \
	} while (0)
	TRY("console write", pvabi_console_io(PVABI_CONSOLEIO_write, 8, p));
	TRY("console read", pvabi_console_io(PVABI_CONSOLEIO_read, 8, p));
	TRY("mmu_update", pvabi_mmu_update(p, 1));
	TRY("mmuext_op", pvabi_mmuext_op(p, 1));
	TRY("memory_op", pvabi_memory_op(PVABI_MEMOP_decrease_reservation, p, 1));
	TRY("multicall", pvabi_multicall(p, 1));
#undef TRY
}

static void arg_outside_ram(void)
{
	bad_pointer("0x0", 0);
	bad_pointer("boot ROM", BOOT_ROM);
	bad_pointer("sifive_test", SIFIVE_TEST);
	bad_pointer("CLINT", CLINT);
	bad_pointer("PLIC", PLIC);
	bad_pointer("UART", UART);
	bad_pointer("end of RAM", ram_end());
	bad_pointer("host RAM top", HOST_RAM_TOP);
	bad_pointer("2^63", 1ull << 63);
	bad_pointer("-8", (uint64_t)-8);
}

static struct pvabi_multicall_entry mc_version(void)
{
	return (struct pvabi_multicall_entry){ .op = PVABI_HC_version,
					       .result = 99,
					       .args = { PVABI_VER_abi } };
}

/* Unaligned pointers are read and written byte by byte, but correctly. */
static void arg_unaligned(void)
{
	uint8_t *p = ptr(DATA(0) + 1);
	struct pvabi_multicall_entry e = mc_version(), out;
	struct pvabi_mmuext_op op = { PVABI_MMUEXT_TLB_FLUSH_LOCAL, 0, 0, 0 };
	uint64_t page = DATA(2);
	struct pvabi_ret r;

	memcpy(p, &e, sizeof(e));
	r = pvabi_multicall((uintptr_t)p, 1);
	memcpy(&out, p, sizeof(out));
	tg_expect("multicall at +1", r.error, 0);
	tg_expect("its result", out.result, 0);
	tg_expect("its value", (int64_t)out.value, PVABI_VERSION);
	memcpy(ptr(DATA(1) + 3), &op, sizeof(op));
	tg_expect("mmuext_op at +3", pvabi_mmuext_op(DATA(1) + 3, 1).error, 0);
	memcpy(ptr(DATA(1) + 101), &page, sizeof(page));
	tg_expect("give back, list at +5",
		  pvabi_memory_op(PVABI_MEMOP_decrease_reservation, DATA(1) + 101, 1).error, 0);
	tg_expect("populate, list at +5",
		  pvabi_memory_op(PVABI_MEMOP_populate_physmap, DATA(1) + 101, 1).error, 0);
	memcpy(ptr(DATA(1) + 301), "unaligned write\n", 16);
	r = pvabi_console_io(PVABI_CONSOLEIO_write, 16, DATA(1) + 301);
	tg_expect("console write at +5: bytes", (int64_t)r.value, 16);
	tg_expect("console read at +7",
		  pvabi_console_io(PVABI_CONSOLEIO_read, 9, DATA(1) + 407).error, 0);
}

/*
 * Buffers that start in RAM and run into a page the guest gave back: the
 * part that cannot be read is -EFAULT; what was done is said in a1.
 */
static void arg_cross_page(void)
{
	uint64_t hole = DATA(3), edge = hole; /* DATA(3) is given back */
	struct pvabi_multicall_entry *mc = ptr(edge - 96);
	struct pvabi_ret r;

	if (!tg_expect("give a page back", tg_memop1(PVABI_MEMOP_decrease_reservation, hole), 0))
		return;
	mc[0] = mc_version();
	r = pvabi_multicall(edge - 96, 2);
	tg_expect("multicall, 2nd entry crosses", r.error, -PVABI_EFAULT);
	tg_expect("entries run", (int64_t)r.value, 1);
	tg_expect("1st result written", mc[0].result, 0);
	tg_expect("mmu_update crossing", pvabi_mmu_update(edge - 8, 1).error, -PVABI_EFAULT);
	tg_expect("mmuext_op crossing", pvabi_mmuext_op(edge - 16, 1).error, -PVABI_EFAULT);
	tg_expect("memory_op list crossing",
		  pvabi_memory_op(PVABI_MEMOP_populate_physmap, edge - 4, 1).error, -PVABI_EFAULT);
	tg_expect("console read crossing",
		  pvabi_console_io(PVABI_CONSOLEIO_read, 8, edge - 4).error, -PVABI_EFAULT);
	/* A write that runs off the end of RAM: a1 says how much went out. */
	memset(ptr(ram_end() - 200), 'Z', 200);
	r = pvabi_console_io(PVABI_CONSOLEIO_write, 300, ram_end() - 200);
	tg_printf("\n");
	tg_expect("console write off the end of RAM", r.error, 0);
	tg_printf("console write off the end of RAM wrote %llu\n", (unsigned long long)r.value);
	tg_expect("console write from past RAM",
		  pvabi_console_io(PVABI_CONSOLEIO_write, 8, ram_end() + 4).error, -PVABI_EFAULT);
}

/* A pinned table is read-only to the guest: the hypervisor must not write it for it. */
static void arg_pinned_table(void)
{
	uint64_t empty = SPARE(0), *t = tg_table(empty);
	struct pvabi_ret r;
	int clean = 1;

	if (!hostile_pinned_tree() ||
	    !tg_expect("pin an empty L1", tg_mmuext1(PVABI_MMUEXT_PIN_L1_TABLE, empty, 0), 0))
		return;
	tg_expect("console read into it", pvabi_console_io(PVABI_CONSOLEIO_read, 8, empty).error,
		  -PVABI_EFAULT);
	tg_expect("console read into the root",
		  pvabi_console_io(PVABI_CONSOLEIO_read, 8, T3 + 4088).error, -PVABI_EFAULT);
	/* Its all-zero entries read as set_trap_table(0): run, not written back. */
	r = pvabi_multicall(empty, 2);
	tg_expect("multicall from it", r.error, -PVABI_EFAULT);
	tg_expect("multicall entries written", (int64_t)r.value, 0);
	tg_expect("mmu_update read from it", pvabi_mmu_update(empty, 1).error, -PVABI_EINVAL);
	tg_expect("memory_op list in it",
		  pvabi_memory_op(PVABI_MEMOP_populate_physmap, empty, 1).error, -PVABI_EINVAL);
	tg_expect("console write from it", pvabi_console_io(PVABI_CONSOLEIO_write, 0, empty).error,
		  0);
	for (unsigned i = 0; i < 512; i++)
		clean &= t[i] == 0;
	tg_expect("the table still all zero", clean, 1);
	tg_expect("the root entry intact", (int64_t)(tg_table(T3)[511] == 0), 1);
}

/*
 * The hypervisor's own host-physical addresses (from its symbol table, on
 * the command line as hyp1=..., hyp2=...): for this guest they are its own
 * RAM, so a hypercall writing there writes this guest's page, never the
 * hypervisor.
 */
static void hyp_pointer(const char *key)
{
	uint64_t a = tg_cmdline_num(key, 0) & ~7ull;
	struct pvabi_multicall_entry *e = ptr(a);
	char name[64];
	struct pvabi_ret r;

	/* Not this guest's own image, data or stack, which the test would break. */
	if (a < (uintptr_t)__kernel_end || a + 128 > ram_end()) {
		tg_printf("FAIL: %s=0x%llx is not a free page of this guest\n", key,
			  (unsigned long long)a);
		tg_expect(key, 0, 1);
		return;
	}
	tg_printf("%s at 0x%llx\n", key, (unsigned long long)a);
	*e = mc_version();
	r = pvabi_multicall(a, 1);
	snprintf(name, sizeof(name), "multicall at %s", key);
	tg_expect(name, r.error, 0);
	snprintf(name, sizeof(name), "result written to our page at %s", key);
	tg_expect(name, (int64_t)e->value, PVABI_VERSION);
	snprintf(name, sizeof(name), "console read into %s", key);
	tg_expect(name, pvabi_console_io(PVABI_CONSOLEIO_read, 64, a + 64).error, 0);
}

static void arg_hyp_pointer(void)
{
	hyp_pointer("hyp1");
	hyp_pointer("hyp2");
	hyp_pointer("hyp3");
}

/* Counts over each call's limit, "negative" ones, and zero. */
static void arg_counts(void)
{
	static const uint64_t big[] = { PVABI_MMU_BATCH_MAX + 1, 1ull << 32, 1ull << 63,
					(uint64_t)-1 };
	uint64_t buf = DATA(0);
	struct pvabi_ret r;

	for (unsigned i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
		uint64_t n = big[i];

		tg_printf("count 0x%llx\n", (unsigned long long)n);
		tg_expect("mmu_update", pvabi_mmu_update(buf, n).error, -PVABI_E2BIG);
		tg_expect("mmuext_op", pvabi_mmuext_op(buf, n).error, -PVABI_E2BIG);
		tg_expect("memory_op", pvabi_memory_op(PVABI_MEMOP_populate_physmap, buf, n).error,
			  -PVABI_E2BIG);
		tg_expect("multicall", pvabi_multicall(buf, n).error, -PVABI_E2BIG);
	}
	tg_expect("multicall 65", pvabi_multicall(buf, PVABI_MULTICALL_MAX + 1).error,
		  -PVABI_E2BIG);
	tg_expect("mmu_update 0", pvabi_mmu_update(0, 0).error, 0);
	tg_expect("mmuext_op 0", pvabi_mmuext_op(0, 0).error, 0);
	tg_expect("memory_op 0", pvabi_memory_op(PVABI_MEMOP_populate_physmap, 0, 0).error, 0);
	tg_expect("multicall 0", pvabi_multicall(0, 0).error, 0);
	/* console_io takes at most 1024 bytes a call: the rest is the caller's to send. */
	memset(ptr(buf), 'Q', PVABI_CONSOLE_MAX);
	r = pvabi_console_io(PVABI_CONSOLEIO_write, (uint64_t)-1, buf);
	tg_printf("\n");
	tg_expect("console write count -1", r.error, 0);
	tg_expect("console write count -1: bytes", (int64_t)r.value, PVABI_CONSOLE_MAX);
	r = pvabi_console_io(PVABI_CONSOLEIO_read, (uint64_t)-1, buf);
	tg_expect("console read count -1", r.error, 0);
	tg_expect("console read count -1: bytes", (int64_t)r.value, 0);
	tg_expect("console read count -1 from 0",
		  pvabi_console_io(PVABI_CONSOLEIO_read, (uint64_t)-1, 0).error, -PVABI_EFAULT);
}

/* multicall in multicall, unknown calls in it, a bad shutdown in it. */
static void arg_multicall_nested(void)
{
	struct pvabi_multicall_entry *mc = ptr(DATA(0)), *inner = ptr(DATA(1));
	struct pvabi_ret r;

	inner[0] = mc_version();
	mc[0] = (struct pvabi_multicall_entry){ .op = PVABI_HC_multicall,
						.result = 99,
						.args = { DATA(0), 5 } }; /* itself */
	mc[1] = (struct pvabi_multicall_entry){ .op = PVABI_HC_multicall,
						.result = 99,
						.args = { DATA(1), 1 } };
	mc[2] = (struct pvabi_multicall_entry){ .op = 7, .result = 99 };
	mc[3] = (struct pvabi_multicall_entry){ .op = (uint64_t)-1, .result = 99 };
	mc[4] = (struct pvabi_multicall_entry){ .op = PVABI_HC_sched_op,
						.result = 99,
						.args = { PVABI_SCHEDOP_shutdown, 99 } };
	r = pvabi_multicall(DATA(0), 5);
	tg_expect("multicall", r.error, 0);
	tg_expect("entries run", (int64_t)r.value, 5);
	tg_expect("multicall of itself", mc[0].result, -PVABI_EINVAL);
	tg_expect("multicall of another list", mc[1].result, -PVABI_EINVAL);
	tg_expect("the inner list not run", inner[0].result, 99);
	tg_expect("call 7 in it", mc[2].result, -PVABI_ENOSYS);
	tg_expect("call -1 in it", mc[3].result, -PVABI_ENOSYS);
	tg_expect("shutdown reason 99 in it", mc[4].result, -PVABI_EINVAL);
	for (unsigned i = 0; i < PVABI_MULTICALL_MAX; i++)
		mc[i] = (struct pvabi_multicall_entry){ .op = PVABI_HC_multicall,
							.args = { DATA(0), PVABI_MULTICALL_MAX } };
	r = pvabi_multicall(DATA(0), PVABI_MULTICALL_MAX);
	tg_expect("64 nested multicalls", (int64_t)r.value, PVABI_MULTICALL_MAX);
	tg_expect("the last refused", mc[PVABI_MULTICALL_MAX - 1].result, -PVABI_EINVAL);
}

/* A shutdown inside a multicall stops the guest: nothing after it runs. */
static void arg_multicall_shutdown(void)
{
	static const char after[] = "FAIL: an entry after the shutdown ran\n";
	struct pvabi_multicall_entry *mc = ptr(DATA(0));

	mc[0] = mc_version();
	mc[1] = (struct pvabi_multicall_entry){
		.op = PVABI_HC_sched_op, .args = { PVABI_SCHEDOP_shutdown, PVABI_SHUTDOWN_poweroff }
	};
	mc[2] = (struct pvabi_multicall_entry){ .op = PVABI_HC_console_io,
						.args = { PVABI_CONSOLEIO_write, sizeof(after) - 1,
							  (uintptr_t)after } };
	tg_printf("multicall: version, shutdown, console write\n");
	pvabi_multicall(DATA(0), 3);
	tg_printf("FAIL: multicall returned after a shutdown\n");
}

/* ============ call numbers and sub-commands (call_*) ============ */

/* Every number the hypervisor does not implement, twice: -ENOSYS, logged once. */
static void call_unknown(void)
{
	static const uint64_t far[] = { 64, 100, 1000, 1ull << 32, 1ull << 63, (uint64_t)-1 };
	unsigned tried = 0, ok = 0;

	for (uint64_t nr = 0; nr < PVABI_HC_MAX + 6; nr++) {
		uint64_t n = nr < PVABI_HC_MAX ? nr : far[nr - PVABI_HC_MAX];
		int64_t e1, e2, probe = pvabi_version(PVABI_VER_probe, n).error;

		if (probe == 0)
			continue; /* implemented */
		e1 = pvabi_hypercall(n, 1, 2, 3, 4, 5).error;
		e2 = pvabi_hypercall(n, (uint64_t)-1, 0, 0, 0, 0).error;
		tried++;
		ok += e1 == -PVABI_ENOSYS && e2 == -PVABI_ENOSYS && probe == -PVABI_ENOSYS;
		if (e1 != -PVABI_ENOSYS || e2 != -PVABI_ENOSYS)
			tg_expect("unknown call", e1 == e2 ? e1 : e2, -PVABI_ENOSYS);
	}
	tg_printf("unknown numbers tried: %u\n", tried);
	tg_expect("all -ENOSYS, probe too", ok, tried);
}

static void call_subcommands(void)
{
	tg_expect("console_io cmd 2", pvabi_console_io(2, 0, 0).error, -PVABI_ENOSYS);
	tg_expect("console_io cmd -1", pvabi_console_io((uint64_t)-1, 0, 0).error, -PVABI_ENOSYS);
	tg_expect("sched_op cmd 3", pvabi_sched_op(3, 0).error, -PVABI_ENOSYS);
	tg_expect("sched_op cmd -1", pvabi_sched_op((uint64_t)-1, 0).error, -PVABI_ENOSYS);
	tg_expect("vcpu_op cmd -1", pvabi_vcpu_op((uint64_t)-1, 0, 0).error, -PVABI_ENOSYS);
	tg_expect("vcpu_op vcpu -1", pvabi_vcpu_op(PVABI_VCPUOP_up, (uint64_t)-1, 0).error,
		  -PVABI_EINVAL);
	tg_expect("event_op cmd -1", pvabi_event_op((uint64_t)-1, 0).error, -PVABI_ENOSYS);
	tg_expect("send_ipi to vcpu -1", pvabi_event_op(PVABI_EVTOP_send_ipi, (uint64_t)-1).error,
		  -PVABI_EINVAL);
	tg_expect("shutdown suspend",
		  pvabi_sched_op(PVABI_SCHEDOP_shutdown, PVABI_SHUTDOWN_suspend).error,
		  -PVABI_EINVAL);
	tg_expect("shutdown reason 4", pvabi_sched_op(PVABI_SCHEDOP_shutdown, 4).error,
		  -PVABI_EINVAL);
	tg_expect("shutdown reason -1", pvabi_sched_op(PVABI_SCHEDOP_shutdown, (uint64_t)-1).error,
		  -PVABI_EINVAL);
	tg_expect("memory_op cmd 0", pvabi_memory_op(0, 0, 0).error, -PVABI_ENOSYS);
	tg_expect("memory_op cmd 2", pvabi_memory_op(2, 0, 0).error, -PVABI_ENOSYS);
	tg_expect("memory_op cmd -1", pvabi_memory_op((uint64_t)-1, 0, 0).error, -PVABI_ENOSYS);
	tg_expect("version cmd 2", pvabi_version(2, 0).error, -PVABI_ENOSYS);
	tg_expect("version cmd -1", pvabi_version((uint64_t)-1, 0).error, -PVABI_ENOSYS);
	tg_expect("set_trap_table(odd)", pvabi_set_trap_table(0x80200001).error, -PVABI_EINVAL);
	tg_expect("set_trap_table(UART)", pvabi_set_trap_table(UART).error, -PVABI_EFAULT);
	tg_expect("set_trap_table(-4)", pvabi_set_trap_table((uint64_t)-4).error, -PVABI_EFAULT);
	tg_expect("set_callbacks(sifive_test)", pvabi_set_callbacks(SIFIVE_TEST).error,
		  -PVABI_EFAULT);
	tg_expect("set_callbacks(end of RAM)", pvabi_set_callbacks(ram_end()).error, -PVABI_EFAULT);
	tg_expect("set_timer_op(-1)", pvabi_set_timer_op((uint64_t)-1).error, 0);
	tg_expect("set_timer_op(0)", pvabi_set_timer_op(0).error, 0);
}

/* An ecall with another extension ID. */
static int64_t sbi(uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1)
{
	register uint64_t r0 __asm__("a0") = a0;
	register uint64_t r1 __asm__("a1") = a1;
	register uint64_t r6 __asm__("a6") = fid;
	register uint64_t r7 __asm__("a7") = ext;

	__asm__ __volatile__("ecall" : "+r"(r0), "+r"(r1) : "r"(r6), "r"(r7) : "memory");
	return (int64_t)r0;
}

/* A PV guest has no SBI: shutdown, reset and hart stop must not reach anything. */
static void call_sbi(void)
{
	tg_expect("SBI base version", sbi(SBI_EXT_BASE, 0, 0, 0), SBI_ERR_NOT_SUPPORTED);
	tg_expect("SBI set_timer", sbi(SBI_EXT_TIME, 0, 0, 0), SBI_ERR_NOT_SUPPORTED);
	tg_expect("SBI send_ipi", sbi(SBI_EXT_IPI, 0, 1, 0), SBI_ERR_NOT_SUPPORTED);
	tg_expect("SBI hart_stop", sbi(SBI_EXT_HSM, 1, 0, 0), SBI_ERR_NOT_SUPPORTED);
	tg_expect("SBI system_reset shutdown", sbi(SBI_EXT_SRST, 0, 0, 0), SBI_ERR_NOT_SUPPORTED);
	tg_expect("SBI system_reset cold reboot", sbi(SBI_EXT_SRST, 0, 1, 0),
		  SBI_ERR_NOT_SUPPORTED);
	for (uint64_t legacy = 0; legacy <= 8; legacy++) {
		char name[32];

		snprintf(name, sizeof(name), "legacy SBI %llu", (unsigned long long)legacy);
		tg_expect(name, sbi(legacy, 0, 'L', 0), SBI_ERR_NOT_SUPPORTED);
	}
	tg_expect("extension 0x08505640", sbi(0x08505640, 17, 0, 0), SBI_ERR_NOT_SUPPORTED);
	tg_printf("still running after SBI shutdown and reset calls\n");
}

const struct hostile_case hostile_arg_cases[] = {
	{ "arg_outside_ram", arg_outside_ram },
	{ "arg_unaligned", arg_unaligned },
	{ "arg_cross_page", arg_cross_page },
	{ "arg_pinned_table", arg_pinned_table },
	{ "arg_hyp_pointer", arg_hyp_pointer },
	{ "arg_counts", arg_counts },
	{ "arg_multicall_nested", arg_multicall_nested },
	{ "arg_multicall_shutdown", arg_multicall_shutdown },
	{ "call_unknown", call_unknown },
	{ "call_subcommands", call_subcommands },
	{ "call_sbi", call_sbi },
	{ NULL, NULL },
};
