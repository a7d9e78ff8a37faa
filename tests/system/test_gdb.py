# SPDX-License-Identifier: MIT
"""GDB: the init file make gdb generates (scripts/gdbinit.in) and the rvhyp-*
helpers (scripts/gdb/rvhyp.py), against QEMU's gdbstub in batch mode.

QEMU starts stopped (-S) on a port the OS picks; gdb stops at the first
hypercall, pv0's version (17), which its kernel makes first (plat_init), then
in pv0's kernel (kmain, a hardware breakpoint at a guest virtual address).
"""
import os
import re
import shutil
import socket
import subprocess
import time

import pytest

from conftest import QEMU

GDB = os.environ.get("GDB", "gdb-multiarch")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIMEOUT = 60


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gdbinit(build, elf, port):
    """scripts/gdbinit.in with what the Makefile substitutes."""
    with open(os.path.join(ROOT, "scripts", "gdbinit.in")) as f:
        text = f.read()
    for key, val in (("@PORT@", str(port)), ("@BUILD@", os.path.abspath(build)),
                     ("@ELF@", os.path.abspath(elf)), ("@SRCDIR@", ROOT)):
        text = text.replace(key, val)
    return text


def test_gdb_hcall_break(request, tmp_path):
    if shutil.which(GDB) is None:
        pytest.skip(f"{GDB} is not installed")
    build = request.config.getoption("--build")
    elf = os.path.join(build, "hyp-default.elf")
    assert os.path.exists(elf), f"{elf} is not built: run make"
    assert os.path.exists(os.path.join(build, "guest-kernel.elf"))
    port = free_port()
    init = tmp_path / "gdbinit"
    init.write_text(gdbinit(build, elf, port))
    cmds = tmp_path / "cmds"
    cmds.write_text("\n".join([
        f"source {init}",
        "break hcall_dispatch",
        "continue",
        "p v->guest->cfg->name",
        "p nr",
        "rvhyp-where",
        "rvhyp-vcpu",
        "rvhyp-guests",
        "echo ==guest==\\n",
        "delete",
        "hbreak kmain",   # the PV kernel's, at its higher-half address
        "continue",
        "rvhyp-where",
        "rvhyp-vcpu",
        "echo ==trace==\\n",
        "delete",
        "break hcall_multicall",  # pv0's first, after version and mmuext_op
        "continue",
        "rvhyp-trace 100",
        "rvhyp-trace x",
        "kill",
    ]) + "\n")
    qemu_log = open(tmp_path / "qemu.log", "w")
    qemu = subprocess.Popen(
        [QEMU, "-machine", "virt", "-cpu", "rv64,h=true", "-smp", "1", "-m", "256M",
         "-nographic", "-bios", "default", "-icount", "shift=0,sleep=off",
         "-kernel", elf, "-append", "trace=quiet", "-S", "-gdb", f"tcp:127.0.0.1:{port}", "-monitor", "none"],
        stdin=subprocess.DEVNULL, stdout=qemu_log, stderr=subprocess.STDOUT)
    try:
        out = None
        for _ in range(2):  # a second try if gdb connected before QEMU listened
            r = subprocess.run([GDB, "-nx", "-batch", "-x", str(cmds)], cwd=ROOT,
                               stdin=subprocess.DEVNULL, capture_output=True,
                               text=True, timeout=TIMEOUT)
            out = r.stdout + r.stderr
            if "Connection refused" not in out:
                break
            time.sleep(1)
        (tmp_path / "gdb.log").write_text(out)
        assert "Breakpoint 1, hcall_dispatch" in out, out
        assert '"pv0"' in out, out          # p v->guest->cfg->name
        assert "= 17" in out, out           # p nr: PVABI_HC_version
        assert "hypervisor (HS-mode)" in out and "handling guest pv0" in out, out
        assert "guest pv0 (id 0), PV" in out, out  # rvhyp-vcpu
        assert "a7 0x8505641" in out, out   # the PV hypercall extension in a7
        lines = [l.split() for l in out.splitlines()]
        rows = {l[1]: l for l in lines if len(l) == 9 and l[0] == "*"}
        rows.update({l[0]: l for l in lines if len(l) == 8 and l[0] in ("pv0", "pv1")})
        assert "pv0" in rows and "pv1" in rows, out  # rvhyp-guests
        # Stopped in the guest: the helpers read the hypervisor's memory.
        host, guest = out.split("==guest==", 1)
        assert "kmain" in guest, out
        # The first guest to reach kmain: pv0 or pv1, depending on the slices.
        m = re.search(r"^guest (pv[01]) \(vcpu 0\) \(kernel, VS-mode\), pc 0x", guest, re.M)
        assert m, out
        assert f"guest {m.group(1)} (id " in guest, out  # rvhyp-vcpu agrees
        assert "live  pc 0xffffffc0802" in guest, out
        # The trace ring (trace=quiet: recorded, not printed) as rvhyp-trace shows it.
        trace = guest.split("==trace==", 1)[1]
        # The first guest to reach its first multicall: pv0 or pv1, by the shares.
        mc = re.search(r"^t=\d+ (pv[01]) multicall\(0x[0-9a-f]+, 0x2, 0x0\) \.\.\. under way$",
                       trace, re.M)
        assert mc, out
        g = mc.group(1)
        assert re.search(rf"^t=\d+ {g} version\(0x0, 0x0, 0x0\) -> 0  \[\d+ insns\]$", trace,
                         re.M), out
        assert re.search(rf"^t=\d+ {g} mmuext_op\(0x[0-9a-f]+, 0x2, 0x0\) -> 0 ", trace, re.M), out
        assert re.search(rf"^t=\d+ {g}     \[1\] of mmuext_op: 0x5, ", trace, re.M), out  # new_baseptr
        assert re.search(r"^\(\d+ records written, 0 lost; tracing on\)$", trace, re.M), out
        assert "rvhyp-trace: give a number of records" in trace, out
        assert "Python Exception" not in out and "Traceback" not in out, out
    finally:
        qemu.kill()
        qemu.wait(timeout=10)
        qemu_log.close()
