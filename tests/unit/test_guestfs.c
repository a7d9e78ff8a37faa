/* SPDX-License-Identifier: MIT */
/*
 * test_guestfs.c - host unit tests for the guest kernel's file system tree
 * (guest-kernel/fs.c, cpio.c) on guestfs_harness.c: loading a real
 * `cpio -o -H newc` archive (argv[1]) and hand-made ones, truncated and
 * corrupt archives, path lookup, reading and writing files (holes, limits,
 * faults, running out of pages), directories, mkdir and unlink and their
 * errors, listing a directory. Each test ends by checking that every open
 * file, pipe and page was given back.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>

#include "kernel/file.h"
#include "kernel/fs.h"
#include "kernel/syscall.h"
#include "tests/unit/guestfs_harness.h"

static const char *archive_path;
/* ---- cpio ---- */

static void check_seq(const char *text, size_t len)
{
	char expect[16];
	size_t at = 0;

	for (int i = 1; i <= 3000; i++) {
		int n = snprintf(expect, sizeof(expect), "%d\n", i);

		assert_true(at + (size_t)n <= len);
		assert_memory_equal(text + at, expect, (size_t)n);
		at += (size_t)n;
	}
	assert_int_equal(at, len);
}

static uint8_t *read_host_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	*len = (size_t)ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc(*len);
	assert_int_equal(fread(buf, 1, *len, fp), *len);
	fclose(fp);
	return buf;
}

/* The archive the unit.mk rule builds with cpio(1). */
static void test_cpio_real(void **state)
{
	size_t len, n;
	uint8_t *img;
	char *text;

	(void)state;
	if (!archive_path)
		skip();
	img = read_host_file(archive_path, &len);
	assert_int_equal(fs_init(img, len), 0);
	text = gfh_slurp("/bin/seq.txt", &n);
	check_seq(text, n);
	free(text);
	text = gfh_slurp("/etc/motd", &n);
	assert_string_equal(text, "hello from cpio\n");
	free(text);
	assert_int_equal(gfh_stat("/empty").size, 0);
	assert_int_equal(gfh_stat("/a/b/c").size, 1);
	assert_int_equal(gfh_stat("/a/b").type, T_DIR);
	assert_int_equal(gfh_stat("/a").nlink, 3);
	assert_int_equal(gfh_stat("/").nlink, 6); /* ".", "..", a, bin, dev, etc */
	assert_int_equal(gfh_stat("/dev/console").type, T_DEVICE);

	/* every prefix shorter than the trailer's entry is malformed */
	uint8_t *tr = memmem(img, len, "TRAILER!!!", 11);
	size_t need;

	assert_non_null(tr);
	need = ((size_t)(tr - img) + 11 + 3) & ~(size_t)3;
	for (size_t cut = 1; cut < need; cut += 1 + cut / 4096) {
		uint8_t *p = malloc(cut ? cut : 1);

		memcpy(p, img, cut);
		assert_int_equal(fs_init(p, cut), -EINVAL);
		free(p);
	}
	assert_int_equal(fs_init(img, need), 0);
	free(img);
}

static struct gfh_cpio sample_archive(void)
{
	struct gfh_cpio b = { 0 };
	static char big[5000];

	memset(big, 'B', sizeof(big));
	gfh_cpio_add(&b, ".", 040755, NULL, 0);
	gfh_cpio_add(&b, "./x/y/z", 0100644, "zz", 2); /* parents made on the way */
	gfh_cpio_add(&b, "x", 040755, NULL, 0);	       /* the directory comes after */
	gfh_cpio_add(&b, "/abs", 0100644, "abs", 3);
	gfh_cpio_add(&b, "dup", 0100644, "first version", 13);
	gfh_cpio_add(&b, "dup", 0100644, "second", 6);
	gfh_cpio_add(&b, "link", 0120777, "abs", 3); /* symbolic link: skipped */
	gfh_cpio_add(&b, "big", 0100644, big, sizeof(big));
	gfh_cpio_trailer(&b);
	return b;
}

