/* SPDX-License-Identifier: MIT */
/*
 * console.h - the kernel's printf onto the platform console, and the console
 * device user programs read and write (line editing, echo, blocking reads).
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kpanic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* The console device (a T_DEVICE inode): bytes done or a negative errno.
 * A read blocks until a whole line (or ^D) is typed. */
int64_t console_read(uint64_t udst, size_t n);
int64_t console_write(uint64_t usrc, size_t n);
/* Input arrived (called from the event handler). */
void console_intr(void);

#endif
