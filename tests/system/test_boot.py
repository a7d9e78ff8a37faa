# SPDX-License-Identifier: MIT
"""The default configuration: the hypervisor boots two PV guests, both run and shut down."""
import re

from conftest import guest_lines, ticks

PREFIXED = re.compile(r"^\[(hyp|pv0|pv1)\] ")


def test_two_guests_boot_tick_and_shut_down(boot):
    m = boot("default")
    m.expect(r"\[hyp\] rvhyp: RISC-V hypervisor, pvabi 1\.1")
    assert m.wait_exit() == 0
    lines = m.lines()
    for name, interval in (("pv0", 100), ("pv1", 150)):
        out = guest_lines(lines, name)
        assert out[0] == (f'guest kernel on {name}, pvabi 1.1, 16 MiB RAM, '
                          f'cmdline "ticks=5 interval_ms={interval}"')
        assert [n for n, _ in ticks(lines, name)] == [1, 2, 3, 4, 5]
        assert out[-1] == "timer demo done"
        assert f"[hyp] guest {name} shut down: poweroff" in lines
    assert lines[-1] == "[hyp] all guests stopped"


def test_every_line_after_the_banner_is_prefixed(boot):
    m = boot("default")
    assert m.wait_exit() == 0
    lines = m.lines()
    start = next(i for i, l in enumerate(lines) if l.startswith("[hyp] rvhyp"))
    stray = [l for l in lines[start:] if not PREFIXED.match(l)]
    assert stray == [], "lines without an owner prefix (interleaved output?)"


def test_guest_time_and_timer_are_sane(boot):
    m = boot("default")
    assert m.wait_exit() == 0
    lines = m.lines()
    for name in ("pv0", "pv1"):
        # Both guests idle almost all the time: a tick is never a slice late.
        assert all(late < 10000 for _, late in ticks(lines, name)), lines


def test_guests_interleave_while_both_run(boot):
    """pv0 (100 ms) and pv1 (150 ms) tick concurrently, not one after the other."""
    m = boot("default")
    assert m.wait_exit() == 0
    owners = [l[1:4] for l in m.lines() if re.match(r"\[pv[01]\] tick", l)]
    first_pv1 = owners.index("pv1")
    last_pv0 = len(owners) - 1 - owners[::-1].index("pv0")
    assert first_pv1 < last_pv0, owners
