/* SPDX-License-Identifier: MIT */
/*
 * fs.c - the in-memory file system: the inode table, file data in pages,
 * directories, path lookup, create and unlink, and fs_init (a cpio archive,
 * see cpio.c, plus /dev/console).
 *
 * An inode's data is a page of page pointers (map) naming up to 512 data
 * pages: 2 MiB per file. A page never written is a hole and reads as zeros.
 * A directory's data is an array of struct dirent, "." and ".." first, kept
 * dense (unlink moves the last entry into the gap), so its size is always
 * entries * sizeof(struct dirent) and read() hands out the records as they
 * are. Inode numbers are table index + 1; the root is 1.
 *
 * Link counts are Unix's: a file has 1, a directory 2 (its name and its ".")
 * plus one per subdirectory (their ".."). An inode is freed when it has no
 * links and no references (open files, cwds, the kernel).
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "kernel/console.h"
#include "kernel/fs.h"
#include "kernel/kalloc.h"
#include "kernel/proc.h"
#include "kernel/vm.h"

#define MAP_ENTRIES (PAGE_SIZE / sizeof(uint8_t *))
#define DIRENT_SIZE sizeof(struct dirent)
#define ROOT_INO 1

_Static_assert(FS_MAX_FILE == MAP_ENTRIES * PAGE_SIZE, "FS_MAX_FILE");
_Static_assert(PAGE_SIZE % sizeof(struct dirent) == 0, "dirents never straddle pages");

struct inode {
	uint16_t type; /* T_*; 0 marks a free slot */
	uint16_t nlink;
	uint32_t ref;
	uint64_t size;
	uint8_t **map; /* MAP_ENTRIES data pages, NULL until the first write */
};

static struct inode itable[NINODE];
/* Holes read from here; never written. */
static uint8_t zero_page[PAGE_SIZE];

/* Where a transfer's other end is: a kernel pointer or a user address. */
struct xfer {
	uint64_t addr;
	bool user;
};

static uint32_t ino_of(const struct inode *ip)
{
	return (uint32_t)(ip - itable) + 1;
}

static struct inode *iget(uint32_t ino)
{
	return ino >= 1 && ino <= NINODE && itable[ino - 1].type ? &itable[ino - 1] : NULL;
}

static int xfer_out(struct xfer x, uint64_t at, const void *src, size_t n)
{
	if (x.user)
		return uvm_copyout(x.addr + at, src, n);
	memcpy((uint8_t *)(uintptr_t)x.addr + at, src, n);
	return 0;
}

static int xfer_in(void *dst, struct xfer x, uint64_t at, size_t n)
{
	if (x.user)
		return uvm_copyin(dst, x.addr + at, n);
	memcpy(dst, (const uint8_t *)(uintptr_t)x.addr + at, n);
	return 0;
}

/* ---- data pages ---- */

/* Data page pgno, or NULL for a hole. With alloc, a hole gets a page (dirty
 * when the caller overwrites all of it) and *fresh says so. */
static uint8_t *data_page(struct inode *ip, uint64_t pgno, bool alloc, bool whole, bool *fresh)
{
	uint8_t *pg;

	*fresh = false;
	if (!ip->map) {
		if (!alloc || !(ip->map = page_alloc()))
			return NULL;
	}
	if ((pg = ip->map[pgno]) || !alloc)
		return pg;
	pg = whole ? page_alloc_dirty() : page_alloc();
	ip->map[pgno] = pg;
	*fresh = pg != NULL;
	return pg;
}

static void data_free(struct inode *ip)
{
	if (ip->map) {
		for (size_t i = 0; i < MAP_ENTRIES; i++)
			if (ip->map[i])
				page_free(ip->map[i]);
		page_free(ip->map);
		ip->map = NULL;
	}
	ip->size = 0;
}

static int64_t data_read(struct inode *ip, struct xfer dst, uint64_t off, uint64_t n)
{
	uint64_t done = 0;
	bool fresh;

	if (off >= ip->size)
		return 0;
	if (n > ip->size - off)
		n = ip->size - off;
	while (done < n) {
		uint64_t pos = off + done, po = pos % PAGE_SIZE;
		uint64_t len = PAGE_SIZE - po < n - done ? PAGE_SIZE - po : n - done;
		uint8_t *pg = data_page(ip, pos / PAGE_SIZE, false, false, &fresh);

		if (xfer_out(dst, done, pg ? pg + po : zero_page, len) < 0)
			return -EFAULT;
		done += len;
	}
	return (int64_t)done;
}

