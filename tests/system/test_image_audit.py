# SPDX-License-Identifier: MIT
"""The paravirtual guest kernel executes no privileged instruction that a hypercall
replaces: no satp or stvec writes, no sfence.vma, no wfi. Checked by disassembly.
The native (FV) builds of the same kernel do execute them (no wfi in the busy one)."""
import os
import re
import subprocess

OBJDUMP = os.environ.get("OBJDUMP", "riscv64-unknown-elf-objdump")

# Any CSR instruction that writes satp or stvec (csrw, csrrw, csrs, csrc, ...),
# and the two instructions a PV kernel asks the hypervisor for instead.
FORBIDDEN = re.compile(r"\tcsrr?[wsc]i?\s+(\w+,\s*)?(satp|stvec)\b|\tsfence\.vma\b|\twfi\b")


def forbidden_instructions(elf):
    dis = subprocess.run([OBJDUMP, "-d", "-M", "no-aliases", elf], check=True,
                         capture_output=True, text=True).stdout
    # "csrrs a0, satp, zero" only reads: keep writes (rs1 not zero) and the rest.
    hits = [l.strip() for l in dis.splitlines() if FORBIDDEN.search(l)]
    return [h for h in hits if not re.search(r"csrrs\s+\w+,\s*(satp|stvec),\s*zero", h)]


def test_pv_guest_kernel_has_no_privileged_instructions(request):
    build = request.config.getoption("--build")
    assert forbidden_instructions(os.path.join(build, "guest-kernel.elf")) == []


def test_audit_finds_them_where_they_are(request):
    """The trap test guest deliberately runs wfi and writes satp: the audit must see both."""
    build = request.config.getoption("--build")
    hits = forbidden_instructions(os.path.join(build, "tests/guests/tg-trap.elf"))
    assert any("wfi" in h for h in hits), hits
    assert any("satp" in h for h in hits), hits


def test_native_guest_kernel_does_its_own_privileged_work(request):
    """The native (FV) build is the same kernel on an ordinary S-mode platform:
    it writes satp and stvec, flushes with sfence.vma, and idles with wfi."""
    build = request.config.getoption("--build")
    hits = forbidden_instructions(os.path.join(build, "guest-kernel-fv.elf"))
    for what in ("satp", "stvec", "sfence.vma", "wfi"):
        assert any(what in h for h in hits), (what, hits)


def test_native_busy_idle_build_never_waits_for_interrupts(request):
    """The busy-idle build spins instead of executing wfi, anywhere."""
    build = request.config.getoption("--build")
    hits = forbidden_instructions(os.path.join(build, "guest-kernel-fv-busy.elf"))
    assert not any("wfi" in h for h in hits), hits
    for what in ("satp", "stvec", "sfence.vma"):
        assert any(what in h for h in hits), (what, hits)
