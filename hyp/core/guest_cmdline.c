/* SPDX-License-Identifier: MIT */
/*
 * guest_cmdline.c - parsing guest=, args., cmdline., initrd., on_stop.,
 * weight. and cap. items of the hypervisor's command line into guest
 * configurations, command lines, initial RAM disks, stop policies and CPU
 * shares (guest_cmdline.h).
 */
#include <string.h>

#include "hyp/core/credit.h"
#include "hyp/core/frame.h"
#include "hyp/core/guest.h"
#include "hyp/core/guest_cmdline.h"
#include "hyp/core/platform.h"
#include "hyp/lib/num.h"
#include "hyp/core/log.h"

#define NAME_MAX_LEN 15
#define DEFAULT_MEM_MIB 128 /* U-Boot's kernel_addr_r is 64 MiB into RAM: room above it */
/* A sanity bound only: whether the host has the memory is found when it is built. */
#define MEM_MAX_MIB (64 * 1024)
#define MAX_FIELDS 5

static struct guest_config configs[GUEST_MAX];
static char names[GUEST_MAX][NAME_MAX_LEN + 1];
static unsigned nr_configs;

/* args.NAME=WORD: a guest's kernel command line, given at boot. */
#define ARGS_MAX_LEN 127
static struct {
	char name[NAME_MAX_LEN + 1];
	char args[ARGS_MAX_LEN + 1];
} overrides[GUEST_MAX];
static unsigned nr_overrides;

/*
 * cmdline.NAME=REST: one guest's command line, verbatim, from after the "="
 * to the end of the hypervisor's (spaces, commas and all).
 */
static char verbatim_name[NAME_MAX_LEN + 1];
static char verbatim[GUEST_CMDLINE_MAX];

/* initrd.NAME=ADDR,SIZE: an initial RAM disk in host memory (QEMU's loader). */
static struct {
	char name[NAME_MAX_LEN + 1];
	uint64_t addr, size;
} initrds[GUEST_MAX];
static unsigned nr_initrds;

/* A decimal or 0x-prefixed hex number filling [s, end); false if not one. */
static bool parse_u64(const char *s, const char *end, uint64_t *out)
{
	return num_parse_u64(s, (size_t)(end - s), out);
}

/* Split [s, end) at commas into at most MAX_FIELDS fields; returns how many. */
static unsigned split(const char *s, const char *end, const char *f[], const char *fe[])
{
	unsigned n = 0;

	while (n < MAX_FIELDS) {
		const char *c = memchr(s, ',', (size_t)(end - s));

		f[n] = s;
		fe[n++] = c ? c : end;
		if (!c)
			return n;
		s = c + 1;
	}
	return n + 1; /* too many */
}

struct image_bounds {
	uint64_t lo, hi, avoid, avoid_size;
};

/* Whether [addr, addr + size) can hold a file QEMU's loader put there. */
static bool host_range_ok(uint64_t addr, uint64_t size, const struct image_bounds *b)
{
	return size && addr >= b->lo && addr <= b->hi && size <= b->hi - addr &&
	       !(addr < b->avoid + b->avoid_size && b->avoid < addr + size);
}

/* The frames under a loaded file are the guest's source, never handed out. */
static void reserve(uint64_t addr, uint64_t size)
{
	frame_reserve(HPA(ALIGN_DOWN(addr, PAGE_SIZE)),
		      ALIGN_UP(addr + size, PAGE_SIZE) - ALIGN_DOWN(addr, PAGE_SIZE));
}

