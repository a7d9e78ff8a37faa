# SPDX-License-Identifier: MIT
"""PV trap registration: a kernel's own exceptions reach it, a bad entry is refused,
and a guest that installs its own root behind the hypervisor's back is stopped."""
import re

from conftest import guest_lines, ticks

EINVAL, EFAULT = -22, -14
ILLEGAL_INSTRUCTION = 2
WFI = 0x10500073


def test_trap_entry_is_checked_and_exceptions_are_delivered(boot):
    m = boot("trap")
    status = m.wait_exit()
    out = guest_lines(m.lines(), "trap")
    assert f"set_trap_table(unaligned) -> {EINVAL}" in out
    assert f"set_trap_table(unmapped) -> {EFAULT}" in out
    assert "set_trap_table(entry) -> 0" in out
    traps = [re.fullmatch(r"trap: scause (\d+) sepc 0x([0-9a-f]+) stval 0x([0-9a-f]+)", l)
             for l in out if l.startswith("trap:")]
    assert len(traps) == 2 and all(traps), out
    # An illegal instruction, then wfi (privileged: an illegal one for a PV
    # kernel, with the instruction bits in stval), 4 bytes apart.
    assert [int(t.group(1)) for t in traps] == [ILLEGAL_INSTRUCTION] * 2
    assert int(traps[0].group(3), 16) == 0
    assert int(traps[1].group(3), 16) == WFI
    assert int(traps[1].group(2), 16) == int(traps[0].group(2), 16) + 4
    assert out[-1] == "traps taken: 2"
    assert "[hyp] guest trap shut down: poweroff" in m.lines()
    assert status == 1  # the satp guest crashed


def test_guest_changing_vsatp_is_stopped_and_others_run_on(boot):
    m = boot("trap")
    m.wait_exit()
    lines = m.lines()
    stop = [l for l in lines if l.startswith("[hyp] guest satp crashed: ")]
    assert len(stop) == 1
    assert re.search(r"changed vsatp itself to 0x8[0-9a-f]{15} \(installed: 0x0\)", stop[0])
    assert "satp written" not in guest_lines(lines, "satp")
    assert [n for n, _ in ticks(lines, "pv0")] == [1, 2, 3]
