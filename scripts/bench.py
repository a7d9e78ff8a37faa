#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The benchmark harness: the same guest kernel natively, fully virtualized
(FV, idling with wfi or in a busy loop) and paravirtualized (PV), under
deterministic QEMU (-icount shift=0,sleep=off: every count is the same run to
run; wall-clock seconds are secondary information, never compared).

    bench.py run --mode {native,fv,fvbusy,pv,pvsteady} [--size big|small]
    bench.py compare [--size big|small]

Each benchmark is one QEMU boot: the guest's init runs /etc/bench/NAME.rc
(bench NAME) or NAME.big.rc (bench -s 10 NAME) and powers off. The guest
prints "bench NAME ops=N insns=I ticks=T" (its own counters around the loop,
so boot is not in them) and "bench memstat ...". The hypervisor prints the
guest's counters when it stops ("[hyp] NAME stats: ..."); those include boot
and shutdown, so exits and hypercalls per operation come from the difference
of two runs (NAME.big.rc minus NAME.rc) divided by the difference in ops.
--size picks the run whose own figures (insns/op, ticks/op, wall seconds) are
reported; under a hypervisor both sizes always run.

pv is the paravirtual guest as it boots, its allocator drawing on the pages
the start info says are zero; pvsteady is the same guest with zeroinfo=0,
so every page it hands out comes through the memory_op exchange (given back
dirty, populated scrubbed): the steady state once that known-zero pool is
spent, which no benchmark here would otherwise reach.

A counter the figures need that a run did not print fails the run
(RunError), never reads as 0.

Experiments beside the benchmarks: idle (guest a computes, guest b sleeps
forever: how much b's idling costs a, and how much CPU b holds), zero (who
zeroes memory, and how much of it twice) and console exits per KiB.
"""
import argparse
import concurrent.futures
import csv
import io
import json
import os
import re
import subprocess
import sys
import threading
import time

QEMU = os.environ.get("QEMU", "qemu-system-riscv64")
ICOUNT = ["-icount", "shift=0,sleep=off"]
HYP_MACHINE = ["-machine", "virt", "-cpu", "rv64,h=true", "-smp", "1", "-m", "256M",
               "-nographic", "-bios", "default", *ICOUNT]
NATIVE_MACHINE = ["-machine", "virt", "-cpu", "rv64", "-smp", "1", "-m", "16M",
                  "-nographic", "-bios", "default", *ICOUNT]

BENCHES = ["null", "fork", "exec", "pagefault", "sbrk", "pipe_rtt", "pipebw", "console", "file"]
MODES = ["native", "fv", "fvbusy", "pv", "pvsteady"]
HYP_MODES = ["fv", "fvbusy", "pv", "pvsteady"]
# Mode: (hypervisor configuration, name of its one guest).
HYP_CONFIGS = {"fv": ("bench_fv", "fv0"), "fvbusy": ("bench_fvbusy", "fv0"),
               "pv": ("bench_pv", "pv0"), "pvsteady": ("bench_pv", "pv0")}
# What a mode adds to its guest's command line (the hypervisor reads a comma
# in args.NAME= as a space).
MODE_ARGS = {"pvsteady": ",zeroinfo=0"}
# The idle experiment: guest a (PV) beside guest b of each kind.
IDLE_CONFIGS = {"pv": "bench_idle_pv", "fv": "bench_idle_fv", "fvbusy": "bench_idle_fvbusy"}
# a first waits for b to boot and go idle (b's boot is not idling), then computes.
IDLE_A_RC = "/etc/bench/idle-a.rc"
SIZES = ["small", "big"]
PAGE = 4096
TICKS_PER_US = 10  # the guests' time counter runs at 10 MHz
CONSOLE_KIB_PER_OP = 4  # bench console writes one 4096-byte block per op
CTRL_RBRACKET = "\x1d"  # the hypervisor's console-focus key

BENCH_LINE = re.compile(r"^bench (\w+) ops=(\d+) insns=(\d+) ticks=(\d+)$")
MEMSTAT_LINE = re.compile(r"^bench memstat (.*)$")
STATS_ITEM = re.compile(r"([A-Za-z][\w\- ]*?) (\d+)(\))?")
# Counters with a list of their parts in parentheses.
LISTED = {"hcalls": "hcalls_by", "exits": "exits_by"}
# Per-guest scalar counters reported per op (when the mode has them).
SCALARS = ["upcalls", "sbi", "mmio", "wfi"]


class RunError(Exception):
    """A QEMU run that timed out or did not print what it must."""


# ---------------------------------------------------------------- parsing

def clean_lines(text):
    """The lines of QEMU's output, without carriage returns or empty lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [l for l in text.split("\n") if l]


