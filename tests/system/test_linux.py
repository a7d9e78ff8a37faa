# SPDX-License-Identifier: MIT
"""Debian's riscv64 Linux as a fully virtualized guest beside pv0 (make qemu
CONFIG=linux; docs/linux.md): it boots to its busybox shell, its command
line arrives verbatim, it sees no H extension, a pipeline runs, Ctrl-C
stops a busy loop (the shell has a controlling terminal), reboot brings it
back to its shell, and its
poweroff stops it alone, every frame returned, while pv0 keeps answering.

The fixture runs scripts/linux.py, which downloads the packages on a fresh
clone (cached afterwards): a failure there fails the test with the script's
own message, it never skips. Like the other system tests it runs under
-icount (Linux reaches its shell in about 6 s of wall time either way).
"""
import os
import re
import subprocess
import sys
import time

import pexpect
import pytest

ADDR = 0x88000000
MEM_MIB = 256
# Commas, spaces and length: cmdline.linux= passes them verbatim.
ARGS = "console=ttyS0,115200 quiet rvhyp.test=a,b,c"
PROMPT = r"\[linux\] ~ # "
BOOT_TIMEOUT = 120  # about 6 s alone on two cores


@pytest.fixture(scope="module")
def linux_files(request):
    build = request.config.getoption("--build")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    r = subprocess.run([sys.executable, os.path.join(root, "scripts", "linux.py"),
                        "--build", build], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.fail(r.stderr.strip() or "scripts/linux.py failed", pytrace=False)
    d = os.path.join(build, "linux")
    return (os.path.join(d, "Image"), os.path.join(d, "initramfs.cpio.gz"),
            open(os.path.join(d, "release")).read().strip())


def loader(image, initrd):
    isize, rsize = os.path.getsize(image), os.path.getsize(initrd)
    raddr = (ADDR + isize + 0x1fffff) // 0x200000 * 0x200000
    return ["-m", "1G",
            "-device", f"loader,file={image},addr={ADDR:#x},force-raw=on",
            "-device", f"loader,file={initrd},addr={raddr:#x},force-raw=on",
            "-append", f"guest=linux,fv,{ADDR:#x},{isize},{MEM_MIB} "
                       f"initrd.linux={raddr:#x},{rsize} cmdline.linux={ARGS}"]


def run(m, cmd, *expect, timeout=60):
    m.child.send(cmd + "\r")
    found = [m.expect(e, timeout=timeout) for e in expect]
    m.expect(PROMPT, timeout=timeout)
    return found


def test_linux_shell_beside_pv0(boot, linux_files):
    image, initrd, release = linux_files
    start = time.monotonic()
    m = boot("linux", extra=loader(image, initrd))
    m.expect_each(r"\[pv0\] \$ ", PROMPT, timeout=BOOT_TIMEOUT)
    print(f"Linux reached its shell after {time.monotonic() - start:.1f} s (wall time, -icount)")
    m.focus("linux")
    run(m, "uname -r", re.escape(f"[linux] {release}"))
    run(m, "cat /proc/cmdline", re.escape(f"[linux] {ARGS}"))
    isa = run(m, "cat /proc/cpuinfo", r"\[linux\] isa\s+: (rv64\S+)\r")[0].group(1)
    letters = isa.split("_")[0][4:]
    assert "h" not in letters and "a" in letters, isa
    run(m, "seq 1 100 | awk '{ s += $1 } END { print \"sum\", s }'", r"\[linux\] sum 5050")
    # The shell has a controlling terminal: Ctrl-C stops a loop that never ends.
    m.child.send("while true; do :; done\r")
    m.expect(re.escape("while true; do :; done") + r"\r")
    # Until ash leaves its line editor (raw mode) a ^C is only a byte it reads:
    # press it again as a user would.
    for _ in range(10):
        m.child.send("\x03")
        if m.child.expect([r"\^C", pexpect.TIMEOUT], timeout=2) == 0:
            break
    m.expect(PROMPT)
    # reboot: the guest is built again from its image and initrd, to its shell.
    m.child.send("reboot\r")
    m.expect(r"\[hyp\] guest linux rebooted", timeout=60)
    m.expect(r"\[linux\] Welcome to Linux", timeout=BOOT_TIMEOUT)
    m.expect(PROMPT, timeout=BOOT_TIMEOUT)
    m.child.send("poweroff\r")
    m.expect(r"\[hyp\] guest linux shut down: powered off \(SBI SRST\)", timeout=60)
    freed = m.expect(r"\[hyp\] guest linux destroyed: frames given (\d+), returned (\d+)")
    assert freed.group(1) == freed.group(2) and int(freed.group(1)) >= MEM_MIB * 256
    # No exit of its boot, reboot or shutdown ran past the exit budget (100,000
    # instructions) by more than one step (docs/security.md, "Time").
    longest = [int(x) for x in re.findall(r"linux stats: .*longest exit (\d+) insns", m.text())]
    assert longest and max(longest) <= 150000, longest
    # pv0 keeps answering.
    m.focus("pv0")
    m.child.send("echo still here | wc\r")
    m.expect(r"\[pv0\]\s+1\s+2\s+11")
    assert "frame accounting is off" not in m.text()


def test_linux_earlycon_sbi(boot, linux_files):
    """earlycon=sbi writes the first boot messages through SBI DBCN (SBI 2.0),
    before the UART's driver is up; console=ttyS0 takes over for the shell.
    (console=hvc0 needs HVC_RISCV_SBI, which Debian's kernel does not have.)"""
    image, initrd, _ = linux_files
    extra = loader(image, initrd)
    extra[-1] = extra[-1].replace(ARGS, "earlycon=sbi console=ttyS0")
    m = boot("linux", extra=extra)
    m.expect_each(r"\[linux\] \[\s*0\.0+\] SBI specification v2\.0 detected",
                  r"\[linux\] \[\s*0\.0+\] SBI DBCN extension detected",
                  r"\[linux\] \[\s*0\.0+\] printk: legacy bootconsole \[sbi0\] enabled",
                  r"\[pv0\] \$ ", timeout=BOOT_TIMEOUT)
    m.expect(PROMPT, timeout=BOOT_TIMEOUT)



def test_initrd_that_does_not_fit_is_refused(boot, linux_files):
    """A kernel and initrd larger than the guest's memory: one line saying so
    (the Image header's size counts, bss included), and pv0 still boots."""
    image, initrd, _ = linux_files
    extra = loader(image, initrd)
    extra[-1] = extra[-1].replace(f",{MEM_MIB} ", ",32 ")
    m = boot("linux", extra=extra)
    m.expect(r"\[hyp\] guest linux not created: its kernel and initrd do not fit in its memory")
    m.expect(r"\[pv0\] \$ ")
