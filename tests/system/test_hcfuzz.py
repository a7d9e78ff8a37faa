# SPDX-License-Identifier: MIT
"""The in-guest random hypercall generator (tests/guests/hcfuzz.c) beside the
bystander: for each fixed seed every call's result satisfies the guest's
oracles ("Test result: PASS"), the bystander's checksum is right, the
hypervisor never panics and stops both guests cleanly; and a seed replays
exactly (-icount shift=0,sleep=off): the same transcript and hash twice.

Replay a failing seed by hand (the same QEMU options as here):
  make qemu CONFIG=hcfuzz ICOUNT=1 HYP_APPEND="args.fz=seed=N,calls=M"
and call by call with ",verbose" added: the same calls from the same stream
(deadlines, read from rdtime, move with the time the echo takes).
"""
import re

import pytest

from cksum import check_cksum
from conftest import frames_all_returned, guest_lines

CALLS = 3000
# (seed, extra words of fz's command line)
SEEDS = [(1, ""), (2, ""), (3, ""), (4, ""), (5, ""), (6, ""), (34, ""), (54, ""),
         (7, ",paging=1"), (8, ",paging=1")]
SUMMARY = re.compile(r"hcfuzz: (\d+) calls \((\d+) in multicalls\).* hash (0x[0-9a-f]{16})")


def run(boot, seed, extra="", calls=CALLS):
    m = boot("hcfuzz", extra=["-append", f"args.fz=seed={seed},calls={calls}{extra}"])
    status = m.wait_exit()
    return m, status, m.lines()


def assert_clean_run(status, lines, calls=CALLS):
    fz = guest_lines(lines, "fz")
    assert not any("PANIC" in l for l in lines)
    fails = [l for l in fz if l.startswith("FAIL")]
    assert not fails, fails
    assert "Test result: PASS" in fz, fz[-5:]
    s = [SUMMARY.search(l) for l in fz]
    s = [x for x in s if x]
    assert s and int(s[-1].group(1)) >= calls, "fewer calls than asked for"
    assert "[hyp] guest fz shut down: poweroff" in lines
    check_cksum(lines, "ck")
    assert "[hyp] guest ck shut down: poweroff" in lines
    # Whatever fz gave back and took again, every frame came home.
    assert frames_all_returned(lines)
    # The hypervisor outlived both guests and stopped the machine itself.
    assert lines[-1] == "[hyp] all guests stopped"
    assert status == 0


@pytest.mark.parametrize("seed,extra", SEEDS, ids=[f"seed{s}{e.replace(',', '-')}" for s, e in SEEDS])
def test_hcfuzz_seed(boot, seed, extra):
    _, status, lines = run(boot, seed, extra)
    assert_clean_run(status, lines)


def test_hcfuzz_replays_exactly(boot):
    outs = []
    for _ in range(2):
        _, status, lines = run(boot, 11, calls=1500)
        assert_clean_run(status, lines, calls=1500)
        outs.append(guest_lines(lines, "fz"))
    assert outs[0] == outs[1]
    hashes = [SUMMARY.search(l).group(3) for l in outs[0] if SUMMARY.search(l)]
    assert len(hashes) == 1


def test_hcfuzz_beside_the_guest_kernel_running_usertests(boot):
    m = boot("hcfuzz_kernel", extra=["-append", "args.fz=seed=21,calls=20000"])
    status = m.wait_exit(timeout=300)
    lines = m.lines()
    assert not any("PANIC" in l for l in lines)
    fz, pv0 = guest_lines(lines, "fz"), guest_lines(lines, "pv0")
    assert "Test result: PASS" in fz, [l for l in fz if l.startswith("FAIL")][:5]
    assert any(re.fullmatch(r"usertests: \d+ passed, 0 failed", l) for l in pv0)
    assert "ALL TESTS PASSED" in pv0
    assert "[hyp] guest pv0 shut down: poweroff" in lines
    assert "[hyp] guest fz shut down: poweroff" in lines
    assert frames_all_returned(lines)
    assert lines[-1] == "[hyp] all guests stopped"
    assert status == 0


def test_page_fault_without_trap_entry_stops_the_guest(boot):
    m = boot("hcfuzz", extra=["-append", "args.fz=notrap"])
    m.expect(r"loading from an unmapped page with no trap entry")
    m.expect(r"\[hyp\] guest fz crashed: [^\r\n]*page fault", timeout=15)
    m.expect(r"\[hyp\] all guests stopped", timeout=15)
    check_cksum(m.lines(), "ck")


def test_entry_on_a_non_executable_page_is_refused(boot):
    m = boot("hcfuzz", extra=["-append", "args.fz=noexec"])
    assert m.wait_exit() == 0
    fz = guest_lines(m.lines(), "fz")
    assert "Test result: PASS" in fz, fz
