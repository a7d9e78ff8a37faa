/* SPDX-License-Identifier: MIT */
/*
 * guest.c - the guest table: building a guest from its configuration
 * (memory, G-stage, image, start info and shared info pages, vCPUs),
 * returning its memory, and the frame accounting of all guests. What becomes
 * of a built guest (vCPUs up and down, stop, reboot, on_stop) is
 * guest_life.c's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <pvabi/pvabi.h>

#include "hyp/core/arch.h"
#include "hyp/core/credit.h"
#include "hyp/pv/event.h"
#include "hyp/core/frame.h"
#include "hyp/core/guest.h"
#include "hyp/core/guest_cmdline.h"
#include "hyp/fv/fv_image.h"
#include "hyp/fv/guest_dt.h"
#include "hyp/core/log.h"
#include "hyp/core/sched.h"
#include "hyp/core/smp.h"
#include "hyp/core/spinlock.h"
#include "hyp/fv/virq.h"

struct guest guest_table[GUEST_MAX];
unsigned guest_count;

void *guest_phys(struct guest *g, gpa_t gpa)
{
	hpa_t h;

	return gstage_lookup(&g->gs, gpa, &h, NULL) ? hpa_ptr(h) : NULL;
}

/*
 * Copy into guest-physical memory through the G-stage: never a raw GPA.
 * preempt: a preemption point after each page. Only a source no other
 * guest's build writes may be copied so (an image, an initrd); the device
 * tree's shared build buffer is copied whole, before anyone else builds.
 */
static int copy_phys(struct guest *g, gpa_t dst, const void *src, size_t n, bool preempt)
{
	const uint8_t *s = src;

	while (n) {
		size_t chunk = PAGE_SIZE - (dst.val & PAGE_MASK);
		void *d = guest_phys(g, dst);

		if (chunk > n)
			chunk = n;
		if (!d)
			return -PVABI_EFAULT;
		memcpy(d, s, chunk);
		s += chunk;
		dst.val += chunk;
		n -= chunk;
		if (preempt)
			sched_preempt_point(); /* an image may be tens of MiB */
	}
	return 0;
}

static int guest_write_phys(struct guest *g, gpa_t dst, const void *src, size_t n)
{
	return copy_phys(g, dst, src, n, true);
}

void *guest_page(struct guest *g, gpa_t gpa, const char *what)
{
	void *p = guest_phys(g, GPA(gpa.val & ~(uint64_t)PAGE_MASK));

	if (!p)
		log_panic("guest %s: %s at 0x%llx is not mapped\n", g->cfg->name, what,
			  (unsigned long long)gpa.val);
	return p;
}

static uint64_t scrubbed_frames(void)
{
	struct frame_stats st;

	frame_get_stats(&st);
	return st.scrubbed_bytes / PAGE_SIZE;
}

/* Count n frames given to g, of which scrubbed were zeroed on demand for it. */
static void count_given(struct guest *g, uint64_t n, uint64_t scrubbed)
{
	g->stats.frames_given += n;
	g->stats.frames_scrubbed += scrubbed;
	g->nr_pages += n;
}

/*
 * Frames allocated (and scrubbed on demand) per step of populating a guest,
 * between preemption points: 32 KiB, about 10,000 instructions of zeroing.
 */
#define POPULATE_CHUNK 8

/* Back [RAM_BASE, RAM_BASE + size) with scrubbed frames, in runs of up to POPULATE_CHUNK. */
static int guest_populate(struct guest *g, uint64_t size)
{
	uint64_t off = 0;

	g->nr_pages = 0;
	while (off < size) {
		uint64_t n = (size - off) / PAGE_SIZE, before = scrubbed_frames(), scrubbed;
		hpa_t h;

		sched_preempt_point();
		if (n > POPULATE_CHUNK)
			n = POPULATE_CHUNK;
		while (!frame_alloc(n, PAGE_SIZE, &h))
			if ((n /= 2) == 0)
				return -PVABI_ENOMEM;
		scrubbed = scrubbed_frames() - before; /* not the tables the map may scrub */
		/*
		 * A failed map maps none of the run (gstage.h): it is freed here,
		 * never counted; the runs mapped before it are the release's.
		 */
		if (gstage_map(&g->gs, GPA(GUEST_RAM_BASE + off), h, n * PAGE_SIZE, GSTAGE_RWX)) {
			frame_free(h, n);
			return -PVABI_ENOMEM;
		}
		count_given(g, n, scrubbed);
		off += n * PAGE_SIZE;
	}
	return 0;
}

