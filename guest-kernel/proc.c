/* SPDX-License-Identifier: MIT */
/*
 * proc.c - the process table and the scheduler: fork, exit, wait, kill,
 * process groups (the console's ^C kills one), sleep and wakeup, round-robin
 * with a time slice enforced by the one-shot platform timer, and an idle loop
 * that blocks in the hypervisor (PV) or waits for an interrupt (native)
 * instead of spinning.
 *
 * The timer is armed only when something needs it: a sleeper's deadline,
 * or a slice end while another process is waiting to run. An idle guest
 * with nothing to do gets no ticks at all.
 */
#include <errno.h>
#include <string.h>

#include "kernel/console.h"
#include "kernel/exec.h"
#include "kernel/file.h"
#include "kernel/fs.h"
#include "kernel/platform.h"
#include "kernel/proc.h"

#define KSTACK_SIZE 8192
#define SLICE_MS 10

static struct proc procs[NPROC];
static uint8_t kstacks[NPROC][KSTACK_SIZE] __attribute__((aligned(16)));
static struct proc *current, *initproc;
static struct context sched_ctx;
static const struct addrspace *installed; /* the address space the MMU holds */
static int next_pid = 1;
static uint64_t hz, boot_time, armed = UINT64_MAX;
static bool resched;

void proc_set_timebase(uint64_t timebase_hz)
{
	hz = timebase_hz;
	boot_time = plat_time();
}

static uint64_t ms_to_ticks(uint64_t ms)
{
	return ms * hz / 1000;
}

uint64_t proc_uptime_ms(void)
{
	return (plat_time() - boot_time) * 1000 / hz;
}

struct proc *proc_current(void)
{
	return current;
}

bool proc_killed(const struct proc *p)
{
	return p->killed;
}

static struct proc *proc_alloc(void)
{
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &procs[i];

		if (p->state != PS_UNUSED)
			continue;
		memset(p, 0, sizeof(*p));
		p->state = PS_USED;
		p->pid = next_pid++;
		p->kstack = kstacks[i];
		p->tf = (struct trapframe *)(kstacks[i] + KSTACK_SIZE) - 1;
		p->ctx.sp = (uintptr_t)p->tf;
		return p;
	}
	return NULL;
}

static void timer_arm(uint64_t t)
{
	if (t < armed) {
		armed = t;
		plat_set_timer(t);
	}
}

/* Arm the timer for the earliest thing that needs it; never later than armed. */
static void timer_update(void)
{
	uint64_t want = UINT64_MAX;
	bool others = false;

	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &procs[i];

		if (p->state == PS_SLEEPING && p->wake_at && p->wake_at < want)
			want = p->wake_at;
		if (p->state == PS_RUNNABLE)
			others = true;
	}
	if (current && others && current->slice_end < want)
		want = current->slice_end;
	timer_arm(want);
}

void proc_timer_tick(void)
{
	uint64_t now = plat_time();

	armed = UINT64_MAX;
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &procs[i];

		if (p->state == PS_SLEEPING && p->wake_at && p->wake_at <= now) {
			p->wake_at = 0;
			p->state = PS_RUNNABLE;
		}
	}
	if (current && now >= current->slice_end)
		resched = true;
	timer_update();
}

static void run(struct proc *p)
{
	uint64_t start = plat_time();

	p->state = PS_RUNNING;
	current = p;
	if (installed != &p->as) {
		vm_switch(&p->as);
		installed = &p->as;
	}
	p->slice_end = start + ms_to_ticks(SLICE_MS);
	resched = false;
	timer_update();
	proc_swtch(&sched_ctx, &p->ctx);
	p->cpu_ticks += plat_time() - start;
	current = NULL;
}

void proc_scheduler(void)
{
	static int last;

	for (;;) {
		struct proc *p = NULL;

		for (int n = 1; n <= NPROC && !p; n++) {
			struct proc *q = &procs[(last + n) % NPROC];

			if (q->state == PS_RUNNABLE) {
				p = q;
				last = (int)(q - procs);
			}
		}
		if (p) {
			run(p);
			continue;
		}
		timer_update();
		plat_idle();
	}
}