def guest_output(lines, guest):
    """The lines a guest printed: those prefixed "[guest] " (prefix removed),
    or every line when guest is None (native: no hypervisor, no prefix)."""
    if guest is None:
        return list(lines)
    prefix = f"[{guest}] "
    return [l[len(prefix):] for l in lines if l.startswith(prefix)]


def parse_bench(lines, guest):
    """{benchmark: {ops, insns, ticks}} and the memstat dict of one run."""
    results, memstat = {}, {}
    for line in guest_output(lines, guest):
        m = BENCH_LINE.match(line)
        if m and m.group(1) != "memstat":
            results[m.group(1)] = {"ops": int(m.group(2)), "insns": int(m.group(3)),
                                   "ticks": int(m.group(4))}
            continue
        m = MEMSTAT_LINE.match(line)
        if m:
            memstat = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", m.group(1))}
    return results, memstat


def stats_groups(lines, guest):
    """Each block of consecutive "[hyp] guest stats: " lines, joined with ", "
    (a wrapped line loses only its separator)."""
    prefix = f"[hyp] {guest} stats: "
    groups, current = [], []
    for line in lines:
        if line.startswith(prefix):
            current.append(line[len(prefix):])
        elif current:
            groups.append(", ".join(current))
            current = []
    if current:
        groups.append(", ".join(current))
    return groups


def parse_stats_text(text):
    """The counters of one joined stats text: scalars by name, and the
    "hcalls_by" and "exits_by" breakdowns. Parts follow a listed counter with
    a non-zero total up to the item that closes the parenthesis."""
    stats = {"hcalls_by": {}, "exits_by": {}}
    into = None
    for m in STATS_ITEM.finditer(text):
        label, value, closes = m.group(1), int(m.group(2)), m.group(3)
        if into is not None:
            stats[into][label] = value
            if closes:
                into = None
            continue
        stats[label] = value
        if label in LISTED and value > 0 and not closes:
            into = LISTED[label]
    return stats


def need(counters, name, where):
    """counters[name], or a RunError naming what is missing and where: a
    figure built on a counter that was not printed must not read as 0."""
    if name not in counters:
        raise RunError(f"{where}: no counter {name!r} (have: {', '.join(sorted(counters))})")
    return counters[name]


def parse_stats(lines, guest):
    """The hypervisor's last printed counters of a guest, or None."""
    groups = stats_groups(lines, guest)
    return parse_stats_text(groups[-1]) if groups else None


# ---------------------------------------------------------------- running QEMU

def rc_path(bench, size):
    """The guest's rc script for a benchmark at a size."""
    return f"/etc/bench/{bench}{'.big' if size == 'big' else ''}.rc"


def qemu_argv(build, mode, cmdline):
    """QEMU's arguments to boot a mode with a guest kernel command line."""
    if mode == "native":
        image = os.path.join(build, "images", "guest-kernel-fv.bin")
        return [QEMU, *NATIVE_MACHINE, "-kernel", image, "-append", cmdline]
    config, guest = HYP_CONFIGS[mode]
    elf = os.path.join(build, f"hyp-{config}.elf")
    cmdline += MODE_ARGS.get(mode, "")
    return [QEMU, *HYP_MACHINE, "-kernel", elf, "-append", f"args.{guest}={cmdline}"]