static void test_cpio_handmade(void **state)
{
	struct gfh_cpio b = sample_archive();
	size_t n;
	char *text;

	(void)state;
	assert_int_equal(fs_init(b.data, b.len), 0);
	assert_int_equal(gfh_stat("/x/y").type, T_DIR);
	text = gfh_slurp("/x/y/z", &n);
	assert_string_equal(text, "zz");
	free(text);
	text = gfh_slurp("/dup", &n);
	assert_string_equal(text, "second");
	free(text);
	text = gfh_slurp("/abs", &n);
	assert_string_equal(text, "abs");
	free(text);
	assert_int_equal(gfh_lookup_err("/link"), -ENOENT);
	assert_int_equal(gfh_stat("/big").size, 5000);

	/* cut anywhere: an error, and ASan sees no read past the end */
	for (size_t cut = 1; cut < b.len; cut++) {
		uint8_t *p = gfh_cpio_prefix(&b, cut);

		assert_int_equal(fs_init(p, cut), -EINVAL);
		free(p);
	}
	assert_int_equal(fs_init(NULL, 10), -EINVAL);
	assert_int_equal(fs_init(b.data, 0), 0); /* empty: only /dev/console */
	free(b.data);
}

/* The first entry of a one-file archive with one header field changed. */
static int init_with_field(int field, const char *value)
{
	struct gfh_cpio b = { 0 };
	int r;

	gfh_cpio_add(&b, "file", 0100644, "data", 4);
	gfh_cpio_trailer(&b);
	memcpy(b.data + (field < 0 ? 0 : 6 + 8 * field), value, strlen(value));
	r = fs_init(b.data, b.len);
	free(b.data);
	return r;
}

static int init_with(const char *name, uint32_t mode, const char *name2, uint32_t mode2)
{
	struct gfh_cpio b = { 0 };
	int r;

	gfh_cpio_add(&b, name, mode, "d", 1);
	if (name2)
		gfh_cpio_add(&b, name2, mode2, "e", 1);
	gfh_cpio_trailer(&b);
	r = fs_init(b.data, b.len);
	free(b.data);
	return r;
}

static void test_cpio_corrupt(void **state)
{
	struct gfh_cpio b = { 0 };

	(void)state;
	assert_int_equal(init_with_field(-1, "07070"), 0);	    /* control: same magic */
	assert_int_equal(init_with_field(-1, "070707"), -EINVAL);   /* old ASCII format */
	assert_int_equal(init_with_field(1, "0000x000"), -EINVAL);  /* mode not hex */
	assert_int_equal(init_with_field(11, "00000000"), -EINVAL); /* namesize 0 */
	assert_int_equal(init_with_field(11, "FFFFFFFF"), -EINVAL); /* name past end */
	assert_int_equal(init_with_field(11, "00000008"), -EINVAL); /* NUL inside */
	assert_int_equal(init_with_field(11, "00000004"), -EINVAL); /* no NUL */
	assert_int_equal(init_with_field(6, "FFFFFFFF"), -EINVAL);  /* data past end */
	assert_int_equal(init_with_field(6, "00000008"), -EINVAL);  /* into the trailer */

	/* no trailer */
	gfh_cpio_add(&b, "file", 0100644, "data", 4);
	assert_int_equal(fs_init(b.data, b.len), -EINVAL);
	free(b.data);

	/* names the tree refuses */
	assert_int_equal(init_with("a/0123456789012345678901234567", 0100644, NULL, 0),
			 -ENAMETOOLONG);
	assert_int_equal(init_with("f", 0100644, "f/g", 0100644), -ENOTDIR);
	assert_int_equal(init_with("f", 0100644, "f", 040755), -EEXIST);
	assert_int_equal(init_with("d", 040755, "d", 0100644), -EISDIR);
	assert_int_equal(init_with("dev/console", 0100644, NULL, 0), -EEXIST);
	assert_int_equal(init_with("0123456789012345678901234567", 040755, NULL, 0), -ENAMETOOLONG);
}

