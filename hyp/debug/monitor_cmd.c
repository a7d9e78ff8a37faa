/* SPDX-License-Identifier: MIT */
/*
 * monitor_cmd.c - the hypervisor monitor's commands (monitor.h): one table
 * entry each, with its one-line help. Every answer is a "[hyp] " line; a
 * bad command or argument gets a line saying what was wrong.
 *
 * Several harts: the monitor runs on hart 0, and each command runs in a
 * rendezvous (smp.h) with the other harts stopped at safe points, so it
 * reads and changes their guests' state as if there were one hart.
 */
#include <stdio.h>
#include <string.h>

#include "hyp/core/arch.h"
#include "hyp/core/credit.h"
#include "hyp/core/frame.h"
#include "hyp/core/guest.h"
#include "hyp/pv/hcall.h"
#include "hyp/core/log.h"
#include "hyp/core/sched.h"
#include "hyp/core/smp.h"
#include "hyp/lib/num.h"
#include "hyp/debug/monitor.h"
#include "hyp/debug/stats.h"
#include "hyp/debug/trace.h"

#define NUMBER_MAX 100000u

struct monitor_cmd {
	const char *name;
	const char *usage; /* its arguments, "" for none */
	const char *help;
	void (*run)(const char *arg); /* arg: "" when none was given */
};

static const struct monitor_cmd commands[];

/* A decimal number no larger than NUMBER_MAX filling s; 0 if it is not one. */
static unsigned parse_count(const char *s)
{
	uint64_t n;

	if (!num_parse_u64(s, strlen(s), &n) || n > NUMBER_MAX)
		return 0;
	return (unsigned)n;
}

/* The guest named arg, or NULL after saying why not (cmd: for the message). */
static struct guest *find_guest(const char *cmd, const char *arg)
{
	struct guest *g;

	if (!*arg) {
		log_printf("%s: name a guest, like \"%s %s\"\n", cmd, cmd,
			   guest_count ? guest_table[0].cfg->name : "pv0");
		return NULL;
	}
	if ((g = guest_find(arg, strlen(arg))))
		return g;
	log_printf("%s: no guest named \"%s\" (see guests)\n", cmd, arg);
	return NULL;
}

static const char *state_name(const struct guest *g)
{
	if (g->destroyed)
		return "destroyed";
	if (g->state == GUEST_SHUTDOWN)
		return "shut down";
	if (g->state == GUEST_CRASHED)
		return "crashed";
	if (g->paused)
		return "paused";
	if (g->reap == GUEST_REAP_RESTART)
		return "restarting";
	for (unsigned i = 0; i < g->nr_vcpus; i++)
		if (g->vcpus[i].state == VCPU_RUNNABLE)
			return "runnable";
	return "blocked"; /* every vCPU that is up */
}

static const char *vcpu_state_name(const struct vcpu *v)
{
	static const char *const names[] = { [VCPU_RUNNABLE] = "runnable",
					     [VCPU_BLOCKED] = "blocked",
					     [VCPU_STOPPED] = "stopped",
					     [VCPU_DOWN] = "down" };

	return names[v->state];
}

static void cmd_guests(const char *arg)
{
	(void)arg;
	log_printf("%-8s %-4s %-10s %6s %-18s %8s %8s %5s\n", "name", "mode", "state", "mem", "pc",
		   "exits", "hcalls", "boots");
	for (unsigned i = 0; i < guest_count; i++) {
		const struct guest *g = &guest_table[i];
		struct guest_stats all;
		const struct guest_stats *s = &all;

		stats_read(g, &all);
		log_printf("%-8s %-4s %-10s %5lluM 0x%016llx %8llu %8llu %5u\n", g->cfg->name,
			   g->cfg->mode == GUEST_PV ? "pv" : "fv", state_name(g),
			   (unsigned long long)(g->cfg->mem_size / MiB),
			   (unsigned long long)g->vcpus[0].arch.regs.pc,
			   (unsigned long long)stats_exits_total(s),
			   (unsigned long long)stats_hcalls_total(s), g->boots);
	}
}

static void cmd_stats(const char *arg)
{
	struct guest *g;

	if (!*arg) {
		stats_print_all();
		return;
	}
	if ((g = find_guest("stats", arg)))
		stats_print(g);
}

