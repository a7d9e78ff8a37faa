/* SPDX-License-Identifier: MIT */
/*
 * hostile.c - the hostile PV guest of the isolation tests
 * (tests/system/test_hostile.py): each run tries one bad thing, chosen by
 * its command line "case=NAME", beside the bystander guest (cksum.c). The
 * outcome is either each result line ("what -> got") ending in
 * "Test result: PASS/FAIL", or the hypervisor stopping this guest with a
 * message (the guest prints what it is about to do first).
 *
 * Cases, by family (the table at the end lists them all):
 *  pt_*    one rule of the PV page-table model each (pvabi/mm.h);
 *  arg_*   bad pointers and counts in hypercall arguments, multicall;
 *  call_*  unknown call numbers, sub-commands, SBI calls from a PV guest;
 *  mem_*   memory and devices that are not this guest's, executing data;
 *  time_*  timer storms, blocking with nothing to wake it, never yielding;
 *  fp_*    the floating-point registers between two guests.
 *  vec_*   the vector registers (not switched: never usable).
 *
 * Addresses: the guest runs with paging off (GVA = GPA) unless a case
 * installs its own tree. Its RAM is at 0x80000000; a host-physical address
 * of another guest or the hypervisor is, for it, just a guest-physical
 * address: its own page there, or nothing (a guest-page fault).
 */
#include <string.h>

#include "hostile.h"

/* ---- the command line ---- */

/* The value of case= (a word up to the next space). */
static int case_is(const char *name)
{
	const char *p = strstr(tg_start->cmdline, "case=");
	size_t n = strlen(name);

	return p && strncmp(p + 5, name, n) == 0 && (p[5 + n] == ' ' || p[5 + n] == '\0');
}

/*
 * With paging off: a root, one L2 and two L1 tables mapping the start and
 * shared info pages and, identity, the 2 MiB that hold the image, its data
 * and stack.
 */
int hostile_pinned_tree(void)
{
	const struct tg_tree t = { T3, T2, T1_LOW, T1_IMG };

	tg_build_tree(&t);
	return tg_expect("pin the tree", tg_mmuext1(PVABI_MMUEXT_PIN_L3_TABLE, T3, 0), 0);
}

int hostile_live_tree(void)
{
	return hostile_pinned_tree() &&
	       tg_expect("install the root", tg_mmuext1(PVABI_MMUEXT_NEW_BASEPTR, T3, 1), 0);
}

static const struct hostile_case *const families[] = {
	hostile_pt_cases,
	hostile_arg_cases,
	hostile_mem_cases,
};

void tg_main(void)
{
	tg_printf("hostile guest up: %s\n", tg_start->cmdline);
	for (unsigned f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
		for (const struct hostile_case *c = families[f]; c->name; c++) {
			if (case_is(c->name)) {
				c->fn();
				tg_result();
				return;
			}
		}
	}
	tg_printf("no such case\n");
	tg_expect("known case", 0, 1);
	tg_result();
}