def check_files(argv):
    """Fail early, and clearly, when an image is not built."""
    image = argv[argv.index("-kernel") + 1]
    if not os.path.exists(image):
        raise RunError(f"{image} is not built: run make hyp guest")


def tail(lines, n=15):
    return "\n".join(lines[-n:])


def run_qemu(argv, timeout):
    """Boot and wait for QEMU to end: (output lines, wall seconds)."""
    check_files(argv)
    start = time.monotonic()
    try:
        proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        raise RunError(f"timed out after {timeout} s: {' '.join(argv)}\n"
                       + tail(clean_lines(out))) from None
    lines = clean_lines(proc.stdout.decode("utf-8", "replace"))
    if proc.returncode != 0:
        raise RunError(f"QEMU exited {proc.returncode}: {' '.join(argv)}\n" + tail(lines))
    return lines, time.monotonic() - start


def guest_name(mode):
    return None if mode == "native" else HYP_CONFIGS[mode][1]


def run_bench(build, mode, bench, size, timeout, rc=None):
    """One boot of one benchmark (rc: another script that runs it): the
    guest's figures and the hypervisor's."""
    argv = qemu_argv(build, mode, "rc=" + (rc or rc_path(bench, size)))
    lines, wall = run_qemu(argv, timeout)
    results, memstat = parse_bench(lines, guest_name(mode))
    if bench not in results or not memstat:
        raise RunError(f"{mode} {bench} {size}: no bench lines\n" + tail(lines))
    run = dict(results[bench], memstat=memstat, wall_s=round(wall, 3))
    if mode != "native":
        run["stats"] = parse_stats(lines, guest_name(mode))
        if run["stats"] is None:
            raise RunError(f"{mode} {bench} {size}: no hypervisor stats\n" + tail(lines))
    return run


# ---------------------------------------------------------------- the job pool

class Progress:
    """The "[3/11] pv fork big ..." lines on stderr, one per job started."""

    def __init__(self, total):
        self.total = total
        self.done = 0
        self.lock = threading.Lock()

    def start(self, label):
        with self.lock:
            self.done += 1
            print(f"[{self.done}/{self.total}] {label} ...", file=sys.stderr, flush=True)


def run_jobs(jobs, workers):
    """Run {key: (label, function, args)} on a pool; {key: result}."""
    progress = Progress(len(jobs))

    def call(label, fn, args):
        progress.start(label)
        return fn(*args)

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {key: pool.submit(call, *job) for key, job in jobs.items()}
        return {key: f.result() for key, f in futures.items()}


# ---------------------------------------------------------------- per-op figures

def sizes_needed(mode, size):
    """The runs one benchmark needs: both sizes under a hypervisor (the
    difference), the reported size alone natively."""
    return [size] if mode == "native" else SIZES


def bench_jobs(build, mode, size, timeout):
    """The jobs of one mode's benchmarks, keyed (mode, bench, size)."""
    jobs = {}
    for bench in BENCHES:
        for s in sizes_needed(mode, size):
            jobs[(mode, bench, s)] = (f"{mode} {bench} {s}", run_bench,
                                      (build, mode, bench, s, timeout))
    return jobs


def per_op(big, small, ops):
    """(big - small) / ops, rounded: a counter per operation."""
    return round((big - small) / ops, 4) if ops else None


def diff_breakdown(big, small, ops):
    """Per-op difference of two {name: count} breakdowns, non-zero only."""
    out = {}
    for name in sorted(set(big) | set(small)):
        v = per_op(big.get(name, 0), small.get(name, 0), ops)
        if v:
            out[name] = v
    return out


def hyp_per_op(big, small, where):
    """Exits, hypercalls and the mode's other counters per operation, from
    the difference of the big and small runs (boot and shutdown cancel).
    The SCALARS a mode has must be in both runs."""
    ops = big["ops"] - small["ops"]
    b, s = big["stats"], small["stats"]

    def diff(name):
        return per_op(need(b, name, f"{where} big"), need(s, name, f"{where} small"), ops)

    out = {"delta_ops": ops, "exits_per_op": diff("exits"), "hcalls_per_op": diff("hcalls"),
           "exits_per_op_by": diff_breakdown(b["exits_by"], s["exits_by"], ops),
           "hcalls_per_op_by": diff_breakdown(b["hcalls_by"], s["hcalls_by"], ops)}
    for name in SCALARS:
        if name in b or name in s:
            out[f"{name}_per_op"] = diff(name)
    return out


