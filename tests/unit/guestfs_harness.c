/* SPDX-License-Identifier: MIT */
/*
 * guestfs_harness.c - the guest kernel's core as test_guestfs sees it: the
 * current process, checked user copies over a fake user memory, a counting
 * page allocator, the console device, syscall arguments, kpanic; and a cpio
 * newc writer for hand-made archives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>

#include "kernel/console.h"
#include "kernel/file.h"
#include "kernel/fs.h"
#include "kernel/kalloc.h"
#include "kernel/syscall.h"
#include "kernel/vm.h"
#include "tests/unit/guestfs_harness.h"

uint8_t umem[USIZE];
struct proc stub_proc;
bool stub_have_proc = true;
void (*stub_sleep_hook)(void);
int stub_sleeps, stub_wakeups;
long stub_pages_out;
long stub_page_fail_after = -1;
uint64_t stub_console_uva;
size_t stub_console_n;
int stub_console_reads, stub_console_writes;
uint64_t stub_args[6];
long gfh_fresh_pages;

/* ---- processes ---- */

struct proc *proc_current(void)
{
	return stub_have_proc ? &stub_proc : NULL;
}

void proc_sleep(void *chan)
{
	void (*hook)(void) = stub_sleep_hook;

	(void)chan;
	stub_sleeps++;
	if (!hook)
		fail_msg("proc_sleep with nothing to wake it: would block forever");
	stub_sleep_hook = NULL;
	hook();
}

void proc_wakeup(void *chan)
{
	(void)chan;
	stub_wakeups++;
}

bool proc_killed(const struct proc *p)
{
	return p && p->killed;
}

/* ---- user memory ---- */

static bool urange_ok(uint64_t uva, size_t n)
{
	return uva >= UBASE && n <= USIZE && uva - UBASE <= USIZE - n;
}

int uvm_copyin(void *dst, uint64_t uva, size_t n)
{
	if (!urange_ok(uva, n))
		return -EFAULT;
	memcpy(dst, &umem[uva - UBASE], n);
	return 0;
}

int uvm_copyout(uint64_t uva, const void *src, size_t n)
{
	if (!urange_ok(uva, n))
		return -EFAULT;
	memcpy(&umem[uva - UBASE], src, n);
	return 0;
}

int uvm_copyinstr(char *dst, uint64_t uva, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		if (!urange_ok(uva + i, 1))
			return -EFAULT;
		if (!(dst[i] = (char)umem[uva + i - UBASE]))
			return (int)i;
	}
	return -ENAMETOOLONG;
}

uint64_t gfh_ustr(size_t off, const char *s)
{
	memcpy(UPTR(off), s, strlen(s) + 1);
	return UVA(off);
}

/* ---- pages ---- */

static void *page_get(bool zero)
{
	void *p;

	if (stub_page_fail_after == 0)
		return NULL;
	if (stub_page_fail_after > 0)
		stub_page_fail_after--;
	p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	assert_non_null(p);
	memset(p, zero ? 0 : 0xa5, PAGE_SIZE); /* dirty pages hold garbage */
	stub_pages_out++;
	return p;
}

void *page_alloc(void)
{
	return page_get(true);
}

void *page_alloc_dirty(void)
{
	return page_get(false);
}

void page_free(void *page)
{
	assert_non_null(page);
	stub_pages_out--;
	free(page);
}

/* ---- console, syscalls, panics ---- */

int64_t console_read(uint64_t udst, size_t n)
{
	stub_console_reads++;
	stub_console_uva = udst;
	stub_console_n = n;
	return 0;
}

int64_t console_write(uint64_t usrc, size_t n)
{
	stub_console_writes++;
	stub_console_uva = usrc;
	stub_console_n = n;
	return (int64_t)n;
}

uint64_t syscall_arg(int n)
{
	assert_true(n >= 0 && n < 6);
	return stub_args[n];
}

int64_t gfh_call(int64_t (*fn)(void), uint64_t a0, uint64_t a1, uint64_t a2)
{
	stub_args[0] = a0;
	stub_args[1] = a1;
	stub_args[2] = a2;
	return fn();
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void kpanic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fail_msg("kpanic");
	abort();
}

/* ---- system calls and lookups the tests repeat ---- */

int64_t gfh_open(const char *path, int flags)
{
	return gfh_call(sys_open, gfh_ustr(0, path), (uint64_t)flags, 0);
}

int64_t gfh_close(int64_t fd)
{
	return gfh_call(sys_close, (uint64_t)fd, 0, 0);
}

int64_t gfh_write(int64_t fd, const char *s)
{
	memcpy(UPTR(BUF), s, strlen(s));
	return gfh_call(sys_write, (uint64_t)fd, UVA(BUF), strlen(s));
}

