# SPDX-License-Identifier: MIT
"""The bench program (user/bin/bench/) on the native kernel: rc=/etc/bench/all.rc
prints one "bench NAME ops= insns= ticks=" line per benchmark and a memstat
line, powers off, and prints the same lines again on a second boot (QEMU
runs with -icount: scripts/bench.py relies on that determinism)."""
import re

ALL = ["null", "fork", "exec", "pagefault", "sbrk", "pipe_rtt", "pipebw", "console", "file"]
LINE = re.compile(r"bench (\w+) ops=(\d+) insns=(\d+) ticks=(\d+)")
MEMSTAT = re.compile(r"bench memstat zeroed=(\d+) skipped=(\d+) returned=(\d+) "
                     r"populated=(\d+) hypercalls=(\d+)")


def bench_lines(native_boot):
    """The bench lines of one native boot running all.rc, after checking it powered off."""
    m = native_boot("rc=/etc/bench/all.rc")
    assert m.wait_exit(timeout=300) == 0
    lines = [l for l in m.lines() if l.startswith("bench ")]
    assert not [l for l in m.lines() if "bench:" in l or "panic" in l]
    return lines


def test_bench_all_prints_every_benchmark(native_boot):
    lines = bench_lines(native_boot)
    results = [LINE.fullmatch(l) for l in lines if LINE.fullmatch(l)]
    assert [r.group(1) for r in results] == ALL, lines
    for r in results:
        assert int(r.group(2)) > 0 and int(r.group(3)) > 0, r.group(0)
    stats = [MEMSTAT.fullmatch(l) for l in lines if MEMSTAT.fullmatch(l)]
    assert len(stats) == 1, lines
    # Natively the kernel clears every page it hands out and makes no hypercall.
    assert int(stats[0].group(1)) > 0 and int(stats[0].group(5)) == 0


def test_bench_is_deterministic(native_boot):
    first = bench_lines(native_boot)
    assert first and first == bench_lines(native_boot)