def summarize(mode, bench, runs, size):
    """One benchmark's figures from its runs {size: run}."""
    rep = runs[size]
    out = {"ops": rep["ops"], "insns": rep["insns"], "ticks": rep["ticks"],
           "insns_per_op": round(rep["insns"] / rep["ops"], 2),
           "ticks_per_op": round(rep["ticks"] / rep["ops"], 4),
           "wall_s": rep["wall_s"]}
    if mode != "native":
        out.update(hyp_per_op(runs["big"], runs["small"], f"{mode} {bench}"))
    out["runs"] = runs
    return out


def mode_results(mode, size, done):
    """{bench: figures} of one mode from the finished jobs."""
    return {bench: summarize(mode, bench,
                             {s: done[(mode, bench, s)] for s in sizes_needed(mode, size)}, size)
            for bench in BENCHES}


def console_exits_per_kib(results):
    """Exits per KiB the console benchmark printed, or None natively."""
    v = results["console"].get("exits_per_op")
    return None if v is None else round(v / CONSOLE_KIB_PER_OP, 4)


# ---------------------------------------------------------------- idle experiment

def idle_alone(build, timeout):
    """Guest a's work alone (bench_pv, pv0 runs idle-a.rc): its figures."""
    run = run_bench(build, "pv", "cpu", "small", timeout, rc=IDLE_A_RC)
    return {"a_ticks": run["ticks"], "a_insns": run["insns"], "wall_s": run["wall_s"],
            "a_running_us": need(run["stats"], "running-us", "idle a alone")}


def focus_monitor(child, timeout):
    """Press Ctrl-] until the hypervisor's monitor has the console."""
    for _ in range(4):
        child.send(CTRL_RBRACKET)
        child.expect(r"console focus: (\w+) \(Ctrl", timeout=timeout)
        if child.match.group(1) == "hypervisor":
            return
    raise RunError("the monitor never got the console focus")


def idle_session(argv, timeout):
    """Boot a with cpu.rc beside b sleeping; after a stops, ask the monitor
    for every guest's stats (b never stops) and kill QEMU: the lines."""
    import pexpect  # only the idle experiment talks to QEMU

    check_files(argv)
    log = io.StringIO()
    child = pexpect.spawn(argv[0], argv[1:], encoding="utf-8", codec_errors="replace",
                          timeout=timeout)
    child.logfile_read = log
    try:
        child.expect(r"\[hyp\] guest a shut down")
        child.expect(r"\[hyp\] a stats: [^\n]*running-us")
        focus_monitor(child, timeout)
        child.send("stats\r")
        child.expect(r"\[hyp\] frames: [^\n]*\n")
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        raise RunError(f"idle: {type(e).__name__}: {' '.join(argv)}\n"
                       + tail(clean_lines(log.getvalue()))) from None
    finally:
        child.terminate(force=True)
    return clean_lines(log.getvalue())


def monitor_part(lines):
    """The lines from the monitor's stats command on."""
    for i, line in enumerate(lines):
        if line.startswith("[hyp] monitor> stats"):
            return lines[i:]
    return []


