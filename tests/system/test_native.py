# SPDX-License-Identifier: MIT
"""The native (FV) guest kernel on QEMU + OpenSBI alone, no hypervisor: the
same kernel with guest-kernel/native/ as its platform. It runs the user test
suite and a shell, with either idle loop (wfi, or the busy build)."""
import re

import pytest

SUMMARY = re.compile(r"usertests: (\d+) passed, (\d+) failed")
# Natively the kernel knows only SBI below it; OpenSBI's version is the installed one.
NATIVE_KIND = r"native on SBI \d+\.\d+ \(OpenSBI \d+\.\d+\)"


@pytest.mark.parametrize("busy", [False, True], ids=["wfi", "busy"])
def test_native_usertests_pass_and_power_off(native_boot, busy):
    m = native_boot("rc=/etc/usertests.rc", busy=busy)
    assert m.wait_exit(timeout=600) == 0
    lines = m.lines()
    # The name is the device tree's model, the command line its bootargs.
    banner = re.compile(rf'guest kernel on riscv-virtio,qemu, {NATIVE_KIND}, 16 MiB RAM, '
                        r'cmdline "rc=/etc/usertests\.rc"')
    assert any(banner.fullmatch(l) for l in lines)
    sums = [SUMMARY.search(l) for l in lines if SUMMARY.search(l)]
    assert sums, "no usertests summary:\n" + "\n".join(lines[-30:])
    passed, failed = int(sums[-1].group(1)), int(sums[-1].group(2))
    failures = [l for l in lines if "FAIL" in l or "panic" in l]
    assert failed == 0 and not failures, failures
    assert passed >= 30
    assert "ALL TESTS PASSED" in lines
    # The frame-leak check ran and passed.
    assert "test leak: ok" in lines
    # Native: no hypervisor prefix, no hypercalls, nothing known zero.
    assert not any(l.startswith(("[pv0] ", "[hyp] ")) for l in lines)
    assert re.search(r"^hypercalls\s+0$", m.text(), re.M)
    assert re.search(r"^zeroing skipped\s+0 pages$", m.text(), re.M)
    assert re.search(r"^pages returned\s+0$", m.text(), re.M)


def command(m, line, expect):
    """Type a line (console input arrives through the UART and the PLIC) and wait."""
    m.child.send(line + "\r")
    return m.expect(expect)


@pytest.mark.parametrize("busy", [False, True], ids=["wfi", "busy"])
def test_native_shell(native_boot, busy):
    m = native_boot(busy=busy)
    m.expect(rf'guest kernel on riscv-virtio,qemu, {NATIVE_KIND}, 16 MiB RAM, cmdline ""')
    m.expect(r"\$ ")
    # Lines end "\r\n" (the kernel's), seen through a pty as "\r\r\n".
    command(m, "echo hello", r"\nhello\r")
    command(m, "ls /", r"\S+\s+\d+ bin\r")
    command(m, "echo hi there | wc", r"\s+1\s+2\s+9\r")
    command(m, "mkdir /tmp; echo saved > /tmp/f; cat < /tmp/f", r"\nsaved\r")
    command(m, "sleep 0.2; echo woke", r"\nwoke\r")
    # pexpect compiles with re.DOTALL: keep patterns within one line.
    command(m, "nosuchprogram", r"sh: nosuchprogram: [^\r\n]+\r")
    m.expect(r"\$ ")
    assert "[pv0] " not in m.text()
    m.child.send("halt\r")
    assert m.wait_exit(timeout=60) == 0