/* Read up to n bytes to BUF2 (n < USIZE - BUF2). */
int64_t gfh_read(int64_t fd, uint64_t n)
{
	return gfh_call(sys_read, (uint64_t)fd, UVA(BUF2), n);
}

int64_t gfh_lseek(int64_t fd, int64_t off, int whence)
{
	return gfh_call(sys_lseek, (uint64_t)fd, (uint64_t)off, (uint64_t)whence);
}

int64_t gfh_path(int64_t (*fn)(void), const char *path)
{
	return gfh_call(fn, gfh_ustr(0, path), 0, 0);
}

struct stat gfh_fstat(int64_t fd)
{
	struct stat st;

	assert_int_equal(gfh_call(sys_fstat, (uint64_t)fd, UVA(BUF2), 0), 0);
	memcpy(&st, UPTR(BUF2), sizeof(st));
	return st;
}

int gfh_lookup_err(const char *path)
{
	int err = 0;
	struct inode *ip = fs_lookup(path, &err);

	fs_put(ip);
	return ip ? 0 : err;
}

struct stat gfh_stat(const char *path)
{
	int err;
	struct inode *ip = fs_lookup(path, &err);
	struct stat st;

	assert_non_null(ip);
	fs_stat(ip, &st);
	fs_put(ip);
	return st;
}

uint32_t gfh_ino(const char *path)
{
	return gfh_stat(path).ino;
}

/* The whole contents of a file through fs_read (as exec reads). */
char *gfh_slurp(const char *path, size_t *len)
{
	int err;
	struct inode *ip = fs_lookup(path, &err);
	char *buf;

	assert_non_null(ip);
	*len = fs_size(ip);
	buf = malloc(*len + 1);
	assert_int_equal(fs_read(ip, buf, 0, *len + 100), (int64_t)*len);
	buf[*len] = '\0';
	fs_put(ip);
	return buf;
}

void gfh_create_file(const char *path, const char *text)
{
	int64_t fd = gfh_open(path, O_CREAT | O_WRONLY | O_TRUNC);

	assert_true(fd >= 0);
	assert_int_equal(gfh_write(fd, text), (int64_t)strlen(text));
	assert_int_equal(gfh_close(fd), 0);
}

/* ---- fixture: a fresh tree, and nothing left behind afterwards ---- */

int gfh_setup(void **state)
{
	(void)state;
	memset(&stub_proc, 0, sizeof(stub_proc));
	stub_have_proc = true;
	stub_sleep_hook = NULL;
	stub_sleeps = 0;
	stub_page_fail_after = -1;
	assert_int_equal(fs_init(NULL, 0), 0);
	return 0;
}

int gfh_teardown(void **state)
{
	struct file *files[NFILE];
	int err;

	(void)state;
	stub_page_fail_after = -1;
	for (int fd = 0; fd < NOFILE; fd++)
		if (stub_proc.ofile[fd])
			file_close(stub_proc.ofile[fd]);
	fs_put(stub_proc.cwd);
	/* the open file table is empty again */
	for (int i = 0; i < NFILE; i++)
		assert_non_null(files[i] = file_open("/", O_RDONLY, &err));
	for (int i = 0; i < NFILE; i++)
		file_close(files[i]);
	/* no pipe or inode page leaked */
	assert_int_equal(fs_init(NULL, 0), 0);
	assert_int_equal(stub_pages_out, gfh_fresh_pages);
	return 0;
}

void gfh_init(void)
{
	assert_int_equal(fs_init(NULL, 0), 0);
	gfh_fresh_pages = stub_pages_out;
}

/* ---- cpio newc writer ---- */

static void cpio_put(struct gfh_cpio *b, const void *src, size_t n)
{
	if (n == 0)
		return;
	b->data = realloc(b->data, b->len + n);
	assert_non_null(b->data);
	memcpy(b->data + b->len, src, n);
	b->len += n;
}

static void cpio_pad(struct gfh_cpio *b)
{
	static const uint8_t zeros[4];

	cpio_put(b, zeros, (4 - b->len % 4) % 4);
}

void gfh_cpio_add(struct gfh_cpio *b, const char *name, uint32_t mode, const void *data,
		  size_t size)
{
	char hdr[111];
	size_t namesize = strlen(name) + 1;

	snprintf(hdr, sizeof(hdr), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", 1u,
		 mode, 0u, 0u, 1u, 0u, (unsigned)size, 0u, 0u, 0u, 0u, (unsigned)namesize, 0u);
	cpio_put(b, hdr, 110);
	cpio_put(b, name, namesize);
	cpio_pad(b);
	cpio_put(b, data, size);
	cpio_pad(b);
}

void gfh_cpio_trailer(struct gfh_cpio *b)
{
	gfh_cpio_add(b, "TRAILER!!!", 0, NULL, 0);
}

uint8_t *gfh_cpio_prefix(const struct gfh_cpio *b, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, b->data, len);
	return p;
}
