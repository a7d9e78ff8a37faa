#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Decode the hypervisor's trace from a console log: the live "[trace] " lines
of `make qemu TRACE=...`, or the output of the monitor's "trace dump".

    scripts/trace_decode.py LOG                  strace-like text, then the summary
    scripts/trace_decode.py LOG --guest pv0      one guest only
    scripts/trace_decode.py LOG --text F --summary F --timeline F.svg (or .png)

The text is one line per record, "TIME GUEST call(args) = result  <cost>",
batched entries indented under their call. The summary is, per guest, the
counts, refusals and costs of each hypercall and each kind of exit, and the
time it ran (like xenalyze --summary). The timeline shows which guest ran
when (from the scheduler's records) and where its hypercalls and exits fell.
docs/tracing.md describes the records.

A record the log holds twice, live and again in a monitor's "trace last N"
or "trace dump", counts once: a dump (from the monitor's command line to the
"trace on/off ..., N written, M lost" line that ends it) is the ring's last
records, in the order they were written, so it is lined up against the
latest records already read, and only those missing (recorded while tracing
was quiet) are added, in place. The hypervisor's banner starts a new run.

It runs with /usr/bin/python3, the interpreter scripts/setup.sh provides
matplotlib for (make trace-decode LOG=... does the same).
"""
import argparse
import collections
import difflib
import importlib
import re
import sys

LINE = re.compile(r"\[trace\] (\d+)\.(\d{6}) (.*)$")
SCHED = re.compile(r"(switch to|block|wake|preempted in exit|longest exit so far) (\S+)(?:  \[.*\])?$")
COST = re.compile(r"  \[(\d+) insns, ([\d.]+) us\]$")
CALL = re.compile(r"(?P<nest>  \+ )?(?P<name>\w+)\((?P<args>[^)]*)\) -> (?P<ret>-?\d+)"
                  r"(?: \(a1 (?P<a1>0x[0-9a-f]+)\))?(?:: (?P<reason>.*))?$")
ENTRY = re.compile(r"    \[(\d+)\] (.*)$")
MMIO = re.compile(r"(uart|plic|mmio) (read|write) (\S+)")
SBI = re.compile(r"sbi (.*?)\((0x[0-9a-f]+)\) -> (-?\d+)")
EXIT = re.compile(r"exit (.*?) at pc (0x[0-9a-f]+)")
# The monitor's dumps: "trace last N" or "trace dump" typed (echoed), or the
# dump's own first line. The next line of the hypervisor's ends one: the
# trace's state line ("trace on ..., N written, M lost"), or a refusal.
DUMP_START = re.compile(r"\[hyp\] (?:monitor> trace +(?:last|dump)\b|trace dump begin$)")
HYP_LINE = re.compile(r"\[hyp\] ")
BANNER = re.compile(r"\[hyp\] \S+: RISC-V hypervisor, ")
# Records before a dump's that may line up with it (beyond its own length).
DUMP_SLACK = 16


class Record:
    """One trace line: time in microseconds, guest, kind, a short key, details."""

    def __init__(self, us, guest, kind, key, text, ret=0, insns=0, cost_us=0.0,
                 reason=None, nested=False):
        self.us, self.guest, self.kind, self.key = us, guest, kind, key
        self.text, self.ret, self.insns, self.cost_us = text, ret, insns, cost_us
        self.reason, self.nested = reason, nested
        self.line = None  # the whole line after the time: what a dump repeats

    def same(self):
        """What a record and its copy in a dump share: time and text."""
        return (self.us, self.line)


def parse_body(us, body):
    """One record from the text after the time; None if it is not one."""
    m = SCHED.match(body)
    if m:
        return Record(us, m.group(2), "sched", m.group(1), body)
    guest, _, rest = body.partition(" ")
    if not rest:
        return None
    insns, cost_us = 0, 0.0
    c = COST.search(rest)
    if c:
        insns, cost_us = int(c.group(1)), float(c.group(2))
        rest = rest[:c.start()]
    if rest.startswith("inject "):
        return Record(us, guest, "irq", rest[7:], rest)
    m = ENTRY.match(rest)
    if m:
        return Record(us, guest, "entry", "entry", f"[{m.group(1)}] {m.group(2).strip()}")
    m = CALL.match(rest)
    if m:
        return Record(us, guest, "hcall", m.group("name"), rest, int(m.group("ret")),
                      insns, cost_us, m.group("reason"), bool(m.group("nest")))
    if rest.startswith("wfi"):
        key = "wfi"
    elif SBI.match(rest):
        key = "sbi " + SBI.match(rest).group(1)
    elif MMIO.match(rest):
        key = " ".join(MMIO.match(rest).groups())
    elif EXIT.match(rest):
        key = EXIT.match(rest).group(1)
    else:
        key = rest.split(" -> ")[0]
    return Record(us, guest, "exit", key, rest.strip(), insns=insns, cost_us=cost_us)


def merge_dump(out, run_start, dump):
    """Add to out (records of this run from run_start on) those of a monitor
    dump it lacks. A dump is the ring's last records in ring order, the order
    the live lines came in too: lined up against out's last records, those
    matched are copies; the others go where the dump has them."""
    if not dump:
        return
    first = max(run_start, len(out) - len(dump) - DUMP_SLACK)
    tail = out[first:]
    lined = difflib.SequenceMatcher(None, [r.same() for r in tail], [r.same() for r in dump],
                                    autojunk=False)
    merged = []
    for tag, i1, i2, j1, j2 in lined.get_opcodes():
        merged += tail[i1:i2]
        if tag in ("insert", "replace"):
            merged += dump[j1:j2]
    out[first:] = merged


def parse(lines):
    """Records of every "[trace] " line, in order; a dump's records once each."""
    out, run_start, dump = [], 0, None
    for raw in lines:
        text = raw.rstrip("\r\n")
        m = LINE.search(text)
        if not m:
            # A dump runs from its command to the hypervisor's next line.
            if dump is not None and HYP_LINE.search(text):
                merge_dump(out, run_start, dump)
                dump = None
            if DUMP_START.search(text):
                dump = []
            elif BANNER.search(text):
                run_start = len(out)
            continue
        rec = parse_body(int(m.group(1)) * 1000000 + int(m.group(2)), m.group(3))
        if rec:
            rec.line = m.group(3)
            (out if dump is None else dump).append(rec)
    if dump:
        merge_dump(out, run_start, dump)
    return out


def strace_text(recs):
    """strace-like lines: TIME GUEST call(args) = result <cost>."""
    out = []
    for r in recs:
        t = f"{r.us // 1000000}.{r.us % 1000000:06d}"
        if r.kind == "sched":
            out.append(f"{t} --- {r.text} ---")
        elif r.kind == "hcall":
            m = CALL.match(r.text)
            call = f"{m.group('name')}({m.group('args')})"
            res = m.group("ret") + (f" (a1 {m.group('a1')})" if m.group("a1") else "")
            if r.reason:
                res += f" ({r.reason})"
            indent = "  " if r.nested else ""
            out.append(f"{t} {r.guest:<6} {indent}{call} = {res} <{r.insns} insns, "
                       f"{r.cost_us} us>")
        elif r.kind == "entry":
            out.append(f"{t} {r.guest:<6}     {r.text}")
        elif r.kind == "irq":
            out.append(f"{t} {r.guest:<6} --- inject {r.key} ---")
        else:
            out.append(f"{t} {r.guest:<6} [{r.text}] <{r.insns} insns, {r.cost_us} us>")
    return out


def run_slices(recs):
    """{guest: [(start_us, end_us)]}: when each guest held the CPU."""
    slices = collections.defaultdict(list)
    running, since = None, 0
    end = recs[-1].us if recs else 0
    for r in recs:
        if r.kind != "sched":
            continue
        if r.key == "switch to" or (r.key == "block" and r.guest == running):
            if running is not None:
                slices[running].append((since, r.us))
            running, since = (r.guest, r.us) if r.key == "switch to" else (None, 0)
    if running is not None:
        slices[running].append((since, end))
    return slices


def summarize(recs):
    """{guest: {"hcall": {name: [calls, errors, insns, us]}, "exit": {...}}}."""
    table = collections.defaultdict(lambda: {"hcall": {}, "exit": {}})
    for r in recs:
        if r.kind not in ("hcall", "exit"):
            continue
        row = table[r.guest][r.kind].setdefault(r.key, [0, 0, 0, 0.0])
        row[0] += 1
        row[1] += r.ret != 0
        row[2] += r.insns
        row[3] += r.cost_us
    return table


def unscheduled(recs):
    """The guests of the trace without a scheduling record: the trace was
    filtered (TRACE=hcall, ...), so when they ran is not known."""
    with_sched = {r.guest for r in recs if r.kind == "sched"}
    return sorted({r.guest for r in recs} - with_sched)


def summary_text(recs):
    out = []
    table, slices, blind = summarize(recs), run_slices(recs), unscheduled(recs)
    for guest in sorted(set(table) | set(slices)):
        ran = sum(e - s for s, e in slices.get(guest, []))
        kinds = table[guest]
        nh = sum(v[0] for v in kinds["hcall"].values())
        ne = sum(v[0] for v in kinds["exit"].values())
        refused = sum(v[1] for v in kinds["hcall"].values())
        when = ("ran: not known (no sched records)" if guest in blind else
                f"ran {ran} us in {len(slices.get(guest, []))} slices")
        out.append(f"guest {guest}: {nh} hypercalls ({refused} refused), {ne} other exits; {when}")
        for kind, title in (("hcall", "hypercall"), ("exit", "exit")):
            if not kinds[kind]:
                continue
            out.append(f"  {title:<28} {'count':>7} {'errors':>7} {'insns':>10} "
                       f"{'insns/op':>9} {'us':>9}")
            for key, (n, err, insns, us) in sorted(kinds[kind].items(),
                                                    key=lambda kv: -kv[1][0]):
                out.append(f"  {key:<28} {n:>7} {err:>7} {insns:>10} {insns // n:>9} "
                           f"{us:>9.1f}")
    return out


def timeline(recs, path):
    """Which guest ran when, and where its hypercalls and exits fell."""
    import matplotlib
    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"  # names stay text: searchable, small
    import matplotlib.pyplot as plt

    slices = run_slices(recs)
    guests = sorted({r.guest for r in recs if r.kind != "sched"} | set(slices))
    t0 = recs[0].us if recs else 0
    height = 1.3 + 0.8 * max(len(guests), 1)
    fig, ax = plt.subplots(figsize=(11, height))
    banded = False
    for y, g in enumerate(guests):
        if slices[g]:
            ax.broken_barh([((s - t0) / 1000, max((e - s) / 1000, 0.001)) for s, e in slices[g]],
                           (y - 0.3, 0.6), facecolors="tab:blue", alpha=0.35,
                           label=None if banded else "running")
            banded = True
        for kind, marker, color in (("hcall", "|", "tab:green"), ("exit", "x", "tab:orange")):
            ok = [(r.us - t0) / 1000 for r in recs
                  if r.guest == g and r.kind == kind and r.ret == 0]
            bad = [(r.us - t0) / 1000 for r in recs
                   if r.guest == g and r.kind == kind and r.ret != 0]
            ax.scatter(ok, [y] * len(ok), marker=marker, color=color, s=60,
                       label=(kind if kind == "exit" else "hypercall") if y == 0 else None)
            ax.scatter(bad, [y] * len(bad), marker=marker, color="tab:red", s=90,
                       label="refused" if y == 0 and kind == "hcall" else None)
    ax.set_yticks(range(len(guests)), guests)
    ax.set_xlabel("time since the first record (ms, virtual)")
    ax.set_title("hypervisor trace: who ran when, and what each guest asked")
    blind = unscheduled(recs)
    if blind:
        what = ("No running bands: this trace has no scheduling records"
                if len(blind) == len(guests) else
                f"No running band for {', '.join(blind)}: this trace has no scheduling records of "
                + ("it" if len(blind) == 1 else "them"))
        fig.text(0.5, 0.01, what + " (filtered out: trace sched too to see who ran when).",
                 ha="center", va="bottom", fontsize="small", color="tab:red")
    ax.legend(loc="upper right", fontsize="small")
    fig.tight_layout(rect=(0, 0.3 / height if blind else 0, 1, 1))  # room for the note
    fig.savefig(path)
    plt.close(fig)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("log", help="a console log with [trace] lines ('-': standard input)")
    ap.add_argument("--guest", help="only this guest's records")
    ap.add_argument("--text", help="write the strace-like text here")
    ap.add_argument("--summary", help="write the summary table here")
    ap.add_argument("--timeline", help="draw the timeline here (.svg or .png)")
    args = ap.parse_args(argv)
    if args.timeline:
        try:
            importlib.import_module("matplotlib")
        except ImportError:
            print(f"trace_decode.py: --timeline needs matplotlib, which {sys.executable} lacks: "
                  "run it with /usr/bin/python3 (make trace-decode LOG=... ARGS=\"--timeline "
                  "FILE\"; scripts/setup.sh installs python3-matplotlib)", file=sys.stderr)
            return 1
    src = sys.stdin if args.log == "-" else open(args.log, encoding="utf-8", errors="replace")
    with src:
        recs = parse(src)
    if not recs:
        print(f"{args.log}: no [trace] records (boot with TRACE=... or use the monitor's "
              "trace command)", file=sys.stderr)
        return 1
    if args.guest:
        recs = [r for r in recs if r.guest == args.guest or
                (r.kind == "sched" and r.guest == args.guest)]
    text, summary = strace_text(recs), summary_text(recs)
    if args.text:
        with open(args.text, "w") as f:
            f.write("\n".join(text) + "\n")
    if args.summary:
        with open(args.summary, "w") as f:
            f.write("\n".join(summary) + "\n")
    if args.timeline:
        timeline(recs, args.timeline)
    if not (args.text or args.summary or args.timeline):
        print("\n".join(text + [""] + summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
