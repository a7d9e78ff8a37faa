#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""scripts/bench_run.py - the benchmark harness's runs and figures
(scripts/bench.py is its command line, scripts/bench_report.py its tables):
the modes and benchmarks, one QEMU boot per benchmark and size and what its
guest and the hypervisor printed (the hypervisor's counters through
scripts/hyp_console.py), the pool of jobs, the per-operation figures (big
run minus small run), and the experiments beside them: idle, zero and
hypercall round trips.

A counter the figures need that a run did not print fails the run
(RunError), never reads as 0.
"""
import concurrent.futures
import io
import os
import re
import subprocess
import sys
import threading
import time

import hyp_console
from hyp_console import clean_lines, parse_stats

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

BENCH_LINE = re.compile(r"^bench (\w+) ops=(\d+) insns=(\d+) ticks=(\d+)$")
MEMSTAT_LINE = re.compile(r"^bench memstat (.*)$")
# Per-guest scalar counters reported per op (when the mode has them).
SCALARS = ["upcalls", "sbi", "mmio", "wfi"]


class RunError(Exception):
    """A QEMU run that timed out or did not print what it must."""


# ---------------------------------------------------------------- parsing

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


def need(counters, name, where):
    """counters[name], or a RunError naming what is missing and where: a
    figure built on a counter that was not printed must not read as 0."""
    if name not in counters:
        raise RunError(f"{where}: no counter {name!r} (have: {', '.join(sorted(counters))})")
    return counters[name]


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
    try:
        hyp_console.focus(child, "hypervisor", presses=4, timeout=timeout)
    except hyp_console.FocusError:
        raise RunError("the monitor never got the console focus") from None


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
