/* SPDX-License-Identifier: MIT */
/*
 * t_job.c - job control tests: process groups (setpgid's rules, inherited
 * by fork, reported by procinfo) and the console's foreground group
 * (tcsetpgrp and tcgetpgrp on the console only, with their errors). ^C
 * itself comes from the keyboard: the system tests type it.
 */
#include "ut.h"

#define NO_SUCH_PID 1000000

/* pid's process group from procinfo, or -1 if it is not there. */
static int pgid_of(int pid)
{
	struct procinfo pi;

	return ut_find_proc(pid, &pi) ? pi.pgid : -1;
}

/* A child that waits until p[1] is closed (p[0] and p[1] are open). */
static int waiting_child(const int p[2])
{
	int pid = fork();

	if (pid == 0) {
		char c;
		close(p[1]);
		read(p[0], &c, 1);
		exit(0);
	}
	return pid;
}

int t_setpgid(void)
{
	int me = getpid(), p[2];

	EXPECT(pgid_of(me), pgid_of(ut_main_pid)); /* fork keeps the group */
	EXPECT(sys_setpgid(0, 0), 0);
	EXPECT(pgid_of(me), me);
	EXPECT(pipe(p), 0);
	int child = waiting_child(p);
	CHECK(child > 0);
	EXPECT(pgid_of(child), me);
	EXPECT(sys_setpgid(child, 0), 0); /* a group of its own */
	EXPECT(pgid_of(child), child);
	EXPECT(sys_setpgid(child, me), 0); /* back into an existing one */
	EXPECT(pgid_of(child), me);
	EXPECT(sys_setpgid(child, NO_SUCH_PID), -EPERM);
	EXPECT(sys_setpgid(0, child), -EPERM); /* no process is in group child */
	EXPECT(sys_setpgid(-1, 0), -EINVAL);
	EXPECT(sys_setpgid(0, -1), -EINVAL);
	EXPECT(sys_setpgid(1, 0), -ESRCH); /* init: not our child */
	EXPECT(sys_setpgid(NO_SUCH_PID, 0), -ESRCH);
	close(p[1]);
	close(p[0]);
	EXPECT(ut_wait_pid(child), 0);
	EXPECT(sys_setpgid(child, 0), -ESRCH); /* reaped */
	return 0;
}

/* The errors, on descriptors that are not the console and on bad groups. */
static int tcpgrp_errors(int console)
{
	int p[2];

	EXPECT(pipe(p), 0);
	EXPECT(sys_tcsetpgrp(p[0], 0), -ENOTTY);
	EXPECT(sys_tcgetpgrp(p[1]), -ENOTTY);
	close(p[0]);
	close(p[1]);
	EXPECT(sys_tcsetpgrp(-1, 0), -EBADF);
	EXPECT(sys_tcgetpgrp(1000), -EBADF);
	EXPECT(sys_tcsetpgrp(console, -1), -EINVAL);
	EXPECT(sys_tcsetpgrp(console, NO_SUCH_PID), -EPERM);
	return 0;
}

int t_tcpgrp(void)
{
	int console = open("/dev/console", O_RDWR), me = getpid();

	CHECK(console >= 0);
	if (tcpgrp_errors(console))
		return 1;
	long old = sys_tcgetpgrp(console); /* the shell gave it to usertests, or none */
	CHECK(old >= 0);
	EXPECT(sys_setpgid(0, 0), 0);
	EXPECT(sys_tcsetpgrp(console, me), 0);
	EXPECT(sys_tcgetpgrp(console), me);
	EXPECT(sys_tcsetpgrp(console, 0), 0); /* none */
	EXPECT(sys_tcgetpgrp(console), 0);
	EXPECT(sys_tcsetpgrp(console, (int)old), 0);
	close(console);
	return 0;
}
