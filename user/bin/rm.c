/* SPDX-License-Identifier: MIT */
/*
 * rm.c - remove the files (or empty directories) named on the command line.
 */
#include "ulib.h"

int main(int argc, char *argv[])
{
	int status = 0;

	if (argc < 2)
		die("usage: rm path...\n");
	for (int i = 1; i < argc; i++) {
		if (unlink(argv[i]) < 0) {
			fprintf(2, "rm: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