int guest_populate_page(struct guest *g, gpa_t gpa)
{
	uint64_t before = scrubbed_frames();
	hpa_t h;

	if (!frame_alloc_zeroed(&h))
		return -PVABI_ENOMEM;
	if (gstage_map(&g->gs, gpa, h, PAGE_SIZE, GSTAGE_RWX)) {
		frame_free(h, 1);
		return -PVABI_EINVAL;
	}
	/* Only the leaf changed: its tables were there already, nothing else was scrubbed. */
	count_given(g, 1, scrubbed_frames() - before);
	return 0;
}

bool guest_page_reserved(const struct guest *g, gpa_t gpa)
{
	(void)g; /* the same two pages in every PV guest */
	return gpa.val == GUEST_START_INFO_GPA || gpa.val == GUEST_SHARED_INFO_GPA;
}

void guest_release_memory(struct guest *g)
{
	pvmmu_release(g);
	if (!g->gs.root.val)
		return;
	for (uint64_t off = 0; off < g->cfg->mem_size; off += PAGE_SIZE) {
		hpa_t h;

		if (gstage_lookup(&g->gs, GPA(GUEST_RAM_BASE + off), &h, NULL)) {
			frame_free(h, 1);
			g->stats.frames_returned++;
		}
		if (!(off & (POPULATE_CHUNK * PAGE_SIZE - 1)))
			sched_preempt_point(); /* a large guest has many pages */
	}
	g->nr_pages = 0;
	gstage_destroy(&g->gs);
}

static void fill_start_info(struct guest *g, struct pvabi_start_info *si, uint64_t img_size,
			    uint64_t timebase_hz)
{
	uint64_t img_end = ALIGN_UP(GUEST_RAM_BASE + GUEST_IMAGE_OFFSET + img_size, PAGE_SIZE);
	uint64_t ram_end = GUEST_RAM_BASE + g->cfg->mem_size;

	memset(si, 0, sizeof(*si));
	si->magic = PVABI_START_MAGIC;
	si->version = PVABI_VERSION;
	si->mem_base = GUEST_RAM_BASE;
	si->mem_size = g->cfg->mem_size;
	si->image_base = GUEST_RAM_BASE + GUEST_IMAGE_OFFSET;
	si->image_size = img_size;
	si->timebase_hz = timebase_hz;
	si->vcpu_id = 0;
	si->shared_info = GUEST_SHARED_INFO_GPA;
	/*
	 * Everything but the start info, the shared info and the image is freshly
	 * scrubbed (the shared page is zero too, but it is not the guest's to use).
	 */
	si->zero[0].base = GUEST_SHARED_INFO_GPA + PAGE_SIZE;
	si->zero[0].size = GUEST_RAM_BASE + GUEST_IMAGE_OFFSET - si->zero[0].base;
	si->zero[1].base = img_end;
	si->zero[1].size = ram_end - img_end;
	si->nr_zero = si->zero[1].size ? 2 : 1;
	strncpy(si->name, g->cfg->name, sizeof(si->name) - 1);
	strncpy(si->cmdline, g->cmdline, sizeof(si->cmdline) - 1);
}

static uint64_t guest_timebase_hz;
/* Free frames before any guest was built: where the count returns when all are destroyed. */
static uint64_t frames_free_at_start;
static char guest_isa[96]; /* the host's ISA without H (guest_dt_build drops sstc if untold) */

/*
 * PV: the start info and the shared info page, zeroed, each with a
 * permanent writable reference so that neither can become a page table.
 */
