/* SPDX-License-Identifier: MIT */
/*
 * kill.c - kill the processes whose ids are given; each exits with status -1.
 */
#include "ulib.h"

int main(int argc, char *argv[])
{
	int status = 0;

	if (argc < 2)
		die("usage: kill pid...\n");
	for (int i = 1; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (end == argv[i] || *end != '\0' || pid <= 0) {
			fprintf(2, "kill: %s: not a process id\n", argv[i]);
			status = 1;
		} else if (kill((int)pid) < 0) {
			fprintf(2, "kill: %ld: %s\n", pid, strerror(errno));
			status = 1;
		}
	}
	return status;
}
