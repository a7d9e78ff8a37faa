# SPDX-License-Identifier: MIT
"""Debian's riscv64 Linux as a fully virtualized guest beside pv0 (make qemu
CONFIG=linux; docs/linux.md): it boots to its busybox shell, its command
line arrives verbatim, it sees no H extension but Sstc, a pipeline runs, its
timer and UART interrupts count, a file in tmpfs has the checksum the host
computes, a fork-heavy loop finishes, its clock has the host's date (the
emulated RTC), long lines and carriage returns reach the console intact, a
busy loop makes no SBI call (Sstc) and console output costs about one exit
per byte (the UART's held THRE), Ctrl-C stops a busy loop (the shell has a
controlling terminal), reboot brings it back to its shell, and its poweroff
stops it alone, every frame returned, while pv0 keeps answering. The
project's bench program built for Linux runs in it and counts, and its
processes' floating point survives pv0 running beside it. A truncated
image, a bad initrd address or a missing file give one clear line and the
other guests still boot.

The fixture runs scripts/linux.py, which downloads the packages on a fresh
clone (cached afterwards): a failure there fails the test with the script's
own message, it never skips. Like the other system tests it runs under
-icount (Linux reaches its shell in about 6 s of wall time either way).
"""
import datetime
import hashlib
import os
import re
import subprocess
import sys
import time

import pexpect
import pytest

from conftest import guest_lines
import linux  # scripts/linux.py (conftest puts scripts/ on the path)

MEM_MIB = linux.GUEST_MEM_MIB
# Commas, spaces and length: cmdline.linux= passes them verbatim.
ARGS = "console=ttyS0,115200 quiet rvhyp.test=a,b,c"
PROMPT = r"\[linux\] ~ # "
BOOT_TIMEOUT = 120  # about 6 s alone on two cores
# QEMU CPU seconds for pv0's usertests beside Linux's 2,000 forks (about 30).
USERTESTS_CPU_BUDGET = 120


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


def loader(image, initrd, args=ARGS, **kw):
    """QEMU's options for the Linux guest (scripts/linux.py's qemu_args)."""
    return ["-m", "1G", *linux.qemu_args(image, initrd, name="linux", args=args, **kw)]


def run(m, cmd, *expect, timeout=60):
    m.child.send(cmd + "\r")
    found = [m.expect(e, timeout=timeout) for e in expect]
    m.expect(PROMPT, timeout=timeout)
    return found


# Written in Linux's tmpfs by awk; the host computes the same text's digest.
AWK_FILE = "seq 0 19999 | awk '{print $1\":\"$1*7919%65521}' >/tmp/f"


def awk_file_text():
    return "".join(f"{i}:{(i * 7919) % 65521}\n" for i in range(20000))


def interrupts(m):
    """{name: count} from Linux's /proc/interrupts."""
    m.child.send("cat /proc/interrupts\r")
    m.expect(r"CPU0")
    m.expect(PROMPT)
    out = {}
    for l in m.child.before.splitlines():
        f = re.match(r"\[linux\]\s+\w+:\s+(\d+)\s+.*\s(\S+)\s*$", l.strip("\r"))
        if f:
            out[f.group(2)] = int(f.group(1))
    return out


def stats(m):
    """linux's counters from the monitor: {"sbi": n, "mmio": n, "exits": n}."""
    m.focus("hypervisor")
    st = m.stats("linux")
    m.focus("linux")
    return {k: st[k] for k in ("sbi", "mmio", "exits")}


