/* SPDX-License-Identifier: MIT */
/*
 * console.h - the kernel's printf onto the platform console, and the console
 * device user programs read and write (line editing, echo, blocking reads,
 * ^C for the foreground process group).
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kpanic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* The console device (a T_DEVICE inode): bytes done or a negative errno.
 * A read blocks until a whole line (or ^D) is typed; -EINTR if ^C is typed
 * meanwhile. */
int64_t console_read(uint64_t udst, size_t n);
int64_t console_write(uint64_t usrc, size_t n);
/* Input arrived (called from the event handler). */
void console_intr(void);
/* The process group ^C kills (0: none); the caller checked that it exists. */
void console_set_foreground(int pgid);
int console_foreground(void);

#endif
