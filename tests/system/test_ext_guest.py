# SPDX-License-Identifier: MIT
"""Third-party images given on the hypervisor's command line (make qemu
GUEST=..., guest=NAME,fv,ADDR,SIZE,MEM): the device tree has /chosen/bootargs
even when no command line was given (Debian's U-Boot prints it), and an image
asking for more memory than the host has free is refused in words, with the
sizes, while the other guests boot."""
import os
import re

UBOOT = "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"
ADDR = 0x88000000


def loader(image, name, mem):
    size = os.path.getsize(image)
    return ["-device", f"loader,file={image},addr={ADDR:#x},force-raw=on",
            "-append", f"guest={name},fv,{ADDR:#x},{size},{mem}"]


def test_bootargs_always_in_the_tree(boot):
    assert os.path.exists(UBOOT), f"{UBOOT} missing: scripts/setup.sh installs u-boot-qemu"
    m = boot("default", extra=loader(UBOOT, "uboot", 64))
    m.expect(r"\[uboot\] => ", timeout=120)
    m.focus("uboot")
    m.child.send("fdt addr $fdtcontroladdr; fdt print /chosen\r")
    m.expect(r"\[uboot\] chosen \{")
    m.expect(re.escape('[uboot] \tbootargs = "";'))


def test_too_big_refused_with_sizes(boot, request):
    image = os.path.join(request.config.getoption("--build"), "images", "guest-kernel-fv.bin")
    m = boot("default", extra=loader(image, "big", 300))
    free = m.expect(r"\[hyp\] guest big not created: it needs 300 MiB \+ page tables, "
                    r"only (\d+) MiB of host memory is free")
    assert 200 < int(free.group(1)) < 256  # -m 256M, less the hypervisor and its frames
    m.expect(r"\[pv0\] \$ ")
    assert "error -12" not in m.text()
