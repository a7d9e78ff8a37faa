#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The same Debian kernel and initramfs natively (QEMU + OpenSBI, no
hypervisor; make qemu-native CONFIG=linux) and as a guest beside pv0 (make
qemu CONFIG=linux): the time to reach the shell and to run three workloads,
and the guest's exits by cause in each. Both run under -icount shift=0,
sleep=off, where one instruction takes one virtual nanosecond and idle time
is skipped, so the busy time Linux's /proc/uptime reports (uptime minus
idle) counts the instructions spent for it: its own, OpenSBI's and, as a
guest, the hypervisor's. Prints Markdown (docs/linux.md); --json for numbers.

It also runs the project's bench program built for Linux (/bin/bench in the
initramfs, scripts/linux.py) in both, and the same benchmarks on the
project's own kernel natively and as a PV guest (scripts/bench.py, the
small size: the same iteration counts), and reports instructions per
operation side by side: the same source measured on both kernels.

    scripts/linux_compare.py [--build build] [--json] [--update DOC]
"""
import argparse
import json
import os
import re
import sys

import pexpect

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_run  # noqa: E402
import bench_doc  # noqa: E402
import doc_markers  # noqa: E402
import linux_exits  # noqa: E402

NATIVE_MEM = "256M"  # the guest's memory (linux_exits.MEM_MIB)
WORKLOADS = [
    ("busy shell loop (100,000 rounds)",
     "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done"),
    ("500 fork + exec", "for i in $(seq 500); do /bin/true; done"),
    ("console: seq 1 4000 (22,893 bytes)", "seq 1 4000"),
]
# /bin/bench's benchmarks ("bench all"), at scale 1 (scripts/bench.py's
# small size). Linux's counts vary from run to run (its timer, its kernel
# threads): each is the least of RUNS. All but console write their lines to
# a file, shown once they are done: a line sent to the console is still
# leaving the UART, an exit a byte under the hypervisor, while the next
# benchmark is timed.
BENCHES = ["null", "fork", "exec", "pagefault", "sbrk", "pipe_rtt", "pipebw", "console", "file"]
RUNS = 3
QUIET = [b for b in BENCHES if b != "console"]
BENCH_SET = f"B=\"{' '.join(QUIET)}\""
BENCH_CMDS = [(f"`bench` but console, {RUNS} times, to a file",
               f"for i in $(seq {RUNS}); do bench $B; done >/tmp/b; cat /tmp/b"),
              (f"`bench console` {RUNS} times",
               f"for i in $(seq {RUNS}); do bench console; done")]
NO_ASLR = "echo 0 > /proc/sys/kernel/randomize_va_space"
BENCH_LINE = re.compile(r"bench (\w+) ops=(\d+) insns=(\d+) ticks=(\d+)")
BOOT_LINE = r"rvhyp-linux: init done at ([\d.]+) s, idle ([\d.]+) s"
# Busy time around a command, from /proc/uptime (10 ms resolution).
BEFORE = "read a b < /proc/uptime"
AFTER = "read c d < /proc/uptime; echo \"busy: $a $b $c $d\""


class Native:
    """Linux alone on QEMU + OpenSBI, with the same shell interface as linux_exits.Run."""

    def __init__(self, build):
        d = os.path.join(build, "linux")
        args = ["-machine", "virt", "-cpu", "rv64", "-smp", "1", "-m", NATIVE_MEM,
                "-nographic", "-bios", "default", "-icount", "shift=0,sleep=off",
                "-kernel", os.path.join(d, "Image"),
                "-initrd", os.path.join(d, "initramfs.cpio.gz"),
                "-append", linux_exits.ARGS]
        self.c = pexpect.spawn("qemu-system-riscv64", args, encoding="utf-8",
                               codec_errors="replace", timeout=300, maxread=65536)

    def shell(self, cmd, timeout=300):
        self.c.send(cmd + "\r")
        self.c.expect(r"~ # ", timeout=timeout)


def busy_of(before):
    """Busy seconds from the "busy: a b c d" line printed by AFTER."""
    a, b, c, d = map(float, re.search(r"busy: ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)",
                                      before).groups())
    return (c - a) - (d - b)


def workload(r, cmd, stats):
    """(busy seconds, exit counters before and after or None, the command's
    output) of one command."""
    a = r.stats() if stats else None
    r.shell(BEFORE)
    r.shell(cmd)
    out = r.c.before
    r.shell(AFTER)
    busy = busy_of(r.c.before)
    b = r.stats() if stats else None
    return busy, (linux_exits.delta(a, b) if stats else None), out


def parse_bench(out):
    """{name: {ops, insns, ticks}} of /bin/bench's lines, each benchmark's
    cheapest run; every run's line must be there (a missing one is an
    error, never a 0)."""
    runs = {}
    for m in BENCH_LINE.finditer(out):
        run = {"ops": int(m.group(2)), "insns": int(m.group(3)), "ticks": int(m.group(4))}
        runs.setdefault(m.group(1), []).append(run)
    short = [b for b in BENCHES if len(runs.get(b, [])) != RUNS]
    if short:
        raise SystemExit(f"/bin/bench did not print {RUNS} lines for {', '.join(short)}:\n"
                         + "\n".join(l for l in out.splitlines() if "ops=" in l))
    return {b: min(runs[b], key=lambda r: r["insns"] / r["ops"]) for b in BENCHES}


def project_bench(build, mode):
    """The same benchmarks on the project's kernel (bench.py, small size)."""
    return {b: bench_run.run_bench(build, mode, b, "small", 300) for b in BENCHES}


