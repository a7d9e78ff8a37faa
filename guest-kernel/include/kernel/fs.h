/* SPDX-License-Identifier: MIT */
/*
 * fs.h - the in-memory file system: inodes (files, directories, the console
 * device), path lookup, and loading the boot image (a cpio "newc" archive the
 * Makefile builds from user/).
 */
#ifndef KERNEL_FS_H
#define KERNEL_FS_H

#include <stddef.h>
#include <stdint.h>

#include "uapi/fs.h"

struct inode;

/* Build the tree from a cpio newc archive; also creates /dev/console. */
int fs_init(const void *image, size_t len);
/* Resolve a path (relative to the current process's cwd, or / if none). A
 * referenced inode, or NULL with *err set (-ENOENT, -ENOTDIR, ...). */
struct inode *fs_lookup(const char *path, int *err);
struct inode *fs_dup(struct inode *ip);
void fs_put(struct inode *ip);
int fs_type(const struct inode *ip); /* T_* */
uint64_t fs_size(const struct inode *ip);
/* Read into a kernel buffer: bytes read or a negative errno. */
int64_t fs_read(struct inode *ip, void *dst, uint64_t off, size_t n);

/* Largest file: one page of page pointers (PAGE_SIZE / 8 data pages). */
#define FS_MAX_FILE (512ul * 4096ul)
/* Inodes in the table (files, directories, the console). */
#define NINODE 256

/* Create path (T_FILE, T_DIR or T_DEVICE); its parent must exist. A
 * referenced inode, or NULL with *err: -EEXIST, -ENOENT, -ENOTDIR, -ENOSPC... */
struct inode *fs_create(const char *path, int type, int *err);
/* 0 or a negative errno: -EEXIST, -ENOENT, -ENOTDIR, -ENAMETOOLONG, -ENOSPC. */
int fs_mkdir(const char *path);
/* Remove a name; the inode lives on while referenced. -EINVAL for "." and
 * "..", -ENOTEMPTY for a directory with entries. */
int fs_unlink(const char *path);
/* Write from a kernel buffer: bytes written or a negative errno (-EFBIG). */
int64_t fs_write(struct inode *ip, const void *src, uint64_t off, size_t n);
/* The same with a user address (the current process): -EFAULT on a bad
 * pointer. Reading a directory returns whole struct dirent records. */
int64_t fs_read_user(struct inode *ip, uint64_t udst, uint64_t off, uint64_t n);
int64_t fs_write_user(struct inode *ip, uint64_t usrc, uint64_t off, uint64_t n);
/* Cut a regular file to 0 bytes, freeing its pages. */
void fs_truncate(struct inode *ip);
void fs_stat(const struct inode *ip, struct stat *st);

/* Load a cpio newc archive into the tree (cpio.c): 0, or -EINVAL when it is
 * malformed, or the error of the file system (-ENOMEM, -ENOSPC, -EFBIG). */
int cpio_load(const void *image, size_t len);

#endif
