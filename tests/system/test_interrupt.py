# SPDX-License-Identifier: MIT
"""Ctrl-C at a guest shell, in the PV, FV and native builds of the kernel
(common code: guest-kernel/console.c and the shell's job control): it kills
the foreground job, a whole pipeline of it, and neither the shell nor a
background job; at the prompt it discards the line being typed. Before, the
byte went on to the shell ("sh: \\x03...: not found") and the job ran on.

Checked by behaviour, not by time: the foreground job is a script that
prints "started" once it owns the console and then runs a pipeline that never
ends by itself (bench sleeper | wc); after Ctrl-C, echo answers and ps lists
the background job but no trace of the foreground one. Under -icount an idle
guest's clock jumps ahead (a "sleep 5" may be over before Ctrl-C is typed), so
nothing here waits for a sleep; it runs with and without -icount."""
import re

import pytest

from conftest import NATIVE_MACHINE, Machine, close_all

HYP_MACHINE = ["-machine", "virt", "-cpu", "rv64,h=true", "-smp", "1", "-m", "256M",
               "-nographic", "-bios", "default", "-icount", "shift=0,sleep=off"]
# kind: (hypervisor configuration or None for the native kernel, the line prefix)
KINDS = {"pv": ("default", "[pv0] "), "fv": ("fullvirt", "[fv0] "), "native": (None, "")}
PS_ROW = re.compile(r"\s*(\d+)\s+(\d+)\s+\S+\s+\d+\s+\d+\s+(\S+)")


class Shell:
    """The shell of one guest: lines typed, output up to the next prompt."""

    def __init__(self, machine, prefix):
        self.m = machine
        self.prefix = prefix
        # Natively a prompt starts a line; under the hypervisor it follows the prefix.
        self.prompt_re = re.escape(prefix) + r"\$ " if prefix else r"\n\$ "

    def prompt(self):
        self.m.expect(self.prompt_re)
        return self.m.child.before

    def type(self, text):
        self.m.child.send(text)

    def run(self, line):
        """Type a line (short: the hypervisor's input ring holds 64 bytes);
        its output, up to the next prompt."""
        self.type(line + "\r")
        return self.prompt()

    def ps(self):
        """(pid, name) of each process ps lists."""
        rows = []
        for l in self.run("ps").replace("\r", "").split("\n"):
            m = PS_ROW.fullmatch(l[len(self.prefix):] if l.startswith(self.prefix) else l)
            if m:
                rows.append((int(m.group(1)), m.group(3)))
        return rows


@pytest.fixture
def shell(request, tmp_path):
    """shell(kind, icount): boot a guest of that kind, wait for its first prompt."""
    build = request.config.getoption("--build")
    machines = []

    def start(kind, icount):
        config, prefix = KINDS[kind]
        if config:
            machine, image = HYP_MACHINE, f"{build}/hyp-{config}.elf"
        else:
            machine, image = NATIVE_MACHINE, f"{build}/images/guest-kernel-fv.bin"
        if not icount:
            i = machine.index("-icount")
            machine = machine[:i] + machine[i + 2:]
        m = Machine(image, machine=machine)
        machines.append(m)
        sh = Shell(m, prefix)
        sh.prompt()
        return sh

    yield start
    close_all(machines, tmp_path, "interrupt")


CASES = [("pv", True), ("fv", True), ("native", True), ("pv", False), ("native", False)]


@pytest.mark.parametrize("kind,icount", CASES,
                         ids=[f"{k}-{'icount' if i else 'realtime'}" for k, i in CASES])
def test_ctrl_c_kills_the_foreground_job_only(shell, kind, icount):
    sh = shell(kind, icount)
    sh.run("mkdir /tmp")
    sh.run("echo echo started > /tmp/job")
    sh.run("echo bench sleeper '|' wc >> /tmp/job")
    bg = int(re.search(r"\[(\d+)\]", sh.run("bench sleeper &")).group(1))
    sh.type("sh /tmp/job\r")
    sh.m.expect(re.escape(sh.prefix) + r"started\r")
    sh.type("\x03")
    sh.m.expect(re.escape(sh.prefix) + r"\^C\r")
    sh.prompt()
    # At the prompt, ^C discards the line being typed.
    sh.type("ech\x03")
    sh.m.expect(r"ech\^C\r")
    sh.prompt()
    assert "done\r" in sh.run("echo done")
    procs = sh.ps()
    names = [name for _, name in procs]
    assert (bg, "bench") in procs, procs       # the background job lives on
    assert names.count("bench") == 1, procs    # the foreground one is gone,
    assert "wc" not in names, procs            # its whole pipeline,
    assert names.count("sh") == 1, procs       # and the script, not the shell
    text = sh.m.text()
    assert "\x03" not in text
    assert "not found" not in text
    # wc was killed, not left to see end of file and print zeros.
    assert not re.search(r"^\S*\s+0\s+0\s+0$", text, re.M)
