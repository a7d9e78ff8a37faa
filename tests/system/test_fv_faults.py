# SPDX-License-Identifier: MIT
"""A hostile fully virtualized guest (tests/guests/fvbad.c, config fvbad): bad
SBI calls (every extension, garbage arguments) get their error codes,
interrupts and WFI (storms too) behave, accesses to devices that are not
emulated fault as on a real machine, random values in the UART and PLIC
registers break nothing, a sweep over all 4096 CSR numbers reaches only its
own, and a wild satp stops that guest alone while pv0 finishes."""
import re

import pytest

from conftest import guest_lines, ticks

CHECK = re.compile(r"(ok|FAIL): (.+) -> (\S+) \(want (\S+)\)")

# Every check fvbad makes: a missing line fails as surely as a FAIL line.
CHECKS = [
    "boot hart id",
    "base spec version", "base impl id", "probe TIME", "probe 0x0a000000",
    "ext 0x0a000000", "ext 0x0a000000 again", "TIME fid 5",
    "hsm status(0) error", "hsm status(0) value", "hsm status(1)", "hsm hart_start(0)",
    "ipi mask 2 base 0", "rfence fid 3", "srst type 7",
    "ipi to self", "ipi pending in sip", "ipi interrupts taken", "ipi scause",
    "ipi cleared by the handler",
    "wfi returns after the deadline", "timer interrupt after wfi", "timer scause",
    "no timer interrupt after set_timer(max)",
    "wfi storm returned", "storm timer still pending", "no timer interrupt after the storm",
    "load sifive_test scause", "load sifive_test stval",
    "store virtio-mmio scause", "store virtio-mmio stval",
    "load 0x0 scause", "load 0x0 stval", "lw uart scause", "lw uart stval",
    "c.lw from sifive_test leaves a1 alone", "c.lw sifive_test scause", "c.lw sifive_test stval",
    "uart garbage faults", "uart lsr thre", "uart iir no interrupt", "uart scratch",
    "plic c.sw/c.lw priority 5", "plic c.sw/c.lw priority 0xf keeps 3 bits",
    "plic c.sw/c.lw priority 0", "plic faults",
    "csrr hstatus scause", "csrr hstatus sepc", "csrr hstatus stval",
    "satp mode 5 ignored", "satp faults",
    "csr sweep: illegal-instruction traps", "csr sweep: still running",
    *[f"sbi {n}" for n in (
        "base fid 7", "base fid -1", "base probe -1", "time fid -1", "ipi base 64",
        "ipi mask -1 base 0", "ipi mask 1 base 1", "ipi mask 0 base 0", "ipi fid 1",
        "rfence sfence garbage range", "rfence hart 5", "rfence fid 6", "rfence fid -1",
        "hsm start hart -1", "hsm start hart 0 garbage pc", "hsm status hart -1",
        "hsm suspend garbage type", "hsm suspend type with high bits",
        "hsm suspend non-retentive to garbage", "hsm fid -1", "srst type -1", "srst reason -1",
        "srst vendor type", "srst fid 1", "legacy send_ipi unmapped mask",
        "legacy send_ipi mask past RAM", "legacy fence_i mask at sifive_test",
        "legacy sfence_vma mask -8", "legacy 9", "legacy 15", "DBCN fid 3",
        "DBCN write above 64 bits", "DBCN write unmapped", "DBCN read past RAM", "PMU",
        "the PV hypercall extension", "ext -1", "legacy send_ipi mask 3")],
    "uart random: faults", "uart random: iir no interrupt", "uart random: lsr thre",
    "plic random: faults", "plic random: enables cleared", "plic random: nothing to claim",
    "plic random: source 32 priority reads 0", "amoswap.w plic leaves rd alone",
    "wfi timer storm returned", "wfi timer storm waited", "wfi timer storm faults",
]

# What a VS-mode kernel may read: its S-level CSRs (sstatus, sie, stvec,
# scounteren, senvcfg, sscratch, sepc, scause, stval, sip, satp) and the
# counters the hypervisor grants (cycle, time, instret). Hypervisor, VS, M,
# debug, FP (FS is off) and unknown CSRs are illegal instructions.
CSRS_ALLOWED = {0x100, 0x104, 0x105, 0x106, 0x10a, 0x140, 0x141, 0x142, 0x143, 0x144,
                0x180, 0xc00, 0xc01, 0xc02}
STIMECMP = 0x14d


def run(boot):
    """Boot fvbad, wait for QEMU to end; (exit status, all lines)."""
    m = boot("fvbad")
    status = m.wait_exit()
    return status, m.lines()


def results(lines):
    """{check name: True if it passed} from fvbad's own lines."""
    out = {}
    for l in guest_lines(lines, "fvbad"):
        m = CHECK.fullmatch(l)
        if m:
            assert m.group(2) not in out, f"check printed twice: {l}"
            out[m.group(2)] = m.group(1) == "ok"
    return out