def idle_run(build, kind, timeout):
    """Guest a (PV) computes beside guest b (kind) that sleeps forever."""
    elf = os.path.join(build, f"hyp-{IDLE_CONFIGS[kind]}.elf")
    append = f"args.a=rc={IDLE_A_RC} args.b=rc=/etc/bench/sleeper.rc"
    argv = [QEMU, *HYP_MACHINE, "-kernel", elf, "-append", append]
    start = time.monotonic()
    lines = idle_session(argv, timeout)
    results, _ = parse_bench(lines, "a")
    a_stats = parse_stats(lines, "a")
    b_stats = parse_stats(monitor_part(lines), "b")
    if "cpu" not in results or b_stats is None or a_stats is None:
        raise RunError(f"idle {kind}: missing bench or stats lines\n" + tail(lines))
    # b's counters are read when the monitor answers, some wall-clock time
    # after a stopped, while b goes on waking every 10 ms: they vary a little
    # from run to run (kept apart, "at_monitor", out of the CSV).
    where = f"idle {kind} b"
    at_monitor = {"b_running_us": need(b_stats, "running-us", where),
                  "b_blocked_us": need(b_stats, "blocked-us", where),
                  "b_exits": need(b_stats, "exits", where),
                  "b_exits_by": b_stats["exits_by"], "b_wfi": b_stats.get("wfi")}
    return {"a_ticks": results["cpu"]["ticks"], "a_insns": results["cpu"]["insns"],
            "a_running_us": need(a_stats, "running-us", f"idle {kind} a"),
            "at_monitor": at_monitor,
            "wall_s": round(time.monotonic() - start, 3)}


def idle_jobs(build, timeout):
    jobs = {("idle", "alone"): ("idle a alone", idle_alone, (build, timeout))}
    for kind in IDLE_CONFIGS:
        jobs[("idle", kind)] = (f"idle a beside {kind} b", idle_run, (build, kind, timeout))
    return jobs


def idle_results(done):
    """{alone, pv, fv, fvbusy: figures}, each with a's slowdown to alone and
    the time taken from a while it computed (b's CPU and the switches to it:
    a's ticks beyond its ticks alone, in microseconds at 10 MHz)."""
    alone = done[("idle", "alone")]
    out = {"alone": dict(alone, a_ratio=1.0, a_taken_us=0)}
    for kind in IDLE_CONFIGS:
        r = dict(done[("idle", kind)])
        r["a_ratio"] = round(r["a_ticks"] / alone["a_ticks"], 4)
        r["a_taken_us"] = round((r["a_ticks"] - alone["a_ticks"]) / TICKS_PER_US, 1)
        out[kind] = r
    return out


# ---------------------------------------------------------------- zero experiment

def zero_run(build, mode, size, timeout):
    """bench zero in one mode: who zeroed how many bytes."""
    run = run_bench(build, mode, "zero", size, timeout)
    guest = need(run["memstat"], "zeroed", f"{mode} zero memstat")
    out = {"ops": run["ops"], "guest_zeroed": guest, "wall_s": run["wall_s"]}
    if mode == "native":
        out.update(hyp_zeroed=0, frames_given_bytes=0, zeroed_twice=0)
        return out
    st = run["stats"]
    hyp = need(st, "scrubbed for it on demand", f"{mode} zero") * PAGE
    out.update(hyp_zeroed=hyp, frames_given_bytes=need(st, "frames given", f"{mode} zero") * PAGE,
               zeroed_twice=min(guest, hyp))
    return out


def zero_jobs(build, size, timeout):
    return {("zero", mode): (f"{mode} zero {size}", zero_run, (build, mode, size, timeout))
            for mode in MODES}


ZERO_NOTE = (
    "guest zeroed: bytes the guest kernel zeroed while bench zero ran (its memstat); "
    "hypervisor zeroed: frames the allocator scrubbed on demand for the guest x 4096 "
    "(every frame handed to a guest is zero: frames given x 4096 is the upper bound); "
    "zeroed twice: min(guest zeroed, hypervisor zeroed), memory both zeroed. "
    "Natively nothing is below the kernel, so nothing is zeroed twice: 0.")


# ---------------------------------------------------------------- hypercall round trips

HCALL_LINE = re.compile(r"\[hc\] hcall (.+) insns=(\d+)$")


