# SPDX-License-Identifier: MIT
"""The default configuration: the hypervisor boots two PV guests, each to its
own shell; both power off when told to, and QEMU exits cleanly."""
import re

from conftest import guest_lines

PREFIXED = re.compile(r"^\[(hyp|pv0|pv1)\] ")
FOCUS_KEY = "\x1d"  # Ctrl-]


def boot_to_prompts(boot):
    m = boot("default")
    m.expect(r"\[hyp\] rvhyp: RISC-V hypervisor, pvabi 1\.2")
    m.expect(r"\[hyp\] console focus: pv0 \(Ctrl-\] switches\)")
    m.expect_each(r"\[pv0\] \$ ", r"\[pv1\] \$ ")
    return m


def halt_both(m):
    m.child.send("halt\r")
    m.expect(r"\[hyp\] guest pv0 shut down: poweroff")
    m.child.send(FOCUS_KEY)
    m.expect(r"\[hyp\] console focus: pv1")
    m.child.send("halt\r")
    assert m.wait_exit() == 0


def test_two_guests_boot_to_a_shell_and_power_off(boot):
    m = boot_to_prompts(boot)
    halt_both(m)
    lines = m.lines()
    for name in ("pv0", "pv1"):
        out = guest_lines(lines, name)
        assert out[0] == f'guest kernel on {name}, pvabi 1.2, 16 MiB RAM, cmdline ""'
        assert any(l.startswith("Welcome to the rvhyp guest") for l in out)
        assert f"[hyp] guest {name} shut down: poweroff" in lines
    assert lines[-1] == "[hyp] all guests stopped"


def test_every_line_after_the_banner_is_prefixed(boot):
    m = boot_to_prompts(boot)
    halt_both(m)
    lines = m.lines()
    start = next(i for i, l in enumerate(lines) if l.startswith("[hyp] rvhyp"))
    stray = [l for l in lines[start:] if not PREFIXED.match(l)]
    assert stray == [], "lines without an owner prefix (interleaved output?)"


def test_an_idle_guest_costs_almost_nothing(boot):
    """Both shells wait for input: the kernels block, no timer ticks, few exits."""
    m = boot_to_prompts(boot)
    halt_both(m)
    for name in ("pv0", "pv1"):
        st = re.search(rf"\[hyp\] {name} stats: hcalls (\d+) .*?exits (\d+)", m.text(), re.S)
        assert st, m.text()[-1500:]
        # Booting (page tables in a few multicalls, exec of init and sh) plus halt.
        assert int(st.group(1)) < 400, st.group(0)
