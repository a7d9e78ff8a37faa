# SPDX-License-Identifier: MIT
"""Misbehaving guests: bad calls get error codes, crashes stop only the guest that
crashed, and a guest that never yields cannot starve the others."""
import re

from conftest import guest_lines, ticks

ENOSYS, EFAULT, EINVAL = -38, -14, -22
SBI_ERR_NOT_SUPPORTED = -2


def test_bad_hypercalls_return_errors_and_guest_keeps_running(boot):
    m = boot("badcall")
    assert m.wait_exit() == 0
    out = guest_lines(m.lines(), "bad")
    assert out.count(f"hypercall 7 -> {ENOSYS}") == 3
    assert f"hypercall 1000 -> {ENOSYS}" in out
    assert out.count(f"sbi ext 0x0a000000 -> {SBI_ERR_NOT_SUPPORTED}") == 2
    assert "probe console_io -> 0" in out
    assert f"probe 7 -> {ENOSYS}" in out
    assert f"version cmd 99 -> {ENOSYS}" in out
    assert f"console_io unmapped buffer -> {EFAULT}" in out
    assert f"console_io cmd 9 -> {ENOSYS}" in out
    assert f"console_io read unmapped -> {EFAULT}" in out
    assert f"sched_op cmd 77 -> {ENOSYS}" in out
    assert f"shutdown reason 99 -> {EINVAL}" in out
    assert out[-1] == "still alive after bad calls"
    assert [n for n, _ in ticks(m.lines(), "pv0")] == [1, 2, 3]


def test_unknown_calls_are_logged_once_per_guest_and_number(boot):
    m = boot("badcall")
    assert m.wait_exit() == 0
    hyp = guest_lines(m.lines(), "hyp")
    assert sum("unknown hypercall 7 " in l for l in hyp) == 1
    # Numbers past the bitmap share one entry: 1000 is logged, 1001 is not.
    assert sum("unknown hypercall 1000" in l for l in hyp) == 1
    assert sum("unknown hypercall 1001" in l for l in hyp) == 0
    assert sum("unsupported SBI extension 0xa000000" in l for l in hyp) == 1


def test_crashing_guests_are_stopped_and_others_continue(boot):
    m = boot("crash")
    status = m.wait_exit()
    lines = m.lines()
    ill = [l for l in lines if l.startswith("[hyp] guest ill crashed: ")]
    wild = [l for l in lines if l.startswith("[hyp] guest wild crashed: ")]
    rep = [l for l in lines if l.startswith("[hyp] guest rep crashed: ")]
    assert len(ill) == 1 and re.search(
        r"illegal instruction in kernel at pc 0x8020[0-9a-f]{4}, tval 0x0$", ill[0])
    assert len(wild) == 1 and re.search(
        r"load guest-page fault \(no memory at guest-physical 0x10000000\) in kernel "
        r"at pc 0x8020[0-9a-f]{4}, tval 0x10000000$", wild[0])
    assert rep == ["[hyp] guest rep crashed: the guest reported a crash"]
    # pv0 keeps ticking after all three crashes.
    last_crash = max(lines.index(x[0]) for x in (ill, wild, rep))
    after = [l for l in lines[last_crash:] if l.startswith("[pv0] tick")]
    assert len(after) >= 3
    assert [n for n, _ in ticks(lines, "pv0")] == [1, 2, 3, 4, 5]
    assert "[hyp] guest pv0 shut down: poweroff" in lines
    assert lines[-1] == "[hyp] all guests stopped, some crashed"
    assert status == 1


def test_spinning_guest_does_not_starve_the_other(boot):
    m = boot("spin")
    m.expect(r"\[spin\] spin guest up")
    m.expect(r"\[hyp\] guest pv0 shut down: poweroff")
    lines = m.lines()
    t = ticks(lines, "pv0")
    assert [n for n, _ in t] == [1, 2, 3, 4, 5]
    # A woken guest preempts the spinner at once.
    assert all(late <= 1000 for _, late in t), t
    # ... and the spinner, which never yields, still gets the CPU in between.
    owners = [l[1:5] for l in lines if l.startswith(("[spin] still", "[pv0] tick"))]
    runs = sum(1 for a, b in zip(owners, owners[1:]) if a != b)
    assert runs >= 8, owners


def test_reboot_gives_scrubbed_memory(boot):
    m = boot("zero")
    for _ in range(3):
        got = m.expect(r"\[zero\] zero ranges: 2, (\d+) KiB checked, (\d+) nonzero words")
        assert int(got.group(1)) > 6000 and int(got.group(2)) == 0
    m.expect(r"\[pv0\] tick 3 ")
    lines = m.lines()
    assert lines.count("[hyp] guest zero rebooted") >= 2
    # pv0 is never held up for long by the rebooting guest's scrubbing.
    assert all(late <= 5000 for _, late in ticks(lines, "pv0")), lines
