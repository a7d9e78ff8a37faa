/* SPDX-License-Identifier: MIT */
/* exec.h - replacing a process's program with an ELF file. */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#define EXEC_MAXARG 32

/* Load path into the current process with argv (kernel strings). Returns
 * only on error (a negative errno); on success the process's trap frame is
 * set up to start the program. */
int exec_start(const char *path, char *const argv[]);

#endif