/* One item's value (after "guest="); NULL, or why it is refused. */
static const char *add_guest(const char *s, const char *end, const struct image_bounds *b)
{
	const char *f[MAX_FIELDS], *fe[MAX_FIELDS];
	unsigned n = split(s, end, f, fe);
	uint64_t addr, size, mem = DEFAULT_MEM_MIB;
	struct guest_config *c = &configs[nr_configs];
	size_t len = (size_t)(fe[0] - f[0]);

	if (n < 4 || n > MAX_FIELDS)
		return "expected guest=NAME,fv,ADDR,SIZE[,MEM_MIB]";
	if (len == 0 || len > NAME_MAX_LEN)
		return "the name must have 1 to 15 characters";
	if ((size_t)(fe[1] - f[1]) != 2 || memcmp(f[1], "fv", 2) != 0)
		return "only fv guests can be given on the command line";
	if (!parse_u64(f[2], fe[2], &addr) || !parse_u64(f[3], fe[3], &size) ||
	    (n == 5 && !parse_u64(f[4], fe[4], &mem)))
		return "ADDR, SIZE and MEM_MIB must be numbers";
	if (!host_range_ok(addr, size, b))
		return "the image is not in free host memory";
	if (mem > MEM_MAX_MIB || nr_configs >= GUEST_MAX)
		return "too much memory, or too many guests";
	memcpy(names[nr_configs], f[0], len);
	names[nr_configs][len] = '\0';
	c->name = names[nr_configs];
	c->mode = GUEST_FV;
	c->mem_size = mem * MiB;
	c->image = hpa_ptr(HPA(addr));
	c->image_end = hpa_ptr(HPA(addr + size)); /* not image + size: image may be NULL */
	c->cmdline = "";
	c->sstc = true; /* unmodified kernels (Linux) expect the hart's Sstc */
	reserve(addr, size);
	nr_configs++;
	log_printf("command line: fv guest %s, image at 0x%llx (%llu KiB), %llu MiB\n", c->name,
		   (unsigned long long)addr, (unsigned long long)(size + 1023) / 1024,
		   (unsigned long long)mem);
	return NULL;
}

/*
 * The NAME of a "NAME=VALUE" item in [s, end) into name; returns VALUE (up
 * to end), or NULL if there is no "=" or the name is empty or too long.
 */
static const char *item_name(const char *s, const char *end, char name[NAME_MAX_LEN + 1])
{
	const char *eq = memchr(s, '=', (size_t)(end - s));
	size_t nlen = eq ? (size_t)(eq - s) : 0;

	if (!eq || nlen == 0 || nlen > NAME_MAX_LEN)
		return NULL;
	memcpy(name, s, nlen);
	name[nlen] = '\0';
	return eq + 1;
}

/*
 * Where an item for guest name goes among the n given so far (found(i):
 * item i is for name): the one given already, which the last replaces (and
 * says so: two values for one guest are likely a mistake), else a new one
 * at n; -1 if the table is full.
 */
static int item_index(unsigned n, const char *name, bool (*found)(unsigned i, const char *name),
		      const char *what)
{
	for (unsigned i = 0; i < n; i++)
		if (found(i, name)) {
			log_printf("command line: %s.%s given again: the last one counts\n", what,
				   name);
			return (int)i;
		}
	return n < GUEST_MAX ? (int)n : -1;
}

static bool override_for(unsigned i, const char *name)
{
	return !strcmp(overrides[i].name, name);
}

/* "args.NAME=WORD": NAME's command line becomes WORD, commas read as spaces. */
static const char *add_args(const char *s, const char *end)
{
	char name[NAME_MAX_LEN + 1];
	const char *word;
	size_t alen;
	int i;

	if (!(word = item_name(s, end, name)))
		return "expected args.NAME=WORD";
	if ((alen = (size_t)(end - word)) > ARGS_MAX_LEN)
		return "too long, or too many";
	if ((i = item_index(nr_overrides, name, override_for, "args")) < 0)
		return "too long, or too many";
	memcpy(overrides[i].name, name, sizeof(name));
	for (size_t k = 0; k < alen; k++)
		overrides[i].args[k] = word[k] == ',' ? ' ' : word[k];
	overrides[i].args[alen] = '\0';
	if ((unsigned)i == nr_overrides)
		nr_overrides++;
	return NULL;
}

