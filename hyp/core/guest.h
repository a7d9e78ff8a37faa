/* SPDX-License-Identifier: MIT */
/*
 * guest.h - guests: their static configuration, their memory and their
 * lifecycle (create, stop, reboot).
 */
#ifndef HYP_GUEST_H
#define HYP_GUEST_H

#include "hyp/core/console.h"
#include "hyp/core/gstage.h"
#include "hyp/core/log.h"
#include "hyp/pv/pvmmu.h"
#include "hyp/debug/stats.h"
#include "hyp/core/vcpu.h"
#include "hyp/fv/vmmio.h"

#define GUEST_MAX 8
/*
 * vCPUs a guest may have (vcpus=N): all share the guest's home hart,
 * time-shared there (docs/architecture.md, "Several vCPUs").
 */
#define GUEST_VCPU_MAX 4
#define GUEST_RAM_BASE 0x80000000ull
/* Images are loaded where OpenSBI would put an S-mode payload. */
#define GUEST_IMAGE_OFFSET 0x200000ull
/* FV: the largest device tree the hypervisor builds (a 2 KiB command line fits); it ends RAM. */
#define GUEST_DT_MAX 8192
/* FV: bytes of /chosen/rng-seed, what Linux's random number generator starts from. */
#define GUEST_RNG_SEED_SIZE 64
/* PV: the start info page, then the shared info page, at the start of RAM. */
#define GUEST_START_INFO_GPA GUEST_RAM_BASE
#define GUEST_SHARED_INFO_GPA (GUEST_RAM_BASE + PAGE_SIZE)

enum guest_mode {
	GUEST_PV, /* paravirtual: uses the pvabi hypercalls */
	GUEST_FV, /* fully virtualized: trap-and-emulate */
};

/*
 * What becomes of a guest when it stops (shuts down or crashes), like Xen's
 * on_poweroff/on_crash: its memory goes back to the hypervisor, scrubbed
 * before anyone gets it again; restart then builds it afresh from its image,
 * at most GUEST_RESTART_MAX times in a row (a guest that crashes at once
 * would otherwise loop for ever). A reboot it asks for itself always
 * rebuilds it.
 */
enum guest_on_stop {
	GUEST_ON_STOP_DESTROY, /* the default */
	GUEST_ON_STOP_RESTART,
};
#define GUEST_RESTART_MAX 3
#define GUEST_RESTART_LIMIT 100000 /* the most on_stop.NAME=restart:N may ask */

/* Lifecycle work left for guest_reap_one, on the guest's own vCPU context. */
enum guest_reap {
	GUEST_REAP_NONE,
	GUEST_REAP_POLICY,  /* it stopped: its on_stop policy decides */
	GUEST_REAP_DESTROY, /* the monitor's destroy */
	GUEST_REAP_RESTART, /* the monitor's restart: its restart count starts again */
	GUEST_REAP_REBOOT,  /* it asked to reboot itself */
};

/* One entry of the static configuration (hyp/config/). */
struct guest_config {
	const char *name;
	enum guest_mode mode;
	uint64_t mem_size; /* bytes, a multiple of 2 MiB */
	const uint8_t *image;
	const uint8_t *image_end;
	const char *cmdline;
	enum guest_on_stop on_stop;
	unsigned weight; /* CPU share against the others' (credit.h); 0: the default, 256 */
	unsigned cap;	 /* most of one CPU it may use, in percent; 0: no cap */
	/*
	 * FV: told of Sstc (riscv,isa has "_sstc" if the hart has it) and given
	 * it (henvcfg.STCE): its stimecmp is the hart's vstimecmp, a timer tick
	 * costs no exit. Untold guests get an illegal instruction instead.
	 */
	bool sstc;
	/*
	 * The harts its vCPU may have as home, a bit per hart (sched_place);
	 * 0: any. Several harts: the least loaded allowed one, fixed at boot.
	 */
	uint32_t affinity;
	/*
	 * Its vCPUs, 1..GUEST_VCPU_MAX; 0: one. vCPU 0 starts at boot, the
	 * others are DOWN until the guest brings them up (vcpu_op, SBI HSM).
	 */
	unsigned vcpus;
};

enum guest_state {
	GUEST_RUNNING,
	GUEST_SHUTDOWN, /* stopped cleanly */
	GUEST_CRASHED,	/* stopped by a fault or a crash report */
};

struct guest {
	unsigned id;
	const struct guest_config *cfg;
	const char *cmdline; /* its kernel's: the configuration's, or args.NAME= */
	enum guest_state state;
	enum guest_on_stop on_stop; /* the configuration's, or on_stop.NAME= */
	unsigned weight, cap;	    /* the configuration's, or weight.NAME= and cap.NAME= */
	uint32_t affinity;	    /* the configuration's, or hart.NAME= */
	bool paused;		    /* by the monitor: not scheduled until resumed */
	enum guest_reap reap;	    /* what guest_reap_one is still to do with it */
	bool destroyed;		    /* stopped and its memory returned */
	unsigned restarts;	    /* by its on_stop policy so far */
	unsigned restart_max;	    /* how many it allows */
	unsigned boots;		    /* times built from its image: 1 after creation */
	uint16_t vmid;
	struct gstage gs;
	struct pvmmu mm;		    /* PV: page-table types and the live root */
	void *shared;			    /* PV: the shared info page, once looked up (event.c) */
	struct vmmio mmio;		    /* FV: the emulated devices */
	uint64_t dt_gpa;		    /* FV: where its device tree is */
	const uint8_t *initrd, *initrd_end; /* FV: its initrd in host memory (initrd.NAME=) */
	uint64_t initrd_gpa;	/* FV: where the initrd is copied, below the device tree */
	unsigned nr_fault_logs; /* FV: unhandled accesses logged this boot */
	struct vcpu vcpus[GUEST_VCPU_MAX]; /* [0, nr_vcpus) exist; v->id is the index */
	unsigned nr_vcpus;
	struct console_port con;
	uint64_t nr_pages;	  /* pages of RAM populated now (memory_op) */
	struct guest_stats stats; /* kept across reboots */
	uint64_t logged_hcalls;	  /* unknown hypercall numbers already logged */
	uint32_t logged_ext[4];	  /* unknown SBI extensions already logged */
	unsigned nr_logged_ext;
	struct log_limit log; /* its messages' share of the console (log.h) */
};