static void test_cpio_too_big(void **state)
{
	struct gfh_cpio b = { 0 };
	uint8_t *big = calloc(1, FS_MAX_FILE + 1);

	(void)state;
	gfh_cpio_add(&b, "huge", 0100644, big, FS_MAX_FILE + 1);
	gfh_cpio_trailer(&b);
	assert_int_equal(fs_init(b.data, b.len), -EFBIG);
	free(b.data);
	b = (struct gfh_cpio){ 0 };
	gfh_cpio_add(&b, "max", 0100644, big, FS_MAX_FILE);
	gfh_cpio_trailer(&b);
	assert_int_equal(fs_init(b.data, b.len), 0);
	assert_int_equal(gfh_stat("/max").size, FS_MAX_FILE);
	free(b.data);
	free(big);
}

/* ---- lookup ---- */

static void test_lookup(void **state)
{
	(void)state;
	assert_int_equal(fs_mkdir("/a"), 0);
	assert_int_equal(fs_mkdir("/a/b"), 0);
	gfh_create_file("/a/f", "f");
	assert_int_equal(gfh_ino("/"), 1);
	assert_int_equal(gfh_ino("//a///b/"), gfh_ino("/a/b"));
	assert_int_equal(gfh_ino("a/b"), gfh_ino("/a/b")); /* no cwd: from / */
	assert_int_equal(gfh_ino("."), 1);
	assert_int_equal(gfh_ino(".."), 1);
	assert_int_equal(gfh_ino("/.."), 1);
	assert_int_equal(gfh_ino("/a/b/../.."), 1);
	assert_int_equal(gfh_ino("/a/b/.."), gfh_ino("/a"));
	assert_int_equal(gfh_ino("/a/./f"), gfh_ino("/a/f"));
	assert_int_equal(gfh_lookup_err("/a/f/x"), -ENOTDIR);
	assert_int_equal(gfh_lookup_err("/a/f/"), -ENOTDIR);
	assert_int_equal(gfh_lookup_err("/a/nope"), -ENOENT);
	assert_int_equal(gfh_lookup_err("/nope/x"), -ENOENT);
	assert_int_equal(gfh_lookup_err(""), -ENOENT);
	assert_int_equal(gfh_lookup_err("/a/0123456789012345678901234567"), -ENAMETOOLONG);
	assert_int_equal(gfh_lookup_err("/a/012345678901234567890123456"), -ENOENT);
	assert_int_equal(gfh_lookup_err("/0123456789012345678901234567/a"), -ENAMETOOLONG);

	/* relative to the cwd */
	assert_int_equal(gfh_path(sys_chdir, "/a"), 0);
	assert_int_equal(gfh_ino("b"), gfh_ino("/a/b"));
	assert_int_equal(gfh_ino("../a/f"), gfh_ino("/a/f"));
	assert_int_equal(gfh_ino("."), gfh_ino("/a"));
	assert_int_equal(gfh_lookup_err("a"), -ENOENT);
	stub_have_proc = false; /* no process: from / */
	assert_int_equal(gfh_ino("a"), gfh_ino("/a"));
	stub_have_proc = true;
	assert_int_equal(gfh_path(sys_chdir, "b"), 0);
	assert_int_equal(gfh_ino(".."), gfh_ino("/a"));
	assert_int_equal(gfh_path(sys_chdir, "/a/f"), -ENOTDIR);
	assert_int_equal(gfh_path(sys_chdir, "/zz"), -ENOENT);
	assert_int_equal(gfh_ino("."), gfh_ino("/a/b"));
}

/* ---- files ---- */

