/* SPDX-License-Identifier: MIT */
/*
 * errno.h - error codes returned in a0 by every hypercall.
 *
 * The numbers are Xen's (xen/include/public/errno.h), which are Linux's.
 * A hypercall returns 0 or the negated value, for example -PVABI_EINVAL.
 */
#ifndef PVABI_ERRNO_H
#define PVABI_ERRNO_H

#define PVABI_EPERM 1	    /* operation not permitted for this guest */
#define PVABI_ENOENT 2	    /* no such object */
#define PVABI_ESRCH 3	    /* no such guest or vCPU */
#define PVABI_EINTR 4	    /* interrupted */
#define PVABI_EIO 5	    /* I/O error */
#define PVABI_E2BIG 7	    /* argument list too long */
#define PVABI_EAGAIN 11	    /* try again */
#define PVABI_ENOMEM 12	    /* out of memory */
#define PVABI_EACCES 13	    /* permission denied */
#define PVABI_EFAULT 14	    /* a guest pointer does not translate */
#define PVABI_EBUSY 16	    /* object in use */
#define PVABI_EEXIST 17	    /* object exists */
#define PVABI_EXDEV 18	    /* cross-guest reference */
#define PVABI_EINVAL 22	    /* invalid argument */
#define PVABI_ENOSPC 28	    /* no space left */
#define PVABI_ERANGE 34	    /* value out of range */
#define PVABI_ENOSYS 38	    /* no such hypercall or sub-command */
#define PVABI_EOPNOTSUPP 95 /* operation not supported */

#endif
