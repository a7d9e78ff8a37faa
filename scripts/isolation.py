#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""isolation.py - measures the time-isolation guarantees: the meter guest
(tests/guests/meter.c) beside the hog (tests/guests/hog.c) attacking one way
per boot, under deterministic QEMU (-icount shift=0,sleep=off), and a sweep
of the wake-spin-block attack over sleep periods from 10 us to 20 ms.

    isolation.py [--build DIR] [--update]

Prints a markdown table: per attack, the meter's CPU share (its due is 500
permille: equal weights), its worst timer delay, and the hog's longest exit
(instructions) and preemptions. --update rewrites the table in
docs/security.md between its markers; the figures there come from here only.
"""
import argparse
import concurrent.futures
import os
import sys

import doc_markers
from bench_run import HYP_MACHINE, QEMU  # one definition of the machine
from hyp_console import FOCUS_KEY

METER_ARGS = "args.meter=share_ms=200,ticks=50,tick_us=1000"
ATTACKS = ["spin", "hcstorm", "pinstorm l1=1000", "batch", "multicall", "memop", "reboot"]
SWEEP_SLEEP_US = [10, 30, 100, 300, 1000, 3000, 10000, 20000]
SWEEP_SPIN_US = [50, 2000, 9900]
BEGIN = "<!-- isolation.py: begin -->"
END = "<!-- isolation.py: end -->"


def run(build, attack):
    """One boot: (share permille, worst late us, hog longest exit insns, preemptions)."""
    import pexpect  # the tests' Python has it (scripts/setup.sh)

    append = f"args.hog={attack.replace(' ', ',')} {METER_ARGS}"
    child = pexpect.spawn(QEMU, HYP_MACHINE + ["-kernel", f"{build}/hyp-isolation.elf",
                                           "-append", append],
                          encoding="latin-1", timeout=300)
    try:
        child.expect(r"meter share (\d+) permille")
        share = int(child.match.group(1))
        child.expect(r"meter latency worst (\d+) us")
        late = int(child.match.group(1))
        child.expect(r"guest meter destroyed")
        for _ in range(3):  # to the monitor
            child.send(FOCUS_KEY)
            child.expect(r"console focus: (\S+)")
            if child.match.group(1).startswith("hypervisor"):
                break
        child.send("stats hog\r")
        child.expect(r"longest exit (\d+) insns \d+ us, preempted in exits (\d+)")
        return share, late, int(child.match.group(1)), int(child.match.group(2))
    finally:
        child.terminate(force=True)


def table(build):
    cases = [(a, a) for a in ATTACKS]
    cases += [(f"spin {sp} us, sleep {sl} us", f"spinsleep spin_us={sp} sleep_us={sl}")
              for sp in SWEEP_SPIN_US for sl in SWEEP_SLEEP_US]
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda c: run(build, c[1]), cases))
    rows = ["| hog's attack | meter's share (permille, due 500) | meter's worst timer delay (us) "
            "| hog's longest exit (insns) | hog's exits preempted |",
            "|---|---:|---:|---:|---:|"]
    for (label, _), (share, late, longest, pre) in zip(cases, results):
        rows.append(f"| {label} | {share} | {late} | {longest} | {pre} |")
    worst = min(r[0] for r in results), max(r[1] for r in results), max(r[2] for r in results)
    rows.append(f"| **worst** | **{worst[0]}** | **{worst[1]}** | **{worst[2]}** | |")
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--update", action="store_true")
    args = ap.parse_args()
    t = table(args.build)
    print(t)
    if args.update:
        doc_markers.splice("docs/security.md", BEGIN, END, t)


if __name__ == "__main__":
    sys.exit(main())