/* A copy into page pgno failed part way: a fresh page goes back, and bytes
 * past the end of file are zero again (holes and growth must read as 0). */
static void data_undo(struct inode *ip, uint64_t pgno, bool fresh, uint64_t po, uint64_t len)
{
	uint64_t base = pgno * PAGE_SIZE;
	uint64_t keep = ip->size > base ? ip->size - base : 0;

	if (fresh) {
		page_free(ip->map[pgno]);
		ip->map[pgno] = NULL;
	} else if (keep < po + len) {
		uint64_t from = keep > po ? keep : po;

		memset(ip->map[pgno] + from, 0, po + len - from);
	}
}

/* Bytes written; a short count at FS_MAX_FILE or when memory runs out. */
static int64_t data_write(struct inode *ip, struct xfer src, uint64_t off, uint64_t n)
{
	uint64_t done = 0;
	bool fresh;

	if (n == 0)
		return 0;
	if (off >= FS_MAX_FILE)
		return -EFBIG;
	if (n > FS_MAX_FILE - off)
		n = FS_MAX_FILE - off;
	while (done < n) {
		uint64_t pos = off + done, po = pos % PAGE_SIZE, pgno = pos / PAGE_SIZE;
		uint64_t len = PAGE_SIZE - po < n - done ? PAGE_SIZE - po : n - done;
		uint8_t *pg = data_page(ip, pgno, true, len == PAGE_SIZE, &fresh);

		if (!pg)
			return done ? (int64_t)done : -ENOMEM;
		if (xfer_in(pg + po, src, done, len) < 0) {
			data_undo(ip, pgno, fresh, po, len);
			return -EFAULT;
		}
		done += len;
		if (pos + len > ip->size)
			ip->size = pos + len;
	}
	return (int64_t)done;
}

/* ---- inodes ---- */

static struct inode *inode_alloc(int type)
{
	for (size_t i = 0; i < NINODE; i++) {
		if (!itable[i].type) {
			itable[i] = (struct inode){ .type = (uint16_t)type };
			return &itable[i];
		}
	}
	return NULL;
}

static void inode_free(struct inode *ip)
{
	data_free(ip);
	*ip = (struct inode){ 0 };
}

/* Free an inode nobody can reach any more. */
static void inode_release(struct inode *ip)
{
	if (ip->nlink == 0 && ip->ref == 0)
		inode_free(ip);
}

struct inode *fs_dup(struct inode *ip)
{
	ip->ref++;
	return ip;
}

void fs_put(struct inode *ip)
{
	if (!ip)
		return;
	if (ip->ref == 0)
		kpanic("fs_put: inode %u has no references", ino_of(ip));
	ip->ref--;
	inode_release(ip);
}

int fs_type(const struct inode *ip)
{
	return ip->type;
}

uint64_t fs_size(const struct inode *ip)
{
	return ip->size;
}

void fs_stat(const struct inode *ip, struct stat *st)
{
	*st = (struct stat){
		.dev = 1,
		.ino = ino_of(ip),
		.type = ip->type,
		.nlink = ip->nlink,
		.size = ip->type == T_DEVICE ? 0 : ip->size,
	};
}

void fs_truncate(struct inode *ip)
{
	if (ip->type == T_FILE)
		data_free(ip);
}

/* ---- reading and writing ---- */

/* A directory hands out whole records from a record boundary. */
static int64_t inode_read(struct inode *ip, struct xfer dst, uint64_t off, uint64_t n)
{
	if (ip->type == T_DEVICE)
		return -EINVAL; /* the console is file.c's business */
	if (ip->type == T_DIR) {
		if (off % DIRENT_SIZE || n < DIRENT_SIZE)
			return -EINVAL;
		n -= n % DIRENT_SIZE;
	}
	return data_read(ip, dst, off, n);
}

int64_t fs_read(struct inode *ip, void *dst, uint64_t off, size_t n)
{
	if (ip->type == T_DIR)
		return -EISDIR;
	return inode_read(ip, (struct xfer){ (uint64_t)(uintptr_t)dst, false }, off, n);
}

int64_t fs_read_user(struct inode *ip, uint64_t udst, uint64_t off, uint64_t n)
{
	return inode_read(ip, (struct xfer){ udst, true }, off, n);
}

/* Only regular files are written through these; directories change by
 * create and unlink alone. */
int64_t fs_write(struct inode *ip, const void *src, uint64_t off, size_t n)
{
	if (ip->type != T_FILE)
		return ip->type == T_DIR ? -EISDIR : -EINVAL;
	return data_write(ip, (struct xfer){ (uint64_t)(uintptr_t)src, false }, off, n);
}

