/* SPDX-License-Identifier: MIT */
/* sched.h - sub-commands of sched_op and shutdown reasons (Xen's numbers). */
#ifndef PVABI_SCHED_H
#define PVABI_SCHED_H

#define PVABI_SCHEDOP_yield 0
#define PVABI_SCHEDOP_block 1
#define PVABI_SCHEDOP_shutdown 2

/* Reasons for PVABI_SCHEDOP_shutdown. */
#define PVABI_SHUTDOWN_poweroff 0 /* clean stop */
#define PVABI_SHUTDOWN_reboot 1	  /* restart the guest from its image */
#define PVABI_SHUTDOWN_suspend 2  /* reserved: not supported, -EINVAL */
#define PVABI_SHUTDOWN_crash 3	  /* the guest reports it crashed */

#endif