/* Give the CPU back to the scheduler; the caller set current's state. */
static void sched(void)
{
	proc_swtch(&current->ctx, &sched_ctx);
}

void proc_yield(void)
{
	current->state = PS_RUNNABLE;
	sched();
}

void proc_sleep(void *chan)
{
	current->chan = chan;
	current->state = PS_SLEEPING;
	sched();
	current->chan = NULL;
}

void proc_wakeup(void *chan)
{
	for (int i = 0; i < NPROC; i++)
		if (procs[i].state == PS_SLEEPING && procs[i].chan == chan) {
			procs[i].state = PS_RUNNABLE;
			procs[i].wake_at = 0;
		}
}

int proc_sleep_ms(uint64_t ms)
{
	static char sleep_chan; /* only the timer wakes it */

	current->wake_at = plat_time() + ms_to_ticks(ms ? ms : 1);
	timer_arm(current->wake_at);
	while (current->wake_at && !current->killed)
		proc_sleep(&sleep_chan);
	current->wake_at = 0;
	return current->killed ? -EINTR : 0;
}

int proc_fork(void)
{
	struct proc *p = proc_alloc();
	int err;

	if (!p)
		return -EAGAIN;
	if ((err = vm_copy(&p->as, &current->as))) {
		p->state = PS_UNUSED;
		return err;
	}
	vm_commit();
	*p->tf = *current->tf;
	p->tf->x[REG_A0] = 0;
	for (int i = 0; i < NOFILE; i++)
		if (current->ofile[i])
			p->ofile[i] = file_dup(current->ofile[i]);
	p->cwd = current->cwd ? fs_dup(current->cwd) : NULL;
	memcpy(p->name, current->name, sizeof(p->name));
	p->parent = current;
	p->pgid = current->pgid;
	p->ctx.ra = (uintptr_t)proc_user_return;
	p->state = PS_RUNNABLE;
	return p->pid;
}

void proc_exit(int status)
{
	struct proc *p = current;

	if (p == initproc)
		kpanic("init exited with status %d", status);
	for (int i = 0; i < NOFILE; i++)
		if (p->ofile[i]) {
			file_close(p->ofile[i]);
			p->ofile[i] = NULL;
		}
	if (p->cwd)
		fs_put(p->cwd);
	p->cwd = NULL;
	/* Leave the address space before tearing it down. */
	vm_switch(NULL);
	installed = NULL;
	vm_destroy(&p->as);
	for (int i = 0; i < NPROC; i++)
		if (procs[i].parent == p) {
			procs[i].parent = initproc;
			if (procs[i].state == PS_ZOMBIE)
				proc_wakeup(initproc);
		}
	p->xstatus = status;
	p->state = PS_ZOMBIE;
	proc_wakeup(p->parent);
	sched();
	kpanic("zombie %d ran", p->pid);
}

int proc_wait(uint64_t ustatus)
{
	for (;;) {
		bool children = false;

		for (int i = 0; i < NPROC; i++) {
			struct proc *c = &procs[i];
			int pid = c->pid;

			if (c->parent != current)
				continue;
			children = true;
			if (c->state != PS_ZOMBIE)
				continue;
			if (ustatus && uvm_copyout(ustatus, &c->xstatus, sizeof(int)))
				return -EFAULT;
			c->state = PS_UNUSED;
			c->parent = NULL;
			return pid;
		}
		if (!children)
			return -ECHILD;
		if (current->killed)
			return -EINTR;
		proc_sleep(current);
	}
}

static bool live(const struct proc *p)
{
	return p->state != PS_UNUSED && p->state != PS_ZOMBIE;
}

/* The process numbered pid, zombies included, or NULL. */
static struct proc *proc_find(int pid)
{
	for (int i = 0; i < NPROC; i++)
		if (procs[i].state != PS_UNUSED && procs[i].pid == pid)
			return &procs[i];
	return NULL;
}

/* It exits on its way back to user mode; a sleeper is woken to get there. */
static void mark_killed(struct proc *p)
{
	p->killed = true;
	if (p->state == PS_SLEEPING)
		p->state = PS_RUNNABLE;
}