def check_platform(m):
    """What Linux sees of the emulated platform, and what it costs in exits."""
    isa = run(m, "cat /proc/cpuinfo", r"\[linux\] isa\s+: (rv64\S+)\r")[0].group(1)
    letters = isa.split("_")[0][4:]
    assert "h" not in letters and "a" in letters, isa
    assert "sstc" in isa.split("_"), isa  # told of Sstc: its timer costs no exit
    before = interrupts(m)
    run(m, "sleep 1")
    after = interrupts(m)
    assert after["riscv-timer"] > before["riscv-timer"], (before, after)
    assert after["ttyS0"] > before["ttyS0"], (before, after)
    assert "101000.rtc" in after, after
    # The RTC: the host's date, not 1970.
    year = int(run(m, "date +%Y", r"\[linux\] (\d{4})\r")[0].group(1))
    assert abs(year - datetime.datetime.now(datetime.timezone.utc).year) <= 1, year
    # User programs read the time CSR (the vDSO): scounteren as OpenSBI leaves it.
    run(m, "time true", r"\[linux\] real\s+0m \d+\.\d+s")
    run(m, "hwclock -r", r"\[linux\] \w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4}")
    # A file in tmpfs, its digest as the host computes it.
    digest = hashlib.sha256(awk_file_text().encode()).hexdigest()
    run(m, AWK_FILE)
    run(m, "sha256sum /tmp/f", rf"\[linux\] {digest}  /tmp/f")
    # Fork and exec, many times.
    run(m, "for i in $(seq 200); do /bin/true; done; echo forked $i",
        r"\[linux\] forked 200\r")
    # The console: a long line whole, a carriage return passed (the focused
    # guest's \r returns to just after its prefix, written again).
    run(m, "printf '%0300d\\n' 7", r"\[linux\] 0{299}7\r")
    # Typed at once, a line longer than a UART's FIFO reaches the shell whole.
    word = "".join(chr(ord("a") + i % 26) for i in range(300))
    run(m, f"echo {word} | wc -c", r"\[linux\] *301\r")
    run(m, "printf 'abc\\rXY\\n'", re.escape("[linux] abc\r[linux] XY\r"))


def check_exits(m):
    """With Sstc a busy loop makes no SBI call (its timer ticks cost no exit);
    with the UART's held THRE, console output costs about one exit a byte
    (it was four and a half)."""
    a = stats(m)
    run(m, "i=0; while [ $i -lt 50000 ]; do i=$((i+1)); done")
    b = stats(m)
    assert b["sbi"] == a["sbi"], (a, b)
    run(m, "seq 1 3000 > /dev/null")
    c = stats(m)
    run(m, "seq 1 3000")
    d = stats(m)
    out_bytes = sum(len(str(i)) + 2 for i in range(1, 3001))
    assert (d["mmio"] - c["mmio"]) - (c["mmio"] - b["mmio"]) < 1.5 * out_bytes, (b, c, d)


def test_linux_shell_beside_pv0(boot, linux_files):
    image, initrd, release = linux_files
    start = time.monotonic()
    m = boot("linux", extra=loader(image, initrd))
    m.expect_each(r"\[pv0\] \$ ", PROMPT, timeout=BOOT_TIMEOUT)
    print(f"Linux reached its shell after {time.monotonic() - start:.1f} s (wall time, -icount)")
    m.focus("linux")
    run(m, "uname -r", re.escape(f"[linux] {release}"))
    run(m, "cat /proc/cmdline", re.escape(f"[linux] {ARGS}"))
    run(m, "seq 1 100 | awk '{ s += $1 } END { print \"sum\", s }'", r"\[linux\] sum 5050")
    check_platform(m)
    check_exits(m)
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
    freed = m.expect(r"\[hyp\] guest linux destroyed: frames given (\d+), returned (\d+);")
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


# /bin/bench in the initramfs: the project's bench program built for Linux
# (scripts/linux.py). Its operations per benchmark at scale 1, as in
# user/bin/bench (console is left out: 16 KiB of text for nothing checked).
LINUX_BENCH_OPS = {"null": 1000, "fork": 20, "exec": 10, "pagefault": 256, "sbrk": 100,
                   "pipe_rtt": 100, "pipebw": 1024, "file": 20}


def test_bench_program_in_linux(boot, linux_files):
    """The project's bench program, built for Linux, runs in the Linux guest:
    a line per benchmark with the operations it performed, and instret and
    time both moving and agreeing (under -icount shift=0 an instruction is
    a nanosecond and a tick of the 10 MHz time counter 100 of them; nothing
    idles while bench runs), so what scripts/linux_compare.py reports is
    counted, not a stopped counter's 0."""
    image, initrd, _ = linux_files
    m = boot("linux", extra=loader(image, initrd))
    m.expect_each(r"\[pv0\] \$ ", PROMPT, timeout=BOOT_TIMEOUT)
    m.focus("linux")
    # The names as the shell's arguments first, then bench run on them.
    run(m, "set -- " + " ".join(list(LINUX_BENCH_OPS)[:6]))
    m.child.send("bench $@ " + " ".join(list(LINUX_BENCH_OPS)[6:]) + "; echo bench exit $?\r")
    m.expect(r"\[linux\] bench exit (\d+)\r", timeout=120)
    out = m.child.before
    assert m.child.match.group(1) == "0", out
    got = {b: (int(o), int(i), int(t)) for b, o, i, t in
           re.findall(r"\[linux\] bench (\w+) ops=(\d+) insns=(\d+) ticks=(\d+)\r", out)}
    assert {b: v[0] for b, v in got.items()} == LINUX_BENCH_OPS, out
    for b, (ops, insns, ticks) in got.items():
        assert insns > 0 and ticks > 0, (b, out)
        assert abs(insns - ticks * 100) <= insns // 50 + 200, (b, insns, ticks)
    per_op = {b: i / o for b, (o, i, _) in got.items()}
    # A system call costs more than a loop's few instructions and far less
    # than a process; a fork+exec more than a fork.
    assert 50 < per_op["null"] < 5000, per_op
    assert per_op["exec"] > per_op["fork"] > 20 * per_op["null"], per_op
    # No memstat line: Linux has no such call (user/bin/bench/linux/ulib.h).
    assert "bench memstat" not in out
    run(m, "bench nosuch; echo exit $?", r"\[linux\] bench: unknown benchmark 'nosuch'",
        r"\[linux\] exit 1\r")


