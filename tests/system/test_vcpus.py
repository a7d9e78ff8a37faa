# SPDX-License-Identifier: MIT
"""Guests with several vCPUs (vcpus=N) and PV vcpu_op/event_op: the tg-vcpus guest
proves each call on two vCPUs and prints each result; the hypervisor's lines say
how many vCPUs it has, that the last vCPU going down shut it down, and that every
frame came back. Also vcpus.NAME= on the command line (overriding the
configuration, bad values refused with one line each), and the same guest on
-smp 2 beside another guest."""
from conftest import frames_all_returned, guest_lines

EINVAL, EEXIST, EFAULT, ENOSYS = -22, -17, -14, -38
CALLS = (
    "is_up(0) -> 1", "is_up(1) before up -> 0", f"is_up(99) -> {EINVAL}",
    f"up(7) -> {EINVAL}", f"down(4) -> {EINVAL}", f"up(0), itself -> {EEXIST}",
    f"up(1) unmapped context -> {EFAULT}", f"up(1) odd pc -> {EINVAL}",
    f"vcpu_op(99) -> {ENOSYS}", f"send_ipi(5) -> {EINVAL}", f"event_op(7) -> {ENOSYS}",
    "up(1) -> 0", "is_up(1) after up -> 1", f"up(1) twice -> {EEXIST}",
    "vcpu 1 started -> 1", "vcpu 1 a1 (its id) -> 1", "vcpu 1 a0 -> 1",
    "send_ipi(1) -> 0", "vcpu 1 woken by the ipi -> 1", "ipi not pending on vcpu 0 -> 0",
    "vcpu 1 ran (time_running) -> 1",
    "vcpu 1 timer on vcpu 1 -> 1", "vcpu 1 timer not on vcpu 0 -> 0",
    "vcpu 0 timer on vcpu 0 -> 1", "vcpu 0 timer not on vcpu 1 -> 0",
    "down(1) -> 0", "is_up(1) after down -> 0", "down(1) again -> 0",
    "send_ipi(1) while down (lost) -> 0", "up(1) again -> 0",
    "vcpu 1 started afresh -> 2", "the lost ipi stayed lost -> 2",
    "vcpu 1 took itself down -> 0",
)


def check_two_vcpus(m):
    lines = m.lines()
    out = guest_lines(lines, "vc")
    assert out[-1] == "Test result: PASS", out
    for line in CALLS:
        assert line in out, (line, out)
    assert not [l for l in out if "(want" in l or "returned" in l], out
    # vCPU 0 went down last: the guest shut down cleanly, its policy destroyed it.
    assert "[hyp] guest vc shut down: its last vCPU (0) went down" in lines, lines
    assert any(l.startswith("[hyp] vc stats: vcpu 1 running-us ") for l in lines), lines
    assert frames_all_returned(lines)
    assert not any("PANIC" in l for l in lines)


def test_two_vcpus_every_call(boot):
    m = boot("vcpus")
    assert m.wait_exit() == 0
    # The boot line says how many vCPUs (nothing for one: pv0's line is as it was).
    assert any(l.startswith("[hyp] guest vc: pv, ") and l.endswith(", vmid 1, 2 vcpus")
               for l in m.lines()), m.lines()
    assert any(l.startswith("[hyp] guest pv0: pv, ") and l.endswith(", vmid 2")
               for l in m.lines()), m.lines()
    check_two_vcpus(m)
    # The bystander ticked on time meanwhile.
    assert guest_lines(m.lines(), "pv0")


def test_vcpus_on_the_command_line(boot):
    # vcpus.vc=1 overrides the configuration's 2; bad values are refused, one line each.
    m = boot("vcpus", extra=["-append", "vcpus.vc=5 vcpus.vc=1 vcpus.pv0=0 vcpus.pv0=x"])
    assert m.wait_exit() == 0
    lines = m.lines()
    assert '[hyp] command line: ignored "vcpus.vc=5": a guest has 1 to 4 vCPUs' in lines
    assert '[hyp] command line: ignored "vcpus.pv0=0": a guest has 1 to 4 vCPUs' in lines
    assert '[hyp] command line: ignored "vcpus.pv0=x": a guest has 1 to 4 vCPUs' in lines
    out = guest_lines(lines, "vc")
    assert out[-1] == "Test result: PASS", out
    assert "vcpus: one vCPU" in out and f"up(1) with one vCPU -> {EINVAL}" in out
    assert not any(l.startswith("[hyp] vc stats: vcpu 1") for l in lines)


def test_two_vcpus_on_smp2_beside_another_guest(boot):
    # Real time, two harts: vc's vCPUs share hart 0, pv0 runs on hart 1 meanwhile.
    m = boot("vcpus", icount=False, smp=2)
    m.expect_each(r"\[hyp\] guest vc: pv, .*, 2 vcpus, hart 0\r",
                  r"\[hyp\] guest pv0: pv, .*, hart 1\r")
    assert m.wait_exit() == 0
    check_two_vcpus(m)


def test_monitor_shows_each_vcpu(boot):
    # pv0's kernel never brings its second vCPU up: the monitor shows it down,
    # its whole share on vCPU 0 (the split is among vCPUs up), and pv0 works as before.
    m = boot("default", extra=["-append", "vcpus.pv0=2"])
    m.expect(r"\[hyp\] guest pv0: pv, 16 MiB, image \d+ KiB, vmid 1, 2 vcpus\r")
    m.expect(r"\[hyp\] console focus: pv0")
    m.expect_each(r"\[pv0\] \$ ", r"\[pv1\] \$ ")
    m.child.send("echo two-vcpus\r")
    m.expect(r"\[pv0\] two-vcpus")
    m.focus("hypervisor")
    m.monitor("sched", r"pv0\s+weight 256\s+cap\s+0%\s+credit\s+-?\d+ us\s+\w+  \(vcpu 0\)",
              r"vcpu 1 down\s+credit\s+-?\d+ us\s+\w+",
              r"pv1\s+weight 256\s+cap\s+0%\s+credit\s+-?\d+ us\s+\w+\r")
    m.monitor("regs pv0", r"pv0 vcpu 0 \(\w+\):", r"pv0 pc 0x", r"pv0 vcpu 1 \(down\):")
    m.monitor("stats pv0", r"pv0 stats: counts above",
              r"pv0 stats: vcpu 1 running-us 0, blocked-us \d+, exits 0")
    m.monitor("destroy pv0", r"\[hyp\] guest pv0 destroyed")
    m.monitor("destroy pv1", r"\[hyp\] guest pv1 destroyed")
    assert m.wait_exit() == 0
    assert frames_all_returned(m.lines())
