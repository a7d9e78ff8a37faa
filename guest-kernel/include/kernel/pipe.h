/* SPDX-License-Identifier: MIT */
/*
 * pipe.h - pipes: a one-page ring buffer between a reading and a writing
 * open file. Reads block while it is empty and a writer exists; writes block
 * while it is full and a reader exists.
 */
#ifndef KERNEL_PIPE_H
#define KERNEL_PIPE_H

#include <stdbool.h>
#include <stdint.h>

#define NPIPE 16

struct file;
struct pipe;

/* Two open files on a new pipe: 0, -ENFILE (no pipe or file slot) or -ENOMEM. */
int pipe_alloc(struct file **rf, struct file **wf);
/* One end is gone; the pipe is freed with the second. */
void pipe_close(struct pipe *p, bool writable);
/* Bytes read (0: no writer and empty), -EFAULT or -EINTR. */
int64_t pipe_read(struct pipe *p, uint64_t udst, uint64_t n);
/* Bytes written (all n unless the reader left or the process was killed
 * part way), or -EPIPE, -EFAULT, -EINTR when nothing was written. */
int64_t pipe_write(struct pipe *p, uint64_t usrc, uint64_t n);
/* Bytes waiting to be read. */
uint64_t pipe_available(const struct pipe *p);

#endif
