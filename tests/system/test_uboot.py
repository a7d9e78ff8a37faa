# SPDX-License-Identifier: MIT
"""A third-party S-mode payload nobody here wrote: Debian's U-Boot for QEMU virt
(S-mode build), given on the hypervisor's command line as a fully virtualized
guest next to the two PV guests (the same options as make qemu GUEST=...)."""
import os
import re

UBOOT = "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"
ADDR = 0x88000000


def boot_with_uboot(boot):
    assert os.path.exists(UBOOT), f"{UBOOT} missing: scripts/setup.sh installs u-boot-qemu"
    size = os.path.getsize(UBOOT)
    m = boot("default", extra=[
        "-device", f"loader,file={UBOOT},addr={ADDR:#x},force-raw=on",
        "-append", f"guest=uboot,fv,{ADDR:#x},{size}"])  # the default memory
    m.expect(r"\[hyp\] guest uboot: fv, 128 MiB")
    m.expect(r"\[uboot\] => ", timeout=120)
    m.focus("uboot")  # pv0 -> pv1 -> uboot
    return m


def command(m, line, expect):
    m.child.send(line + "\r")
    m.expect(rf"\[uboot\] {expect}")
    m.expect(r"\[uboot\] => ")


def test_uboot_boots_and_takes_commands(boot):
    m = boot_with_uboot(boot)
    command(m, "version", r"U-Boot 20\d\d\.\d\d")
    command(m, "echo hello from u-boot", r"hello from u-boot")
    command(m, "setenv x 42; printenv x", r"x=42")
    # Its own load address is in its memory by default (it used to be past the end).
    command(m, "printenv kernel_addr_r", r"kernel_addr_r=0x84000000")
    command(m, "mw ${kernel_addr_r} 0x12345678; md ${kernel_addr_r} 1",
            r"84000000: 12345678")
    text = m.text()
    # It sees what the hypervisor's device tree describes, and nothing else.
    assert re.search(r"\[uboot\] CPU:\s+rv64imafdc_", text)
    assert re.search(r"\[uboot\] Model: uboot", text)
    assert re.search(r"\[uboot\] DRAM:\s+128 MiB", text)
    assert "[uboot] In:    serial@10000000" in text
    # It makes no hypercall, and is not logged as touching anything missing.
    assert "guest uboot: load at" not in text and "guest uboot: store at" not in text


def test_uboot_reset_and_poweroff_act_on_that_guest_only(boot):
    m = boot_with_uboot(boot)
    m.child.send("reset\r")
    m.expect(r"\[hyp\] guest uboot rebooted")
    m.expect(r"\[uboot\] U-Boot 20\d\d")
    m.expect(r"\[uboot\] => ", timeout=120)
    command(m, "echo after reset", r"after reset")
    m.child.send("poweroff\r")
    m.expect(re.escape("[hyp] guest uboot shut down: powered off (SBI SRST)"))
    # The PV guests never noticed: uboot -> monitor -> pv0, which still answers.
    m.focus("pv0")
    m.child.send("echo pv0 still here\r")
    m.expect(r"\[pv0\] pv0 still here")
    m.child.send("halt\r")
    m.expect(r"\[hyp\] guest pv0 shut down: poweroff")
    m.focus("pv1")
    m.child.send("halt\r")
    assert m.wait_exit() == 0
    lines = m.lines()
    assert "[hyp] guest pv0 rebooted" not in lines and "[hyp] guest pv1 rebooted" not in lines
    assert sum(l == "[hyp] guest uboot rebooted" for l in lines) == 1
