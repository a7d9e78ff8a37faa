# SPDX-License-Identifier: MIT
"""The hypervisor on several harts (QEMU -smp 2 and -smp 4), in real time:
with -icount QEMU runs the harts in turn on one thread and an idle hart
spins, so these runs use no icount and assert what must hold whatever the
timing (docs/architecture.md, "Several harts"): every hart comes up, each
guest runs on its home hart, both shells answer, usertests pass in both
guests at once, a hypercall storm beside a bystander leaves its checksum
right, and every frame comes back when the guests are gone."""
import re

import pytest

from cksum import check_cksum
from conftest import frames_all_returned, guest_lines

HARTS_ROW = re.compile(r"\[hyp\] (\d+) +(\d+) +(\S+) +(\S+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)\r")
SUMMARY = re.compile(r"usertests: (\d+) passed, (\d+) failed")


def harts_rows(m, n):
    """The monitor's harts table: {hart: (running, guests, exits)}."""
    rows = {}
    m.child.send("harts\r")
    for _ in range(n):
        r = m.expect(HARTS_ROW)
        rows[int(r.group(1))] = (r.group(3), r.group(4), int(r.group(7)))
    m.expect(r"\[hyp\] rendezvous .*: (\d+)")
    return rows


@pytest.mark.parametrize("n", [2, 4])
def test_smp_boot_both_shells_and_harts(boot, n):
    m = boot("default", icount=False, smp=n)
    m.expect(rf"\[hyp\] harts: {n}")
    m.expect_each(*[rf"\[hyp\] hart {k} \(firmware hart \d+\) up" for k in range(1, n)],
                  r"\[hyp\] guest pv0: pv, .*, hart 0\r", r"\[hyp\] guest pv1: pv, .*, hart 1\r",
                  r"\[pv0\] \$ ", r"\[pv1\] \$ ")
    # The focus starts on pv0; pv1 (on hart 1) gets its input through hart 1's inbox.
    m.child.send("echo smp-pv0\r")
    m.expect(r"\[pv0\] smp-pv0")
    m.focus("pv1")
    m.child.send("echo smp-pv1\r")
    m.expect(r"\[pv1\] smp-pv1")
    m.focus("hypervisor")
    rows = harts_rows(m, n)
    assert sorted(rows) == list(range(n))
    assert rows[0][1] == "pv0" and rows[1][1] == "pv1"
    # Each guest's exits were handled on its own hart; a hart with no guest handled none.
    assert rows[0][2] > 0 and rows[1][2] > 0
    assert all(rows[h][1] == "-" and rows[h][2] == 0 for h in range(2, n))
    m.monitor("destroy pv0", r"\[hyp\] guest pv0 destroyed")
    m.monitor("destroy pv1", r"\[hyp\] guest pv1 destroyed")
    assert m.wait_exit() == 0
    lines = m.lines()
    assert frames_all_returned(lines)
    assert not any("PANIC" in l for l in lines)


@pytest.mark.parametrize("n", [2, 4])
def test_smp_usertests_in_both_guests_at_once(boot, n):
    m = boot("usertests", icount=False, smp=n)
    assert m.wait_exit(timeout=600) == 0
    lines = m.lines()
    for name in ("pv0", "pv1"):
        out = guest_lines(lines, name)
        sums = [SUMMARY.search(l) for l in out if SUMMARY.search(l)]
        assert sums and sums[-1].group(2) == "0", out[-5:]
        assert "ALL TESTS PASSED" in out
        # Whole: the two harts' messages never split each other's lines.
        assert f"[hyp] guest {name} shut down: poweroff" in lines
    assert frames_all_returned(lines)


def test_smp_under_icount_no_hart_starves_the_others(boot):
    """-icount with two harts: QEMU runs them in turn on one thread and lets a
    spinning hart run until its budget ends, so hart 0 must wait for the
    others asleep (smp.c). usertests then pass in both guests, and every
    frame comes back."""
    m = boot("usertests", icount=True, smp=2)
    assert m.wait_exit(timeout=300) == 0
    lines = m.lines()
    assert "[hyp] hart 1 (firmware hart 0) up" in lines or \
        "[hyp] hart 1 (firmware hart 1) up" in lines
    for name in ("pv0", "pv1"):
        assert "ALL TESTS PASSED" in guest_lines(lines, name)
    assert frames_all_returned(lines)