def hcall_run(build, timeout):
    """
    tests/guests/hcbench.c alone (bench_hcall): instructions per round trip,
    and where they go (scripts/bench_hcprof.py), which must see the same counts.
    """
    import bench_hcprof
    elf = os.path.join(build, "hyp-bench_hcall.elf")
    lines, wall = run_qemu([QEMU, *HYP_MACHINE, "-kernel", elf], timeout)
    calls = {m.group(1): int(m.group(2)) for m in map(HCALL_LINE.match, lines) if m}
    if not calls:
        raise RunError("hcall: no round-trip lines\n" + tail(lines))
    complaints = [line for line in lines if "hcbench:" in line]
    if complaints:
        raise RunError("hcall: the benchmark saw a broken round trip\n" + "\n".join(complaints))
    try:
        prof = bench_hcprof.profile(build, QEMU, HYP_MACHINE,
                                    os.environ.get("CROSS", "riscv64-unknown-elf-"), timeout)
    except bench_hcprof.ProfileError as e:
        raise RunError(f"hcall profile: {e}") from None
    if {k: r["insns"] for k, r in prof.items()} != calls:
        raise RunError("hcall profile: its counts differ from the plain run's")
    return {"insns": calls, "breakdown": prof, "wall_s": round(wall, 3)}


def hcall_jobs(build, timeout):
    return {("hcall", "pv"): ("pv hypercall round trips", hcall_run, (build, timeout))}


def hcall_table(hcall):
    return md_table(["call", "instructions per round trip"], list(hcall["insns"].items()))


def hcall_breakdown_table(hcall):
    import bench_hcprof
    return md_table(bench_hcprof.HEADER, bench_hcprof.table_rows(hcall["breakdown"]))


# ---------------------------------------------------------------- output

def write_json(path, data):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


def fmt(v, digits=2):
    """A table cell: blank for None, integers plain, floats rounded."""
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def md_table(header, rows):
    """A Markdown table from a header list and rows of cells."""
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(fmt(c) if not isinstance(c, str) else c for c in r) + " |"
            for r in rows]
    return out


def ratio(modes, mode, bench):
    """insns/op of a mode over native's."""
    return round(modes[mode][bench]["insns_per_op"] / modes["native"][bench]["insns_per_op"], 4)


def insns_table(modes):
    header = ["benchmark", "native insns/op"] + [f"{m} insns/op (x native)" for m in HYP_MODES]
    rows = []
    for b in BENCHES:
        row = [b, modes["native"][b]["insns_per_op"]]
        row += [f"{fmt(modes[m][b]['insns_per_op'])} ({ratio(modes, m, b):.2f}x)"
                for m in HYP_MODES]
        rows.append(row)
    return md_table(header, rows)


