# SPDX-License-Identifier: MIT
"""The guest kernel's user tests without -icount, as users run make qemu and
make qemu-native: guest time is the host's, so a test that depends on how long
something takes passes or fails by the load of the machine. Every other system
test runs under -icount, where each run repeats the last one exactly and such a
dependence never shows.

The case that made this file: the orphan test left a grandchild sleeping 50 ms,
which held a process slot into forkfill; forkfill's second fill found one slot
more than its first whenever the grandchild ended between them (FV guests under
the hypervisor, most runs). usertests now fails any test that leaves a process
behind, so that cannot come back unseen, and here both run several times in a
row in native and FV guests, in real time."""
import re

import pytest

from conftest import NATIVE_MACHINE, Machine, close_all, guest_lines

SUMMARY = re.compile(r"usertests: (\d+) passed, (\d+) failed")
ROUNDS = 5  # "usertests orphan forkfill" per boot: about 0.2 s each


def realtime(machine):
    """QEMU's options without -icount and its argument."""
    i = machine.index("-icount")
    return machine[:i] + machine[i + 2:]


HYP_MACHINE = ["-machine", "virt", "-cpu", "rv64,h=true", "-smp", "1", "-m", "256M",
               "-nographic", "-bios", "default"]


@pytest.fixture
def run(request, tmp_path):
    """run(kind, append=""): boot the native kernel ("native") or a hypervisor
    configuration (its name) in real time; QEMU is killed when the test ends."""
    build = request.config.getoption("--build")
    machines = []

    def start(kind, append=""):
        if kind == "native":
            image = f"{build}/images/guest-kernel-fv.bin"
            extra = ["-append", append] if append else []
            m = Machine(image, extra, machine=realtime(NATIVE_MACHINE))
        else:
            m = Machine(f"{build}/hyp-{kind}.elf", machine=HYP_MACHINE)
        machines.append(m)
        return m

    yield start
    close_all(machines, tmp_path, "realtime")


def failures(lines):
    return [l for l in lines if "FAIL" in l or "panic" in l or ".c:" in l]


def test_native_usertests_in_real_time(run):
    m = run("native", "rc=/etc/usertests.rc")
    assert m.wait_exit(timeout=300) == 0
    lines = m.lines()
    assert not failures(lines), failures(lines)
    assert "ALL TESTS PASSED" in lines and "test leak: ok" in lines


@pytest.mark.parametrize("config,guests", [("fvusertests", ("fv0", "fv1")),
                                           ("usertests", ("pv0", "pv1"))], ids=["fv", "pv"])
def test_hyp_usertests_in_real_time(run, config, guests):
    """Two guests at once under the hypervisor (FV: where forkfill failed most)."""
    m = run(config)
    assert m.wait_exit(timeout=300) == 0
    lines = m.lines()
    assert not failures(lines), failures(lines)
    for name in guests:
        assert "ALL TESTS PASSED" in guest_lines(lines, name), name


@pytest.mark.parametrize("kind,prompt", [("native", r"\n\$ "), ("fullvirt", r"\[fv0\] \$ ")],
                         ids=["native", "fv"])
def test_forkfill_after_orphan_repeatedly(run, kind, prompt):
    m = run(kind)
    m.expect(prompt)
    # One line per round: the hypervisor's input ring holds 64 bytes, and a
    # longer line typed at once loses bytes when nothing paces QEMU.
    for _ in range(ROUNDS):
        m.child.send("usertests orphan forkfill\r")
        sums = m.expect(SUMMARY)
        assert sums.group(1, 2) == ("2", "0"), failures(m.lines())
        m.expect(prompt)
    assert not failures(m.lines()), failures(m.lines())
