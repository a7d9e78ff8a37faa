/* SPDX-License-Identifier: MIT */
/*
 * init.c - the first process. The kernel gives it fds 0, 1 and 2 on the
 * console. It runs the startup script /etc/rc (if there is one) with sh;
 * then, started as "init SCRIPT" (the kernel's rc= option), it runs SCRIPT
 * with sh and powers the guest off; otherwise it keeps an interactive sh
 * running. It reaps every orphan the kernel hands it meanwhile.
 */
#include "ulib.h"

#define SH_PATH "/bin/sh"
#define RC_PATH "/etc/rc"

/* Start sh with argv; the child's pid, or -1. */
static int spawn(char *const argv[])
{
	int pid = fork();

	if (pid < 0) {
		fprintf(2, "init: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		exec(SH_PATH, argv);
		fprintf(2, "init: exec %s: %s\n", SH_PATH, strerror(errno));
		exit(127);
	}
	return pid;
}

/* Wait for pid, reaping orphans on the way; its status. */
static int wait_for(int pid)
{
	for (;;) {
		int status;
		int w = wait(&status);
		if (w == pid)
			return status;
		if (w < 0) /* cannot happen while pid lives; do not spin */
			return -1;
	}
}

/* sh SCRIPT, waited for: its status. */
static int run_script(const char *script)
{
	char *const argv[] = { "sh", (char *)script, NULL };
	int pid = spawn(argv);

	return pid > 0 ? wait_for(pid) : -1;
}

static void interactive(void) __attribute__((noreturn));
static void interactive(void)
{
	for (;;) {
		char *const argv[] = { "sh", NULL };
		long started = uptime();
		int pid = spawn(argv);
		int status = pid > 0 ? wait_for(pid) : -1;
		fprintf(2, "init: sh exited with status %d, starting a new one\n", status);
		/* A shell that dies at once (say, a broken /bin/sh) must not fork-loop. */
		if (uptime() - started < 1000)
			msleep(1000);
	}
}

int main(int argc, char *argv[])
{
	struct stat st;

	if (stat(RC_PATH, &st) == 0)
		run_script(RC_PATH);
	if (argc < 2)
		interactive();
	int status = run_script(argv[1]);
	if (status != 0)
		fprintf(2, "init: %s exited with status %d\n", argv[1], status);
	shutdown();
	fprintf(2, "init: shutdown: %s\n", strerror(errno));
	interactive(); /* still up: stay useful */
}
