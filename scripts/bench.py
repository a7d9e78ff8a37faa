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

This file is the command line; scripts/bench_run.py runs the boots and
computes the figures, scripts/bench_report.py writes the tables and files.
"""
import argparse
import os
import sys
import time

import bench_report
import bench_run
from bench_run import MODES, SIZES, RunError


def cmd_run(args):
    """bench.py run: one mode's benchmarks into OUT/MODE.json."""
    done = bench_run.run_jobs(bench_run.bench_jobs(args.build, args.mode, args.size,
                                                  args.timeout), args.jobs)
    results = bench_run.mode_results(args.mode, args.size, done)
    data = {"mode": args.mode, "size": args.size, "benchmarks": results}
    if args.mode != "native":
        data["console_exits_per_kib"] = bench_run.console_exits_per_kib(results)
    path = os.path.join(args.out, f"{args.mode}.json")
    bench_report.write_json(path, data)
    print(path)


def cmd_compare(args):
    """bench.py compare: every mode, idle and zero; the report."""
    start = time.monotonic()
    jobs = {}
    for mode in MODES:
        jobs.update(bench_run.bench_jobs(args.build, mode, args.size, args.timeout))
    jobs.update(bench_run.idle_jobs(args.build, args.timeout))
    jobs.update(bench_run.zero_jobs(args.build, args.size, args.timeout))
    jobs.update(bench_run.hcall_jobs(args.build, args.timeout))
    done = bench_run.run_jobs(jobs, args.jobs)
    modes = {m: bench_run.mode_results(m, args.size, done) for m in MODES}
    idle = bench_run.idle_results(done)
    zero = {m: done[("zero", m)] for m in MODES}
    for m in MODES:
        bench_report.write_json(os.path.join(args.out, f"{m}.json"),
                                {"mode": m, "size": args.size, "benchmarks": modes[m]})
    bench_report.write_json(os.path.join(args.out, "idle.json"), idle)
    bench_report.write_json(os.path.join(args.out, "zero.json"), zero)
    hcall = done[("hcall", "pv")]
    bench_report.write_json(os.path.join(args.out, "hcall.json"), hcall)
    bench_report.write_compare(args.out, modes, idle, zero, hcall, args.size,
                               time.monotonic() - start)
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
