/* SPDX-License-Identifier: MIT */
/*
 * guestfs_harness.h - what test_guestfs needs in place of the guest kernel's
 * core: one current process, a fake user address space, a counting page
 * allocator that can be told to fail, the console, syscall arguments, and a
 * builder for hand-made cpio archives.
 */
#ifndef TESTS_UNIT_GUESTFS_HARNESS_H
#define TESTS_UNIT_GUESTFS_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/proc.h"
#include "uapi/fs.h"

/* The fake user memory: [UBASE, UBASE + USIZE). */
#define UBASE 0x100000ul
#define USIZE (64ul * 1024)
extern uint8_t umem[USIZE];
#define UVA(off) (UBASE + (uint64_t)(off))
#define UPTR(off) (&umem[(off)])
/* Where the helpers put things: paths at 0 (and PATH2), data at BUF, reads
 * land at BUF2. */
#define PATH2 512
#define BUF 4096
#define BUF2 32768

/* The current process (proc_current() returns NULL when !stub_have_proc). */
extern struct proc stub_proc;
extern bool stub_have_proc;

/* proc_sleep runs this once (then clears it); with none, the test fails:
 * the call would have blocked forever. */
extern void (*stub_sleep_hook)(void);
extern int stub_sleeps, stub_wakeups;

/* Pages handed out and not freed; page allocations left before they fail
 * (-1: never). */
extern long stub_pages_out;
extern long stub_page_fail_after;

/* What the console stubs saw. */
extern uint64_t stub_console_uva;
extern size_t stub_console_n;
extern int stub_console_reads, stub_console_writes;

/* Arguments syscall_arg returns. */
extern uint64_t stub_args[6];

/* Run a system call with these arguments. */
int64_t gfh_call(int64_t (*fn)(void), uint64_t a0, uint64_t a1, uint64_t a2);
/* Put a string at user offset off; its user address. */
uint64_t gfh_ustr(size_t off, const char *s);

/* Pages a tree with only /dev/console holds (set by gfh_init). */
extern long gfh_fresh_pages;
void gfh_init(void);
/* cmocka setup and teardown: a fresh tree; afterwards every descriptor is
 * closed and the open file table, the pipes and the pages must be free. */
int gfh_setup(void **state);
int gfh_teardown(void **state);

/* System calls with their arguments put in user memory. */
int64_t gfh_open(const char *path, int flags);
int64_t gfh_close(int64_t fd);
int64_t gfh_write(int64_t fd, const char *s);
int64_t gfh_read(int64_t fd, uint64_t n); /* into BUF2 */
int64_t gfh_lseek(int64_t fd, int64_t off, int whence);
int64_t gfh_path(int64_t (*fn)(void), const char *path);
struct stat gfh_fstat(int64_t fd);
/* Lookups: the error (0 if found), the inode number, the stat. */
int gfh_lookup_err(const char *path);
uint32_t gfh_ino(const char *path);
struct stat gfh_stat(const char *path);
/* The whole file through fs_read (as exec reads it), malloc'd, NUL added. */
char *gfh_slurp(const char *path, size_t *len);
void gfh_create_file(const char *path, const char *text);

/* A cpio newc archive under construction (malloc'd). */
struct gfh_cpio {
	uint8_t *data;
	size_t len;
};
void gfh_cpio_add(struct gfh_cpio *b, const char *name, uint32_t mode, const void *data,
		  size_t size);
void gfh_cpio_trailer(struct gfh_cpio *b);
/* A malloc'd copy of the first len bytes, so that ASan sees any overread. */
uint8_t *gfh_cpio_prefix(const struct gfh_cpio *b, size_t len);

#endif
