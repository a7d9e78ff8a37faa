/* SPDX-License-Identifier: MIT */
/*
 * fs.h - file-system types shared by the guest kernel and user/: open flags,
 * lseek whence, struct stat, and the directory entries read() returns on a
 * directory. User programs include this, not picolibc's <fcntl.h>.
 */
#ifndef UAPI_FS_H
#define UAPI_FS_H

#include <stdint.h>

#define O_RDONLY 0x000
#define O_WRONLY 0x001
#define O_RDWR 0x002
#define O_ACCMODE 0x003
#define O_APPEND 0x008 /* every write goes to the end */
#define O_CREAT 0x200  /* create a regular file if missing */
#define O_TRUNC 0x400  /* cut a regular file to 0 bytes */

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define T_DIR 1	   /* directory */
#define T_FILE 2   /* regular file */
#define T_DEVICE 3 /* the console */
#define T_PIPE 4   /* fstat on a pipe end */

struct stat {
	uint32_t dev;
	uint32_t ino;
	uint16_t type; /* T_* */
	uint16_t nlink;
	uint32_t pad;
	uint64_t size; /* bytes; for a directory, entries * sizeof(struct dirent) */
};

/* Longest path component, without the NUL. */
#define DIRSIZ 27
#define PATH_MAX_LEN 255

/* read() on a directory returns whole entries of this form. */
struct dirent {
	uint32_t ino;
	char name[DIRSIZ + 1]; /* NUL-terminated */
};

_Static_assert(sizeof(struct stat) == 24, "struct stat");
_Static_assert(sizeof(struct dirent) == 32, "struct dirent");

#endif