static void cmd_focus(const char *arg)
{
	const char *why = monitor_set_focus(arg);

	if (why)
		log_printf("focus: %s\n", why);
}

/* A guest that must be running (not stopped) for cmd. */
static struct guest *running_guest(const char *cmd, const char *arg)
{
	struct guest *g = find_guest(cmd, arg);

	if (g && g->state != GUEST_RUNNING) {
		log_printf("%s: %s is %s\n", cmd, g->cfg->name, state_name(g));
		return NULL;
	}
	return g;
}

static void cmd_pause(const char *arg)
{
	struct guest *g = running_guest("pause", arg);

	if (!g)
		return;
	if (g->paused) {
		log_printf("pause: %s is paused already\n", g->cfg->name);
		return;
	}
	g->paused = true;
	log_printf("%s paused (resume %s goes on)\n", g->cfg->name, g->cfg->name);
}

static void cmd_resume(const char *arg)
{
	struct guest *g = running_guest("resume", arg);

	if (!g)
		return;
	if (!g->paused) {
		log_printf("resume: %s is not paused\n", g->cfg->name);
		return;
	}
	g->paused = false;
	log_printf("%s resumed\n", g->cfg->name);
}

static void cmd_restart(const char *arg)
{
	struct guest *g = find_guest("restart", arg);

	if (!g)
		return;
	if (!g->boots) {
		log_printf("restart: %s was never built (see the boot messages)\n", g->cfg->name);
		return;
	}
	log_printf("%s: restarting from its image\n", g->cfg->name);
	guest_restart(g);
}

static void cmd_destroy(const char *arg)
{
	struct guest *g = find_guest("destroy", arg);

	if (!g)
		return;
	if (g->destroyed) {
		log_printf("destroy: %s is destroyed already\n", g->cfg->name);
		return;
	}
	guest_destroy(g);
}

static void cmd_regs(const char *arg)
{
	struct guest *g = find_guest("regs", arg);

	if (!g)
		return;
	if (g->destroyed || !g->boots) {
		log_printf("regs: %s has no vCPU now (%s)\n", g->cfg->name, state_name(g));
		return;
	}
	for (unsigned i = 0; i < g->nr_vcpus; i++) {
		if (g->nr_vcpus > 1)
			log_printf("%s vcpu %u (%s):\n", g->cfg->name, i,
				   vcpu_state_name(&g->vcpus[i]));
		arch_vcpu_print(&g->vcpus[i]);
	}
}

/*
 * One guest's share: weight, cap, credit and priority now; with several
 * vCPUs, one line each below (the guest's share is split among them).
 */
static void print_share(const struct guest *g)
{
	log_printf("  %-8s weight %-5u cap %3u%%  credit %6lld us  %s%s\n", g->cfg->name, g->weight,
		   g->cap, (long long)sched_credit_us(&g->vcpus[0]), sched_prio_name(&g->vcpus[0]),
		   g->nr_vcpus > 1 ? "  (vcpu 0)" : "");
	for (unsigned i = 1; i < g->nr_vcpus; i++)
		log_printf("    vcpu %u %-8s credit %6lld us  %s\n", i,
			   vcpu_state_name(&g->vcpus[i]), (long long)sched_credit_us(&g->vcpus[i]),
			   sched_prio_name(&g->vcpus[i]));
}

/* "NAME weight W" or "NAME cap C": the next word after s, into buf; where it ends. */
static const char *word(const char *s, char *buf, size_t n)
{
	size_t len = 0;

	while (*s == ' ')
		s++;
	while (*s && *s != ' ' && len + 1 < n)
		buf[len++] = *s++;
	buf[len] = '\0';
	return *s && *s != ' ' ? NULL : s; /* NULL: the word was too long */
}