static int guest_pv_pages(struct guest *g, uint64_t img_size)
{
	static const uint8_t zero[PAGE_SIZE];
	struct pvabi_start_info si;
	int err;

	if ((err = pvmmu_init(g)) || (err = pvmmu_hold_writable(g, GPA(GUEST_START_INFO_GPA))) ||
	    (err = pvmmu_hold_writable(g, GPA(GUEST_SHARED_INFO_GPA))))
		return err;
	if ((err = guest_write_phys(g, GPA(GUEST_SHARED_INFO_GPA), zero, sizeof(zero))))
		return err;
	fill_start_info(g, &si, img_size, guest_timebase_hz);
	return guest_write_phys(g, GPA(GUEST_START_INFO_GPA), &si, sizeof(si));
}

/*
 * FV: GUEST_RNG_SEED_SIZE bytes for /chosen/rng-seed, from splitmix64 seeded
 * with the timer, the guest's slot and its boot count. Not cryptographic:
 * it spares Linux its wait for entropy at boot (QEMU gives a native kernel
 * a seed too); a guest that needs secrets must find a real source.
 */
static void guest_rng_seed(const struct guest *g, uint8_t *out)
{
	uint64_t x = arch_time() ^ ((uint64_t)g->id << 56) ^ ((uint64_t)g->boots << 40);

	for (unsigned i = 0; i < GUEST_RNG_SEED_SIZE; i += 8) {
		uint64_t z = (x += 0x9e3779b97f4a7c15ull);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
		z ^= z >> 31;
		memcpy(out + i, &z, 8);
	}
}

/* FV: the initrd ends where the device tree's room starts, at the top of RAM. */
static uint64_t initrd_gpa(const struct guest *g)
{
	uint64_t size = (uint64_t)(g->initrd_end - g->initrd);

	return ALIGN_DOWN(GUEST_RAM_BASE + g->cfg->mem_size - GUEST_DT_MAX - size, PAGE_SIZE);
}

/* Why g's initrd cannot go between its kernel and its device tree, or NULL. */
static const char *initrd_error(const struct guest *g)
{
	const struct guest_config *c = g->cfg;
	uint64_t size = (uint64_t)(g->initrd_end - g->initrd);
	uint64_t span = fv_image_span(c->image, (uint64_t)(c->image_end - c->image));
	uint64_t need = GUEST_IMAGE_OFFSET + ALIGN_UP(span, PAGE_SIZE) + ALIGN_UP(size, PAGE_SIZE) +
			GUEST_DT_MAX;

	if (!g->initrd)
		return NULL;
	if (g->cfg->mode != GUEST_FV)
		return "only an fv guest takes an initrd";
	if (size == 0 || need > g->cfg->mem_size)
		return "its kernel and initrd do not fit in its memory";
	return NULL;
}

/* FV: the initrd copied below the device tree, every build (guest_write_phys preempts). */
static int guest_fv_initrd(struct guest *g)
{
	if (!g->initrd)
		return 0;
	g->initrd_gpa = initrd_gpa(g);
	return guest_write_phys(g, GPA(g->initrd_gpa), g->initrd,
				(size_t)(g->initrd_end - g->initrd));
}

/*
 * FV: a device tree of what the guest has (guest_dt.h), in the last pages of
 * its RAM (QEMU puts it near the top too); the guest is entered with its
 * address in a1 and must keep clear of it until it has read it.
 */
