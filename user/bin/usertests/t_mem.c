/* SPDX-License-Identifier: MIT */
/*
 * t_mem.c - memory tests: sbrk growing, shrinking and failing, fresh heap
 * pages reading zero, access past the break faulting, the memstat counters,
 * and picolibc's malloc on top of sbrk.
 */
#include "ut.h"

extern char _end[]; /* user.ld: end of the loaded image */

/* Move the break to a page boundary, so tests own whole pages. */
static char *align_break(void)
{
	char *cur = (char *)sys_sbrk(0);
	long pad = (long)(-(uintptr_t)cur & (UT_PAGE - 1));

	sys_sbrk(pad);
	return cur + pad;
}

int t_sbrk(void)
{
	char *start = (char *)sys_sbrk(0);

	CHECK(start >= _end);
	EXPECT(sys_sbrk(100), start); /* returns the old break */
	EXPECT(sys_sbrk(0), start + 100);
	start[0] = 1;
	start[99] = 2;
	char *big = (char *)sys_sbrk(3 * UT_PAGE);
	EXPECT(big, start + 100);
	for (size_t i = 0; i < 3 * UT_PAGE; i += 512)
		big[i] = (char)i;
	for (size_t i = 0; i < 3 * UT_PAGE; i += 512)
		EXPECT(big[i], (char)i);
	EXPECT(sys_sbrk(-(long)(3 * UT_PAGE)), big + 3 * UT_PAGE);
	EXPECT(sys_sbrk(-100), start + 100);
	EXPECT(sys_sbrk(0), start);
	return 0;
}

/* New heap memory reads zero, also when it was used and given back before. */
int t_sbrk_zero(void)
{
	char *p = align_break();
	const long n = 4 * UT_PAGE;

	EXPECT(sys_sbrk(n), p);
	for (long i = 0; i < n; i++)
		if (p[i] != 0)
			return ut_fail(__FILE_NAME__, __LINE__, "new heap byte %ld is %d", i, p[i]);
	memset(p, 0x5a, (size_t)n);
	EXPECT(sys_sbrk(-n), p + n);
	EXPECT(sys_sbrk(n), p);
	for (long i = 0; i < n; i++)
		if (p[i] != 0)
			return ut_fail(__FILE_NAME__, __LINE__, "reused heap byte %ld is %d", i,
				       p[i]);
	return 0;
}

/* Pages past a shrunk break are gone: touching one kills the process. */
int t_sbrk_shrink_fault(void)
{
	char *p = align_break();

	EXPECT(sys_sbrk(2 * UT_PAGE), p);
	p[UT_PAGE] = 1;
	EXPECT(sys_sbrk(-(long)UT_PAGE), p + 2 * UT_PAGE);
	int pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		((volatile char *)p)[UT_PAGE] = 2;
		exit(0);
	}
	int st = ut_wait_pid(pid);
	CHECK(st != 0 && st != UT_NO_STATUS);
	p[0] = 3; /* the page below the break still works */
	return 0;
}

int t_sbrk_huge(void)
{
	char *start = (char *)sys_sbrk(0);

	EXPECT(sys_sbrk(1l << 40), -ENOMEM);	  /* beyond the address space */
	EXPECT(sys_sbrk(UT_STACK_TOP), -ENOMEM);  /* into the stack */
	EXPECT(sys_sbrk(0x3000000000l), -ENOMEM); /* more than the RAM */
	EXPECT(sys_sbrk(0), start);		  /* nothing changed */
	EXPECT_ERR(sys_sbrk(-(long)(start - (char *)0x10000) - 4096)); /* below the image */
	EXPECT(sys_sbrk(0), start);
	EXPECT(sys_sbrk(UT_PAGE), start); /* and it still works */
	start[UT_PAGE - 1] = 1;
	EXPECT(sys_sbrk(-(long)UT_PAGE), start + UT_PAGE);
	return 0;
}

int t_memstat(void)
{
	struct memstat a, b, c;

	EXPECT(sys_memstat(&a), 0);
	CHECK(a.pages_total > 0);
	CHECK(a.pages_free <= a.pages_total);
	CHECK(a.pages_free_zero <= a.pages_free);
	/* 16 touched heap pages come out of the free pool and go back. */
	char *p = align_break();
	EXPECT(sys_sbrk(16 * UT_PAGE), p);
	for (unsigned long i = 0; i < 16; i++)
		p[i * UT_PAGE] = 1;
	EXPECT(sys_memstat(&b), 0);
	CHECK(a.pages_free >= b.pages_free + 16);
	EXPECT(sys_sbrk(-16 * (long)UT_PAGE), p + 16 * UT_PAGE);
	EXPECT(sys_memstat(&c), 0);
	CHECK(c.pages_free >= b.pages_free + 16);
	return 0;
}

int t_malloc(void)
{
	enum { N = 64 };
	char *blocks[N];

	for (int i = 0; i < N; i++) {
		blocks[i] = malloc((size_t)(i + 1) * 200);
		CHECK(blocks[i] != NULL);
		memset(blocks[i], i, (size_t)(i + 1) * 200);
	}
	for (int i = 0; i < N; i++) {
		CHECK(blocks[i][0] == (char)i && blocks[i][(i + 1) * 200 - 1] == (char)i);
		free(blocks[i]);
	}
	errno = 0;
	CHECK(malloc(1ul << 40) == NULL); /* fails cleanly, through sbrk's -ENOMEM */
	EXPECT(errno, ENOMEM);
	char *again = malloc(1000);
	CHECK(again != NULL);
	free(again);
	return 0;
}
