/* SPDX-License-Identifier: MIT */
/* console.h - sub-commands and limits of console_io (see hcall.h). */
#ifndef PVABI_CONSOLE_H
#define PVABI_CONSOLE_H

#define PVABI_CONSOLEIO_write 0
#define PVABI_CONSOLEIO_read 1

/* Most bytes one console_io call consumes or returns. */
#define PVABI_CONSOLE_MAX 1024

#endif