def top_causes(by, n=3):
    """The largest few parts of a breakdown, as "name x, ...". """
    items = sorted(by.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return ", ".join(f"{k} {v:.2f}" for k, v in items if v >= 0.005)


def exits_table(modes):
    header = ["benchmark"]
    for m in HYP_MODES:
        header += [f"{m} exits/op", f"{m} hcalls/op"]
    header += [f"{m} main exits/op" for m in HYP_MODES]
    rows = []
    for b in BENCHES:
        row = [b]
        for m in HYP_MODES:
            row += [modes[m][b]["exits_per_op"], modes[m][b]["hcalls_per_op"]]
        row += [top_causes(modes[m][b]["exits_per_op_by"]) for m in HYP_MODES]
        rows.append(row)
    return md_table(header, rows)


def idle_table(idle):
    header = ["b beside a", "a's cpu ticks", "a vs alone", "us taken from a", "a running-us",
              "b running-us*", "b blocked-us*", "b exits*", "b wfi*"]
    rows = []
    for kind in ["alone", *IDLE_CONFIGS]:
        r = idle[kind]
        b = r.get("at_monitor", {})
        rows.append(["(a alone)" if kind == "alone" else kind, r["a_ticks"],
                     f"{r['a_ratio']:.3f}x", r["a_taken_us"], r.get("a_running_us"),
                     b.get("b_running_us"), b.get("b_blocked_us"), b.get("b_exits"),
                     b.get("b_wfi")])
    return md_table(header, rows)


def zero_table(zero):
    header = ["mode", "guest zeroed (bytes)", "hypervisor zeroed for it", "frames given x 4096",
              "zeroed twice"]
    rows = [[m, zero[m]["guest_zeroed"], zero[m]["hyp_zeroed"], zero[m]["frames_given_bytes"],
             zero[m]["zeroed_twice"]] for m in MODES]
    return md_table(header, rows)


def console_table(modes):
    header = ["mode", "console exits/KiB", "console hcalls/op"]
    rows = [[m, console_exits_per_kib(modes[m]), modes[m]["console"]["hcalls_per_op"]]
            for m in HYP_MODES]
    return md_table(header, rows)


def wall_table(modes):
    header = ["benchmark"] + [f"{m} s" for m in MODES]
    rows = [[b] + [f"{modes[m][b]['wall_s']:.2f}" for m in MODES] for b in BENCHES]
    return md_table(header, rows)


def compare_md(modes, idle, zero, hcall, size, total_s):
    """The whole report, as a list of lines."""
    out = ["# Native, FV (wfi idle), FV (busy idle), PV and PV in steady state: "
           "the same guest kernel", "",
           f"QEMU with -icount shift=0,sleep=off (every count repeats exactly); size {size}: "
           "insns/op are the guest's own counters (instret, which under a hypervisor counts its "
           "instructions too) for that run; exits and hypercalls per op are the hypervisor's "
           "counters, big run minus small run over the difference in ops.", "",
           "pv draws pages from the known-zero ranges of its start info; pvsteady is the same "
           "guest with zeroinfo=0, every page it hands out exchanged through memory_op (the "
           "steady state once that pool is spent).", "",
           "## Instructions per operation", ""]
    out += insns_table(modes)
    out += ["", "## Exits and hypercalls per operation", ""]
    out += exits_table(modes)
    out += ["", "## Console: exits per KiB printed", ""]
    out += console_table(modes)
    out += ["", "## Idle: guest a runs bench cpu while guest b sleeps forever", "",
            "a's completion time is its cpu benchmark's ticks (10 MHz); \"us taken from a\" "
            "is how much longer than alone it took: b's CPU and the switches to it. "
            "b's CPU consumption is its running-us (virtual microseconds it held the CPU).",
            "", "\\* b's counters come from the monitor's stats, typed after a stopped: they "
            "include the (wall-clock dependent) wait for it, so they vary a little from run "
            "to run and stay out of compare.csv.", ""]
    out += idle_table(idle)
    out += ["", "## Zeroing: bench zero", "", ZERO_NOTE, ""]
    out += zero_table(zero)
    out += ["", "## Hypercall round trips (PV: guest ecall to return, average of 64)", ""]
    out += hcall_table(hcall)
    out += ["", "Where they go (scripts/bench_hcprof.py):", ""]
    out += hcall_breakdown_table(hcall)
    out += ["", "## Wall-clock seconds per boot (secondary: not deterministic)", ""]
    out += wall_table(modes)
    out += ["", f"Total wall-clock time of the comparison: {total_s:.1f} s.", ""]
    return out


def flat(prefix, by):
    return {f"{prefix}.{k}": v for k, v in by.items()}


def csv_bench_row(modes, mode, bench):
    r = modes[mode][bench]
    row = {"benchmark": bench, "mode": mode}
    row.update({k: v for k, v in r.items() if not isinstance(v, dict)})
    row["ratio_to_native"] = ratio(modes, mode, bench)
    row.update(flat("exits_per_op", r.get("exits_per_op_by", {})))
    row.update(flat("hcalls_per_op", r.get("hcalls_per_op_by", {})))
    if bench == "console":
        row["exits_per_kib"] = console_exits_per_kib(modes[mode])
    return row


def csv_rows(modes, idle, zero, hcall):
    """One row per benchmark x mode, then the idle, zero and hypercall experiments."""
    rows = [csv_bench_row(modes, m, b) for b in BENCHES for m in MODES]
    for kind, r in idle.items():
        rows.append(dict({"benchmark": "idle", "mode": kind},
                         **{k: v for k, v in r.items() if not isinstance(v, dict)}))
    for mode, r in zero.items():
        rows.append(dict({"benchmark": "zero", "mode": mode}, **r))
    for name, insns in hcall["insns"].items():
        rows.append({"benchmark": f"hcall:{name}", "mode": "pv", "insns_per_op": insns})
    return rows


def write_csv(path, rows):
    """Columns: benchmark, mode, then every other field, sorted."""
    fields = sorted({k for r in rows for k in r} - {"benchmark", "mode"})
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["benchmark", "mode", *fields])
        w.writeheader()
        w.writerows(rows)


