# SPDX-License-Identifier: MIT
"""Guests with several vCPUs, fully virtualized (docs/linux.md, "Several
vCPUs"): Debian's Linux with vcpus.linux=2 beside pv0 boots with both
(/proc/cpuinfo, nproc), runs two busy loops at once with both CPUs busy
(/proc/stat), takes CPU 1 offline and back (SBI HSM hart_stop and
hart_start) and counts IPIs on both CPUs (SBI IPI); with vcpus.linux=4 on
QEMU -smp 2 (the hypervisor on two harts, the guest's vCPUs sharing its
home hart) it boots with all four. The project's own FV kernel is
single-hart: with vcpus.fv0=2 it boots on vCPU 0 and hart 1 stays stopped.

The Linux helpers (the files' fixture, the loader's arguments, typing a
command) are test_linux.py's."""
import re

from test_linux import BOOT_TIMEOUT, PROMPT, linux_files, loader, run  # noqa: F401

# A row of /proc/interrupts: its label, then one count per CPU.
IRQ_ROW = re.compile(r"\[linux\]\s+(\w+):((?:\s+\d+)+)\s+(.*?)\s*$")
STAT_ROW = re.compile(r"\[linux\] cpu(\d+) (\d+) (\d+) (\d+) ")


def smp_loader(image, initrd, vcpus):
    """test_linux's QEMU arguments with vcpus.linux=N before the command line,
    which must stay last."""
    args = loader(image, initrd)
    i = args.index("-append") + 1
    args[i] = args[i].replace("cmdline.linux=", f"vcpus.linux={vcpus} cmdline.linux=", 1)
    return args


def boot_linux(boot, linux_files, vcpus, **kw):
    image, initrd, _ = linux_files
    m = boot("linux", extra=smp_loader(image, initrd, vcpus), **kw)
    m.expect(rf"\[hyp\] guest linux: fv, .*, {vcpus} vcpus")
    m.expect_each(r"\[pv0\] \$ ", PROMPT, timeout=BOOT_TIMEOUT)
    m.focus("linux")
    return m


def output(m, cmd):
    """The lines a command printed (after its echo), prefix included."""
    m.child.send(cmd + "\r")
    m.expect(re.escape(cmd) + r"\r*\n")
    m.expect(PROMPT)
    return m.child.before.replace("\r", "").splitlines()


def ipis(m, ncpu):
    """Per CPU, the IPIs Linux took (every IPIn row of /proc/interrupts summed)."""
    total = [0] * ncpu
    for l in output(m, "cat /proc/interrupts"):
        r = IRQ_ROW.match(l)
        if r and r.group(1).startswith("IPI"):
            counts = [int(c) for c in r.group(2).split()]
            assert len(counts) == ncpu, l
            total = [a + b for a, b in zip(total, counts)]
    return total


def busy_ticks(m):
    """Per CPU, its user + nice + system time from /proc/stat."""
    return {int(c): int(u) + int(n) + int(s)
            for l in output(m, "cat /proc/stat") for c, u, n, s in STAT_ROW.findall(l)}


def check_cpus(m, n):
    run(m, "nproc", rf"\[linux\] {n}\r")
    run(m, "grep -c ^processor /proc/cpuinfo", rf"\[linux\] {n}\r")
    run(m, "cat /sys/devices/system/cpu/online", rf"\[linux\] 0-{n - 1}\r")


def test_linux_two_vcpus(boot, linux_files):
    m = boot_linux(boot, linux_files, 2)
    check_cpus(m, 2)
    ipi0, busy0 = ipis(m, 2), busy_ticks(m)
    # Two busy loops at once: Linux puts them on both CPUs.
    loop = "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done"
    run(m, f"({loop}; echo one done) & ({loop}; echo two done) & wait",
        r"\[linux\] (one|two) done\r", r"\[linux\] (one|two) done\r", timeout=120)
    busy1 = busy_ticks(m)
    assert all(busy1[c] - busy0[c] >= 20 for c in (0, 1)), (busy0, busy1)
    # CPU hotplug: SBI HSM hart_stop on CPU 1, hart_get_status from CPU 0, hart_start again.
    run(m, "echo 0 > /sys/devices/system/cpu/cpu1/online")
    run(m, "nproc", r"\[linux\] 1\r")
    run(m, "cat /sys/devices/system/cpu/online", r"\[linux\] 0\r")
    run(m, "echo 1 > /sys/devices/system/cpu/cpu1/online")
    check_cpus(m, 2)
    run(m, f"({loop}; echo three done) & ({loop}; echo four done) & wait",
        r"\[linux\] (three|four) done\r", r"\[linux\] (three|four) done\r", timeout=120)
    # Rescheduling and function-call IPIs reached both CPUs (SBI IPI).
    ipi1 = ipis(m, 2)
    assert all(ipi1[c] > ipi0[c] for c in (0, 1)), (ipi0, ipi1)
    m.child.send("poweroff\r")
    m.expect(r"\[hyp\] guest linux shut down: powered off \(SBI SRST\)", timeout=60)
    freed = m.expect(r"\[hyp\] guest linux destroyed: frames given (\d+), returned (\d+);")
    assert freed.group(1) == freed.group(2)
    m.focus("pv0")
    m.child.send("echo still here | wc\r")
    m.expect(r"\[pv0\]\s+1\s+2\s+11")
    assert "PANIC" not in m.text()


def test_linux_four_vcpus_on_two_harts(boot, linux_files):
    """The hypervisor on two harts (no icount, as test_smp): the guest's four
    vCPUs share its home hart and Linux runs on all of them."""
    m = boot_linux(boot, linux_files, 4, icount=False, smp=2)
    check_cpus(m, 4)
    loop = "i=0; while [ $i -lt 5000 ]; do i=$((i+1)); done"
    run(m, " ".join(f"({loop}; echo loop {k}) &" for k in range(4)) + " wait",
        *[r"\[linux\] loop \d\r"] * 4, timeout=120)
    assert "PANIC" not in m.text()