int64_t fs_write_user(struct inode *ip, uint64_t usrc, uint64_t off, uint64_t n)
{
	if (ip->type != T_FILE)
		return ip->type == T_DIR ? -EISDIR : -EINVAL;
	return data_write(ip, (struct xfer){ usrc, true }, off, n);
}

/* ---- directories ---- */

static struct dirent *dir_entry(struct inode *dp, uint64_t i)
{
	uint64_t pos = i * DIRENT_SIZE;

	return (struct dirent *)(dp->map[pos / PAGE_SIZE] + pos % PAGE_SIZE);
}

static uint64_t dir_count(const struct inode *dp)
{
	return dp->size / DIRENT_SIZE;
}

/* The inode number of name in dp (0 if absent), its index in *idx. */
static uint32_t dir_find(struct inode *dp, const char *name, uint64_t *idx)
{
	for (uint64_t i = 0; i < dir_count(dp); i++) {
		struct dirent *de = dir_entry(dp, i);

		if (strcmp(de->name, name) == 0) {
			if (idx)
				*idx = i;
			return de->ino;
		}
	}
	return 0;
}

static int dir_add(struct inode *dp, const char *name, uint32_t ino)
{
	struct dirent de = { .ino = ino };
	int64_t r;

	if (dp->size + DIRENT_SIZE > FS_MAX_FILE)
		return -ENOSPC;
	strncpy(de.name, name, DIRSIZ);
	r = data_write(dp, (struct xfer){ (uint64_t)(uintptr_t)&de, false }, dp->size, sizeof(de));
	if (r == (int64_t)sizeof(de))
		return 0;
	return r < 0 ? (int)r : -ENOMEM;
}

/* Move the last entry into slot i; a page left empty goes back. */
static void dir_remove(struct inode *dp, uint64_t i)
{
	uint64_t last = dir_count(dp) - 1;

	if (i != last)
		*dir_entry(dp, i) = *dir_entry(dp, last);
	memset(dir_entry(dp, last), 0, DIRENT_SIZE);
	dp->size -= DIRENT_SIZE;
	if (dp->size % PAGE_SIZE == 0) {
		page_free(dp->map[dp->size / PAGE_SIZE]);
		dp->map[dp->size / PAGE_SIZE] = NULL;
	}
}

/* ---- path lookup ---- */

/* Copy the next component of *pp into name and step past it: its length,
 * 0 at the end of the path, or -ENAMETOOLONG. */
static int next_name(const char **pp, char *name)
{
	const char *p = *pp, *start;
	size_t n;

	while (*p == '/')
		p++;
	start = p;
	while (*p && *p != '/')
		p++;
	n = (size_t)(p - start);
	if (n > DIRSIZ)
		return -ENAMETOOLONG;
	memcpy(name, start, n);
	name[n] = '\0';
	*pp = p;
	return (int)n;
}

static bool at_end(const char *p)
{
	while (*p == '/')
		p++;
	return *p == '\0';
}

static bool has_trailing_slash(const char *path)
{
	size_t n = strlen(path);

	return n > 0 && path[n - 1] == '/';
}

static struct inode *start_dir(const char *path)
{
	struct proc *p;

	if (path[0] != '/' && (p = proc_current()) && p->cwd)
		return p->cwd;
	return &itable[ROOT_INO - 1];
}

/* Walk path. With parent, stop at the directory holding the last component
 * and leave that component in name ("." for a path with none, like "/").
 * Returns an unreferenced inode, or NULL with *err. */
static struct inode *walk(const char *path, bool parent, char *name, int *err)
{
	struct inode *ip;
	int n;

	if (!path[0]) {
		*err = -ENOENT;
		return NULL;
	}
	ip = start_dir(path);
	while ((n = next_name(&path, name)) > 0) {
		if (ip->type != T_DIR) {
			*err = -ENOTDIR;
			return NULL;
		}
		if (parent && at_end(path))
			return ip;
		if (!(ip = iget(dir_find(ip, name, NULL)))) {
			*err = -ENOENT;
			return NULL;
		}
	}
	if (n < 0) {
		*err = n;
		return NULL;
	}
	strcpy(name, ".");
	return ip;
}

struct inode *fs_lookup(const char *path, int *err)
{
	char name[DIRSIZ + 1];
	struct inode *ip = walk(path, false, name, err);