/* "cmdline.NAME=REST": REST, to the end of the line, is NAME's command line. */
static const char *add_verbatim(const char *s, const char *end)
{
	char name[NAME_MAX_LEN + 1];
	const char *rest = item_name(s, end, name);

	if (!rest)
		return "expected cmdline.NAME=ARGUMENTS (the rest of the line)";
	if ((size_t)(end - rest) >= sizeof(verbatim))
		return "too long";
	if (verbatim_name[0])
		log_printf("command line: cmdline.%s replaces cmdline.%s: only one guest's runs "
			   "to the end of the line\n",
			   name, verbatim_name);
	memcpy(verbatim_name, name, sizeof(name));
	memcpy(verbatim, rest, (size_t)(end - rest));
	verbatim[end - rest] = '\0';
	return NULL;
}

static bool initrd_for(unsigned i, const char *name)
{
	return !strcmp(initrds[i].name, name);
}

/* "initrd.NAME=ADDR,SIZE": NAME's initial RAM disk is there in host memory. */
static const char *add_initrd(const char *s, const char *end, const struct image_bounds *b)
{
	const char *f[MAX_FIELDS], *fe[MAX_FIELDS];
	char name[NAME_MAX_LEN + 1];
	const char *v = item_name(s, end, name);
	uint64_t addr, size;
	int i;

	if (!v || split(v, end, f, fe) != 2)
		return "expected initrd.NAME=ADDR,SIZE";
	if (!parse_u64(f[0], fe[0], &addr) || !parse_u64(f[1], fe[1], &size))
		return "ADDR and SIZE must be numbers";
	if (!host_range_ok(addr, size, b))
		return "the initrd is not in free host memory";
	if ((i = item_index(nr_initrds, name, initrd_for, "initrd")) < 0)
		return "too many";
	memcpy(initrds[i].name, name, sizeof(name));
	initrds[i].addr = addr;
	initrds[i].size = size;
	if ((unsigned)i == nr_initrds)
		nr_initrds++;
	return NULL; /* reserved once the line is read: a later one may replace it */
}

/* "on_stop.NAME=destroy|restart[:N]": what becomes of NAME when it stops. */
static struct {
	char name[NAME_MAX_LEN + 1];
	enum guest_on_stop how;
	unsigned max; /* restarts */
} policies[GUEST_MAX];
static unsigned nr_policies;

static bool policy_for(unsigned i, const char *name)
{
	return !strcmp(policies[i].name, name);
}

static const char *add_on_stop(const char *s, const char *end)
{
	char name[NAME_MAX_LEN + 1];
	uint64_t max = GUEST_RESTART_MAX;
	enum guest_on_stop how;
	const char *w;
	size_t wlen;
	int i;

	if (!(w = item_name(s, end, name)))
		return "expected on_stop.NAME=destroy or on_stop.NAME=restart[:N]";
	wlen = (size_t)(end - w);
	if (wlen == 7 && !memcmp(w, "destroy", 7)) {
		how = GUEST_ON_STOP_DESTROY;
	} else if (wlen >= 7 && !memcmp(w, "restart", 7) &&
		   (wlen == 7 || (w[7] == ':' && parse_u64(w + 8, end, &max) && max > 0 &&
				  max <= GUEST_RESTART_LIMIT))) {
		how = GUEST_ON_STOP_RESTART;
	} else {
		return "the policy is destroy, restart or restart:N (N from 1 to 100000)";
	}
	if ((i = item_index(nr_policies, name, policy_for, "on_stop")) < 0)
		return "too many";
	memcpy(policies[i].name, name, sizeof(name));
	policies[i].how = how;
	policies[i].max = (unsigned)max;
	if ((unsigned)i == nr_policies)
		nr_policies++;
	return NULL;
}

/*
 * "weight.NAME=W", "cap.NAME=PERCENT": NAME's CPU share (credit.h);
 * "hart.NAME=N": the hart its vCPUs run on (sched_place); "vcpus.NAME=N":
 * how many it has.
 */
