# SPDX-License-Identifier: MIT
"""Fixtures for the system tests: boot a hypervisor image in QEMU and read its console.

Every run is deterministic (-icount shift=0,sleep=off, one hart) and bounded by
a hard timeout, so a hung guest fails the test instead of hanging the suite.
"""
import io
import os
import re
import sys
import time

import pexpect
import pytest

# scripts/ holds what the tests share with the project's scripts: the console
# focus and the monitor's stats (scripts/hyp_console.py), how a Linux guest is
# given to QEMU (scripts/linux.py). The tests import from there, never the
# other way round.
SCRIPTS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "scripts")
if SCRIPTS not in sys.path:
    sys.path.insert(0, SCRIPTS)
import hyp_console  # noqa: E402
from hyp_console import FOCUS_KEY, FOCUS_LINE  # noqa: E402,F401  (the tests' names)

QEMU = os.environ.get("QEMU", "qemu-system-riscv64")
# Hard limit for one QEMU run, in seconds of wall time.
RUN_TIMEOUT = int(os.environ.get("HYP_TEST_TIMEOUT", "60"))


def pytest_addoption(parser):
    parser.addoption("--build", default="build", help="the build directory")


# The hypervisor's machine; every run adds ICOUNT unless a test asks for real time.
HYP_MACHINE = ["-machine", "virt", "-cpu", "rv64,h=true", "-smp", "1", "-m", "256M",
               "-nographic", "-bios", "default"]
ICOUNT = ["-icount", "shift=0,sleep=off"]