extern struct guest guest_table[GUEST_MAX];
extern unsigned guest_count;

/* The configuration linked into this image (hyp/config/<name>.c). */
extern const struct guest_config hyp_config[];
extern const unsigned hyp_config_count;

/*
 * Build every configured guest, then those given on the hypervisor's command
 * line (guest_cmdline.c). host_isa: the hart's riscv,isa, which FV guests see
 * without the H extension. A guest whose name is taken, or past GUEST_MAX,
 * is reported and gets no place in the table (names address guests); args.
 * and on_stop. items naming no guest are reported. 0, or a negative errno
 * for the first failure.
 */
int guest_create_all(const char *host_isa);
int guest_create(struct guest *g, const struct guest_config *cfg, unsigned id);
/*
 * Build g's memory, image and vCPUs from its configuration (creation, and
 * every reboot after guest_release_memory): vCPU 0 runnable, the others
 * down. 0 or a negative errno (what it took is then the release's).
 */
int guest_load(struct guest *g);
/* Return every frame of g's memory and page tables (preemptible). */
void guest_release_memory(struct guest *g);
/* Every vCPU of g off the CPU for good (its guest stops or is rebuilt). */
void guest_stop_vcpus(struct guest *g);
/* vCPU id of g, or NULL if it has none of that number. */
struct vcpu *guest_vcpu(struct guest *g, uint64_t id);
/* How many of g's vCPUs are up (runnable or blocked). */
unsigned guest_vcpus_up(const struct guest *g);
/*
 * Bring g's down vCPU id up at entry, with a0 and a1 and paging off (PV's
 * vcpu_op, FV's SBI HSM hart_start). The caller may set more of its
 * registers before its own exit ends: the vCPU shares its hart, so it
 * cannot run before. 0, -PVABI_EINVAL (no such vCPU), -PVABI_EEXIST (it is
 * up), -PVABI_EAGAIN (taken down in a long call it has not finished yet).
 */
int guest_vcpu_up(struct guest *g, uint64_t id, gpa_t entry, uint64_t a0, uint64_t a1);
/*
 * Take g's vCPU id down (0 if it is down already; -PVABI_EINVAL if there is
 * no such vCPU). Taking down the last vCPU that was up stops the guest:
 * shut down, its on_stop policy applies.
 */
int guest_vcpu_down(struct guest *g, uint64_t id);
/* Stop a guest, report why (printf-style), and keep the others running. */
void guest_stop(struct guest *g, enum guest_state how, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Restart a guest from its image with fresh, zeroed memory, now. */
int guest_reboot(struct guest *g);
/*
 * The guest asked to reboot (from one of its exits): it stops now and is
 * rebuilt by guest_reap_one on its next turn, preemptible, outside the exit.
 */
void guest_request_reboot(struct guest *g);
/*
 * Carry out the lifecycle work left for g (g->reap): its on_stop policy
 * (restart, or return its memory), or the monitor's restart or destroy.
 * Called on g's own vCPU context outside any exit, so its release and
 * rebuild are preemptible and charged to g's CPU share.
 */
void guest_reap_one(struct guest *g);
/* Print the "N messages suppressed" line of guests whose log window passed. */
void guest_log_summaries(void);
/*
 * The monitor's: stop g if it runs and return its memory whatever its
 * policy; restart g (running or not) from its image. Both happen at the
 * guest's next turn (guest_reap_one).
 */
void guest_destroy(struct guest *g);
void guest_restart(struct guest *g);
/* Every guest destroyed: say whether the frames all came back (false if not). */
bool guest_check_frames(void);
bool guest_all_stopped(void);
/* The guest whose name is the len bytes at name, or NULL. */
struct guest *guest_find(const char *name, size_t len);
/* The start info or shared info page: never given back nor a page table. */
bool guest_page_reserved(const struct guest *g, gpa_t gpa);
/* Back one page of RAM with a zeroed frame (counted). 0, -PVABI_ENOMEM, -PVABI_EINVAL. */
int guest_populate_page(struct guest *g, gpa_t gpa);
/*
 * The hypervisor's view of a guest page it holds a reference on (a page
 * table, the shared info page), through the G-stage; what: for the panic
 * message if it is not mapped, which would be a hypervisor bug.
 */
void *guest_page(struct guest *g, gpa_t gpa, const char *what);
/* The hypervisor's pointer to the byte at guest-physical gpa, or NULL if g has no RAM there. */
void *guest_phys(struct guest *g, gpa_t gpa);
/* A guest crashed, or a configured one was not created: the run failed. */
bool guest_any_crashed(void);
/*
 * Console input was queued for g: an event (PV) or the UART's line (FV), on
 * g's home hart (from another hart it is posted there: sched_notify).
 */
void guest_console_input(struct guest *g);
/* Guest time (what it reads with rdtime) to host time and back. */
uint64_t guest_to_host_time(const struct guest *g, uint64_t t);

#endif