enum share_item { SHARE_WEIGHT, SHARE_CAP, SHARE_HART, SHARE_VCPUS };
static struct {
	char name[NAME_MAX_LEN + 1];
	unsigned weight, cap; /* 0: not given */
	bool capped;	      /* cap given (cap=0 means no cap) */
	uint32_t affinity;    /* 0: not given */
	unsigned vcpus;	      /* 0: not given */
} shares[GUEST_MAX];
static unsigned nr_shares;

/* What is wrong with value v of a share item, or NULL. */
static const char *share_error(enum share_item k, bool parsed, uint64_t v)
{
	static const char *const why[] = {
		[SHARE_WEIGHT] = "a weight is from 1 to 65535 (the default is 256)",
		[SHARE_CAP] = "a cap is a percent of one CPU, 0 (none) to 100",
		[SHARE_HART] = "a hart is a number from 0 to 7",
		[SHARE_VCPUS] = "a guest has 1 to 4 vCPUs", /* GUEST_VCPU_MAX */
	};
	bool ok = k == SHARE_CAP      ? v <= CREDIT_CAP_MAX
		  : k == SHARE_WEIGHT ? v > 0 && v <= CREDIT_WEIGHT_MAX
		  : k == SHARE_VCPUS  ? v > 0 && v <= GUEST_VCPU_MAX
				      : v < 32 && v < GUEST_CMDLINE_HART_MAX;

	_Static_assert(GUEST_VCPU_MAX == 4, "the message above says 4");
	return parsed && ok ? NULL : why[k];
}

static const char *add_share(const char *s, const char *end, enum share_item k)
{
	static const char *const form[] = { "expected weight.NAME=W", "expected cap.NAME=PERCENT",
					    "expected hart.NAME=N", "expected vcpus.NAME=N" };
	char name[NAME_MAX_LEN + 1];
	const char *w, *why;
	uint64_t v = 0;
	bool parsed;
	unsigned i;

	if (!(w = item_name(s, end, name)))
		return form[k];
	/* Parsed first: the order a call's arguments are evaluated in is the compiler's. */
	parsed = parse_u64(w, end, &v);
	if ((why = share_error(k, parsed, v)))
		return why;
	for (i = 0; i < nr_shares && strcmp(shares[i].name, name); i++)
		;
	if (i == GUEST_MAX)
		return "too many";
	if (i == nr_shares) {
		memset(&shares[i], 0, sizeof(shares[i]));
		strcpy(shares[i].name, name);
		nr_shares++;
	}
	if (k == SHARE_CAP) {
		shares[i].cap = (unsigned)v;
		shares[i].capped = true;
	} else if (k == SHARE_WEIGHT) {
		shares[i].weight = (unsigned)v;
	} else if (k == SHARE_VCPUS) {
		shares[i].vcpus = (unsigned)v;
	} else {
		shares[i].affinity = 1u << v;
	}
	return NULL;
}

void guest_cmdline_hart(const char *name, uint32_t *affinity)
{
	for (unsigned i = 0; i < nr_shares; i++)
		if (!strcmp(shares[i].name, name) && shares[i].affinity)
			*affinity = shares[i].affinity;
}

void guest_cmdline_vcpus(const char *name, unsigned *vcpus)
{
	for (unsigned i = 0; i < nr_shares; i++)
		if (!strcmp(shares[i].name, name) && shares[i].vcpus)
			*vcpus = shares[i].vcpus;
}

void guest_cmdline_share(const char *name, unsigned *weight, unsigned *cap)
{
	for (unsigned i = 0; i < nr_shares; i++) {
		if (strcmp(shares[i].name, name))
			continue;
		if (shares[i].weight)
			*weight = shares[i].weight;
		if (shares[i].capped)
			*cap = shares[i].cap;
	}
}

