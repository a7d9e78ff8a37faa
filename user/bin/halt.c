/* SPDX-License-Identifier: MIT */
/*
 * halt.c - power the guest off (SYS_shutdown).
 */
#include "ulib.h"

int main(void)
{
	shutdown();
	die("halt: %s\n", strerror(errno));
}
