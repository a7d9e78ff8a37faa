#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""docs/performance.md's figures: what `make compare SIZE=small UPDATE=1`
writes between the doc's markers (every number there comes from here, none
is typed by hand), and the tracked ratios that
tests/system/test_perf_regression.py holds the code to.

The tracked ratios are a PV mode's instructions per operation over native's
for the benchmarks PV pays most for (fork, exec, page fault, fresh and in
steady state; the pipe round trip, two address-space switches). Under -icount they repeat exactly, so a ratio that grows by
more than TOLERANCE over the committed one is a regression, not noise.
"""
import re

import bench_report
import bench_run
import doc_markers

BEGIN = "<!-- bench.py: begin -->"
END = "<!-- bench.py: end -->"
DOC_SIZE = "small"  # the size the doc and the regression test both use
TRACKED = [("pv", "fork"), ("pv", "exec"), ("pv", "pagefault"), ("pv", "pipe_rtt"),
           ("pvsteady", "fork"), ("pvsteady", "exec"), ("pvsteady", "pagefault")]
TOLERANCE = 0.02

TITLES = {
    "null": "null syscall (getpid)",
    "fork": "fork+exit+wait",
    "exec": "fork+exec+wait",
    "pagefault": "page fault (first touch)",
    "sbrk": "sbrk grow+shrink",
    "pipe_rtt": "pipe round trip (2 switches, 4 syscalls)",
    "pipebw": "pipe bandwidth (per KiB)",
    "console": "console write 4 KiB",
    "file": "file create/write/read/delete",
}
MODE_TITLES = {"fv": "fv", "fvbusy": "fvbusy", "pv": "pv", "pvsteady": "pv steady state"}
TRACKED_ROW = re.compile(r"^\| (\w+) \| (\w+) \| [\d,.]+ \| [\d,.]+ \| (\d+\.\d{4}) \|$")


# ---------------------------------------------------------------- the figures

def insns_per_op(run):
    """A run's own instructions per operation, rounded as the report rounds it."""
    return round(run["insns"] / run["ops"], 2)


def tracked_jobs(build, timeout):
    """The small runs the tracked ratios need: native and each tracked mode."""
    jobs = {}
    for mode, b in TRACKED:
        for m in ("native", mode):
            jobs[(m, b)] = (f"{m} {b} {DOC_SIZE}", bench_run.run_bench,
                            (build, m, b, DOC_SIZE, timeout))
    return jobs


def tracked_from_runs(done):
    """{(mode, bench): (insns/op, native insns/op, ratio)} from tracked_jobs' runs."""
    out = {}
    for mode, b in TRACKED:
        mine, native = insns_per_op(done[(mode, b)]), insns_per_op(done[("native", b)])
        out[(mode, b)] = (mine, native, round(mine / native, 4))
    return out


def tracked_from_modes(modes):
    out = {}
    for mode, b in TRACKED:
        mine, native = modes[mode][b]["insns_per_op"], modes["native"][b]["insns_per_op"]
        out[(mode, b)] = (mine, native, round(mine / native, 4))
    return out


def read_tracked(text):
    """{(mode, bench): ratio} of the committed doc's tracked table."""
    a, b = text.index(BEGIN), text.index(END)
    found = {}
    for line in text[a:b].splitlines():
        m = TRACKED_ROW.match(line)
        if m and (m.group(1), m.group(2)) in TRACKED:
            found[(m.group(1), m.group(2))] = float(m.group(3))
    missing = [t for t in TRACKED if t not in found]
    if missing:
        raise bench_run.RunError(f"the doc's tracked table lacks {missing}")
    return found


# ---------------------------------------------------------------- the tables

def ratio_cell(modes, mode, b):
    r = bench_report.ratio(modes, mode, b)
    return f"{bench_report.fmt(modes[mode][b]['insns_per_op'], 0)} ({r:.2f}x)"


def results_table(modes):
    header = ["benchmark", "native insns/op"] + [MODE_TITLES[m] for m in bench_run.HYP_MODES]
    rows = [[f"{TITLES[b]} (`{b}`)", bench_report.fmt(modes["native"][b]["insns_per_op"], 0)]
            + [ratio_cell(modes, m, b) for m in bench_run.HYP_MODES] for b in bench_run.BENCHES]
    return bench_report.md_table(header, rows)


def tracked_table(modes):
    header = ["mode", "benchmark", "insns/op", "native insns/op", "ratio"]
    rows = [[m, b, bench_report.fmt(mine), bench_report.fmt(native), f"{r:.4f}"]
            for (m, b), (mine, native, r) in tracked_from_modes(modes).items()]
    return bench_report.md_table(header, rows)


def exits_table(modes):
    header = ["benchmark", "pv exits/op", "pv hcalls/op", "pv steady exits/op",
              "pv steady hcalls/op", "fv exits/op", "fv main exits/op"]
    rows = [[b, modes["pv"][b]["exits_per_op"], modes["pv"][b]["hcalls_per_op"],
             modes["pvsteady"][b]["exits_per_op"], modes["pvsteady"][b]["hcalls_per_op"],
             modes["fv"][b]["exits_per_op"],
             bench_report.top_causes(modes["fv"][b]["exits_per_op_by"])]
            for b in bench_run.BENCHES]
    return bench_report.md_table(header, rows)


