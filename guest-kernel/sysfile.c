/* SPDX-License-Identifier: MIT */
/*
 * sysfile.c - the file system calls: argument checking (descriptors, user
 * pointers, paths) and the descriptor table of the calling process; the work
 * is done by file.c, fs.c and pipe.c.
 */
#include <errno.h>

#include "kernel/file.h"
#include "kernel/fs.h"
#include "kernel/pipe.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/vm.h"

/* Argument n as a descriptor: an int, as the ABI passes it. */
static struct file *arg_file(int n, int *fd)
{
	*fd = (int)syscall_arg(n);
	return file_from_fd(*fd);
}

/* A path argument into buf: 0, -EFAULT, -ENAMETOOLONG, or -ENOENT if empty. */
static int arg_path(int n, char *buf)
{
	int r = uvm_copyinstr(buf, syscall_arg(n), PATH_MAX_LEN + 1);

	if (r < 0)
		return r;
	return r == 0 ? -ENOENT : 0;
}

/* A user range that wraps around the address space is never valid. */
static int check_range(uint64_t uva, uint64_t n)
{
	return uva + n < uva ? -EFAULT : 0;
}

/* read and write: (fd, buf, n), checked the same way. */
static int64_t read_write(int64_t (*op)(struct file *, uint64_t, uint64_t))
{
	int fd;
	struct file *f = arg_file(0, &fd);
	uint64_t ubuf = syscall_arg(1), n = syscall_arg(2);

	if (!f)
		return -EBADF;
	if (check_range(ubuf, n))
		return -EFAULT;
	return op(f, ubuf, n);
}

int64_t sys_read(void)
{
	return read_write(file_read);
}

int64_t sys_write(void)
{
	return read_write(file_write);
}

/* The descriptor is chosen before the file is opened, so that -EMFILE has
 * no side effect (O_CREAT creating the file). */
int64_t sys_open(void)
{
	char path[PATH_MAX_LEN + 1];
	int flags = (int)syscall_arg(1), err, fd;
	struct file *f;

	if ((err = arg_path(0, path)))
		return err;
	if ((fd = file_fd_lowest_free()) < 0)
		return fd;
	if (!(f = file_open(path, flags, &err)))
		return err;
	return file_fd_alloc(f);
}

int64_t sys_close(void)
{
	int fd;
	struct file *f = arg_file(0, &fd);

	if (!f)
		return -EBADF;
	proc_current()->ofile[fd] = NULL;
	file_close(f);
	return 0;
}

int64_t sys_dup(void)
{
	int fd, nfd;
	struct file *f = arg_file(0, &fd);

	if (!f)
		return -EBADF;
	if ((nfd = file_fd_alloc(f)) >= 0)
		file_dup(f);
	return nfd;
}

int64_t sys_lseek(void)
{
	int fd;
	struct file *f = arg_file(0, &fd);

	if (!f)
		return -EBADF;
	return file_lseek(f, (int64_t)syscall_arg(1), (int)syscall_arg(2));
}

int64_t sys_fstat(void)
{
	int fd;
	struct file *f = arg_file(0, &fd);
	struct stat st;

	if (!f)
		return -EBADF;
	file_stat(f, &st);
	return uvm_copyout(syscall_arg(1), &st, sizeof(st));
}

/* Both descriptors are taken before the user's array is written; if that
 * write faults, the pipe is closed again and nothing is left behind. */
int64_t sys_pipe(void)
{
	struct proc *p = proc_current();
	struct file *rf, *wf;
	int32_t fds[2] = { -1, -1 };
	int err;

	if ((err = pipe_alloc(&rf, &wf)))
		return err;
	if ((fds[0] = file_fd_alloc(rf)) < 0 || (fds[1] = file_fd_alloc(wf)) < 0) {
		err = -EMFILE;
		goto undo;
	}
	if ((err = uvm_copyout(syscall_arg(0), fds, sizeof(fds))) == 0)
		return 0;
undo:
	for (int i = 0; i < 2; i++)
		if (fds[i] >= 0)
			p->ofile[fds[i]] = NULL;
	file_close(rf);
	file_close(wf);
	return err;
}

int64_t sys_mkdir(void)
{
	char path[PATH_MAX_LEN + 1];
	int err = arg_path(0, path);

	return err ? err : fs_mkdir(path);
}

int64_t sys_unlink(void)
{
	char path[PATH_MAX_LEN + 1];
	int err = arg_path(0, path);

	return err ? err : fs_unlink(path);
}

int64_t sys_chdir(void)
{
	char path[PATH_MAX_LEN + 1];
	struct proc *p = proc_current();
	struct inode *ip;
	int err;

	if ((err = arg_path(0, path)))
		return err;
	if (!(ip = fs_lookup(path, &err)))
		return err;
	if (fs_type(ip) != T_DIR) {
		fs_put(ip);
		return -ENOTDIR;
	}
	fs_put(p->cwd);
	p->cwd = ip;
	return 0;
}