static void test_file_rw(void **state)
{
	int64_t fd;
	struct stat st;

	(void)state;
	assert_int_equal(fd = gfh_open("/f", O_CREAT | O_RDWR), 0);
	assert_int_equal(gfh_write(fd, "hello world"), 11);
	assert_int_equal(gfh_lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(gfh_read(fd, 100), 11);
	assert_memory_equal(UPTR(BUF2), "hello world", 11);
	assert_int_equal(gfh_read(fd, 100), 0);
	st = gfh_fstat(fd);
	assert_int_equal(st.type, T_FILE);
	assert_int_equal(st.size, 11);
	assert_int_equal(st.nlink, 1);
	assert_int_equal(st.ino, gfh_ino("/f"));

	/* across pages */
	for (int i = 0; i < 10000; i++)
		UPTR(BUF)[i] = (uint8_t)(i * 7);
	assert_int_equal(gfh_lseek(fd, 4000, SEEK_SET), 4000);
	assert_int_equal(gfh_call(sys_write, fd, UVA(BUF), 10000), 10000);
	assert_int_equal(gfh_lseek(fd, 4000, SEEK_SET), 4000);
	assert_int_equal(gfh_read(fd, 20000), 10000);
	assert_memory_equal(UPTR(BUF2), UPTR(BUF), 10000);

	/* past the end: reads 0, a write leaves zeros behind it */
	assert_int_equal(gfh_lseek(fd, 30000, SEEK_SET), 30000);
	assert_int_equal(gfh_read(fd, 10), 0);
	assert_int_equal(gfh_write(fd, "Z"), 1);
	assert_int_equal(gfh_fstat(fd).size, 30001);
	assert_int_equal(gfh_lseek(fd, 14000, SEEK_SET), 14000);
	assert_int_equal(gfh_read(fd, 20000), 16001);
	for (int i = 0; i < 16000; i++)
		assert_int_equal(UPTR(BUF2)[i], 0);
	assert_int_equal(UPTR(BUF2)[16000], 'Z');
	assert_int_equal(gfh_lseek(fd, -1, SEEK_END), 30000);
	assert_int_equal(gfh_lseek(fd, -10, SEEK_CUR), 29990);
	assert_int_equal(gfh_close(fd), 0);

	/* O_CREAT keeps an existing file; O_TRUNC with O_RDONLY is ignored */
	assert_int_equal(fd = gfh_open("/f", O_CREAT | O_RDONLY | O_TRUNC), 0);
	assert_int_equal(gfh_fstat(fd).size, 30001);
	assert_int_equal(gfh_close(fd), 0);
	long before = stub_pages_out;
	assert_int_equal(fd = gfh_open("/f", O_WRONLY | O_TRUNC), 0);
	assert_int_equal(gfh_fstat(fd).size, 0);
	assert_int_equal(stub_pages_out, before - 6); /* 5 data pages and the map */
	assert_int_equal(gfh_close(fd), 0);

	/* O_APPEND writes at the end wherever the offset is */
	gfh_create_file("/g", "12345");
	assert_int_equal(fd = gfh_open("/g", O_RDWR | O_APPEND), 0);
	assert_int_equal(gfh_lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(gfh_write(fd, "ab"), 2);
	assert_int_equal(gfh_lseek(fd, 0, SEEK_CUR), 7);
	assert_int_equal(gfh_lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(gfh_read(fd, 100), 7);
	assert_memory_equal(UPTR(BUF2), "12345ab", 7);
	assert_int_equal(gfh_close(fd), 0);
	assert_int_equal(gfh_open("/nope", O_RDONLY), -ENOENT);
	assert_int_equal(gfh_open("/nope/x", O_CREAT | O_RDWR), -ENOENT);
	assert_int_equal(gfh_open("/g/x", O_CREAT | O_RDWR), -ENOTDIR);
	assert_int_equal(gfh_open("/new/", O_CREAT | O_RDWR), -EISDIR);
}

static void test_file_limits(void **state)
{
	int64_t fd;
	char *text;
	size_t n;

	(void)state;
	assert_int_equal(fd = gfh_open("/f", O_CREAT | O_RDWR), 0);
	/* 2 MiB at most: a short write up to it, then -EFBIG */
	assert_int_equal(gfh_lseek(fd, FS_MAX_FILE - 1, SEEK_SET), FS_MAX_FILE - 1);
	assert_int_equal(gfh_write(fd, "xy"), 1);
	assert_int_equal(gfh_write(fd, "z"), -EFBIG);
	assert_int_equal(gfh_lseek(fd, INT64_MAX, SEEK_SET), INT64_MAX);
	assert_int_equal(gfh_write(fd, "z"), -EFBIG);
	assert_int_equal(gfh_read(fd, 10), 0);
	assert_int_equal(gfh_lseek(fd, 1, SEEK_CUR), -EINVAL);
	assert_int_equal(gfh_close(fd), 0);

	/* out of pages: -ENOMEM, and the file stays as it was */
	gfh_create_file("/g", "abc");
	assert_int_equal(fd = gfh_open("/g", O_RDWR), 0);
	assert_int_equal(gfh_lseek(fd, 8192, SEEK_SET), 8192);
	stub_page_fail_after = 0;
	assert_int_equal(gfh_write(fd, "q"), -ENOMEM);
	stub_page_fail_after = -1;
	assert_int_equal(gfh_fstat(fd).size, 3);

	/* a whole page from a bad address: the dirty page goes back, so the
	 * hole it would have filled still reads as zeros */
	assert_int_equal(gfh_lseek(fd, 4096, SEEK_SET), 4096);
	assert_int_equal(gfh_call(sys_write, fd, UVA(USIZE - 100), 4096), -EFAULT);
	assert_int_equal(gfh_fstat(fd).size, 3);
	assert_int_equal(gfh_lseek(fd, 3 * 4096, SEEK_SET), 3 * 4096);
	assert_int_equal(gfh_write(fd, "e"), 1);
	assert_int_equal(gfh_close(fd), 0);
	text = gfh_slurp("/g", &n);
	assert_int_equal(n, 3 * 4096 + 1);
	assert_memory_equal(text, "abc", 3);
	for (size_t i = 3; i < 3 * 4096; i++)
		assert_int_equal(text[i], 0);
	free(text);
}

/* ---- directories ---- */

static void test_mkdir_unlink(void **state)
{
	(void)state;
	assert_int_equal(gfh_stat("/").nlink, 3); /* ".", "..", dev */
	assert_int_equal(gfh_path(sys_mkdir, "/d"), 0);
	assert_int_equal(gfh_path(sys_mkdir, "/d"), -EEXIST);
	assert_int_equal(gfh_path(sys_mkdir, "/"), -EEXIST);
	assert_int_equal(gfh_path(sys_mkdir, "/d/."), -EEXIST);
	assert_int_equal(gfh_path(sys_mkdir, "/x/y"), -ENOENT);
	assert_int_equal(gfh_path(sys_mkdir, "/0123456789012345678901234567"), -ENAMETOOLONG);
	assert_int_equal(gfh_stat("/").nlink, 4);
	assert_int_equal(gfh_stat("/d").nlink, 2);
	assert_int_equal(gfh_path(sys_mkdir, "/d/e/"), 0);
	assert_int_equal(gfh_stat("/d").nlink, 3);
	gfh_create_file("/d/f", "x");
	assert_int_equal(gfh_path(sys_mkdir, "/d/f/x"), -ENOTDIR);

	assert_int_equal(gfh_path(sys_unlink, "/d"), -ENOTEMPTY);
	assert_int_equal(gfh_path(sys_unlink, "/d/."), -EINVAL);
	assert_int_equal(gfh_path(sys_unlink, "/d/.."), -EINVAL);
	assert_int_equal(gfh_path(sys_unlink, "."), -EINVAL);
	assert_int_equal(gfh_path(sys_unlink, "/"), -EINVAL);
	assert_int_equal(gfh_path(sys_unlink, "/nope"), -ENOENT);
	assert_int_equal(gfh_path(sys_unlink, "/d/f/"), -ENOTDIR);
	assert_int_equal(gfh_path(sys_unlink, "/d/f/g"), -ENOTDIR);
	assert_int_equal(gfh_path(sys_unlink, ""), -ENOENT);
	assert_int_equal(gfh_path(sys_unlink, "/d/e"), 0);
	assert_int_equal(gfh_stat("/d").nlink, 2);
	assert_int_equal(gfh_path(sys_unlink, "/d/f"), 0);
	assert_int_equal(gfh_path(sys_unlink, "/d/"), 0);
	assert_int_equal(gfh_lookup_err("/d"), -ENOENT);
	assert_int_equal(gfh_stat("/").nlink, 3);
	assert_int_equal(stub_pages_out, gfh_fresh_pages);
}

static void test_unlink_open(void **state)
{
	int64_t fd;

	(void)state;
	gfh_create_file("/f", "still here");
	assert_int_equal(fd = gfh_open("/f", O_RDWR), 0);
	assert_int_equal(gfh_path(sys_unlink, "/f"), 0);
	assert_int_equal(gfh_lookup_err("/f"), -ENOENT);
	assert_int_equal(gfh_read(fd, 100), 10);
	assert_memory_equal(UPTR(BUF2), "still here", 10);
	assert_int_equal(gfh_write(fd, "!"), 1);
	assert_int_equal(gfh_fstat(fd).nlink, 0);
	assert_true(stub_pages_out > gfh_fresh_pages);
	assert_int_equal(gfh_close(fd), 0);
	assert_int_equal(stub_pages_out, gfh_fresh_pages);

	/* a removed cwd takes no new names and has no ".." */
	assert_int_equal(gfh_path(sys_mkdir, "/d"), 0);
	assert_int_equal(gfh_path(sys_chdir, "/d"), 0);
	assert_int_equal(gfh_path(sys_unlink, "/d"), 0);
	assert_int_equal(gfh_open("x", O_CREAT | O_RDWR), -ENOENT);
	assert_int_equal(gfh_path(sys_mkdir, "x"), -ENOENT);
	assert_int_equal(gfh_lookup_err(".."), -ENOENT);
	assert_int_equal(gfh_ino("/"), 1);
	assert_int_equal(gfh_path(sys_chdir, "/"), 0); /* drops the last reference */
	assert_int_equal(stub_pages_out, gfh_fresh_pages);
}

static void test_inode_table_full(void **state)
{
	char name[32];
	int made = 0, err;
	struct inode *ip;

	(void)state;
	for (;;) {
		snprintf(name, sizeof(name), "/f%d", made);
		if (!(ip = fs_create(name, T_FILE, &err)))
			break;
		fs_put(ip);
		made++;
	}
	assert_int_equal(err, -ENOSPC);
	assert_int_equal(made, NINODE - 3); /* root, dev, console */
	assert_int_equal(fs_mkdir("/dd"), -ENOSPC);
	assert_null(fs_create("/x", T_PIPE, &err));
	assert_int_equal(err, -EINVAL);
	for (int i = 0; i < made; i++) {
		snprintf(name, sizeof(name), "/f%d", i);
		assert_int_equal(fs_unlink(name), 0);
	}
	assert_int_equal(fs_mkdir("/dd"), 0);
}

static void test_dir_listing(void **state)
{
	int64_t fd;
	struct dirent de[8];

	(void)state;
	assert_int_equal(gfh_path(sys_mkdir, "/l"), 0);
	gfh_create_file("/l/a", "");
	gfh_create_file("/l/b", "");
	gfh_create_file("/l/c", "");
	assert_int_equal(fd = gfh_open("/l", O_RDONLY), 0);
	assert_int_equal(gfh_fstat(fd).size, 5 * sizeof(struct dirent));
	assert_int_equal(gfh_read(fd, 31), -EINVAL);
	assert_int_equal(gfh_read(fd, 40), 32);
	memcpy(de, UPTR(BUF2), 32);
	assert_string_equal(de[0].name, ".");
	assert_int_equal(de[0].ino, gfh_ino("/l"));
	assert_int_equal(gfh_read(fd, 1000), 4 * 32);
	memcpy(de, UPTR(BUF2), 4 * 32);
	assert_string_equal(de[0].name, "..");
	assert_int_equal(de[0].ino, 1);
	assert_string_equal(de[1].name, "a");
	assert_int_equal(de[1].ino, gfh_ino("/l/a"));
	assert_string_equal(de[3].name, "c");
	assert_int_equal(gfh_read(fd, 1000), 0);
	assert_int_equal(gfh_lseek(fd, 3, SEEK_SET), 3);
	assert_int_equal(gfh_read(fd, 1000), -EINVAL);

	/* unlink moves the last entry into the gap */
	assert_int_equal(gfh_path(sys_unlink, "/l/a"), 0);
	assert_int_equal(gfh_lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(gfh_read(fd, 1000), 4 * 32);
	memcpy(de, UPTR(BUF2), 4 * 32);
	assert_string_equal(de[2].name, "c");
	assert_string_equal(de[3].name, "b");
	assert_int_equal(gfh_write(fd, "x"), -EBADF);
	assert_int_equal(gfh_close(fd), 0);

	assert_int_equal(gfh_open("/l", O_WRONLY), -EISDIR);
	assert_int_equal(gfh_open("/l", O_RDWR), -EISDIR);
	assert_int_equal(gfh_open("/l", O_RDONLY | O_CREAT), -EISDIR);
	assert_int_equal(gfh_open("/l", O_RDONLY | O_TRUNC), -EISDIR);

	int err;
	struct inode *ip = fs_lookup("/l", &err);
	char buf[64];

	assert_int_equal(fs_read(ip, buf, 0, sizeof(buf)), -EISDIR);
	assert_int_equal(fs_write(ip, "x", 0, 1), -EISDIR);
	fs_put(ip);
}

/* Many entries: a directory grows past a page and gives it back. */
static void test_dir_big(void **state)
{
	char name[32];
	long pages;

	(void)state;
	assert_int_equal(fs_mkdir("/m"), 0);
	pages = stub_pages_out;
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "/m/entry%d", i);
		assert_int_equal(fs_mkdir(name), 0);
	}
	assert_int_equal(gfh_stat("/m").size, 202 * sizeof(struct dirent));
	assert_int_equal(gfh_stat("/m").nlink, 202);
	assert_int_equal(gfh_ino("/m/entry199/.."), gfh_ino("/m"));
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "/m/entry%d", i);
		assert_int_equal(fs_unlink(name), 0);
	}
	assert_int_equal(gfh_stat("/m").size, 2 * sizeof(struct dirent));
	assert_int_equal(stub_pages_out, pages); /* emptied pages went back */
	assert_int_equal(fs_unlink("/m"), 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cpio_real, gfh_setup, gfh_teardown),
		cmocka_unit_test_setup_teardown(test_cpio_handmade, gfh_setup, gfh_teardown),
		cmocka_unit_test_setup_teardown(test_cpio_corrupt, gfh_setup, gfh_teardown),
		cmocka_unit_test_setup_teardown(test_cpio_too_big, gfh_setup, gfh_teardown),
		cmocka_unit_test_setup_teardown(test_lookup, gfh_setup, gfh_teardown),
		cmocka_unit_test_setup_teardown(test_file_rw, gfh_setup, gfh_teardown),
		cmocka_unit_test_setup_teardown(test_file_limits, gfh_setup, gfh_teardown),
		cmocka_unit_test_setup_teardown(test_mkdir_unlink, gfh_setup, gfh_teardown),
		cmocka_unit_test_setup_teardown(test_unlink_open, gfh_setup, gfh_teardown),
		cmocka_unit_test_setup_teardown(test_inode_table_full, gfh_setup, gfh_teardown),
		cmocka_unit_test_setup_teardown(test_dir_listing, gfh_setup, gfh_teardown),
		cmocka_unit_test_setup_teardown(test_dir_big, gfh_setup, gfh_teardown),
	};

	if (argc > 1)
		archive_path = argv[1];
	gfh_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
