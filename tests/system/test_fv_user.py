# SPDX-License-Identifier: MIT
"""FV guests running code in their own U-mode (tests/guests/fvuser.c, config
fvuser): supervisor CSRs that have no VS copy (scounteren, senvcfg) are each
guest's own across hundreds of switches, so a guest that closes the counters
to its users does not make another's rdtime fault, nor open them for it; a
wfi or sret in U-mode is an illegal instruction to the guest's kernel (cause
2, the instruction in stval), as on a real hart, not its kernel's idle.
Run with and without -icount: neither may depend on it."""
import re

import pytest

from conftest import guest_lines

CHECK = re.compile(r"(ok|FAIL): (.+) -> (\S+) \(want (\S+)\)")
GUESTS = ("uon", "uoff")
# Every check fvuser makes: a missing line fails as surely as a FAIL line.
CHECKS = [
    "scounteren written",
    "rounds with scounteren or senvcfg changed",
    "rounds where user rdtime was wrong",
    "interrupts taken",
    *[f"user {insn}: {what}" for insn in ("wfi", "sret")
      for what in ("exceptions", "scause", "stval", "sepc", "from U-mode")],
]


def results(lines, name):
    """{check name: True if it passed} from one guest's own lines."""
    out = {}
    for l in guest_lines(lines, name):
        m = CHECK.fullmatch(l)
        if m:
            assert m.group(2) not in out, f"check printed twice: {l}"
            out[m.group(2)] = m.group(1) == "ok"
    return out


@pytest.mark.parametrize("icount", [True, False], ids=["icount", "realtime"])
def test_supervisor_state_is_per_guest(boot, icount):
    m = boot("fvuser", icount=icount)
    assert m.wait_exit() == 0, "a guest failed or QEMU did not end cleanly"
    lines = m.lines()
    for name in GUESTS:
        got = results(lines, name)
        failed = [c for c in CHECKS if not got.get(c)]
        assert not failed, f"{name}: failed or missing: {failed}"
        assert "Test result: PASS" in guest_lines(lines, name)
        assert f"[hyp] guest {name} shut down: powered off (SBI SRST)" in lines
    # Each kept its own values: what it wrote is what it read in every round.
    assert "scounteren 0x7, senvcfg 0x1; 200 rounds" in guest_lines(lines, "uon")
    assert "scounteren 0x0, senvcfg 0x0; 200 rounds" in guest_lines(lines, "uoff")
