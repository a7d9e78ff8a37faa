#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Count a Linux guest's exits (make qemu CONFIG=linux; docs/linux.md): during
its boot to the shell, while it is busy (a shell loop that prints nothing),
and while it writes to its console (bytes counted), from the hypervisor
monitor's "stats linux" before and after each. Runs under -icount
(deterministic counts) and prints a Markdown table; --json for the numbers.

    scripts/linux_exits.py [--build build]
"""
import argparse
import json
import os
import sys

import pexpect

import hyp_console  # the console focus and the monitor's stats
import linux  # scripts/linux.py: the guest's QEMU arguments

MEM_MIB = linux.GUEST_MEM_MIB
# Natively, Debian's kernel drives OpenSBI's PMU (SBI PMU extension): it
# stops every counter at boot, instret with it, and under QEMU 7.2 a counter
# restarted through it reads 0, so /bin/bench (which reads instret from user
# mode, as on the project's kernel) would count nothing. Without that driver
# Linux uses its legacy PMU, as it does as a guest (the hypervisor offers no
# SBI PMU): instret runs, and user mode may read it. Same line in both.
ARGS = "console=ttyS0 quiet initcall_blacklist=pmu_sbi_devinit"
PROMPT = r"\[linux\] ~ # "
BUSY = "i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done; echo done"
# About 39 KB of console output: 4000 numbered lines.
PRINT_N = 4000


class Run:
    def __init__(self, build):
        d = os.path.join(build, "linux")
        args = ["-machine", "virt", "-cpu", "rv64,h=true", "-smp", "1", "-m", "1G",
                "-nographic", "-bios", "default", "-icount", "shift=0,sleep=off",
                "-kernel", os.path.join(build, "hyp-linux.elf"),
                *linux.qemu_args(os.path.join(d, "Image"), os.path.join(d, "initramfs.cpio.gz"),
                                 name="linux", mem_mib=MEM_MIB, args=ARGS)]
        self.c = pexpect.spawn("qemu-system-riscv64", args, encoding="utf-8",
                               codec_errors="replace", timeout=300, maxread=65536)
        self.focused = None

    def focus(self, name):
        try:
            hyp_console.focus(self.c, name)
        except hyp_console.FocusError as e:
            raise SystemExit(str(e)) from None
        self.focused = name

    def stats(self):
        """(exits by cause, total exits, sbi, mmio, wfi, running-us) of linux now."""
        self.focus("hypervisor")
        st = hyp_console.ask_stats(self.c, "linux")
        return {"exits": st["exits"], "causes": st["exits_by"], "running_us": st["running-us"],
                **{k: st[k] for k in ("sbi", "mmio", "wfi")}}

    def shell(self, cmd, timeout=300):
        if self.focused != "linux":
            self.focus("linux")
        self.c.send(cmd + "\r")
        self.c.expect(PROMPT, timeout=timeout)


def delta(a, b):
    d = {k: b[k] - a[k] for k in ("exits", "running_us", "sbi", "mmio", "wfi")}
    d["causes"] = {k: b["causes"].get(k, 0) - a["causes"].get(k, 0)
                   for k in b["causes"] if b["causes"].get(k, 0) != a["causes"].get(k, 0)}
    return d


def measure(build):
    r = Run(build)
    r.c.expect(r"\[pv0\] \$ ")
    r.c.expect(PROMPT)
    boot = r.stats()
    r.shell("echo ready")
    a = r.stats()
    r.shell(BUSY)
    b = r.stats()
    r.shell(f"seq 1 {PRINT_N}")
    c = r.stats()
    r.c.terminate(force=True)
    out_bytes = sum(len(str(i)) + 2 for i in range(1, PRINT_N + 1))  # digits, \r\n
    return {"boot": boot, "busy": delta(a, b), "print": delta(b, c), "print_bytes": out_bytes}


def table(res):
    def causes(d):
        return ", ".join(f"{k} {v}" for k, v in sorted(d["causes"].items(), key=lambda x: -x[1]))
    busy, pr = res["busy"], res["print"]
    rows = [
        "| phase | exits | by cause | sbi | mmio | wfi | measure |",
        "|---|---:|---|---:|---:|---:|---|",
        f"| boot to the shell | {res['boot']['exits']} | {causes(res['boot'])} | "
        f"{res['boot']['sbi']} | {res['boot']['mmio']} | {res['boot']['wfi']} | "
        f"running {res['boot']['running_us'] / 1e6:.2f} s |",
        f"| busy shell loop | {busy['exits']} | {causes(busy)} | {busy['sbi']} | "
        f"{busy['mmio']} | {busy['wfi']} | "
        f"{busy['exits'] / max(busy['running_us'], 1) * 1e6:.0f} exits per running second |",
        f"| `seq 1 {PRINT_N}` ({res['print_bytes']} bytes) | {pr['exits']} | {causes(pr)} | "
        f"{pr['sbi']} | {pr['mmio']} | {pr['wfi']} | "
        f"{res['print_bytes'] / max(pr['exits'], 1):.1f} console bytes per exit |",
    ]
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    res = measure(a.build)
    print(json.dumps(res, indent=1) if a.json else table(res))


if __name__ == "__main__":
    sys.exit(main())
