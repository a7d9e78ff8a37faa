#!/usr/bin/env python3
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
"""
import argparse
import collections
import re
import sys

LINE = re.compile(r"\[trace\] (\d+)\.(\d{6}) (.*)$")
SCHED = re.compile(r"(switch to|block|wake) (\S+)$")
COST = re.compile(r"  \[(\d+) insns, ([\d.]+) us\]$")
CALL = re.compile(r"(?P<nest>  \+ )?(?P<name>\w+)\((?P<args>[^)]*)\) -> (?P<ret>-?\d+)"
                  r"(?: \(a1 (?P<a1>0x[0-9a-f]+)\))?(?:: (?P<reason>.*))?$")
ENTRY = re.compile(r"    \[(\d+)\] (.*)$")
MMIO = re.compile(r"(uart|plic|mmio) (read|write) (\S+)")
SBI = re.compile(r"sbi (.*?)\((0x[0-9a-f]+)\) -> (-?\d+)")
EXIT = re.compile(r"exit (.*?) at pc (0x[0-9a-f]+)")


class Record:
    """One trace line: time in microseconds, guest, kind, a short key, details."""

    def __init__(self, us, guest, kind, key, text, ret=0, insns=0, cost_us=0.0,
                 reason=None, nested=False):
        self.us, self.guest, self.kind, self.key = us, guest, kind, key
        self.text, self.ret, self.insns, self.cost_us = text, ret, insns, cost_us
        self.reason, self.nested = reason, nested


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


def parse(lines):
    """Records of every "[trace] " line, in order; a dump's records once each."""
    out = []
    for raw in lines:
        m = LINE.search(raw.rstrip("\r\n"))
        if not m:
            continue
        rec = parse_body(int(m.group(1)) * 1000000 + int(m.group(2)), m.group(3))
        if rec:
            out.append(rec)
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


def summary_text(recs):
    out = []
    table, slices = summarize(recs), run_slices(recs)
    for guest in sorted(set(table) | set(slices)):
        ran = sum(e - s for s, e in slices.get(guest, []))
        kinds = table[guest]
        nh = sum(v[0] for v in kinds["hcall"].values())
        ne = sum(v[0] for v in kinds["exit"].values())
        refused = sum(v[1] for v in kinds["hcall"].values())
        out.append(f"guest {guest}: {nh} hypercalls ({refused} refused), {ne} other exits; "
                   f"ran {ran} us in {len(slices.get(guest, []))} slices")
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
    fig, ax = plt.subplots(figsize=(11, 1.0 + 0.8 * max(len(guests), 1)))
    for y, g in enumerate(guests):
        ax.broken_barh([((s - t0) / 1000, max((e - s) / 1000, 0.001)) for s, e in slices[g]],
                       (y - 0.3, 0.6), facecolors="tab:blue", alpha=0.35,
                       label="running" if y == 0 else None)
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
    ax.legend(loc="upper right", fontsize="small")
    fig.tight_layout()
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
