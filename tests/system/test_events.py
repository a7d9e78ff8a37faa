# SPDX-License-Identifier: MIT
"""Events: timer upcalls through set_callbacks, block delivering a pending upcall,
evt_mask; the guest checks scause, sepc and SPP itself and prints each result."""
from conftest import guest_lines, ticks

EINVAL, EFAULT = -22, -14


def test_timer_upcalls_block_and_mask(boot):
    m = boot("events")
    assert m.wait_exit() == 0
    out = guest_lines(m.lines(), "ev")
    assert out[-1] == "Test result: PASS", out
    assert f"set_callbacks(unaligned) -> {EINVAL}" in out
    assert f"set_callbacks(unmapped) -> {EFAULT}" in out
    for line in ("timer upcalls while spinning -> 5", "shared upcalls -> 5",
                 "sepc in the spin loop -> 1", "timer pending with SIE clear -> 1",
                 "upcalls with SIE clear -> 0", "block returned at once -> 1",
                 "upcall on the way back from block -> 1", "sepc in block's caller -> 1",
                 "upcalls while masked -> 0", "upcall after unmasking -> 1",
                 "masked timer ended the block -> 1"):
        assert line in out, out
    assert not [l for l in out if "(want" in l], out
    # The other guest, which never registers a callback, ticks on time.
    assert [n for n, _ in ticks(m.lines(), "pv0")] == [1, 2, 3]


def test_counters_printed_when_a_guest_stops(boot):
    m = boot("events")
    assert m.wait_exit() == 0
    lines = m.lines()
    stop = lines.index("[hyp] guest ev shut down: poweroff")
    stats = " ".join(l for l in lines[stop + 1:stop + 4] if l.startswith("[hyp] ev stats: "))
    # 7 upcalls: five timer ones, one after block, one after unmasking.
    assert "upcalls 7" in stats, stats
    assert "set_callbacks 3" in stats and "timer " in stats, stats
    assert "frames given 1024 returned 0" in stats, stats
