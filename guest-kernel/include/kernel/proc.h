/* SPDX-License-Identifier: MIT */
/*
 * proc.h - processes: the process table, scheduling, sleep and wakeup.
 *
 * The kernel runs on one vCPU with interrupts (events) disabled whenever it
 * is in supervisor mode, except while idle: kernel code is never preempted,
 * so it needs no locks. A process gives up the CPU only by sleeping, exiting,
 * yielding, or being preempted while in user mode.
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/trap.h"
#include "kernel/vm.h"
#include "uapi/proc.h"

#define NPROC 32
#define NOFILE 16

struct file;
struct inode;

/* Callee-saved registers for proc_switch (swtch.S). */
struct context {
	uint64_t ra, sp, s[12];
};

struct proc {
	enum procstate state;
	int pid;
	int pgid; /* process group: fork inherits it, ^C kills one */
	struct proc *parent;
	void *chan; /* sleeping on this */
	bool killed;
	int xstatus;	      /* exit status for wait */
	uint64_t wake_at;     /* sleep(): time to wake, 0 if none */
	uint64_t cpu_ticks;   /* time it ran */
	uint64_t slice_end;   /* preempt in user mode after this time */
	struct addrspace as;  /* user address space */
	uint8_t *kstack;      /* kernel stack (one page) */
	struct trapframe *tf; /* user registers, at the top of kstack */
	struct context ctx;
	struct file *ofile[NOFILE];
	struct inode *cwd;
	char name[PROC_NAME_LEN];
};

struct proc *proc_current(void);
/* Sleep until proc_wakeup(chan). Returns early if the process is killed. */
void proc_sleep(void *chan);
void proc_wakeup(void *chan);
bool proc_killed(const struct proc *p);

void proc_init(void);
/* Create the first process, /bin/init, with arg (or none) as its argv[1]. */
void proc_start_init(const char *arg);
int proc_fork(void);
void proc_exit(int status) __attribute__((noreturn));
int proc_wait(uint64_t ustatus);
int proc_kill(int pid);
/* Move pid (0: the caller, else one of its children) into group pgid (0: a
 * new group numbered pid): 0, -EINVAL, -ESRCH, or -EPERM if no process is
 * in pgid. */
int proc_setpgid(int pid, int pgid);
/* Whether some process, zombies included, is in group pgid. */
bool proc_group_exists(int pgid);
/* Kill every live process of group pgid but init: how many. */
int proc_kill_group(int pgid);
void proc_yield(void);
int proc_sleep_ms(uint64_t ms);
int proc_list(uint64_t ubuf, int max);
/* Timer and preemption (called from the event handler). */
void proc_timer_tick(void);
/* Leave the kernel for the current process's user code (exit if killed). */
void proc_user_return(void) __attribute__((noreturn));
/* Run processes forever (the boot stack becomes the scheduler's). */
void proc_scheduler(void) __attribute__((noreturn));
/* Time since boot in ms, and the time base. */
uint64_t proc_uptime_ms(void);
void proc_set_timebase(uint64_t hz);
void proc_swtch(struct context *from, struct context *to);

#endif
