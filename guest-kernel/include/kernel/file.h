/* SPDX-License-Identifier: MIT */
/*
 * file.h - open files: the table of open file descriptions shared by
 * descriptors (dup, fork), and what a read or write on one does (inode,
 * pipe, console).
 */
#ifndef KERNEL_FILE_H
#define KERNEL_FILE_H

#include <stdbool.h>
#include <stdint.h>

struct file;

/* Open a path for the kernel itself (the first process's console). */
struct file *file_open(const char *path, int flags, int *err);
struct file *file_dup(struct file *f);
void file_close(struct file *f);

#define NFILE 64

struct pipe;
struct stat;

/* The open file calls, on user addresses. Bytes done or a negative errno:
 * -EBADF when the file was not opened for that direction. */
int64_t file_read(struct file *f, uint64_t udst, uint64_t n);
/* Whether f is the console (the only device). */
bool file_is_console(const struct file *f);
int64_t file_write(struct file *f, uint64_t usrc, uint64_t n);
/* New offset, -EINVAL (whence, negative or overflowing result) or -ESPIPE. */
int64_t file_lseek(struct file *f, int64_t off, int whence);
void file_stat(const struct file *f, struct stat *st);
/* An open file on one end of pipe p (pipe.c), NULL when the table is full. */
struct file *file_alloc_pipe(struct pipe *p, bool writable);

/* Descriptors of the current process: the open file of fd (NULL when fd is
 * out of range or not open), the lowest free fd or -EMFILE, and that fd
 * given to f (which keeps the caller's reference). */
struct file *file_from_fd(int fd);
int file_fd_lowest_free(void);
int file_fd_alloc(struct file *f);

#endif