def measure_one(r, guest):
    r.c.expect(BOOT_LINE)
    up, idle = float(r.c.match.group(1)), float(r.c.match.group(2))
    r.c.expect(linux_exits.PROMPT if guest else r"~ # ")
    res = {"boot_busy": up - idle, "boot_up": up}
    # Work the kernel left running past the prompt (async probes, initrd
    # freeing) ends within a few seconds: the boot's whole cost after it.
    r.shell("sleep 5; cat /proc/uptime")
    m = re.search(r"([\d.]+) ([\d.]+)\s*$", r.c.before.strip().splitlines()[-1])
    res["settled_busy"] = float(m.group(1)) - float(m.group(2)) - 0.0
    if guest:
        res["boot_exits"] = r.stats()
    res["work"] = []
    for name, cmd in WORKLOADS:
        busy, d, _ = workload(r, cmd, guest)
        res["work"].append({"name": name, "busy": busy, "exits": d})
    # Without address-space randomization each run's heap and stack sit
    # where the last run's did: its page tables cost the same each time.
    r.shell(NO_ASLR)
    r.shell(BENCH_SET)
    outs = ""
    for name, cmd in BENCH_CMDS:
        busy, d, out = workload(r, cmd, guest)
        res["work"].append({"name": f"{name} (/bin/bench, below)", "busy": busy, "exits": d})
        outs += out
    res["bench"] = parse_bench(outs)
    r.c.terminate(force=True)
    return res


def measure(build):
    return {"native": measure_one(Native(build), False),
            "guest": measure_one(linux_exits.Run(build), True),
            "project": {"native": project_bench(build, "native"),
                        "pv": project_bench(build, "pv")}}


def causes(d):
    return ", ".join(f"{k} {v}" for k, v in sorted(d["causes"].items(), key=lambda x: -x[1]))


def table(res):
    n, g = res["native"], res["guest"]
    rows = ["| | native | guest | guest / native | guest exits | by cause |",
            "|---|---:|---:|---:|---:|---|"]
    # virtual-inst exits are WFIs: Linux idling between the typed commands.
    be = g["boot_exits"]
    rows.append(f"| boot to the shell prompt: busy time | {n['boot_busy']:.2f} s | "
                f"{g['boot_busy']:.2f} s | {g['boot_busy'] / n['boot_busy']:.3f} | | |")
    rows.append(f"| boot, with what it left running (5 s later) | {n['settled_busy']:.2f} s | "
                f"{g['settled_busy']:.2f} s | {g['settled_busy'] / n['settled_busy']:.3f} | "
                f"{be['exits']} | {causes(be)} |")
    for nw, gw in zip(n["work"], g["work"]):
        ratio = f"{gw['busy'] / nw['busy']:.3f}" if nw["busy"] > 0 else "-"
        rows.append(f"| {nw['name']} | {nw['busy']:.2f} s | {gw['busy']:.2f} s | {ratio} | "
                    f"{gw['exits']['exits']} | {causes(gw['exits'])} |")
    return "\n".join(rows)


def per_op(run):
    return run["insns"] / run["ops"]


def bench_table(res):
    """Instructions per operation of the same bench program on both kernels."""
    pn, pp = res["project"]["native"], res["project"]["pv"]
    ln, lg = res["native"]["bench"], res["guest"]["bench"]
    rows = ["| benchmark | project's kernel native | project's kernel PV | PV / native "
            "| Linux native | Linux guest | guest / native | Linux native / project native |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for b in BENCHES:
        a, p, n, g = per_op(pn[b]), per_op(pp[b]), per_op(ln[b]), per_op(lg[b])
        title = bench_doc.TITLES.get(b, b)
        rows.append(f"| {title} (`{b}`) | {a:,.0f} | {p:,.0f} | {p / a:.2f}x | {n:,.0f} | "
                    f"{g:,.0f} | {g / n:.2f}x | {n / a:.2f}x |")
    return "\n".join(rows)


def report(res):
    return (table(res) + "\n\nThe project's bench program (user/bin/bench), instructions "
            "per operation (instret read in user mode around each loop; every instruction "
            "the machine retires counts, the hypervisor's and OpenSBI's included; Linux's "
            f"the least of {RUNS} runs):\n\n"
            + bench_table(res))


BEGIN, END = "<!-- linux_compare.py begin -->", "<!-- linux_compare.py end -->"


def update(doc, text):
    """Replace the table between the markers in doc (docs/linux.md)."""
    doc_markers.splice(doc, BEGIN, END, text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--update", metavar="DOC", help="rewrite the table in DOC")
    a = ap.parse_args()
    res = measure(a.build)
    print(json.dumps(res, indent=1) if a.json else report(res))
    if a.update:
        update(a.update, report(res))


if __name__ == "__main__":
    sys.exit(main())