static int guest_fv_dt(struct guest *g)
{
	/* One buffer, not one per hart: two harts may build at once, so it has a lock. */
	static uint8_t buf[GUEST_DT_MAX];
	static struct spinlock buf_lock = SPINLOCK_INIT;
	uint8_t seed[GUEST_RNG_SEED_SIZE];
	const struct guest_config *c = g->cfg;
	struct guest_dt_params p = {
		.name = c->name,
		.mem_base = GUEST_RAM_BASE,
		.mem_size = c->mem_size,
		.timebase_hz = guest_timebase_hz,
		.isa = guest_isa,
		.sstc = c->sstc,
		.bootargs = g->cmdline,
		.uart_base = VMMIO_UART_BASE,
		.uart_size = VMMIO_UART_SIZE,
		.uart_irq = VMMIO_UART_IRQ,
		.uart_clock_hz = 3686400, /* QEMU's; no divisor is ever applied */
		.plic_base = VMMIO_PLIC_BASE,
		.plic_size = VMMIO_PLIC_SIZE,
		.plic_ndev = VPLIC_NSRC - 1,
		.nr_harts = g->nr_vcpus, /* a cpu node and a PLIC context each */
		.rtc_base = VMMIO_RTC_BASE,
		.rtc_size = VMMIO_RTC_SIZE,
		.rtc_irq = VMMIO_RTC_IRQ,
		.rng_seed = seed,
		.rng_seed_len = sizeof(seed),
	};
	long size;
	int err;

	if (g->initrd) {
		p.initrd_start = g->initrd_gpa;
		p.initrd_end = g->initrd_gpa + (uint64_t)(g->initrd_end - g->initrd);
	}
	guest_rng_seed(g, seed);
	spin_lock(&buf_lock); /* a leaf: building and copying take no other lock */
	size = guest_dt_build(&p, buf, sizeof(buf));
	if (size < 0) {
		spin_unlock(&buf_lock);
		return -PVABI_ENOMEM;
	}
	g->dt_gpa = ALIGN_DOWN(GUEST_RAM_BASE + c->mem_size - (uint64_t)size, PAGE_SIZE);
	err = copy_phys(g, GPA(g->dt_gpa), buf, (size_t)size, false); /* buf is shared */
	spin_unlock(&buf_lock);
	vmmio_init(&g->mmio, &g->con, g->nr_vcpus);
	g->nr_fault_logs = 0;
	return err;
}

/*
 * vCPU i as a boot leaves it: vCPU 0 runnable, the others down; no timer, a
 * fresh account; guest time starts at 0 at host time now for all.
 */
static void reset_vcpu(struct guest *g, unsigned i, uint64_t now)
{
	struct vcpu *v = &g->vcpus[i];

	/* The stats add up over every boot: keep the calls the old vCPU counted itself. */
	arch_vcpu_fold_hcalls(v, &g->stats);
	memset(v, 0, sizeof(*v));
	v->guest = g;
	v->id = i;
	v->deadline = VCPU_NO_DEADLINE;
	v->state = i == 0 ? VCPU_RUNNABLE : VCPU_DOWN;
	v->time_offset = now;
	v->runstate = i == 0 ? RUNSTATE_RUNNABLE : RUNSTATE_BLOCKED;
	v->runstate_since = now;
	sched_set_share(v, g->weight, g->cap); /* a fresh account each boot */
}

int guest_load(struct guest *g)
{
	const struct guest_config *c = g->cfg;
	uint64_t img_size = (uint64_t)(c->image_end - c->image), now;
	int err;

	g->shared = NULL; /* new memory: look the shared page up again */
	if ((err = gstage_create(&g->gs)) || (err = guest_populate(g, c->mem_size)))
		return err;
	err = guest_write_phys(g, GPA(GUEST_RAM_BASE + GUEST_IMAGE_OFFSET), c->image, img_size);
	if (!err && c->mode == GUEST_FV)
		err = guest_fv_initrd(g);
	if (err || (err = c->mode == GUEST_PV ? guest_pv_pages(g, img_size) : guest_fv_dt(g)))
		return err;
	now = arch_time();
	/* Last first: vCPU 0's share is split among the vCPUs up, which is it alone. */
	for (unsigned i = g->nr_vcpus; i-- > 0;)
		reset_vcpu(g, i, now);
	/* a0: the hart id (PV: the vCPU id); a1: the start info (PV) or device tree (FV). */
	arch_vcpu_init(&g->vcpus[0], GPA(GUEST_RAM_BASE + GUEST_IMAGE_OFFSET), 0,
		       c->mode == GUEST_PV ? GUEST_START_INFO_GPA : g->dt_gpa, now);
	g->state = GUEST_RUNNING;
	/* Not g->reap: a destroy or restart asked while this build ran still holds. */
	g->destroyed = false;
	g->boots++;
	return 0;
}