@pytest.mark.parametrize("seed,extra", [(1, ""), (7, ",paging=1")])
def test_smp_hypercall_storm_beside_a_bystander(boot, seed, extra):
    """fz's random hypercalls and page-table updates on hart 0 while the
    bystander ck computes on hart 1, on -smp 4 (two harts idle)."""
    m = boot("hcfuzz", icount=False, smp=4,
             extra=["-append", f"args.fz=seed={seed},calls=3000{extra}"])
    assert m.wait_exit() == 0
    lines = m.lines()
    fz = guest_lines(lines, "fz")
    assert "Test result: PASS" in fz, fz[-5:]
    assert not [l for l in fz if l.startswith("FAIL")]
    check_cksum(lines, "ck")
    assert "[hyp] guest fz shut down: poweroff" in lines
    assert "[hyp] guest ck shut down: poweroff" in lines
    assert frames_all_returned(lines)
    assert lines[-1] == "[hyp] all guests stopped"


@pytest.mark.parametrize("attack", ["hcstorm", "pinstorm l1=1000", "memop", "reboot"])
def test_smp_meter_has_its_own_hart_beside_a_storm(boot, attack):
    """The hog attacks on hart 0 (hypercall, pin/unpin and memory_op storms,
    reboots: its memory released and rebuilt again and again) while the meter
    runs alone on hart 1, -smp 4. Shares are per hart: the meter, which would
    get half of one hart beside the hog, gets all of its own (the scaling
    ratio, measured in one run from its run-state times: no wall clock). Every
    frame comes back once both are gone."""
    m = boot("isolation", icount=False, smp=4, extra=[
        "-append", f"args.hog={attack.replace(' ', ',')} args.meter=share_ms=100,ticks=30,tick_us=1000"])
    m.expect(r"\[hyp\] guest hog: .*, hart 0\r")
    m.expect(r"\[hyp\] guest meter: .*, hart 1\r")
    share = int(m.expect(r"\[meter\] meter share (\d+) permille").group(1))
    m.expect(r"\[meter\] meter latency worst (\d+) us")
    m.expect(r"guest meter destroyed")
    m.focus("hypervisor")
    m.monitor("destroy hog", r"\[hyp\] guest hog destroyed")
    assert m.wait_exit(timeout=120) == 0
    lines = m.lines()
    assert share >= 900, f"meter got {share} permille of its own hart beside {attack}"
    assert frames_all_returned(lines)
    assert not any("PANIC" in l for l in lines)


def test_smp_affinity_from_the_command_line(boot):
    """hart.NAME=N puts both guests on hart 1: they share it, hart 0 keeps
    only the console and the monitor, and input still reaches the focused
    guest through hart 1's inbox."""
    m = boot("default", icount=False, smp=2, extra=["-append", "hart.pv0=1 hart.pv1=1"])
    m.expect_each(r"\[hyp\] guest pv0: pv, .*, hart 1\r", r"\[hyp\] guest pv1: pv, .*, hart 1\r",
                  r"\[pv0\] \$ ", r"\[pv1\] \$ ")
    m.child.send("echo on-hart-1\r")
    m.expect(r"\[pv0\] on-hart-1")
    m.focus("hypervisor")
    rows = harts_rows(m, 2)
    assert rows[0][1] == "-" and rows[0][2] == 0
    assert rows[1][1] == "pv0,pv1" and rows[1][2] > 0


def test_smp_trace_records_say_their_hart(boot):
    """With several harts each trace line names the hart it happened on, and
    a guest's records all come from its home hart (pv0: 0, pv1: 1)."""
    m = boot("default", icount=False, smp=2, extra=["-append", "trace=on"])
    m.expect_each(r"\[pv0\] \$ ", r"\[pv1\] \$ ")
    recs = [re.match(r"\[trace\] \d+\.\d+ h(\d) (?:\S+ )?(pv[01])\b", l) for l in m.lines()]
    recs = [(int(r.group(1)), r.group(2)) for r in recs if r]
    assert {g for _, g in recs} == {"pv0", "pv1"}
    assert all(h == int(g[2]) for h, g in recs), [r for r in recs if r[0] != int(r[1][2])][:5]


@pytest.mark.parametrize("case", ["mem_scan", "mem_scribble", "pt_validate_undo",
                                  "pt_unpinned_in_use"])
def test_smp_hostile_guest_beside_the_bystander(boot, case):
    """Hostile cases (tests/guests/hostile*.c) on hart 0 while the bystander
    ck sums on hart 1, -smp 2: the hostile guest's own checks pass (no other
    guest's memory, no page-table rule broken), ck's sum is right, and every
    frame comes back."""
    from test_hostile import CK_ARGS
    m = boot("hostile", icount=False, smp=2, extra=["-append", f"args.h=case={case} {CK_ARGS}"])
    assert m.wait_exit() == 0
    lines = m.lines()
    out = guest_lines(lines, "h")
    assert out[-1] == "Test result: PASS", out
    assert not [l for l in out if "(want " in l or l.startswith("FAIL")], out
    check_cksum(lines, "ck")
    assert frames_all_returned(lines)
    assert not any("PANIC" in l for l in lines)