	if (!ip)
		return NULL;
	if (has_trailing_slash(path) && ip->type != T_DIR) {
		*err = -ENOTDIR;
		return NULL;
	}
	return fs_dup(ip);
}

/* ---- create and unlink ---- */

/* Give a new directory its "." and "..". */
static int dir_init(struct inode *ip, struct inode *dp)
{
	int r;

	if ((r = dir_add(ip, ".", ino_of(ip))) || (r = dir_add(ip, "..", ino_of(dp))))
		return r;
	ip->nlink = 2;
	return 0;
}

/* Check that name may be created in dp: 0 or the errno. */
static int may_create(struct inode *dp, const char *name)
{
	if (dp->nlink == 0)
		return -ENOENT; /* a removed directory takes no new names */
	if (dir_find(dp, name, NULL) || !strcmp(name, ".") || !strcmp(name, ".."))
		return -EEXIST;
	return 0;
}

static struct inode *create_in(struct inode *dp, const char *name, int type, int *err)
{
	struct inode *ip;
	int r;

	if ((r = may_create(dp, name)))
		goto fail;
	r = -ENOSPC;
	if (!(ip = inode_alloc(type)))
		goto fail;
	ip->nlink = 1;
	if ((type == T_DIR && (r = dir_init(ip, dp))) || (r = dir_add(dp, name, ino_of(ip)))) {
		inode_free(ip);
		goto fail;
	}
	if (type == T_DIR)
		dp->nlink++;
	return fs_dup(ip);
fail:
	*err = r;
	return NULL;
}

struct inode *fs_create(const char *path, int type, int *err)
{
	char name[DIRSIZ + 1];
	struct inode *dp;

	if (type != T_FILE && type != T_DIR && type != T_DEVICE) {
		*err = -EINVAL;
		return NULL;
	}
	if (!(dp = walk(path, true, name, err)))
		return NULL;
	if (type != T_DIR && has_trailing_slash(path)) {
		*err = dir_find(dp, name, NULL) ? -EEXIST : -EISDIR;
		return NULL;
	}
	return create_in(dp, name, type, err);
}

int fs_mkdir(const char *path)
{
	int err = 0;
	struct inode *ip = fs_create(path, T_DIR, &err);

	fs_put(ip);
	return err;
}

/* Take the name at index idx out of dp and drop the links it held. */
static void unlink_at(struct inode *dp, uint64_t idx, struct inode *ip)
{
	dir_remove(dp, idx);
	if (ip->type == T_DIR) {
		dp->nlink--;   /* ip's ".." */
		data_free(ip); /* "." and ".." go: nothing can be found through it */
		ip->nlink = 0;
	} else {
		ip->nlink--;
	}
	inode_release(ip);
}

int fs_unlink(const char *path)
{
	char name[DIRSIZ + 1];
	struct inode *dp, *ip;
	uint64_t idx;
	int err;

	if (!(dp = walk(path, true, name, &err)))
		return err;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	if (!(ip = iget(dir_find(dp, name, &idx))))
		return -ENOENT;
	if (ip->type != T_DIR && has_trailing_slash(path))
		return -ENOTDIR;
	if (ip->type == T_DIR && dir_count(ip) > 2)
		return -ENOTEMPTY;
	unlink_at(dp, idx, ip);
	return 0;
}

/* ---- the whole tree ---- */

static void fs_reset(void)
{
	for (size_t i = 0; i < NINODE; i++)
		if (itable[i].type)
			inode_free(&itable[i]);
}

static int make_root(void)
{
	struct inode *root = inode_alloc(T_DIR);

	if (!root || ino_of(root) != ROOT_INO)
		return -ENOSPC;
	return dir_init(root, root);
}

/* /dev and /dev/console, unless the archive brought them. */
static int make_console(void)
{
	int err = fs_mkdir("/dev");
	struct inode *ip;

	if (err && err != -EEXIST)
		return err;
	if ((ip = fs_lookup("/dev/console", &err))) {
		err = ip->type == T_DEVICE ? 0 : -EEXIST;
		fs_put(ip);
		return err;
	}
	ip = fs_create("/dev/console", T_DEVICE, &err);
	fs_put(ip);
	return ip ? 0 : err;
}

/* An empty image (len 0) gives a tree with only /dev/console. Paths here are
 * absolute: no process exists yet. */
int fs_init(const void *image, size_t len)
{
	int err;

	fs_reset();
	if ((err = make_root()))
		return err;
	if (len && (err = cpio_load(image, len)))
		return err;
	return make_console();
}