/* Like xl sched-credit: every guest's share, or change one guest's weight or cap. */
static void cmd_sched(const char *arg)
{
	char name[24], what[8], val[24];
	const char *p = arg;
	struct guest *g;
	uint64_t v;
	bool cap;

	if (!*arg) {
		for (unsigned i = 0; i < guest_count; i++)
			print_share(&guest_table[i]);
		return;
	}
	if (!(p = word(p, name, sizeof(name))) || !(p = word(p, what, sizeof(what))) ||
	    !(p = word(p, val, sizeof(val))) || *p || !(g = find_guest("sched", name)))
		goto usage;
	cap = !strcmp(what, "cap");
	if ((!cap && strcmp(what, "weight")) || !num_parse_u64(val, strlen(val), &v) ||
	    (cap ? v > CREDIT_CAP_MAX : v == 0 || v > CREDIT_WEIGHT_MAX))
		goto usage;
	if (cap)
		g->cap = (unsigned)v;
	else
		g->weight = (unsigned)v;
	sched_change_share(g, g->weight, g->cap);
	print_share(g);
	return;
usage:
	log_printf("sched: \"sched\" lists the shares; \"sched NAME weight W\" (1 to 65535) or "
		   "\"sched NAME cap PERCENT\" (0, none, to 100) changes one\n");
}

static void cmd_frames(const char *arg)
{
	struct frame_stats st;

	(void)arg;
	frame_get_stats(&st);
	log_printf("frames: %llu total, %llu free (%llu dirty, %llu scrubbed), %llu scrubbed "
		   "since boot\n",
		   (unsigned long long)st.total, (unsigned long long)st.free,
		   (unsigned long long)st.dirty, (unsigned long long)(st.free - st.dirty),
		   (unsigned long long)(st.scrubbed_bytes / PAGE_SIZE));
	for (unsigned i = 0; i < guest_count; i++) {
		const struct guest *g = &guest_table[i];
		const struct guest_stats *s = &g->stats;

		log_printf("  %-8s holds %llu (%s), given %llu, returned %llu, scrubbed for it on "
			   "demand %llu\n",
			   g->cfg->name, (unsigned long long)g->nr_pages, state_name(g),
			   (unsigned long long)s->frames_given,
			   (unsigned long long)s->frames_returned,
			   (unsigned long long)s->frames_scrubbed);
	}
}

/* The guests whose home is hart h, comma separated, into buf. */
static void hart_guests(unsigned h, char *buf, size_t n)
{
	size_t at = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < guest_count && at < n; i++)
		if (sched_home(&guest_table[i].vcpus[0]) == h)
			at += (size_t)snprintf(buf + at, n - at, "%s%s", at ? "," : "",
					       guest_table[i].cfg->name);
}

static void cmd_harts(const char *arg)
{
	uint64_t now = arch_time(), last, worst, n;

	(void)arg;
	log_printf("%-4s %-6s %-8s %-20s %9s %5s %10s %9s %9s\n", "hart", "fw-id", "running",
		   "guests", "idle-ms", "idle%", "exits", "switches", "scrubbed");
	for (unsigned h = 0; h < smp_harts(); h++) {
		struct sched_hart_stats st;
		const char *running;
		char guests[64];

		sched_hart_stats(h, &st, &running);
		hart_guests(h, guests, sizeof(guests));
		log_printf("%-4u %-6llu %-8s %-20s %9llu %5llu %10llu %9llu %9llu\n", h,
			   (unsigned long long)smp_hartid(h), running ? running : "-",
			   *guests ? guests : "-",
			   (unsigned long long)(sched_ticks_to_us(st.idle_ticks) / 1000),
			   (unsigned long long)(now ? st.idle_ticks * 100 / now : 0),
			   (unsigned long long)st.exits, (unsigned long long)st.switches,
			   (unsigned long long)st.scrubbed);
	}
	n = smp_rendezvous_count(&last, &worst);
	log_printf("rendezvous (the monitor's commands, stopping the other harts): %llu, the "
		   "last took %llu us to stop them, the worst %llu us\n",
		   (unsigned long long)n, (unsigned long long)sched_ticks_to_us(last),
		   (unsigned long long)sched_ticks_to_us(worst));
}

static void cmd_log(const char *arg)
{
	unsigned n = *arg ? parse_count(arg) : 20;

	if (!n)
		log_printf("log: give a number of lines, like \"log 20\"\n");
	else
		log_dump(n);
}

