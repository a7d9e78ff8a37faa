# SPDX-License-Identifier: MIT
"""The host-side trace decoder (scripts/trace_decode.py): strace-like text, the
per-guest summary and the timeline picture, on a captured console log
(tests/data/trace_ptbad.log) and on a trace dumped live by the monitor. The
decoded counts must equal the hypervisor's own per-guest counters."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DECODER = os.path.join(ROOT, "scripts", "trace_decode.py")
SAMPLE = os.path.join(ROOT, "tests", "data", "trace_ptbad.log")
STATS = re.compile(r"\[hyp\] (\S+) stats: hcalls (\d+)")
SUMMARY = re.compile(r"guest (\S+): (\d+) hypercalls \((\d+) refused\), (\d+) other exits")


def decode(*args, check=True):
    return subprocess.run([sys.executable, DECODER, *args], capture_output=True, text=True,
                          check=check)


def hyp_counts(text):
    """{guest: hypercalls} from the hypervisor's stats lines (the last of each guest)."""
    return {g: int(n) for g, n in STATS.findall(text)}


def decoded_counts(summary):
    return {m.group(1): int(m.group(2)) for m in map(SUMMARY.match, summary.splitlines()) if m}


def test_text_summary_and_timeline_of_a_captured_log(tmp_path):
    text, summary, svg, png = (tmp_path / n for n in ("t.txt", "s.txt", "t.svg", "t.png"))
    decode(SAMPLE, "--text", str(text), "--summary", str(summary), "--timeline", str(svg))
    decode(SAMPLE, "--timeline", str(png))
    t, s = text.read_text(), summary.read_text()
    # Every guest's hypercalls, as many as the hypervisor counted itself.
    with open(SAMPLE) as f:
        want = hyp_counts(f.read())
    assert decoded_counts(s) == want and set(want) == {"ptw", "mmu", "satp", "pv0"}
    assert "guest mmu: 30 hypercalls (11 refused), 0 other exits" in s
    assert re.search(r"^  mmu_update +4 +4 +\d+", s, re.M), s
    assert re.search(r"^  store guest-page fault +1 +0 ", s, re.M), s
    # strace-like: the call, its result with the reason, the entry it refused.
    assert re.search(r"^0\.\d{6} mmu +mmu_update\(reqs=0x80202c58, count=0x1\) = -16 "
                     r"\(writable mapping of a page table\) <503 insns, 0\.6 us>$", t, re.M), t
    assert re.search(r"^0\.\d{6} mmu +\[0\] pte at 0x[0-9a-f]+ = 0x[0-9a-f]+ -> -16: writable "
                     r"mapping of a page table$", t, re.M)
    assert re.search(r"^0\.\d{6} ptw +\[exit store guest-page fault at pc 0x8020021a .* -> "
                     r"guest stopped\]", t, re.M)
    assert re.search(r"^0\.\d{6} --- switch to pv0 ---$", t, re.M)
    # The picture names each guest and has their run bars (SVG text is kept as text).
    pic = svg.read_text()
    assert pic.startswith("<?xml") and all(f">{g}<" in pic for g in want), pic[:200]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_one_guest_and_bad_input(tmp_path):
    out = decode(SAMPLE, "--guest", "satp").stdout
    assert "guest satp: 6 hypercalls" in out and "guest mmu:" not in out
    assert not re.search(r"^\S+ (mmu|ptw|pv0) ", out, re.M)
    empty = tmp_path / "empty.log"
    empty.write_text("[hyp] nothing traced here\n")
    r = decode(str(empty), check=False)
    assert r.returncode == 1 and "no [trace] records" in r.stderr


def test_monitor_dump_decodes_to_the_hypervisor_counts(boot, tmp_path):
    """Trace from boot into the ring only, pause both guests so nothing more
    happens, dump the ring: the decoder counts what the hypervisor counted."""
    m = boot("default", extra=["-append", "trace=quiet,hcall"])
    m.expect(r"\[pv0\] \$ ")
    m.expect(r"\[pv1\] \$ ")
    m.focus("hypervisor")
    m.monitor("pause pv0", r"pv0 paused")
    m.monitor("pause pv1", r"pv1 paused")
    m.monitor("trace dump", r"\[hyp\] trace dump begin",
        r"\[hyp\] trace on \(ring only\), records hcall; (\d+) written, 0 lost",
        r"\[hyp\] trace dump end")
    m.monitor("stats", r"\[hyp\] frames: ")
    log = tmp_path / "console.log"
    log.write_text(m.text())
    summary = decode(str(log), "--summary", str(tmp_path / "s.txt"))
    assert summary.returncode == 0
    got = decoded_counts((tmp_path / "s.txt").read_text())
    want = hyp_counts(m.text().split("monitor> stats")[1])
    assert got == want and got["pv0"] > 50, (got, want)