def test_fv_guest_checks_pass(boot):
    _, lines = run(boot)
    got = results(lines)
    assert sorted(got) == sorted(CHECKS)
    failed = [name for name, ok in got.items() if not ok]
    assert failed == [], failed
    assert "Test result: PASS" in guest_lines(lines, "fvbad")
    out = guest_lines(lines, "fvbad")
    assert out[0] == "fvbad up: hart 0, dtb 0x803ff000"
    # After garbage in every register but THR, the console still prints.
    assert "uart still works" in out


def readable_csrs(lines):
    return {int(x, 16) for l in guest_lines(lines, "fvbad") if l.startswith("csrs readable:")
            for x in l.split(":")[1].split()}


def test_fv_csr_sweep_reaches_only_its_own_csrs(boot):
    _, lines = run(boot)
    readable = readable_csrs(lines)
    assert CSRS_ALLOWED <= readable, sorted(CSRS_ALLOWED - readable)
    assert readable - CSRS_ALLOWED == set(), [hex(c) for c in readable - CSRS_ALLOWED]
    # The sweep (and its garbage writes) did not stop it: the checks after it ran.
    assert "Test result: PASS" in guest_lines(lines, "fvbad")


def test_fv_stimecmp_is_illegal(boot):
    _, lines = run(boot)
    assert STIMECMP not in readable_csrs(lines)


def test_fv_amo_on_a_device_is_a_store_fault(boot):
    _, lines = run(boot)
    assert "amoswap.w plic: 1 exception(s), scause 7, stval 0xc000028" in \
        guest_lines(lines, "fvbad")


def test_fv_amo_on_a_device_faults_and_is_not_emulated(boot):
    _, lines = run(boot)
    out = guest_lines(lines, "fvbad")
    assert any(re.fullmatch(r"amoswap\.w plic: 1 exception\(s\), scause 7, stval 0xc000028",
                            l) for l in out), out
    assert any(re.fullmatch(r"guest fvbad: store at guest-physical 0xc000028 \(pc 0x8020[0-9a-f]{4}\)"
                            r": not a plain load or store -> store access fault", l)
               for l in guest_lines(lines, "hyp"))


def test_fv_unhandled_accesses_and_calls_are_logged(boot):
    _, lines = run(boot)
    hyp = guest_lines(lines, "hyp")
    pc = r"\(pc 0x8020[0-9a-f]{4}\)"
    for what in (rf"load at guest-physical 0x100000 {pc}: no memory or device there "
                 r"-> load access fault",
                 rf"store at guest-physical 0x10001000 {pc}: no memory or device there "
                 r"-> store access fault",
                 rf"load at guest-physical 0x0 {pc}: no memory or device there "
                 r"-> load access fault",
                 rf"load at guest-physical 0x10000000 {pc}: an access this device does "
                 r"not take -> load access fault"):
        assert any(re.fullmatch("guest fvbad: " + what, l) for l in hyp), what
    # Called twice, logged once; five unknown extensions are logged, the fifth saying no more will be.
    assert sum("guest fvbad: unsupported SBI extension 0xa000000" in l for l in hyp) == 1
    unknown = [l for l in hyp if "unsupported SBI extension" in l]
    assert len(unknown) == 5 and unknown[-1].endswith("(further ones not logged)"), unknown
    # The bad SRST type did not reset or stop it.
    assert not any(l.startswith(("guest fvbad rebooted", "guest fvbad shut down"))
                   for l in hyp)


def test_wild_satp_stops_only_that_guest(boot):
    status, lines = run(boot)
    out = guest_lines(lines, "fvbad")
    # The verdict comes first: nothing fvbad checks depends on surviving this.
    assert out[-2].startswith("Test result: ")
    assert out[-1].startswith("writing satp: Sv39")
    # The fetch after the satp write walks a table at 0x1000000: nothing there.
    walk = [l for l in lines if re.match(
        r"\[hyp\] guest fvbad: fetch at guest-physical 0x1000[0-9a-f]{3} .*its page-table "
        r"walk left its memory -> fetch access fault", l)]
    assert walk, "no page-table walk fault logged"
    crashed = [l for l in lines if l.startswith("[hyp] guest fvbad crashed: ")]
    # QEMU reports the fetch as a load guest-page fault; the hypervisor still
    # gives the guest the instruction access fault (1) a real hart raises.
    assert len(crashed) == 1 and re.fullmatch(
        r"\[hyp\] guest fvbad crashed: exception 1 at its own trap vector "
        r"0x8020[0-9a-f]{4} \(tval 0x[0-9a-f]+\): it cannot make progress", crashed[0])
    assert lines.index(walk[0]) < lines.index(crashed[0])
    # pv0 is untouched: all its ticks, then a clean power-off.
    assert [n for n, _ in ticks(lines, "pv0")] == [1, 2, 3, 4, 5]
    assert "[hyp] guest pv0 shut down: poweroff" in lines
    assert lines[-1] == "[hyp] all guests stopped, some crashed"
    assert status == 1