enum guest_on_stop guest_cmdline_on_stop(const char *name, enum guest_on_stop dflt,
					 unsigned *max_restarts)
{
	for (unsigned i = 0; i < nr_policies; i++)
		if (policy_for(i, name)) {
			*max_restarts = policies[i].max;
			return policies[i].how;
		}
	return dflt;
}

const char *guest_cmdline_args(const char *name)
{
	if (verbatim_name[0] && !strcmp(verbatim_name, name))
		return verbatim;
	for (unsigned i = 0; i < nr_overrides; i++)
		if (override_for(i, name))
			return overrides[i].args;
	return NULL;
}

bool guest_cmdline_initrd(const char *name, const uint8_t **start, const uint8_t **end)
{
	for (unsigned i = 0; i < nr_initrds; i++)
		if (initrd_for(i, name)) {
			*start = hpa_ptr(HPA(initrds[i].addr));
			*end = hpa_ptr(HPA(initrds[i].addr + initrds[i].size));
			return true;
		}
	return false;
}

void guest_cmdline_check_names(bool (*known)(const char *name))
{
	if (verbatim_name[0] && !known(verbatim_name))
		log_printf("command line: cmdline.%s ignored: no guest is named %s\n",
			   verbatim_name, verbatim_name);
	for (unsigned i = 0; i < nr_initrds; i++)
		if (!known(initrds[i].name))
			log_printf("command line: initrd.%s ignored: no guest is named %s\n",
				   initrds[i].name, initrds[i].name);
	for (unsigned i = 0; i < nr_overrides; i++)
		if (!known(overrides[i].name))
			log_printf("command line: args.%s ignored: no guest is named %s\n",
				   overrides[i].name, overrides[i].name);
	for (unsigned i = 0; i < nr_policies; i++)
		if (!known(policies[i].name))
			log_printf("command line: on_stop.%s ignored: no guest is named %s\n",
				   policies[i].name, policies[i].name);
}

void guest_cmdline_parse(const char *bootargs, uint64_t lo, uint64_t hi, uint64_t avoid,
			 uint64_t avoid_size)
{
	const struct image_bounds b = { lo, hi, avoid, avoid_size };
	const char *s = bootargs;

	while (*s) {
		const char *end = strchr(s, ' ');
		const char *why;

		if (!end || (end - s > 8 && memcmp(s, "cmdline.", 8) == 0))
			end = s + strlen(s); /* cmdline. runs to the end */
		why = NULL;
		if (end - s > 6 && memcmp(s, "guest=", 6) == 0)
			why = add_guest(s + 6, end, &b);
		else if (end - s > 5 && memcmp(s, "args.", 5) == 0)
			why = add_args(s + 5, end);
		else if (end - s > 8 && memcmp(s, "cmdline.", 8) == 0)
			why = add_verbatim(s + 8, end);
		else if (end - s > 7 && memcmp(s, "initrd.", 7) == 0)
			why = add_initrd(s + 7, end, &b);
		else if (end - s > 8 && memcmp(s, "on_stop.", 8) == 0)
			why = add_on_stop(s + 8, end);
		else if (end - s > 7 && memcmp(s, "weight.", 7) == 0)
			why = add_share(s + 7, end, SHARE_WEIGHT);
		else if (end - s > 4 && memcmp(s, "cap.", 4) == 0)
			why = add_share(s + 4, end, SHARE_CAP);
		else if (end - s > 5 && memcmp(s, "hart.", 5) == 0)
			why = add_share(s + 5, end, SHARE_HART);
		else if (end - s > 6 && memcmp(s, "vcpus.", 6) == 0)
			why = add_share(s + 6, end, SHARE_VCPUS);
		if (why)
			log_printf("command line: ignored \"%.*s\": %s\n", (int)(end - s), s, why);
		s = *end ? end + 1 : end;
	}
	for (unsigned i = 0; i < nr_initrds; i++)
		reserve(initrds[i].addr, initrds[i].size);
}

unsigned guest_cmdline_configs(const struct guest_config **out)
{
	*out = configs;
	return nr_configs;
}
