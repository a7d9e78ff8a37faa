/* SPDX-License-Identifier: MIT */
/*
 * cpio.c - loading the boot image, a cpio "newc" archive (`cpio -o -H newc`),
 * into the file system: directories and regular files, parents created as
 * needed. Every length in the archive is checked against the image before
 * it is used, so a truncated or corrupt archive is an error, never a read
 * past its end.
 *
 * An entry is a 110-byte header of ASCII fields ("070701" or "070702", then
 * 13 eight-digit hex numbers), the NUL-terminated name, padding to a multiple
 * of 4 (counted from the start of the archive), the data, padding again. The
 * entry named "TRAILER!!!" ends the archive.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "kernel/fs.h"

#define CPIO_HDR_LEN 110
#define CPIO_MAGIC_LEN 6
#define CPIO_TRAILER "TRAILER!!!"

/* Field indexes after the magic, 8 hex digits each. */
enum {
	F_INO,
	F_MODE,
	F_UID,
	F_GID,
	F_NLINK,
	F_MTIME,
	F_FILESIZE,
	F_DEVMAJOR,
	F_DEVMINOR,
	F_RDEVMAJOR,
	F_RDEVMINOR,
	F_NAMESIZE,
	F_CHECK,
	F_COUNT
};

#define S_IFMT_ 0170000u
#define S_IFDIR_ 0040000u
#define S_IFREG_ 0100000u

struct cpio_entry {
	uint32_t mode;
	const char *name;
	const uint8_t *data;
	uint32_t size;
};

static size_t align4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int hex8(const char *s, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		int d = hex_digit(s[i]);

		if (d < 0)
			return -EINVAL;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 0;
}

/* Parse the entry at *off and step past it. 0 or -EINVAL. */
static int parse_entry(const uint8_t *img, size_t len, size_t *off, struct cpio_entry *e)
{
	const char *hdr = (const char *)img + *off;
	uint32_t f[F_COUNT];
	size_t name_off, data_off;

	if (len - *off < CPIO_HDR_LEN)
		return -EINVAL;
	if (memcmp(hdr, "070701", CPIO_MAGIC_LEN) && memcmp(hdr, "070702", CPIO_MAGIC_LEN))
		return -EINVAL;
	for (int i = 0; i < F_COUNT; i++)
		if (hex8(hdr + CPIO_MAGIC_LEN + 8 * i, &f[i]))
			return -EINVAL;
	name_off = *off + CPIO_HDR_LEN;
	if (f[F_NAMESIZE] == 0 || f[F_NAMESIZE] > len - name_off)
		return -EINVAL;
	e->name = (const char *)img + name_off;
	/* exactly one NUL, at the end */
	if (strnlen(e->name, f[F_NAMESIZE]) != f[F_NAMESIZE] - 1)
		return -EINVAL;
	data_off = align4(name_off + f[F_NAMESIZE]);
	if (data_off > len || f[F_FILESIZE] > len - data_off)
		return -EINVAL;
	e->mode = f[F_MODE];
	e->data = img + data_off;
	e->size = f[F_FILESIZE];
	*off = align4(data_off + f[F_FILESIZE]);
	return 0;
}

/* "./a/b", "/a/b" and "a/b" all name /a/b; "." and "" name the root. */
static int absolute_name(const char *name, char *path, size_t max)
{
	while (name[0] == '/' || (name[0] == '.' && name[1] == '/'))
		name += name[0] == '/' ? 1 : 2;
	if (!strcmp(name, "."))
		name = "";
	if (strlen(name) + 2 > max)
		return -ENAMETOOLONG;
	path[0] = '/';
	strcpy(path + 1, name);
	return 0;
}

/* mkdir every directory above the last component of path. */
static int make_parents(char *path)
{
	for (char *p = path + 1; *p; p++) {
		int err;

		if (*p != '/')
			continue;
		*p = '\0';
		err = fs_mkdir(path);
		*p = '/';
		if (err && err != -EEXIST)
			return err;
	}
	return 0;
}

static int load_dir(const char *path)
{
	int err = fs_mkdir(path);
	struct inode *ip;

	if (err != -EEXIST)
		return err;
	/* already there: fine if it is a directory (made for a child first) */
	if (!(ip = fs_lookup(path, &err)))
		return err;
	err = fs_type(ip) == T_DIR ? 0 : -EEXIST;
	fs_put(ip);
	return err;
}

/* A file named twice keeps the last contents. */
static int load_file(const char *path, const struct cpio_entry *e)
{
	int err;
	struct inode *ip = fs_create(path, T_FILE, &err);
	int64_t r;

	if (!ip && err == -EEXIST && (ip = fs_lookup(path, &err)))
		fs_truncate(ip);
	if (!ip)
		return err;
	r = e->size > FS_MAX_FILE ? -EFBIG : fs_write(ip, e->data, 0, e->size);
	fs_put(ip);
	if (r < 0)
		return (int)r;
	return r == e->size ? 0 : -ENOMEM;
}

/* Other kinds (symbolic links, device nodes, ...) are skipped. */
static int load_entry(const struct cpio_entry *e)
{
	char path[PATH_MAX_LEN + 1];
	uint32_t kind = e->mode & S_IFMT_;
	int err;

	if (kind != S_IFDIR_ && kind != S_IFREG_)
		return 0;
	if ((err = absolute_name(e->name, path, sizeof(path))))
		return err;
	if (!strcmp(path, "/"))
		return 0;
	if ((err = make_parents(path)))
		return err;
	return kind == S_IFDIR_ ? load_dir(path) : load_file(path, e);
}

int cpio_load(const void *image, size_t len)
{
	const uint8_t *img = image;
	size_t off = 0;
	struct cpio_entry e;
	int err;

	if (!img)
		return -EINVAL;
	for (;;) {
		if (off > len || (err = parse_entry(img, len, &off, &e)))
			return -EINVAL;
		if (!strcmp(e.name, CPIO_TRAILER))
			return 0;
		if ((err = load_entry(&e)))
			return err;
	}
}
