/* SPDX-License-Identifier: MIT */
/*
 * mkdir.c - create the directories named on the command line.
 */
#include "ulib.h"

int main(int argc, char *argv[])
{
	int status = 0;

	if (argc < 2)
		die("usage: mkdir dir...\n");
	for (int i = 1; i < argc; i++) {
		if (mkdir(argv[i]) < 0) {
			fprintf(2, "mkdir: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
