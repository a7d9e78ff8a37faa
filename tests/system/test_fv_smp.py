# SPDX-License-Identifier: MIT
"""FV guests with several vCPUs (docs/architecture.md, "Several harts"):
fvsmp, a test guest of three harts (tests/guests/fvsmp.c), checks SBI HSM,
IPI and RFENCE across them as the SBI specification words them, states,
registers and error codes, and ends by stopping its last started hart,
which ends the guest with every frame back. The project's own FV kernel is
single-hart: given two vCPUs it boots on vCPU 0 and vCPU 1 stays down."""
import re

from conftest import frames_all_returned, guest_lines

CHECK = re.compile(r"(ok|FAIL): (.+) -> (\S+) \(want (\S+)\)")


def test_fvsmp_sbi_across_harts(boot):
    m = boot("fvsmp")
    assert m.wait_exit() == 0
    lines = m.lines()
    out = guest_lines(lines, "fvsmp")
    checks = [CHECK.fullmatch(l) for l in out if CHECK.fullmatch(l)]
    assert len(checks) >= 50, out
    assert [c.group(2) for c in checks if c.group(1) != "ok"] == [], out
    assert "Test result: PASS" in out
    assert any(re.fullmatch(r"\[hyp\] guest fvsmp: fv, .*, 3 vcpus", l) for l in lines)
    assert "[hyp] guest fvsmp shut down: stopped its last hart (SBI HSM hart_stop)" in lines
    assert frames_all_returned(lines)


def test_fv_kernel_with_two_vcpus_runs_on_one(boot):
    """The project's FV kernel is single-hart: given two vCPUs it boots on
    vCPU 0, never starts hart 1, and its shell and halt work as with one."""
    m = boot("fullvirt", extra=["-append", "vcpus.fv0=2"])
    m.expect(r"\[hyp\] guest fv0: fv, .*, 2 vcpus")
    m.expect_each(r"\[fv0\] \$ ", r"\[fv1\] \$ ")
    m.child.send("echo hi there | wc\r")
    m.expect(r"\[fv0\]\s+1\s+2\s+9")
    m.focus("hypervisor")
    m.monitor("regs fv0", r"\[hyp\] fv0 vcpu 0 \((runnable|blocked)\):",
              r"\[hyp\] fv0 vcpu 1 \(down\):")
    m.focus("fv0")
    m.child.send("halt\r")
    m.expect(r"\[hyp\] guest fv0 shut down: powered off \(SBI SRST\)")