/* trace (show), trace last N (the ring), trace dump (all of it), trace SPEC. */
static void cmd_trace(const char *arg)
{
	const char *why;

	if (!*arg) {
		trace_show_config();
		trace_show_units();
	} else if (!strcmp(arg, "dump")) {
		log_printf("trace dump begin\n");
		trace_dump(TRACE_RING);
		log_printf("trace dump end\n");
	} else if (!strncmp(arg, "last", 4) && (arg[4] == ' ' || !arg[4])) {
		unsigned n;

		for (arg += 4; *arg == ' '; arg++)
			;
		if (!(n = parse_count(arg)))
			log_printf(
			    "trace last: give a number of records, like \"trace last 20\"\n");
		else
			trace_dump(n);
	} else if ((why = trace_configure(arg))) {
		log_printf("trace: \"%s\": %s\n", arg, why);
	} else {
		trace_show_config();
	}
}

/* head then text, wrapped at word boundaries to HELP_WIDTH; further lines indented. */
static void print_wrapped(const char *head, const char *text)
{
	enum { HELP_WIDTH = 90 };
	const char *lead = head;

	while (*text) {
		size_t room = HELP_WIDTH - strlen(lead), n = strlen(text);

		if (n > room) { /* the last blank that fits, or else the first word whole */
			for (n = room; n && text[n] != ' '; n--)
				;
			if (!n)
				n = strcspn(text, " ");
		}
		log_printf("%s%.*s\n", lead, (int)n, text);
		text += n;
		text += strspn(text, " ");
		lead = "      ";
	}
}

static void cmd_help(const char *arg)
{
	(void)arg;
	log_printf("monitor commands (Ctrl-] moves the focus on):\n");
	for (const struct monitor_cmd *c = commands; c->name; c++) {
		char head[48];

		snprintf(head, sizeof(head), "  %s%s%s: ", c->name, *c->usage ? " " : "", c->usage);
		print_wrapped(head, c->help);
	}
	log_printf("  keys: up and down arrows: history, Ctrl-U: erase the line, "
		   "Ctrl-C: drop it\n");
}

static const struct monitor_cmd commands[] = {
	{ "help", "", "this list", cmd_help },
	{ "guests", "", "each guest: mode, state, memory, pc, exits, hypercalls, boots",
	  cmd_guests },
	{ "stats", "[NAME]", "counts by hypercall and by exit cause, times, frames", cmd_stats },
	{ "sched", "[NAME weight|cap N]", "CPU shares of each guest, or change one's weight or cap",
	  cmd_sched },
	{ "focus", "NAME|hyp", "send console input to a guest, or to this monitor", cmd_focus },
	{ "trace", "[SPEC|last N|dump]",
	  "show or set tracing (SPEC: on off live quiet all hcall exit sched irq NAME, comma "
	  "separated), print the last N records or the whole ring",
	  cmd_trace },
	{ "pause", "NAME", "stop scheduling a guest", cmd_pause },
	{ "resume", "NAME", "schedule a paused guest again", cmd_resume },
	{ "restart", "NAME", "rebuild a guest from its image, running or stopped", cmd_restart },
	{ "destroy", "NAME", "stop a guest and return its memory", cmd_destroy },
	{ "regs", "NAME", "a guest's vCPU registers and last exit", cmd_regs },
	{ "frames", "", "frame usage: free, dirty, scrubbed; per guest", cmd_frames },
	{ "harts", "", "each hart: what it runs, its guests, idle time, exits, vCPU switches",
	  cmd_harts },
	{ "log", "[N]", "the last N (20) lines of the hypervisor's log", cmd_log },
	{ NULL, NULL, NULL, NULL },
};

void monitor_command(char *line)
{
	char *arg = strchr(line, ' ');

	/* The line itself is on the wire already, echoed by the editor (monitor.c). */
	if (arg) {
		*arg++ = '\0';
		arg += strspn(arg, " ");
		for (size_t n = strlen(arg); n && arg[n - 1] == ' ';)
			arg[--n] = '\0';
	} else {
		arg = line + strlen(line);
	}
	for (const struct monitor_cmd *c = commands; c->name; c++) {
		if (strcmp(line, c->name))
			continue;
		if (!*c->usage && *arg) {
			log_printf("%s: takes no argument\n", c->name);
			return;
		}
		smp_stop_others();
		c->run(arg);
		smp_resume_others();
		return;
	}
	log_printf("unknown command \"%.40s%s\" (try help)\n", line,
		   strlen(line) > 40 ? "..." : "");
}
