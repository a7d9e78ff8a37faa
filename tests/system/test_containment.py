# SPDX-License-Identifier: MIT
"""Containment: a guest that stops gives every frame back, scrubbed before
anyone gets it again, and its on_stop policy decides what follows (destroy,
or restart up to a limit); the frame count returns to where it was before any
guest was built."""
import re

import pytest

from conftest import frames_all_returned, guest_lines

NONZERO = re.compile(r"zero ranges: \d+, (\d+) KiB checked, (\d+) nonzero words")
DESTROYED = re.compile(r"\[hyp\] guest (\S+) destroyed: frames given (\d+), returned (\d+);")


@pytest.mark.parametrize("smp", [1, 2])
def test_restart_policy_rebuilds_scrubbed_then_destroys(boot, smp):
    """zero dirties all its memory and crashes, four boots in a row: each
    boot finds its memory scrubbed; after 3 restarts it is destroyed and all
    its frames are back; pv0 beside it is untouched. On two harts (no icount)
    zero is released and rebuilt on hart 0 while both idle loops scrub."""
    m = boot("zero", icount=smp == 1, smp=smp,
             extra=["-append", "on_stop.zero=restart args.zero=crash args.pv0=ticks=3,interval_ms=20"])
    assert m.wait_exit(timeout=120) == 1  # zero crashed (on purpose)
    lines = m.lines()
    out = guest_lines(lines, "zero")
    checks = [NONZERO.search(l) for l in out if NONZERO.search(l)]
    assert len(checks) == 4, out
    assert all(int(c.group(1)) > 4000 and c.group(2) == "0" for c in checks), out
    restarts = [l for l in lines if l.startswith("[hyp] guest zero: restarting (on_stop=restart")]
    assert [r.split(", ")[1] for r in restarts] == ["1 of 3)", "2 of 3)", "3 of 3)"], restarts
    assert "[hyp] guest zero: restarted 3 times already: destroyed instead" in lines
    gone = {d.group(1): d for d in map(DESTROYED.match, lines) if d}
    assert gone["zero"].group(2) == gone["zero"].group(3) == str(4 * 2048)
    assert gone["pv0"].group(2) == gone["pv0"].group(3)
    assert frames_all_returned(lines), lines[-5:]
    assert "[hyp] guest pv0 shut down: poweroff" in lines


def test_destroy_is_the_default_and_frames_come_back(boot):
    """A crashing guest (crash.c) is destroyed at once: given == returned,
    and with every guest gone, the free count is what it was at boot."""
    m = boot("crash")
    m.wait_exit()
    lines = m.lines()
    gone = [d for d in map(DESTROYED.match, lines) if d]
    assert gone and all(d.group(2) == d.group(3) for d in gone), gone
    assert not any("restarting" in l for l in lines)
    assert frames_all_returned(lines), lines[-5:]


def test_bad_on_stop_items_are_reported(boot):
    m = boot("zero", extra=["-append", "args.zero=once args.pv0=ticks=3,interval_ms=20 "
                                       "on_stop.zero=sometimes "
                                       "on_stop.zero=restart:0 "
                                       "on_stop.zero=restart:99999999999999999999999 "
                                       "on_stop.=restart"])
    m.wait_exit()
    text = m.text()
    assert ('command line: ignored "on_stop.zero=sometimes": the policy is destroy, restart '
            'or restart:N') in text
    assert 'ignored "on_stop.zero=restart:0"' in text
    # strtoull's overflow writes errno in the hypervisor's TLS block.
    assert 'ignored "on_stop.zero=restart:99999999999999999999999"' in text
    assert 'ignored "on_stop.=restart": expected on_stop.NAME=destroy' in text
    assert "restarting" not in text
