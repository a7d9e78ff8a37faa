# SPDX-License-Identifier: MIT
"""Full virtualization: the unmodified (FULLVIRT=1) kernel under the hypervisor,
two at once (hyp/config/fullvirt.c) and next to a PV guest (hyp/config/mixed.c).
The same user test suite and shell checks as the PV guests."""
import re

from conftest import guest_lines

SUMMARY = re.compile(r"usertests: (\d+) passed, (\d+) failed")


def stats(text, name):
    """The hypervisor's counters for one guest, as a dict of name -> int."""
    lines = re.findall(rf"\[hyp\] {name} stats: (.*)", text)
    assert lines, text[-2000:]
    joined = " ".join(lines)
    return {k: int(v) for k, v in re.findall(r"([a-z-]+) (\d+)", joined)}


def test_fv_usertests_pass_in_both_guests_at_once(boot):
    m = boot("fvusertests")
    assert m.wait_exit(timeout=600) == 0
    lines, text = m.lines(), m.text()
    for name in ("fv0", "fv1"):
        out = guest_lines(lines, name)
        # Unmodified, it knows only SBI, which the hypervisor implements.
        assert out[0] == (f'guest kernel on {name}, native on SBI 2.0 (rvhyp, pvabi 1.2), '
                          '16 MiB RAM, cmdline "rc=/etc/usertests.rc"')
        sums = [SUMMARY.search(l) for l in out if SUMMARY.search(l)]
        assert sums, f"{name} printed no summary"
        assert int(sums[-1].group(2)) == 0 and int(sums[-1].group(1)) >= 30
        assert "ALL TESTS PASSED" in out
        assert f"[hyp] guest {name} shut down: powered off (SBI SRST)" in lines
        st = stats(text, name)
        # An unmodified kernel makes no hypercall: SBI, device accesses and WFIs.
        assert st["hcalls"] == 0
        assert st["sbi"] > 0 and st["mmio"] > 0 and st["wfi"] > 0


def halt(m, guest, how):
    m.child.send("halt\r")
    m.expect(rf"\[hyp\] guest {guest} shut down: {how}")


def test_fv_shells_and_focus(boot):
    m = boot("fullvirt")
    m.expect(r"\[hyp\] console focus: fv0")
    m.expect_each(r"\[fv0\] \$ ", r"\[fv1\] \$ ")
    m.child.send("echo hi there | wc\r")
    m.expect(r"\[fv0\]\s+1\s+2\s+9")
    m.child.send("ls /bin\r")
    m.expect(r"\[fv0\] \S*\s*\d+ usertests")
    m.focus("fv1")
    m.child.send("echo on the other guest\r")
    m.expect(r"\[fv1\] on the other guest")
    halt(m, "fv1", re.escape("powered off (SBI SRST)"))
    m.focus("fv0")  # on past the monitor
    halt(m, "fv0", re.escape("powered off (SBI SRST)"))
    assert m.wait_exit() == 0
    text = m.text()
    assert "[fv0] echo on the other guest" not in text
    for name in ("fv0", "fv1"):
        st = stats(text, name)
        # Idle at the prompt the kernel waits in WFI, which blocks it: few exits.
        assert st["wfi"] > 0
        assert st["exits"] < 2000, st


def test_pv_and_fv_side_by_side(boot):
    m = boot("mixed")
    m.expect_each(r"\[pv0\] \$ ", r"\[fv1\] \$ ")
    m.child.send("echo from pv\r")
    m.expect(r"\[pv0\] from pv")
    m.focus("fv1")
    m.child.send("echo from fv\r")
    m.expect(r"\[fv1\] from fv")
    halt(m, "fv1", re.escape("powered off (SBI SRST)"))
    m.focus("pv0")
    halt(m, "pv0", "poweroff")
    assert m.wait_exit() == 0
    lines = m.lines()
    assert guest_lines(lines, "pv0")[0].startswith("guest kernel on pv0, pvabi 1.2")
    assert guest_lines(lines, "fv1")[0].startswith("guest kernel on fv1, native on SBI 2.0 (rvhyp")
    pv, fv = stats(m.text(), "pv0"), stats(m.text(), "fv1")
    assert pv["hcalls"] > 0 and fv["hcalls"] == 0
    assert "mmio" not in pv and fv["mmio"] > 0