static const char *config_error(const struct guest_config *c)
{
	uint64_t img_size = (uint64_t)(c->image_end - c->image);

	if (c->mode != GUEST_PV && c->mode != GUEST_FV)
		return "unknown guest mode";
	if (c->mem_size < 4 * MiB || !IS_ALIGNED(c->mem_size, 2 * MiB))
		return "memory must be a multiple of 2 MiB, at least 4 MiB";
	if (c->vcpus > GUEST_VCPU_MAX)
		return "vcpus must be from 1 to 4"; /* GUEST_VCPU_MAX */
	/* FV: the device tree takes the last page. */
	if (img_size == 0 ||
	    img_size > c->mem_size - GUEST_IMAGE_OFFSET - (c->mode == GUEST_FV ? GUEST_DT_MAX : 0))
		return "image is empty or does not fit in memory";
	return c->mode == GUEST_FV ? fv_image_error(c->image, img_size) : NULL;
}

/* Why g could not be built, in words: out of memory is the usual reason (its frames are back). */
static void say_not_built(const struct guest *g, int err)
{
	struct frame_stats st;

	frame_get_stats(&st);
	if (err == -PVABI_ENOMEM)
		log_printf("guest %s not created: it needs %llu MiB + page tables, only %llu MiB "
			   "of host memory is free\n",
			   g->cfg->name, (unsigned long long)(g->cfg->mem_size / MiB),
			   (unsigned long long)(st.free * PAGE_SIZE / MiB));
	else
		log_printf("guest %s not created: error %d building it\n", g->cfg->name, err);
}

/* ", N vcpus" with several; nothing with one (the boot lines stay as they were). */
static const char *vcpus_note(const struct guest *g)
{
	static char note[16];

	if (g->nr_vcpus == 1)
		return "";
	snprintf(note, sizeof(note), ", %u vcpus", g->nr_vcpus);
	return note;
}

/* ", hart N" with several harts; nothing with one (the boot lines stay as they were). */
static const char *hart_note(const struct guest *g)
{
	static char note[16];

	if (smp_harts() == 1)
		return "";
	snprintf(note, sizeof(note), ", hart %u", sched_home(&g->vcpus[0]));
	return note;
}

int guest_create(struct guest *g, const struct guest_config *cfg, unsigned id)
{
	const char *why = config_error(cfg);
	int err;

	memset(g, 0, sizeof(*g));
	g->id = id;
	g->cfg = cfg;
	g->vmid = (uint16_t)(id + 1); /* VMID 0 stays the hypervisor's */
	g->state = GUEST_CRASHED;
	g->nr_vcpus = cfg->vcpus ? cfg->vcpus : 1;
	guest_cmdline_vcpus(cfg->name, &g->nr_vcpus);
	if (g->nr_vcpus > GUEST_VCPU_MAX)
		g->nr_vcpus = 1; /* config_error says why */
	for (unsigned i = 0; i < g->nr_vcpus; i++) {
		g->vcpus[i].state = VCPU_STOPPED;
		g->vcpus[i].guest = g;
		g->vcpus[i].id = i;
		if ((err = sched_vcpu_init(&g->vcpus[i]))) {
			log_printf("guest %s not created: no memory for its vCPUs' stacks\n",
				   cfg->name);
			g->nr_vcpus = i; /* the scheduler walks only vCPUs it knows */
			return err;
		}
	}
	g->affinity = cfg->affinity;
	guest_cmdline_hart(cfg->name, &g->affinity);
	sched_place(&g->vcpus[0], g->affinity);
	/* The hypervisor's command line may give it another (args.NAME=). */
	g->cmdline = guest_cmdline_args(cfg->name);
	if (!g->cmdline)
		g->cmdline = cfg->cmdline ? cfg->cmdline : "";
	g->restart_max = GUEST_RESTART_MAX;
	g->on_stop = guest_cmdline_on_stop(cfg->name, cfg->on_stop, &g->restart_max);
	g->weight = cfg->weight ? cfg->weight : CREDIT_WEIGHT_DEFAULT;
	g->cap = cfg->cap;
	guest_cmdline_share(cfg->name, &g->weight, &g->cap);
	guest_cmdline_initrd(cfg->name, &g->initrd, &g->initrd_end);
	console_port_init(&g->con, cfg->name);
	if (!why)
		why = initrd_error(g);
	if (why) {
		log_printf("guest %s not created: %s\n", cfg->name, why);
		return -PVABI_EINVAL;
	}
	if ((err = guest_load(g))) {
		guest_release_memory(g);
		say_not_built(g, err);
		guest_stop_vcpus(g);
		return err;
	}
	log_printf("guest %s: %s, %llu MiB, image %llu KiB, vmid %u%s%s\n", cfg->name,
		   cfg->mode == GUEST_PV ? "pv" : "fv", (unsigned long long)(cfg->mem_size / MiB),
		   (unsigned long long)((cfg->image_end - cfg->image + 1023) / 1024), g->vmid,
		   vcpus_note(g), hart_note(g));
	return 0;
}

