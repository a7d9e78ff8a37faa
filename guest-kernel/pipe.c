/* SPDX-License-Identifier: MIT */
/*
 * pipe.c - pipes: a one-page ring buffer with a reading and a writing end,
 * blocking reads and writes, end of file when the writer is gone and EPIPE
 * when the reader is. The kernel is never preempted, so a check followed by
 * proc_sleep cannot miss a wakeup.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "kernel/file.h"
#include "kernel/kalloc.h"
#include "kernel/pipe.h"
#include "kernel/proc.h"
#include "kernel/vm.h"

#define PIPE_SIZE PAGE_SIZE

struct pipe {
	uint8_t *buf;		/* PIPE_SIZE bytes; NULL marks a free slot */
	uint64_t nread, nwrite; /* bytes ever read and written */
	bool readopen, writeopen;
};

static struct pipe pipes[NPIPE];

static struct pipe *pipe_slot(void)
{
	for (size_t i = 0; i < NPIPE; i++)
		if (!pipes[i].buf)
			return &pipes[i];
	return NULL;
}

int pipe_alloc(struct file **rf, struct file **wf)
{
	struct pipe *p = pipe_slot();

	if (!p)
		return -ENFILE;
	/* every byte is written before it is read: no need to clear */
	if (!(p->buf = page_alloc_dirty()))
		return -ENOMEM;
	p->nread = p->nwrite = 0;
	p->readopen = p->writeopen = true;
	if (!(*rf = file_alloc_pipe(p, false))) {
		pipe_close(p, false);
		pipe_close(p, true);
		return -ENFILE;
	}
	if (!(*wf = file_alloc_pipe(p, true))) {
		p->writeopen = false;
		file_close(*rf); /* frees the pipe: both ends are closed */
		return -ENFILE;
	}
	return 0;
}

void pipe_close(struct pipe *p, bool writable)
{
	if (writable) {
		p->writeopen = false;
		proc_wakeup(&p->nread); /* readers see end of file */
	} else {
		p->readopen = false;
		proc_wakeup(&p->nwrite); /* writers see EPIPE */
	}
	if (!p->readopen && !p->writeopen) {
		page_free(p->buf);
		*p = (struct pipe){ 0 };
	}
}

uint64_t pipe_available(const struct pipe *p)
{
	return p->nwrite - p->nread;
}

static bool killed(void)
{
	return proc_killed(proc_current());
}

/* Copy out up to n waiting bytes in at most two pieces (the ring wraps). */
static int64_t pipe_copyout(struct pipe *p, uint64_t udst, uint64_t n)
{
	uint64_t done = 0;

	while (done < n && pipe_available(p)) {
		uint64_t at = p->nread % PIPE_SIZE, len = PIPE_SIZE - at;

		if (len > pipe_available(p))
			len = pipe_available(p);
		if (len > n - done)
			len = n - done;
		if (uvm_copyout(udst + done, p->buf + at, len) < 0)
			return done ? (int64_t)done : -EFAULT;
		p->nread += len;
		done += len;
	}
	return (int64_t)done;
}

int64_t pipe_read(struct pipe *p, uint64_t udst, uint64_t n)
{
	int64_t r;

	if (n == 0)
		return 0;
	while (pipe_available(p) == 0 && p->writeopen) {
		if (killed())
			return -EINTR;
		proc_sleep(&p->nread);
	}
	r = pipe_copyout(p, udst, n);
	if (r > 0)
		proc_wakeup(&p->nwrite);
	return r;
}

/* Copy in as much of [done, n) as fits without wrapping: bytes or -EFAULT. */
static int64_t pipe_copyin(struct pipe *p, uint64_t usrc, uint64_t done, uint64_t n)
{
	uint64_t at = p->nwrite % PIPE_SIZE, len = PIPE_SIZE - at;
	uint64_t room = PIPE_SIZE - pipe_available(p);

	if (len > room)
		len = room;
	if (len > n - done)
		len = n - done;
	if (uvm_copyin(p->buf + at, usrc + done, len) < 0)
		return -EFAULT;
	p->nwrite += len;
	return (int64_t)len;
}

int64_t pipe_write(struct pipe *p, uint64_t usrc, uint64_t n)
{
	uint64_t done = 0;
	int64_t r = 0;

	while (done < n) {
		if (!p->readopen) {
			r = -EPIPE;
			break;
		}
		if (pipe_available(p) == PIPE_SIZE) {
			proc_wakeup(&p->nread);
			if (killed()) {
				r = -EINTR;
				break;
			}
			proc_sleep(&p->nwrite);
			continue;
		}
		if ((r = pipe_copyin(p, usrc, done, n)) < 0)
			break;
		done += (uint64_t)r;
	}
	if (done)
		proc_wakeup(&p->nread);
	return done ? (int64_t)done : r;
}
