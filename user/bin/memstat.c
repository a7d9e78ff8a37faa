/* SPDX-License-Identifier: MIT */
/*
 * memstat.c - print the kernel's page allocator counters (struct memstat):
 * free pages, how much the kernel zeroed itself and how much it skipped
 * because the pages were known to be zero, and the exchange with the
 * hypervisor.
 */
#include "ulib.h"

int main(void)
{
	struct memstat ms;

	if (memstat(&ms) < 0)
		die("memstat: %s\n", strerror(errno));
	printf("pages total        %lu\n", (unsigned long)ms.pages_total);
	printf("pages free         %lu (%lu known zero)\n", (unsigned long)ms.pages_free,
	       (unsigned long)ms.pages_free_zero);
	printf("bytes zeroed       %lu\n", (unsigned long)ms.bytes_zeroed);
	printf("zeroing skipped    %lu pages\n", (unsigned long)ms.pages_zero_skipped);
	printf("pages returned     %lu\n", (unsigned long)ms.pages_returned);
	printf("pages populated    %lu\n", (unsigned long)ms.pages_populated);
	printf("hypercalls         %lu\n", (unsigned long)ms.hypercalls);
	return 0;
}