def test_linux_earlycon_sbi(boot, linux_files):
    """earlycon=sbi writes the first boot messages through SBI DBCN (SBI 2.0),
    before the UART's driver is up; console=ttyS0 takes over for the shell.
    (console=hvc0 needs HVC_RISCV_SBI, which Debian's kernel does not have.)"""
    image, initrd, _ = linux_files
    m = boot("linux", extra=loader(image, initrd, args="earlycon=sbi console=ttyS0"))
    m.expect_each(r"\[linux\] \[\s*0\.0+\] SBI specification v2\.0 detected",
                  r"\[linux\] \[\s*0\.0+\] SBI DBCN extension detected",
                  r"\[linux\] \[\s*0\.0+\] printk: legacy bootconsole \[sbi0\] enabled",
                  r"\[pv0\] \$ ", timeout=BOOT_TIMEOUT)
    m.expect(PROMPT, timeout=BOOT_TIMEOUT)



def test_initrd_that_does_not_fit_is_refused(boot, linux_files):
    """A kernel and initrd larger than the guest's memory: one line saying so
    (the Image header's size counts, bss included), and pv0 still boots."""
    image, initrd, _ = linux_files
    m = boot("linux", extra=loader(image, initrd, mem_mib=32))
    m.expect(r"\[hyp\] guest linux not created: its kernel and initrd do not fit in its memory")
    m.expect(r"\[pv0\] \$ ")


def test_truncated_image_is_refused(boot, linux_files, tmp_path):
    """An Image cut short (its PE/COFF header lists more than the file has):
    one line saying so, and pv0 still boots."""
    image, initrd, _ = linux_files
    cut = tmp_path / "Image.cut"
    with open(image, "rb") as f:
        cut.write_bytes(f.read(8 << 20))
    m = boot("linux", extra=loader(str(cut), initrd))
    m.expect(r"\[hyp\] guest linux not created: its Linux image is truncated: 8388608 bytes, "
             rf"its header says {os.path.getsize(image)}\r")
    m.expect(r"\[pv0\] \$ ")


def test_bad_initrd_address_is_refused(boot, linux_files):
    """initrd.NAME= naming memory QEMU's loader did not fill (past RAM): the
    item is refused with a line saying why, and pv0 still boots."""
    image, initrd, _ = linux_files
    extra = loader(image, initrd)
    extra[-1] = re.sub(r"initrd\.linux=0x[0-9a-f]+,", "initrd.linux=0x1f0000000,", extra[-1])
    m = boot("linux", extra=extra)
    m.expect(r'\[hyp\] command line: ignored "initrd\.linux=0x1f0000000,\d+": '
             r"the initrd is not in free host memory")
    m.expect(r"\[pv0\] \$ ")


def test_missing_files_are_named(linux_files, request):
    """make qemu CONFIG=linux with a kernel or initramfs path that names no
    file: make says which, and QEMU is not started."""
    build = request.config.getoption("--build")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "CONFIG",
                        "BUILD", "GUEST", "GUEST_INITRD", "HYP_APPEND", "V")}
    for var in ("GUEST", "GUEST_INITRD"):
        r = subprocess.run(["make", "--no-print-directory", f"BUILD={build}", "qemu",
                            "CONFIG=linux", f"{var}=/nonexistent/file"], cwd=root, env=env,
                           capture_output=True, text=True, timeout=600)
        assert r.returncode != 0, r.stdout
        assert f"{var}=/nonexistent/file: no such file" in r.stdout, r.stdout + r.stderr
        assert "qemu-system-riscv64 " not in r.stdout, r.stdout


