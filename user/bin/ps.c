/* SPDX-License-Identifier: MIT */
/*
 * ps.c - list processes from SYS_procinfo: pid, parent, state, user memory,
 * CPU time and name.
 */
#include "ulib.h"

#define MAX_PROCS 128

static struct procinfo procs[MAX_PROCS];

static const char *state_name(uint32_t state)
{
	static const char *const names[] = {
		[PS_UNUSED] = "unused",	 [PS_USED] = "used",   [PS_SLEEPING] = "sleep",
		[PS_RUNNABLE] = "ready", [PS_RUNNING] = "run", [PS_ZOMBIE] = "zombie",
	};

	if (state < sizeof(names) / sizeof(names[0]) && names[state])
		return names[state];
	return "?";
}

int main(void)
{
	int n = procinfo(procs, MAX_PROCS);

	if (n < 0)
		die("ps: %s\n", strerror(errno));
	printf("  PID  PPID STATE   MEM(KiB)  CPU(ms) NAME\n");
	for (int i = 0; i < n; i++) {
		const struct procinfo *p = &procs[i];
		/* The kernel's name field may fill all PROC_NAME_LEN bytes. */
		printf("%5d %5d %-7s %8lu %8lu %.*s\n", (int)p->pid, (int)p->ppid,
		       state_name(p->state), (unsigned long)(p->mem / 1024),
		       (unsigned long)p->cpu_ms, PROC_NAME_LEN, p->name);
	}
	return 0;
}
