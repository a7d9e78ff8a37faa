# SPDX-License-Identifier: MIT
"""Both PV guests run usertests at the same time: every system call, bad
arguments included, and a frame-leak check; both pass and power off."""
import re

from conftest import guest_lines

SUMMARY = re.compile(r"usertests: (\d+) passed, (\d+) failed")


def test_usertests_pass_in_both_guests_at_once(boot):
    m = boot("usertests")
    assert m.wait_exit(timeout=600) == 0
    lines = m.lines()
    for name in ("pv0", "pv1"):
        out = guest_lines(lines, name)
        sums = [SUMMARY.search(l) for l in out if SUMMARY.search(l)]
        assert sums, f"{name} printed no summary"
        passed, failed = int(sums[-1].group(1)), int(sums[-1].group(2))
        failures = [l for l in out if "FAIL" in l]
        assert failed == 0 and not failures, failures
        assert passed >= 30
        assert "ALL TESTS PASSED" in out
        assert f"[hyp] guest {name} shut down: poweroff" in lines
    # They ran concurrently: pv1's output starts before pv0's ends.
    owners = [l[1:4] for l in lines if l.startswith(("[pv0] ", "[pv1] "))]
    assert owners.index("pv1") < len(owners) - 1 - owners[::-1].index("pv0")


def test_hypervisor_reports_each_guest_counters(boot):
    m = boot("usertests")
    assert m.wait_exit(timeout=600) == 0
    text = m.text()
    for name in ("pv0", "pv1"):
        stats = re.search(rf"\[hyp\] {name} stats: hcalls (\d+) \(", text)
        assert stats and int(stats.group(1)) > 0, text[-2000:]
        # Page tables are only ever changed through the hypercalls.
        assert re.search(rf"\[hyp\] {name} stats: .*mmu_update \d+", text)
