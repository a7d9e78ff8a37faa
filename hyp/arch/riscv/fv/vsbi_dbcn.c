/* SPDX-License-Identifier: MIT */
/*
 * vsbi_dbcn.c - SBI DBCN (debug console, SBI 2.0): a guest's console
 * through SBI calls, on its own console port, so that Linux's earlycon=sbi
 * and console=hvc0 work (Debian's kernel has no SBI v0.1 console). Writes
 * and reads name guest-physical memory, reached through the G-stage page by
 * page; like the spec allows, a call moves at most DBCN_CHUNK bytes and says
 * how many, so that one exit stays short.
 */
#include <string.h>

#include "arch/vsbi.h"
#include "hyp/core/console.h"
#include "hyp/core/guest.h"

enum { DBCN_WRITE, DBCN_READ, DBCN_WRITE_BYTE };

#define DBCN_CHUNK 4096

/*
 * Move up to n bytes between the console and guest-physical memory at
 * [lo, hi]; the bytes moved (0 also when no input is waiting), or -1 if
 * the first byte is not guest memory.
 */
static long dbcn_move(struct guest *g, uint64_t n, uint64_t lo, uint64_t hi, bool write)
{
	uint64_t gpa = lo, done = 0;

	if (hi) /* on RV64 lo holds the whole address: hi is its bits past 64 */
		return -1;
	if (n > DBCN_CHUNK)
		n = DBCN_CHUNK;
	while (done < n) {
		size_t chunk = PAGE_SIZE - ((gpa + done) & PAGE_MASK), got;
		char *p = guest_phys(g, GPA(gpa + done));

		if (!p)
			return done ? (long)done : -1;
		if (chunk > n - done)
			chunk = n - done;
		if (write) {
			console_write(&g->con, p, chunk);
			got = chunk;
		} else if ((got = console_read(&g->con, p, chunk)) < chunk) {
			return (long)(done + got);
		}
		done += got;
	}
	return (long)done;
}

static struct sbi_ret dbcn_call(struct vcpu *v, uint64_t ext, uint64_t fid, const uint64_t *args)
{
	struct guest *g = v->guest;
	char c;
	long n;

	(void)ext;
	switch (fid) {
	case DBCN_WRITE:
	case DBCN_READ:
		n = dbcn_move(g, args[0], args[1], args[2], fid == DBCN_WRITE);
		if (n < 0)
			return (struct sbi_ret){ SBI_ERR_INVALID_PARAM, 0 };
		if (fid == DBCN_READ && n == 0)
			console_show(&g->con); /* polling for input: show its prompt */
		return (struct sbi_ret){ SBI_SUCCESS, (uint64_t)n };
	case DBCN_WRITE_BYTE:
		c = (char)args[0];
		console_write(&g->con, &c, 1);
		return (struct sbi_ret){ SBI_SUCCESS, 0 };
	default:
		return (struct sbi_ret){ SBI_ERR_NOT_SUPPORTED, 0 };
	}
}

const struct vsbi_ext vsbi_ext_dbcn = {
	.id_min = SBI_EXT_DBCN,
	.id_max = SBI_EXT_DBCN,
	.name = "DBCN",
	.call = dbcn_call,
	VSBI_FIDS("console_write", "console_read", "console_write_byte"),
};
