# SPDX-License-Identifier: MIT
"""A hostile fully virtualized guest (tests/guests/fvbad.c, config fvbad): bad
SBI calls get their error codes, interrupts and WFI behave, accesses to devices
that are not emulated fault as on a real machine, garbage in the UART does not
break it, and a wild satp stops that guest alone while pv0 finishes."""
import re

import pytest

from conftest import guest_lines, ticks

CHECK = re.compile(r"(ok|FAIL): (.+) -> (\S+) \(want (\S+)\)")

# Every check fvbad makes: a missing line fails as surely as a FAIL line.
CHECKS = [
    "boot hart id",
    "base spec version", "base impl id", "probe TIME", "probe 0x0a000000",
    "ext 0x0a000000", "ext 0x0a000000 again", "TIME fid 5",
    "hsm status(0) error", "hsm status(0) value", "hsm status(1)", "hsm hart_start(0)",
    "ipi mask 2 base 0", "rfence fid 3", "srst type 7",
    "ipi to self", "ipi pending in sip", "ipi interrupts taken", "ipi scause",
    "ipi cleared by the handler",
    "wfi returns after the deadline", "timer interrupt after wfi", "timer scause",
    "no timer interrupt after set_timer(max)",
    "wfi storm returned", "storm timer still pending", "no timer interrupt after the storm",
    "load sifive_test scause", "load sifive_test stval",
    "store virtio-mmio scause", "store virtio-mmio stval",
    "load 0x0 scause", "load 0x0 stval", "lw uart scause", "lw uart stval",
    "c.lw from sifive_test leaves a1 alone", "c.lw sifive_test scause", "c.lw sifive_test stval",
    "uart garbage faults", "uart lsr thre", "uart iir no interrupt", "uart scratch",
    "plic c.sw/c.lw priority 5", "plic c.sw/c.lw priority 0xf keeps 3 bits",
    "plic c.sw/c.lw priority 0", "plic faults",
    "csrr hstatus scause", "csrr hstatus sepc", "csrr hstatus stval",
    "satp mode 5 ignored", "satp faults",
]

def run(boot):
    """Boot fvbad, wait for QEMU to end; (exit status, all lines)."""
    m = boot("fvbad")
    status = m.wait_exit()
    return status, m.lines()


def results(lines):
    """{check name: True if it passed} from fvbad's own lines."""
    out = {}
    for l in guest_lines(lines, "fvbad"):
        m = CHECK.fullmatch(l)
        if m:
            assert m.group(2) not in out, f"check printed twice: {l}"
            out[m.group(2)] = m.group(1) == "ok"
    return out


def test_fv_guest_checks_pass(boot):
    _, lines = run(boot)
    got = results(lines)
    assert sorted(got) == sorted(CHECKS)
    failed = [name for name, ok in got.items() if not ok]
    assert failed == [], failed
    assert "Test result: PASS" in guest_lines(lines, "fvbad")
    out = guest_lines(lines, "fvbad")
    assert out[0] == "fvbad up: hart 0, dtb 0x803ff000"
    # After garbage in every register but THR, the console still prints.
    assert "uart still works" in out


def test_fv_unhandled_accesses_and_calls_are_logged(boot):
    _, lines = run(boot)
    hyp = guest_lines(lines, "hyp")
    pc = r"\(pc 0x8020[0-9a-f]{4}\)"
    for what in (rf"load at guest-physical 0x100000 {pc}: no memory or device there "
                 r"-> load access fault",
                 rf"store at guest-physical 0x10001000 {pc}: no memory or device there "
                 r"-> store access fault",
                 rf"load at guest-physical 0x0 {pc}: no memory or device there "
                 r"-> load access fault",
                 rf"load at guest-physical 0x10000000 {pc}: an access this device does "
                 r"not take -> load access fault"):
        assert any(re.fullmatch("guest fvbad: " + what, l) for l in hyp), what
    # Called twice, logged once.
    assert sum("guest fvbad: unsupported SBI extension 0xa000000" in l for l in hyp) == 1
    # The bad SRST type did not reset or stop it.
    assert not any(l.startswith(("guest fvbad rebooted", "guest fvbad shut down"))
                   for l in hyp)


def test_wild_satp_stops_only_that_guest(boot):
    status, lines = run(boot)
    out = guest_lines(lines, "fvbad")
    # The verdict comes first: nothing fvbad checks depends on surviving this.
    assert out[-2].startswith("Test result: ")
    assert out[-1].startswith("writing satp: Sv39")
    # The fetch after the satp write walks a table at 0x1000000: nothing there.
    walk = [l for l in lines if re.match(
        r"\[hyp\] guest fvbad: fetch at guest-physical 0x1000[0-9a-f]{3} .*its page-table "
        r"walk left its memory -> fetch access fault", l)]
    assert walk, "no page-table walk fault logged"
    crashed = [l for l in lines if l.startswith("[hyp] guest fvbad crashed: ")]
    # QEMU reports the fetch as a load guest-page fault; the hypervisor still
    # gives the guest the instruction access fault (1) a real hart raises.
    assert len(crashed) == 1 and re.fullmatch(
        r"\[hyp\] guest fvbad crashed: exception 1 at its own trap vector "
        r"0x8020[0-9a-f]{4} \(tval 0x[0-9a-f]+\): it cannot make progress", crashed[0])
    assert lines.index(walk[0]) < lines.index(crashed[0])
    # pv0 is untouched: all its ticks, then a clean power-off.
    assert [n for n, _ in ticks(lines, "pv0")] == [1, 2, 3, 4, 5]
    assert "[hyp] guest pv0 shut down: poweroff" in lines
    assert lines[-1] == "[hyp] all guests stopped, some crashed"
    assert status == 1