def idle_table(idle):
    header = ["b beside a", "a's ticks", "a vs alone", "us taken from a"]
    rows = [[k, idle[k]["a_ticks"], f"{idle[k]['a_ratio']:.4f}x", idle[k]["a_taken_us"]]
            for k in ["alone", *bench_run.IDLE_CONFIGS]]
    return bench_report.md_table(header, rows)


def console_kib(modes, mode):
    return bench_run.console_exits_per_kib(modes[mode])


def targets(modes, idle, zero, hcall):
    """(target, measured text, met) rows: the issue's and the design's goals."""
    r = lambda m, b: bench_report.ratio(modes, m, b)  # noqa: E731
    cheapest = min(hcall["insns"].values())
    fv_pv_console = console_kib(modes, "fv") / console_kib(modes, "pv")
    null_max = max(r(m, "null") for m in bench_run.HYP_MODES)
    rows = [
        ("null syscall, every mode, 1.00x native", f"{null_max:.2f}x", null_max <= 1.005),
        ("PV fork <= 1.3x", f"{r('pv', 'fork'):.2f}x", r("pv", "fork") <= 1.3),
        ("PV exec <= 1.3x", f"{r('pv', 'exec'):.2f}x", r("pv", "exec") <= 1.3),
        ("PV page fault <= 1.5x", f"{r('pv', 'pagefault'):.2f}x", r("pv", "pagefault") <= 1.5),
        ("PV page fault, steady state, <= 1.2x", f"{r('pvsteady', 'pagefault'):.2f}x",
         r("pvsteady", "pagefault") <= 1.2),
        ("PV fork, steady state, <= 1.4x", f"{r('pvsteady', 'fork'):.2f}x",
         r("pvsteady", "fork") <= 1.4),
        ("PV exec, steady state, <= 1.4x", f"{r('pvsteady', 'exec'):.2f}x",
         r("pvsteady", "exec") <= 1.4),
        ("PV pipe round trip <= 1.3x", f"{r('pv', 'pipe_rtt'):.2f}x", r("pv", "pipe_rtt") <= 1.3),
        ("cheapest hypercall round trip <= 120 instructions", f"{cheapest}", cheapest <= 120),
        ("FV console exits per KiB >= 10x PV's", f"{fv_pv_console:.0f}x", fv_pv_console >= 10),
        ("PV b idle: a within 2% of alone", f"{idle['pv']['a_ratio']:.4f}x",
         idle["pv"]["a_ratio"] <= 1.02),
        ("PV (fresh and steady) zeroes nothing twice",
         f"{zero['pv']['zeroed_twice'] + zero['pvsteady']['zeroed_twice']} bytes",
         zero["pv"]["zeroed_twice"] + zero["pvsteady"]["zeroed_twice"] == 0),
    ]
    return bench_report.md_table(["target", "measured", ""],
                          [[t, v, "met" if ok else "**missed**"] for t, v, ok in rows])


def generate(modes, idle, zero, hcall):
    """The lines between the doc's markers."""
    out = ["", "*Written by `make compare SIZE=small UPDATE=1` (scripts/bench_doc.py) "
           "from that run: do not edit by hand.*", "",
           "### Instructions per operation (x native)", ""]
    out += results_table(modes)
    out += ["", "### Tracked ratios", "",
            "tests/system/test_perf_regression.py fails when one of these grows by more than "
            f"{TOLERANCE:.0%} (instructions under -icount repeat exactly).", ""]
    out += tracked_table(modes)
    out += ["", "### Exits and hypercalls per operation", ""]
    out += exits_table(modes)
    out += ["", "### Console exits per KiB printed", ""]
    out += bench_report.md_table(["mode", "exits/KiB"],
                          [[m, console_kib(modes, m)] for m in bench_run.HYP_MODES])
    out += ["", "### Idle: guest a computes while guest b sleeps", ""]
    out += idle_table(idle)
    out += ["", "### Zeroing: bench zero (8 MiB allocated, touched, freed)", ""]
    out += bench_report.zero_table(zero)
    out += ["", "### Hypercall round trips (guest `ecall` to return, average of 64)", ""]
    out += bench_report.hcall_table(hcall)
    out += ["", "### Where a hypercall's instructions go", "",
            "From one more run of the same benchmark with QEMU's execution log, every "
            "instruction named by its function (scripts/bench_hcprof.py): *save* is the trap "
            "vector and the saving of the guest's registers, *dispatch* the decoding, checks, "
            "counters and exit accounting, *handler* the call itself, *events* what follows "
            "it on the way back (event delivery, the scheduler's exit work), *return* the "
            "restoring of the guest's registers and sret; *in the guest* is the stub, the "
            "ecall and any event callback. version, set_timer_op and a lone mmuext_op are fast "
            "calls, console_io and multicall direct ones (docs/architecture.md), the others "
            "a full exit. When one word of the vCPU says nothing waits, the trap vector's own "
            "code (entry.S) answers version itself and calls a fast call's handler directly "
            "by its number, and a direct one goes through riscv_ecall_direct_quick; its "
            "checks, that call and its counting are dispatch. set_timer_op(past) raises an "
            "event, so its return goes through the full exit that delivers it.", ""]
    out += bench_report.hcall_breakdown_table(hcall)
    out += ["", "### Against the targets", ""]
    out += targets(modes, idle, zero, hcall)
    return out + [""]


def update(path, lines):
    """Replace what is between the markers of the doc at path."""
    doc_markers.splice(path, BEGIN, END, "\n".join(lines))
