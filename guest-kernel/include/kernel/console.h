/* SPDX-License-Identifier: MIT */
/* console.h - the kernel's printf onto the platform console. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kpanic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
