/* SPDX-License-Identifier: MIT */
/*
 * file.c - open files: the table of open file descriptions (what dup and
 * fork share: offset, access mode, append), opening a path with its flags,
 * read, write, lseek and fstat on one, and the current process's
 * descriptors, which point into the table.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "kernel/console.h"
#include "kernel/file.h"
#include "kernel/fs.h"
#include "kernel/pipe.h"
#include "kernel/proc.h"

enum file_type { FILE_NONE, FILE_INODE, FILE_PIPE, FILE_DEVICE };

struct file {
	enum file_type type;
	uint32_t ref;
	bool readable, writable, append;
	uint64_t off;	   /* FILE_INODE only; kept <= INT64_MAX */
	struct inode *ip;  /* FILE_INODE, FILE_DEVICE */
	struct pipe *pipe; /* FILE_PIPE */
};

#define OPEN_FLAGS (O_ACCMODE | O_APPEND | O_CREAT | O_TRUNC)

static struct file ftable[NFILE];

static struct file *file_alloc(void)
{
	for (size_t i = 0; i < NFILE; i++) {
		if (ftable[i].ref == 0) {
			ftable[i] = (struct file){ .ref = 1 };
			return &ftable[i];
		}
	}
	return NULL;
}

struct file *file_alloc_pipe(struct pipe *p, bool writable)
{
	struct file *f = file_alloc();

	if (f) {
		f->type = FILE_PIPE;
		f->pipe = p;
		f->readable = !writable;
		f->writable = writable;
	}
	return f;
}

/* The inode path names, created when O_CREAT asks for it. */
static struct inode *open_inode(const char *path, int flags, int *err)
{
	struct inode *ip = fs_lookup(path, err);

	if (!ip && *err == -ENOENT && (flags & O_CREAT))
		ip = fs_create(path, T_FILE, err);
	return ip;
}

static int check_flags(int flags)
{
	if (flags & ~OPEN_FLAGS || (flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	return 0;
}

/* Directories open read-only, without O_CREAT or O_TRUNC. O_TRUNC cuts only
 * a file opened for writing (with O_RDONLY it is ignored). The file slot is
 * taken first so that a full table has no side effect such as a creation. */
struct file *file_open(const char *path, int flags, int *err)
{
	struct file *f;
	struct inode *ip;
	int acc = flags & O_ACCMODE;

	if ((*err = check_flags(flags)))
		return NULL;
	if (!(f = file_alloc())) {
		*err = -ENFILE;
		return NULL;
	}
	if (!(ip = open_inode(path, flags, err))) {
		f->ref = 0;
		return NULL;
	}
	if (fs_type(ip) == T_DIR && (acc != O_RDONLY || flags & (O_CREAT | O_TRUNC))) {
		fs_put(ip);
		f->ref = 0;
		*err = -EISDIR;
		return NULL;
	}
	f->type = fs_type(ip) == T_DEVICE ? FILE_DEVICE : FILE_INODE;
	f->ip = ip;
	f->readable = acc != O_WRONLY;
	f->writable = acc != O_RDONLY;
	f->append = flags & O_APPEND;
	if ((flags & O_TRUNC) && f->writable)
		fs_truncate(ip);
	*err = 0;
	return f;
}

struct file *file_dup(struct file *f)
{
	if (f->ref == 0)
		kpanic("file_dup: file not open");
	f->ref++;
	return f;
}

void file_close(struct file *f)
{
	if (f->ref == 0)
		kpanic("file_close: file not open");
	if (--f->ref > 0)
		return;
	if (f->type == FILE_PIPE)
		pipe_close(f->pipe, f->writable);
	else
		fs_put(f->ip);
	*f = (struct file){ 0 };
}

int64_t file_read(struct file *f, uint64_t udst, uint64_t n)
{
	int64_t r;

	if (!f->readable)
		return -EBADF;
	switch (f->type) {
	case FILE_PIPE:
		return pipe_read(f->pipe, udst, n);
	case FILE_DEVICE:
		return console_read(udst, n);
	case FILE_INODE:
		if ((r = fs_read_user(f->ip, udst, f->off, n)) > 0)
			f->off += (uint64_t)r;
		return r;
	default:
		return -EBADF;
	}
}

bool file_is_console(const struct file *f)
{
	return f->type == FILE_DEVICE;
}

int64_t file_write(struct file *f, uint64_t usrc, uint64_t n)
{
	int64_t r;

	if (!f->writable)
		return -EBADF;
	switch (f->type) {
	case FILE_PIPE:
		return pipe_write(f->pipe, usrc, n);
	case FILE_DEVICE:
		return console_write(usrc, n);
	case FILE_INODE:
		if (f->append)
			f->off = fs_size(f->ip);
		if ((r = fs_write_user(f->ip, usrc, f->off, n)) > 0)
			f->off += (uint64_t)r;
		return r;
	default:
		return -EBADF;
	}
}

/* Only inodes seek; a directory's offset is in bytes like a file's. */
int64_t file_lseek(struct file *f, int64_t off, int whence)
{
	int64_t base, pos;

	if (f->type != FILE_INODE)
		return -ESPIPE;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->off;
		break;
	case SEEK_END:
		base = (int64_t)fs_size(f->ip);
		break;
	default:
		return -EINVAL;
	}
	if (__builtin_add_overflow(base, off, &pos) || pos < 0)
		return -EINVAL;
	f->off = (uint64_t)pos;
	return pos;
}

void file_stat(const struct file *f, struct stat *st)
{
	if (f->type == FILE_PIPE)
		*st = (struct stat){ .type = T_PIPE, .nlink = 1, .size = pipe_available(f->pipe) };
	else
		fs_stat(f->ip, st);
}

/* ---- descriptors ---- */

struct file *file_from_fd(int fd)
{
	struct proc *p = proc_current();

	if (fd < 0 || fd >= NOFILE || !p)
		return NULL;
	return p->ofile[fd];
}

int file_fd_lowest_free(void)
{
	struct proc *p = proc_current();

	for (int fd = 0; p && fd < NOFILE; fd++)
		if (!p->ofile[fd])
			return fd;
	return -EMFILE;
}

int file_fd_alloc(struct file *f)
{
	int fd = file_fd_lowest_free();

	if (fd >= 0)
		proc_current()->ofile[fd] = f;
	return fd;
}