class Machine:
    """One QEMU run of a hypervisor image; output is kept for later checks."""

    def __init__(self, elf, extra=(), machine=None):
        # machine: the QEMU options before -kernel, when not the hypervisor's.
        if machine is None:
            machine = HYP_MACHINE + ICOUNT
        args = [*machine, "-kernel", elf, *extra]
        self.child = pexpect.spawn(QEMU, args, encoding="utf-8", codec_errors="replace",
                                   timeout=RUN_TIMEOUT)
        self._log = io.StringIO()
        self.child.logfile_read = self._log

    def expect(self, pattern, timeout=RUN_TIMEOUT):
        """Wait for a regular expression; returns the match."""
        self.child.expect(pattern, timeout=timeout)
        return self.child.match

    def expect_each(self, *patterns, timeout=RUN_TIMEOUT):
        """Wait until every pattern has been seen, in whatever order they come
        (two guests booting side by side reach their prompts in the order the
        scheduler's shares decide)."""
        left = list(patterns)
        while left:
            left.pop(self.child.expect(left, timeout=timeout))

    def cpu_seconds(self):
        """QEMU's CPU time so far (user and system, all its threads), in
        seconds: what the guests' progress has cost, however busy the host."""
        with open(f"/proc/{self.child.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def expect_each_within_cpu(self, *patterns, cpu_budget, wall_limit=600):
        """expect_each with a budget of QEMU CPU seconds instead of wall time:
        on a loaded host (the suite beside other builds and QEMUs) a long
        workload may get a small share of a core for minutes, which is no
        failure; a guest that makes no progress still burns the budget
        (under -icount sleep=off QEMU skips idle time at full speed).
        wall_limit bounds the wait whatever happens."""
        left = list(patterns)
        cpu0, wall0 = self.cpu_seconds(), time.monotonic()
        while left:
            i = self.child.expect(left + [pexpect.TIMEOUT], timeout=5)
            if i < len(left):
                left.pop(i)
                continue
            cpu, wall = self.cpu_seconds() - cpu0, time.monotonic() - wall0
            if cpu > cpu_budget or wall > wall_limit:
                raise pexpect.TIMEOUT(
                    f"not seen: {left} after {cpu:.0f} s of QEMU CPU time "
                    f"(budget {cpu_budget}), {wall:.0f} s of wall time, load "
                    f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

    def focus(self, name, presses=9):
        """Press Ctrl-] until the console focus is name ("hypervisor": the monitor).
        Call it once the boot's own focus line has been read (any prompt follows it)."""
        hyp_console.focus(self.child, name, presses, timeout=RUN_TIMEOUT)

    def stats(self, guest):
        """A guest's counters from the monitor's "stats GUEST" (it must have
        the focus): hyp_console.parse_stats_text's dict ("exits", "sbi",
        "exits_by", "running-us", ...)."""
        return hyp_console.ask_stats(self.child, guest, timeout=RUN_TIMEOUT)

    def monitor(self, line, *expect):
        """Type a line to the hypervisor's monitor (it must have the focus); wait
        for its echo, then for each expected pattern in turn; returns the matches."""
        self.child.send(line + "\r")
        self.expect(r"\[hyp\] monitor> " + re.escape(line))
        return [self.expect(e) for e in expect]

    def wait_exit(self, timeout=RUN_TIMEOUT):
        """Wait until QEMU ends; returns its exit status."""
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.child.close()
        return self.child.exitstatus

    def text(self):
        """Everything QEMU printed so far, with "\n" line ends."""
        return self._log.getvalue().replace("\r\n", "\n").replace("\r", "\n")

    def lines(self):
        return [l for l in self.text().splitlines() if l]

    def close(self):
        if not self.child.closed:
            self.child.terminate(force=True)


def close_all(machines, tmp_path, prefix):
    """Kill each QEMU; keep its transcript next to the test's other temporary files."""
    for i, m in enumerate(machines):
        m.close()
        (tmp_path / f"{prefix}{i}.log").write_text(m.text())


@pytest.fixture
def boot(request, tmp_path):
    """boot("NAME") starts build/hyp-NAME.elf; QEMU is killed when the test ends.
    icount=False runs it in real time, as users do (make qemu without ICOUNT=1),
    for behaviour that must not depend on -icount. smp=N gives QEMU N harts
    (with icount QEMU runs them in turn on one thread: docs/architecture.md)."""
    build = request.config.getoption("--build")
    machines = []

    def start(config, extra=(), icount=True, smp=1):
        elf = os.path.join(build, f"hyp-{config}.elf")
        assert os.path.exists(elf), f"{elf} is not built: run make tests-build"
        machine = list(HYP_MACHINE)
        machine[machine.index("-smp") + 1] = str(smp)
        m = Machine(elf, extra, machine=machine + ICOUNT if icount else machine)
        machines.append(m)
        return m

    yield start
    close_all(machines, tmp_path, "console")


def guest_lines(lines, name):
    """The console lines of one guest, without the prefix."""
    prefix = f"[{name}] "
    return [l[len(prefix):] for l in lines if l.startswith(prefix)]


FRAMES_BACK = re.compile(r"\[hyp\] frames: all \d+ returned, as before the guests were built$")


def frames_all_returned(lines):
    """The hypervisor's check when every guest is gone: all frames came back."""
    return any(FRAMES_BACK.match(l) for l in lines)


TICK = re.compile(r"tick (\d+) at (\d+)\.(\d+) ms \(late (\d+) us\)")


def ticks(lines, name):
    """(number, lateness in us) of each timer tick a guest kernel printed."""
    out = []
    for l in guest_lines(lines, name):
        m = TICK.fullmatch(l)
        if m:
            out.append((int(m.group(1)), int(m.group(4))))
    return out


# The native (FV) guest kernel alone on QEMU + OpenSBI: no H extension, the
# memory of one guest (make qemu-native uses the same options).
NATIVE_MACHINE = ["-machine", "virt", "-cpu", "rv64", "-smp", "1", "-m", "16M",
                  "-nographic", "-bios", "default", "-icount", "shift=0,sleep=off"]


@pytest.fixture
def native_boot(request, tmp_path):
    """native_boot(append="", busy=False) boots build/images/guest-kernel-fv.bin
    (or the busy-idle build) directly, with no hypervisor; QEMU is killed when
    the test ends."""
    build = request.config.getoption("--build")
    machines = []

    def start(append="", busy=False, extra=()):
        name = "guest-kernel-fv-busy.bin" if busy else "guest-kernel-fv.bin"
        image = os.path.join(build, "images", name)
        assert os.path.exists(image), f"{image} is not built: run make guest"
        args = [*extra, *(["-append", append] if append else [])]
        m = Machine(image, args, machine=NATIVE_MACHINE)
        machines.append(m)
        return m

    yield start
    close_all(machines, tmp_path, "native")