def test_usertests_beside_a_linux_workload(boot, linux_files):
    """pv0 runs usertests while Linux forks 2,000 times: both finish right
    (pv0's usertests starts after Linux's loop and ends before it)."""
    image, initrd, _ = linux_files
    m = boot("linux", extra=loader(image, initrd))
    m.expect_each(r"\[pv0\] \$ ", PROMPT, timeout=BOOT_TIMEOUT)
    m.focus("linux")
    m.child.send("for i in $(seq 2000); do /bin/true; done; echo forked $i\r")
    m.expect(re.escape("echo forked $i"))
    m.focus("pv0")
    m.child.send("usertests\r")
    try:
        # The whole test takes about 30 s of QEMU's CPU time, and as much
        # wall time alone, but more beside a full suite on two CPUs or a
        # busier host: so the budget is CPU time (4 times that), not wall
        # time. (Its timeouts in earlier full-suite runs, first put down to
        # load, were the f-register bug: Linux's seq counted for ever.)
        m.expect_each_within_cpu(r"\[pv0\] usertests: \d+ passed, \d+ failed",
                                 r"\[linux\] forked 2000\r", cpu_budget=USERTESTS_CPU_BUDGET)
    except pexpect.TIMEOUT:
        # Leave the scheduler's and the guests' state in the log (tmp_path's
        # console0.log) for the next look.
        m.focus("hypervisor")
        for cmd in ("sched", "stats linux", "harts"):
            m.child.send(cmd + "\r")
        time.sleep(2)
        m.child.expect([pexpect.TIMEOUT], timeout=1)
        raise
    text = m.text()
    got = re.search(r"\[pv0\] usertests: (\d+) passed, (\d+) failed", text)
    assert int(got.group(2)) == 0 and int(got.group(1)) >= 30, got.group(0)
    assert "FAIL" not in "\n".join(guest_lines(m.lines(), "pv0"))
    # They overlapped: usertests began before Linux's loop ended.
    assert text.index("[pv0] usertests: starting") < text.index("[linux] forked 2000")
    m.focus("linux")
    run(m, AWK_FILE)
    digest = hashlib.sha256(awk_file_text().encode()).hexdigest()
    run(m, "sha256sum /tmp/f", rf"\[linux\] {digest}  /tmp/f")


def test_linux_floating_point_beside_pv0(boot, linux_files):
    """Linux's processes keep their f registers while pv0 runs beside it:
    busybox seq counts in doubles held in f registers across its write()
    calls, and each `seq N | md5sum`, run over and over while pv0 runs
    usertests, must give the host's digest. seq writes into a pipe that
    md5sum drains, so Linux switches between them and spends time in its
    kernel, with vsstatus.FS Off or Clean and seq's values live: a
    hypervisor that saved the f registers only when vsstatus.FS said Dirty
    lost them there (seq then counted for ever)."""
    image, initrd, _ = linux_files
    m = boot("linux", extra=loader(image, initrd))
    m.expect_each(r"\[pv0\] \$ ", PROMPT, timeout=BOOT_TIMEOUT)
    m.focus("pv0")
    m.child.send("usertests\rusertests\rusertests\r")  # typed ahead: three in a row
    m.expect(r"\[pv0\] usertests: starting")
    m.focus("linux")
    rounds, n = 16, 20000
    m.child.send(f"for r in $(seq {rounds}); do echo sum$r $(seq {n} | md5sum); done\r")
    want = hashlib.md5("".join(f"{i}\n" for i in range(1, n + 1)).encode()).hexdigest()
    for r in range(1, rounds + 1):
        got = m.expect(rf"\[linux\] sum{r} ([0-9a-f]+) -\r", timeout=120).group(1)
        assert got == want, (r, got, want)
    m.expect(PROMPT)
    m.focus("pv0")
    done = r"\[pv0\] usertests: \d+ passed, 0 failed"
    while len(re.findall(done, m.text())) < 3:
        m.expect(done, timeout=120)
    # The two shared the hart: pv0's third usertests ended after seq's first
    # rounds (about 9 of the 16 overlap it; with the bug, 2 runs in 3 hung).
    text = m.text()
    assert text.index("[linux] sum4 ") < list(re.finditer(done, text))[-1].start(), "no overlap"
