# SPDX-License-Identifier: MIT
"""The console on the wire: the bytes QEMU's UART puts out, read through pipes
(a pty would add a "\\r" before every "\\n"). After OpenSBI's banner every line
is exactly one owner's, starts with its prefix and ends in a single "\\r\\n";
a restart or destroy leaves no empty line; and no guest, focused or not, can
make the terminal show a line that starts with another owner's prefix."""
import os
import re

import pexpect
import pytest
from pexpect.popen_spawn import PopenSpawn

from conftest import FOCUS_KEY, QEMU, RUN_TIMEOUT

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pexpect's reader thread

MACHINE = ["-machine", "virt", "-cpu", "rv64,h=true", "-smp", "1", "-m", "256M",
           "-nographic", "-bios", "default", "-icount", "shift=0,sleep=off"]
PREFIX = re.compile(rb"\[([a-z0-9]+)\] ")
CSI = re.compile(rb"\x1b\[([0-9;?]*)([@-~])")


class RawMachine:
    """QEMU on pipes: what the UART sent, byte for byte."""

    def __init__(self, elf):
        self.child = PopenSpawn([QEMU, *MACHINE, "-kernel", elf], timeout=RUN_TIMEOUT)
        self.out = bytearray()

    def expect(self, pattern):
        self.child.expect(pattern)
        self.out += self.child.before + self.child.after
        return self.child.match

    def send(self, data):
        self.child.send(data)

    def wire(self):
        """Everything received, after a last short wait for what is still coming."""
        self.child.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=1)
        self.out += self.child.before
        return bytes(self.out)

    def close(self):
        self.child.kill(9)
        self.child.wait()


@pytest.fixture
def raw_boot(request, tmp_path):
    build = request.config.getoption("--build")
    machines = []

    def start(config):
        elf = os.path.join(build, f"hyp-{config}.elf")
        assert os.path.exists(elf), f"{elf} is not built: run make tests-build"
        machines.append(RawMachine(elf))
        return machines[-1]

    yield start
    for i, m in enumerate(machines):
        m.close()
        (tmp_path / f"wire{i}.bin").write_bytes(bytes(m.out))


def wire_lines(data):
    """The complete lines after the hypervisor's first, without their "\\r\\n"."""
    start = data.index(b"[hyp] ")
    assert data[start - 2:start] == b"\r\n" or start == 0
    return data[start:].split(b"\r\n")[:-1]


def render(line):
    """What a terminal shows of one line: \\r, \\b, cursor back and forward, erase to
    the end; other sequences take no room."""
    cells, x, i = [], 0, 0
    while i < len(line):
        c = line[i:i + 1]
        m = CSI.match(line, i)
        if m:
            n = int(m.group(1).split(b";")[0] or b"1") if m.group(1)[:1] != b"?" else 0
            if m.group(2) == b"D":
                x = max(0, x - n)
            elif m.group(2) == b"C":
                x += n
            elif m.group(2) == b"K":
                del cells[x:]
            i = m.end()
            continue
        if c == b"\r":
            x = 0
        elif c == b"\b":
            x = max(0, x - 1)
        elif c == b"\t":
            x = (x | 7) + 1
        elif c >= b" ":
            cells += [b" "] * (x + 1 - len(cells))
            cells[x] = c
            x += 1
        i += 1
    return b"".join(cells)


def check_lines(lines, owners):
    """Each line: one owner's prefix, no bare line end inside, a \\r only before
    that prefix again, and on the terminal it starts with that prefix."""
    for line in lines:
        m = PREFIX.match(line)
        assert m and m.group(1).decode() in owners, line
        assert b"\n" not in line and not line.endswith(b"\r"), line
        for part in line.split(b"\r")[1:]:
            assert part.startswith(m.group(0)), line
        assert render(line).startswith(m.group(0)), (line, render(line))


def test_wire_lines_one_owner_each(raw_boot):
    m = raw_boot("default")
    m.expect(rb"\[pv1\] \$ ")
    m.send(b"echo hello\r")
    m.expect(rb"\[pv0\] hello\r\n")
    # Ctrl-D ends the shell: its prompt's line ends before init says so.
    m.send(b"\x04")
    m.expect(rb"\[pv0\] \$ \r\n\[pv0\] init: sh exited with status 0, starting a new one\r\n")
    m.send(FOCUS_KEY.encode() * 2)
    m.expect(rb"\[hyp\] monitor> ")
    m.send(b"restart pv1\r")
    m.expect(rb"\[pv1\] \$ ")
    m.send(b"destroy pv1\r")
    m.expect(rb"destroyed: frames given")
    m.send(b"stats\r")
    m.expect(rb"\[hyp\] frames: ")
    m.send(b"help\r")
    m.expect(rb"keys: ")
    data = m.wire()
    assert b"\r\r\n" not in data[data.index(b"[hyp] "):]
    lines = wire_lines(data)
    check_lines(lines, {"hyp", "pv0", "pv1"})
    # pv1's only empty lines are the one its /etc/rc echoes at each of its 2 boots.
    assert lines.count(b"[pv1] ") == 2
    assert b"[hyp] monitor> restart pv1" in lines and b"[hyp] monitor> destroy pv1" in lines


FORGE = b"\x1b[A\x1b[2K\x1b[1G[hyp] forged"


def test_guest_cannot_forge_a_line(raw_boot):
    m = raw_boot("monitor")
    m.expect(rb"\[e1\] echo guest up\r\n")
    # Focused, e0 echoes what it is sent: moves up and to column 1 are shown as text,
    # backspaces stop at its prefix, colours pass and end with the line.
    m.send(b"a" + FORGE + b"\r")
    m.expect(rb"\[e0\] got: a\\x1b\[A\\x1b\[2K\\x1b\[1G\[hyp\] forged\r\n")
    m.send(b"\b" * 20 + b"[hyp] forged\r")
    m.expect(rb"\[e0\] got: \x08{5}\[hyp\] forged\r\n")
    m.send(b"\x1b[1mbold\r")
    m.expect(rb"\[e0\] got: \x1b\[1mbold\x1b\[0m\r\n")
    # The line is read by e0 after the focus moved on (the same write): all escaped.
    m.send(b"\x1b[31m" + b"\b" * 20 + b"[hyp] forged\r" + FOCUS_KEY.encode())
    m.expect(rb"\[e0\] got: \\x1b\[31m(\\x08){20}\[hyp\] forged\r\n")
    data = m.wire()
    lines = wire_lines(data)
    check_lines(lines, {"hyp", "e0", "e1"})
    assert not [l for l in lines if render(l).startswith(b"[hyp] forged")]
