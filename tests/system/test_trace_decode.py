# SPDX-License-Identifier: MIT
"""The host-side trace decoder (scripts/trace_decode.py): strace-like text, the
per-guest summary and the timeline picture, on a captured console log
(tests/data/trace_ptbad.log) and on a trace dumped live by the monitor. The
decoded counts must equal the hypervisor's own per-guest counters, a record
both live and in a monitor dump counting once."""
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


def trace_lines(text):
    return [l for l in text.splitlines() if l.startswith("[trace] ")]


def monitor_dump(lines, command="trace dump"):
    """What the monitor prints for "trace last N" or "trace dump" of these records."""
    out = [f"[hyp] monitor> {command}"]
    out += ["[hyp] trace dump begin"] if command == "trace dump" else []
    out += lines + [f"[hyp] trace on (live), records of all; {len(lines)} written, 0 lost"]
    out += ["[hyp] trace dump end"] if command == "trace dump" else []
    return out


def decoded(tmp_path, name, lines, *args):
    log = tmp_path / name
    log.write_text("\n".join(lines) + "\n")
    return decode(str(log), *args).stdout


def test_a_record_live_and_dumped_counts_once(tmp_path):
    """Live lines, then "trace last 40" and "trace dump" of the same records:
    each record once. Records the live lines lack (traced quiet) come from
    the dump, in place; two equal records live both count; a second run in
    the same log is its own."""
    text = open(SAMPLE).read()
    lines, records = text.splitlines(), trace_lines(text)
    want = decode(SAMPLE).stdout
    got = decoded(tmp_path, "dumped.log", lines + monitor_dump(records[-40:], "trace last 40")
                  + monitor_dump(records))
    assert got == want
    # Ten records not printed live (trace quiet), then the whole ring dumped.
    gap = [l for l in lines if l not in records[30:40]]
    assert len(gap) == len(lines) - 10
    assert decoded(tmp_path, "quiet.log", gap + monitor_dump(records)) == want
    # Two records alike to the microsecond, both live: two records.
    one = next(l for l in records if " mmu mmu_update(" in l)
    twice = lines[:lines.index(one) + 1] + [one] + lines[lines.index(one) + 1:]
    s = decoded(tmp_path, "twice.log", twice + monitor_dump(records[-3:], "trace last 3"))
    assert decoded_counts(s) == {**hyp_counts(text), "mmu": hyp_counts(text)["mmu"] + 1}, s
    # The same run twice in one log (the hypervisor's banner starts each).
    s = decoded(tmp_path, "runs.log", 2 * (lines + monitor_dump(records)))
    assert decoded_counts(s) == {g: 2 * n for g, n in hyp_counts(text).items()}


def test_timeline_without_scheduling_records_says_so(tmp_path):
    sched = re.compile(r"\[trace\] \S+ (switch to|block|wake) ")
    lines = [l for l in open(SAMPLE).read().splitlines() if not sched.match(l)]
    svg, summary = tmp_path / "t.svg", tmp_path / "s.txt"
    decoded(tmp_path, "nosched.log", lines, "--timeline", str(svg), "--summary", str(summary))
    assert "No running bands: this trace has no scheduling records" in svg.read_text()
    assert "guest mmu: 30 hypercalls (11 refused), 0 other exits; ran: not known (no sched " \
        "records)" in summary.read_text()
    svg_all = tmp_path / "all.svg"
    decode(SAMPLE, "--timeline", str(svg_all))
    assert "No running band" not in svg_all.read_text()


def test_runs_with_the_project_python_and_says_when_matplotlib_is_missing(tmp_path):
    with open(DECODER) as f:
        assert f.readline() == "#!/usr/bin/python3\n"  # the interpreter scripts/setup.sh equips
    assert os.access(DECODER, os.X_OK)
    assert "guest mmu: 30 hypercalls" in subprocess.run([DECODER, SAMPLE], capture_output=True,
                                                         text=True, check=True).stdout
    # An interpreter without matplotlib: one line, and only when a picture is asked for.
    hide = ("import runpy, sys; sys.modules['matplotlib'] = None; sys.argv = sys.argv[1:]; "
            "runpy.run_path(sys.argv[0], run_name='__main__')")
    r = subprocess.run([sys.executable, "-c", hide, DECODER, SAMPLE, "--timeline",
                        str(tmp_path / "t.svg")], capture_output=True, text=True)
    assert r.returncode == 1 and r.stdout == "", r
    assert len(r.stderr.splitlines()) == 1 and "needs matplotlib" in r.stderr, r.stderr
    assert not (tmp_path / "t.svg").exists()
    r = subprocess.run([sys.executable, "-c", hide, DECODER, SAMPLE], capture_output=True,
                       text=True, check=True)
    assert "guest mmu: 30 hypercalls" in r.stdout


def test_monitor_dump_decodes_to_the_hypervisor_counts(boot, tmp_path):
    """Trace from boot into the ring only, pause both guests so nothing more
    happens, dump the ring's last records and then all of it: the decoder
    counts what the hypervisor counted, each record once."""
    m = boot("default", extra=["-append", "trace=quiet,hcall"])
    m.expect_each(r"\[pv0\] \$ ", r"\[pv1\] \$ ")
    m.focus("hypervisor")
    m.monitor("pause pv0", r"pv0 paused")
    m.monitor("pause pv1", r"pv1 paused")
    m.monitor("trace last 20", r"\[hyp\] trace on \(ring only\), records hcall; \d+ written")
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