int proc_kill(int pid)
{
	struct proc *p = proc_find(pid);

	if (!p || !live(p))
		return -ESRCH;
	if (p == initproc)
		return -EPERM;
	mark_killed(p);
	return 0;
}

int proc_kill_group(int pgid)
{
	int n = 0;

	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &procs[i];

		if (p->pgid == pgid && live(p) && p != initproc) {
			mark_killed(p);
			n++;
		}
	}
	return n;
}

bool proc_group_exists(int pgid)
{
	for (int i = 0; i < NPROC; i++)
		if (procs[i].state != PS_UNUSED && procs[i].pgid == pgid)
			return true;
	return false;
}

/* POSIX's rules, less sessions: a shell puts the children of one job in one
 * group, which may then own the console. */
int proc_setpgid(int pid, int pgid)
{
	struct proc *p;

	if (pid < 0 || pgid < 0)
		return -EINVAL;
	p = pid ? proc_find(pid) : current;
	if (!p || !live(p) || (p != current && p->parent != current))
		return -ESRCH;
	if (pgid == 0)
		pgid = p->pid;
	if (pgid != p->pid && !proc_group_exists(pgid))
		return -EPERM;
	p->pgid = pgid;
	return 0;
}

int proc_list(uint64_t ubuf, int max)
{
	int n = 0;

	if (max < 0)
		return -EINVAL;
	for (int i = 0; i < NPROC && n < max; i++) {
		struct proc *p = &procs[i];
		struct procinfo pi;

		if (p->state == PS_UNUSED)
			continue;
		memset(&pi, 0, sizeof(pi));
		pi.pid = p->pid;
		pi.ppid = p->parent ? p->parent->pid : 0;
		pi.pgid = p->pgid;
		pi.state = p->state;
		pi.mem = p->as.pages * PAGE_SIZE;
		pi.cpu_ms = p->cpu_ticks * 1000 / hz;
		memcpy(pi.name, p->name, sizeof(pi.name));
		if (uvm_copyout(ubuf + (uint64_t)n * sizeof(pi), &pi, sizeof(pi)))
			return -EFAULT;
		n++;
	}
	return n;
}

#define SSTATUS_SPP (1ul << 8)
#define SSTATUS_SPIE (1ul << 5)
#define SSTATUS_SIE (1ul << 1)

void proc_user_return(void)
{
	struct proc *p = current;

	if (p->killed)
		proc_exit(-1);
	if (resched) {
		resched = false;
		proc_yield();
		if (p->killed)
			proc_exit(-1);
	}
	/* User mode, events enabled there; the kernel keeps them off. */
	p->tf->sstatus = (p->tf->sstatus & ~(SSTATUS_SPP | SSTATUS_SIE)) | SSTATUS_SPIE;
	trap_user_return(p->tf);
}

static char init_arg[128];

/* The first process: exec init in its own context, then run it. */
static void init_main(void)
{
	char *argv[] = { "init", init_arg[0] ? init_arg : NULL, NULL };
	int err = exec_start("/bin/init", argv);

	if (err)
		kpanic("cannot start /bin/init: error %d", err);
	proc_user_return();
}

void proc_start_init(const char *arg)
{
	struct proc *p = proc_alloc();
	int err;

	if (arg)
		strncpy(init_arg, arg, sizeof(init_arg) - 1);
	if (!p || vm_create(&p->as))
		kpanic("cannot create the first process");
	vm_commit();
	for (int fd = 0; fd < 3; fd++) {
		p->ofile[fd] =
		    fd == 0 ? file_open("/dev/console", O_RDWR, &err) : file_dup(p->ofile[0]);
		if (!p->ofile[fd])
			kpanic("cannot open /dev/console: error %d", err);
	}
	if (!(p->cwd = fs_lookup("/", &err)))
		kpanic("no root directory: error %d", err);
	memcpy(p->name, "init", 5);
	p->pgid = p->pid;
	p->ctx.ra = (uintptr_t)init_main;
	initproc = p;
	p->state = PS_RUNNABLE;
}
