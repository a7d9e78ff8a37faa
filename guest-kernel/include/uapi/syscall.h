/* SPDX-License-Identifier: MIT */
/*
 * syscall.h - the guest kernel's system call numbers, shared with user/.
 *
 * Convention: ecall from user mode with a7 = number, a0..a5 = arguments;
 * a0 returns a non-negative result or a negative errno (picolibc's <errno.h>
 * numbers). All other registers are preserved.
 */
#ifndef UAPI_SYSCALL_H
#define UAPI_SYSCALL_H

#define SYS_fork 1	/* () -> child pid in the parent, 0 in the child */
#define SYS_exit 2	/* (int status) -> does not return */
#define SYS_wait 3	/* (int *status or 0) -> pid of an exited child; -ECHILD */
#define SYS_pipe 4	/* (int fds[2]) -> 0; fds[0] reads, fds[1] writes */
#define SYS_read 5	/* (fd, buf, n) -> bytes read, 0 at end of file */
#define SYS_kill 6	/* (pid) -> 0; the process exits with status -1 */
#define SYS_exec 7	/* (path, char *argv[]) -> only returns on error */
#define SYS_fstat 8	/* (fd, struct stat *) -> 0 */
#define SYS_chdir 9	/* (path) -> 0 */
#define SYS_dup 10	/* (fd) -> lowest free fd referring to the same file */
#define SYS_getpid 11	/* () -> pid */
#define SYS_sbrk 12	/* (long delta) -> old break; -ENOMEM */
#define SYS_sleep 13	/* (ms) -> 0; -EINTR if killed */
#define SYS_uptime 14	/* () -> ms since the kernel started */
#define SYS_open 15	/* (path, flags) -> fd (flags in uapi/fs.h) */
#define SYS_write 16	/* (fd, buf, n) -> bytes written */
#define SYS_lseek 17	/* (fd, off, whence) -> new offset */
#define SYS_unlink 18	/* (path) -> 0; a directory must be empty */
#define SYS_mkdir 19	/* (path) -> 0 */
#define SYS_close 20	/* (fd) -> 0 */
#define SYS_yield 21	/* () -> 0 */
#define SYS_procinfo 22 /* (struct procinfo *buf, int max) -> entries filled */
#define SYS_memstat 23	/* (struct memstat *) -> 0 */
#define SYS_shutdown 24 /* () -> powers the guest off */
/* Job control: ^C on the console kills its foreground process group. */
#define SYS_setpgid 25	 /* (pid or 0 for self, pgid or 0 for pid) -> 0 */
#define SYS_tcsetpgrp 26 /* (console fd, pgid or 0 for none) -> 0 */
#define SYS_tcgetpgrp 27 /* (console fd) -> the foreground pgid, 0 if none */

#define SYS_MAX 28

#endif