/* Configured guests refused a place in the table (a name taken, too many). */
static unsigned nr_refused;

static bool guest_named(const char *name)
{
	return guest_find(name, strlen(name)) != NULL;
}

/*
 * 0 if c may have a place in the table, else an error and why not. Names
 * address guests (monitor, args., on_stop., trace=): a second guest of a
 * name would be unreachable, and every item for that name would go to the
 * first.
 */
static int table_refusal(const struct guest_config *c, char *why, size_t n)
{
	const struct guest *g = guest_find(c->name, strlen(c->name));

	if (g) {
		snprintf(why, n, "guest %u is already named %s (names must be unique)", g->id,
			 c->name);
		return -PVABI_EEXIST;
	}
	if (guest_count == GUEST_MAX) {
		snprintf(why, n, "%u guests already, the most there can be", GUEST_MAX);
		return -PVABI_ENOSPC;
	}
	return 0;
}

int guest_create_all(const char *host_isa)
{
	const struct guest_config *extra;
	unsigned nr_extra = guest_cmdline_configs(&extra);
	int first_err = 0;

	struct frame_stats st;

	frame_get_stats(&st);
	frames_free_at_start = st.free;
	guest_timebase_hz = sched_us_to_ticks(1000000);
	log_set_timebase(guest_timebase_hz);
	guest_dt_isa(host_isa, true, guest_isa, sizeof(guest_isa));
	guest_count = 0;
	nr_refused = 0;
	for (unsigned i = 0; i < hyp_config_count + nr_extra; i++) {
		const struct guest_config *c =
		    i < hyp_config_count ? &hyp_config[i] : &extra[i - hyp_config_count];
		char why[96];
		int err;

		if ((err = table_refusal(c, why, sizeof(why)))) {
			log_printf("guest %s not created: %s\n", c->name, why);
			nr_refused++;
		} else {
			err = guest_create(&guest_table[guest_count], c, guest_count);
			guest_count++;
		}
		if (err && !first_err)
			first_err = err;
	}
	guest_cmdline_check_names(guest_named);
	return first_err;
}

bool guest_check_frames(void)
{
	struct frame_stats st;

	frame_get_stats(&st);
	st.free += sched_stack_frames(); /* vCPU stacks are kept for good, like a hart's */
	if (st.free == frames_free_at_start) {
		log_printf("frames: all %llu returned, as before the guests were built\n",
			   (unsigned long long)st.free);
		return true;
	}
	log_printf("frames: %lld fewer free than before the guests were built: a leak\n",
		   (long long)(frames_free_at_start - st.free));
	return false;
}

struct guest *guest_find(const char *name, size_t len)
{
	for (unsigned i = 0; i < guest_count; i++)
		if (strlen(guest_table[i].cfg->name) == len &&
		    !memcmp(name, guest_table[i].cfg->name, len))
			return &guest_table[i];
	return NULL;
}

bool guest_any_crashed(void)
{
	if (nr_refused)
		return true; /* like a guest whose configuration is bad: the run failed */
	for (unsigned i = 0; i < guest_count; i++)
		if (guest_table[i].state == GUEST_CRASHED)
			return true;
	return false;
}

uint64_t guest_to_host_time(const struct guest *g, uint64_t t)
{
	uint64_t off = g->vcpus[0].time_offset; /* one clock for all its vCPUs */

	/* A deadline too far away to express is as good as none. */
	return t > VCPU_NO_DEADLINE - off ? VCPU_NO_DEADLINE : t + off;
}
