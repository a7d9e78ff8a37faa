# SPDX-License-Identifier: MIT
"""A guest's messages cannot drown the console: one that crashes and is
restarted again and again (config crash, on_stop.ill=restart:N) costs a
bounded number of [hyp] lines a second, a "N messages suppressed" line says
what was left out, its last words (destroyed, frames back) are all there,
and pv0, ticking every 50 ms beside it, serves as the clock. With and
without -icount: the limit is by the hypervisor's clock either way."""
import re

import pytest

from conftest import frames_all_returned, ticks

TICK_MS = 50
TICKS = 100  # 5 s of clock
# log.h: 30 lines at once, then 5 a second; a crash is one message of a few
# lines (its statistics), which may overdraw by those; plus one summary.
BURST, PER_SECOND = 30, 5
MAX_PER_SECOND = BURST + PER_SECOND + 4 + 1
# The limited lines about ill: its crashes with their statistics, restarts,
# reboots, and the summaries (not its creation nor its last words).
ILL = re.compile(r"\[hyp\] (guest ill (crashed|rebooted)|ill stats:|"
                 r"guest ill: (restarting|\d+ messages suppressed))")
SUPPRESSED = re.compile(r"\[hyp\] guest ill: (\d+) messages suppressed in the last (\d+) ms")


def per_window(lines, window_ticks):
    """The most ill lines between any two pv0 ticks window_ticks apart (after
    the last tick there is no clock: not counted)."""
    counts, n = [], 0
    for l in lines:
        if l.startswith("[pv0] tick "):
            counts.append(n)
            n = 0
        elif ILL.match(l):
            n += 1
    return max(sum(counts[i:i + window_ticks]) for i in range(len(counts)))


# Under -icount a crash comes every 10 ms of guest time, 300 take 3 s; in real
# time a restart (4 MiB scrubbed) is slower, and the machine may be loaded.
@pytest.mark.parametrize("icount,restarts", [(True, 300), (False, 60)],
                         ids=["icount", "realtime"])
def test_crash_loop_lines_are_bounded(boot, icount, restarts):
    m = boot("crash", icount=icount, extra=[
        "-append", f"on_stop.ill=restart:{restarts} args.pv0=ticks={TICKS},interval_ms={TICK_MS}"])
    m.wait_exit(timeout=120)
    lines = m.lines()
    assert len(ticks(lines, "pv0")) == TICKS, "pv0 did not tick throughout"
    # Bounded: per second of pv0's ticks (1000 / TICK_MS of them).
    worst = per_window(lines, 1000 // TICK_MS)
    assert worst <= MAX_PER_SECOND, f"{worst} lines about ill in a second"
    # The storm ran while pv0 ticked, and its last words are all there.
    last_tick = max(i for i, l in enumerate(lines) if l.startswith("[pv0] tick "))
    assert any(SUPPRESSED.match(l) for l in lines[:last_tick]), "no storm while the clock ran"
    # After the first second, the steady rate.
    first = next(i for i, l in enumerate(lines) if l.startswith("[pv0] tick 20 "))
    steady = per_window(lines[first:], 1000 // TICK_MS)
    assert steady <= PER_SECOND + 4 + 1, f"{steady} lines about ill a second after the burst"
    assert f"[hyp] guest ill: restarted {restarts} times already: destroyed instead" in lines
    destroyed = [l for l in lines if l.startswith("[hyp] guest ill destroyed: ")]
    assert len(destroyed) == 1
    given = re.search(r"frames given (\d+), returned (\d+)", destroyed[0])
    assert given.group(1) == given.group(2)
    assert frames_all_returned(lines)
    # What was left out is said, and adds up to what the crash loop logged.
    summaries = [SUPPRESSED.match(l) for l in lines if SUPPRESSED.match(l)]
    assert summaries, "no messages suppressed line"
    printed = [l for l in lines if ILL.match(l) and not SUPPRESSED.match(l)]
    suppressed = sum(int(s.group(1)) for s in summaries)
    assert len(printed) + suppressed >= 4 * restarts
    # The hypervisor's own lines are never limited.
    assert "[hyp] all guests stopped, some crashed" in lines
