# SPDX-License-Identifier: MIT
"""The soak test: two PV kernels run usertests in a loop, twice per boot
(/etc/soak.rc) and for SOAK_ROUNDS boots (on_stop=restart:N), side by side.
No round may fail, a kernel's free pages after each usertests run must not
shrink, and the hypervisor's free frames at each restart must not shrink
either. CI runs a short soak; make soak ROUNDS=N runs a long one."""
import os
import re

from conftest import frames_all_returned, guest_lines

ROUNDS = int(os.environ.get("SOAK_ROUNDS", "2"))
SUMMARY = re.compile(r"usertests: (\d+) passed, (\d+) failed")
FREE = re.compile(r"pages free +(\d+) \(\d+ known zero\)$")  # memstat's line
RESTART = re.compile(r"\[hyp\] guest (\S+): restarting \(on_stop=restart, (\d+) of \d+\), "
                     r"(\d+) frames free")


def test_soak(boot):
    restarts = ROUNDS - 1
    m = boot("soak", extra=["-append", f"on_stop.pv0=restart:{restarts} "
                                       f"on_stop.pv1=restart:{restarts}"])
    assert m.wait_exit(timeout=300 * ROUNDS) == 0
    lines = m.lines()
    for name in ("pv0", "pv1"):
        out = guest_lines(lines, name)
        sums = [SUMMARY.search(l) for l in out if SUMMARY.search(l)]
        assert len(sums) == 2 * ROUNDS, f"{name}: {len(sums)} usertests runs"
        assert all(s.group(2) == "0" and int(s.group(1)) >= 30 for s in sums)
        free = [int(FREE.match(l).group(1)) for l in out if FREE.match(l)]
        assert len(free) == 2 * ROUNDS
        # Within a boot the second run leaves as much free as the first.
        assert all(free[i + 1] >= free[i] for i in range(0, len(free), 2)), free
        assert len(set(free[::2])) == 1, free  # every boot alike
    # The hypervisor's side: each restart finds as many frames free as the first.
    frees = {}
    for r in map(RESTART.match, lines):
        if r:
            frees.setdefault(r.group(1), []).append(int(r.group(3)))
    assert all(len(v) == restarts for v in frees.values()) and len(frees) == (2 if restarts else 0)
    assert frames_all_returned(lines), lines[-5:]