def write_compare(out, modes, idle, zero, hcall, size, total_s):
    """compare.md, compare.csv and compare.svg in out."""
    with open(os.path.join(out, "compare.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(compare_md(modes, idle, zero, hcall, size, total_s)))
    write_csv(os.path.join(out, "compare.csv"), csv_rows(modes, idle, zero, hcall))
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import bench_plot
    ratios = {m: [ratio(modes, m, b) for b in BENCHES] for m in HYP_MODES}
    bench_plot.ratio_chart(BENCHES, ratios, os.path.join(out, "compare.svg"))


# ---------------------------------------------------------------- commands

def cmd_run(args):
    """bench.py run: one mode's benchmarks into OUT/MODE.json."""
    done = run_jobs(bench_jobs(args.build, args.mode, args.size, args.timeout), args.jobs)
    results = mode_results(args.mode, args.size, done)
    data = {"mode": args.mode, "size": args.size, "benchmarks": results}
    if args.mode != "native":
        data["console_exits_per_kib"] = console_exits_per_kib(results)
    path = os.path.join(args.out, f"{args.mode}.json")
    write_json(path, data)
    print(path)


def cmd_compare(args):
    """bench.py compare: every mode, idle and zero; the report."""
    start = time.monotonic()
    jobs = {}
    for mode in MODES:
        jobs.update(bench_jobs(args.build, mode, args.size, args.timeout))
    jobs.update(idle_jobs(args.build, args.timeout))
    jobs.update(zero_jobs(args.build, args.size, args.timeout))
    jobs.update(hcall_jobs(args.build, args.timeout))
    done = run_jobs(jobs, args.jobs)
    modes = {m: mode_results(m, args.size, done) for m in MODES}
    idle = idle_results(done)
    zero = {m: done[("zero", m)] for m in MODES}
    for m in MODES:
        write_json(os.path.join(args.out, f"{m}.json"),
                   {"mode": m, "size": args.size, "benchmarks": modes[m]})
    write_json(os.path.join(args.out, "idle.json"), idle)
    write_json(os.path.join(args.out, "zero.json"), zero)
    hcall = done[("hcall", "pv")]
    write_json(os.path.join(args.out, "hcall.json"), hcall)
    write_compare(args.out, modes, idle, zero, hcall, args.size, time.monotonic() - start)
    print(os.path.join(args.out, "compare.md"))
    if args.update:
        import bench_doc
        bench_doc.update(args.update, bench_doc.generate(modes, idle, zero, hcall))
        print(args.update)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    for name in ["run", "compare"]:
        s = sub.add_parser(name)
        if name == "run":
            s.add_argument("--mode", choices=MODES, required=True)
        s.add_argument("--size", choices=SIZES, default="big",
                       help="the run whose guest figures are reported (default big)")
        s.add_argument("--build", default="build", help="the build directory")
        s.add_argument("--out", help="where results go (default BUILD/bench)")
        s.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                       help="QEMUs at a time (default: one per CPU)")
        s.add_argument("--timeout", type=int, default=120,
                       help="hard limit for one QEMU run, seconds")
        if name == "compare":
            s.add_argument("--update", metavar="DOC",
                           help="rewrite DOC's figures between its markers (scripts/bench_doc.py; "
                                "--size small only: the regression test's size)")
    args = p.parse_args(argv)
    if getattr(args, "update", None) and args.size != "small":
        p.error("--update writes the figures of --size small only")
    args.out = args.out or os.path.join(args.build, "bench")
    return args


def main(argv=None):
    args = parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    try:
        (cmd_run if args.command == "run" else cmd_compare)(args)
    except RunError as e:
        print(f"bench: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
