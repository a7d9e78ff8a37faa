# SPDX-License-Identifier: MIT
"""The hypercall tracing console: trace=SPEC on the hypervisor's command line
and the monitor's trace command. Each record names the guest and the call with
its arguments, its result, the reason for a refusal and its cost."""
import re

HCALL = re.compile(r"\[trace\] \d+\.\d{6} (\S+) (?:  \+ )?(\w+)\(([^)]*)\) -> (-?\d+)"
                   r"(?: \(a1 0x[0-9a-f]+\))?(: [^\[]+)?  \[(\d+) insns, \d+\.\d us\]")


def traced(lines):
    return [HCALL.match(l) for l in lines if HCALL.match(l)]


def test_boot_sequence_of_one_guest(boot):
    m = boot("default", extra=["-append", "trace=pv0,hcall"])
    m.expect_each(r"\[pv0\] \$ ", r"\[pv1\] \$ ")
    recs = traced(m.lines())
    assert recs and all(r.group(1) == "pv0" for r in recs), "only pv0 is traced"
    calls = [r.group(2) for r in recs]
    # The kernel's first acts: check the ABI, install its page tables (pin and
    # switch), register its trap entry and then its event callback.
    assert calls[0] == "version" and calls[1] == "mmuext_op", calls[:5]
    assert calls.index("mmuext_op") < calls.index("set_trap_table") < \
        calls.index("set_callbacks"), calls[:12]
    assert recs[0].group(3) == "cmd=0x0, arg=0x0" and recs[0].group(4) == "0"
    assert "mmuext_op" in calls and "console_io" in calls
    assert all(int(r.group(6)) > 0 for r in recs)
    assert "[hyp] trace on (live), records hcall pv0;" in m.text()
    # What "insns" counts is said once: instructions only under -icount.
    assert m.text().count("[hyp] trace costs: insns = instret delta (instructions under QEMU "
                          "-icount, host CPU ticks without it), us = time CSR") == 1
    # The first mmuext_op's entries follow it: pin the root, then switch to it.
    text = m.text()
    first = text.index(" pv0 mmuext_op(")
    assert re.match(r"[^\n]*\n+\[trace\] [\d.]+ pv0     \[0\] pin_l3_table 0x[0-9a-f]+, 0x0 -> 0\n+"
                    r"\[trace\] [\d.]+ pv0     \[1\] new_baseptr 0x[0-9a-f]+, 0x0 -> 0\n",
                    text[first:]), text[first:first + 400]


def test_rejected_mmu_update_shows_the_reason(boot):
    m = boot("ptbad", extra=["-append", "trace=hcall"])
    m.wait_exit()  # ptw is stopped on purpose (test_memory.py): status 1
    recs = traced(m.lines())
    refused = [r for r in recs if r.group(2) == "mmu_update" and r.group(4) != "0"]
    reasons = [(r.group(4), (r.group(5) or "").strip()) for r in refused]
    assert ("-16", ": writable mapping of a page table") in reasons, reasons
    assert ("-1", ": PTE points outside the guest's RAM") in reasons, reasons
    # The refused entry itself carries the reason too.
    assert re.search(r"\[trace\] [\d.]+ mmu +\[0\] pte at 0x[0-9a-f]+ = 0x[0-9a-f]+ -> -16: "
                     r"writable mapping of a page table", m.text())


def test_fv_exits_are_decoded(boot):
    """An FV guest's exits read as what they are: SBI calls by name, device
    accesses by register with the byte written, wfi and what became of it."""
    m = boot("fullvirt", extra=["-append", "trace=fv0,exit"])
    m.expect(r"\[fv0\] \$ ")
    m.expect(r"\[fv1\] \$ ")
    m.expect(r"\[trace\] [\d.]+ fv0 wfi -> blocked  \[")
    text = m.text()
    assert re.search(r"\[trace\] [\d.]+ fv0 sbi TIME set_timer\(0x[0-9a-f]+\) -> 0  \[\d+ insns",
                     text)
    assert re.search(r"\[trace\] [\d.]+ fv0 sbi BASE probe_extension\(0x54494d45\) -> 0 \(a1 0x1\)",
                     text)
    assert re.search(r"\[trace\] [\d.]+ fv0 uart read LSR -> 0x60  \[", text)
    # The prompt, byte by byte, as the guest wrote it to THR.
    assert re.search(r"fv0 uart write THR '\$'  [^\n]*\n+(?:[^\n]*\n+)?\[trace\] [\d.]+ fv0 "
                     r"uart (?:read LSR -> 0x60|write THR ' ')", text)
    assert not re.search(r"\[trace\] [\d.]+ fv1 ", text), "only fv0 is traced"


def test_monitor_trace_command(boot):
    m = boot("default")
    m.expect_each(r"\[pv0\] \$ ", r"\[pv1\] \$ ")
    m.focus("hypervisor")
    m.monitor("trace", r"\[hyp\] trace off, records of all; 0 written, 0 lost",
              r"\[hyp\] trace costs: insns = instret delta \(instructions under QEMU -icount")
    m.monitor("trace bogus", r"\[hyp\] trace: \"bogus\": not on, off,")
    m.monitor("trace last x", r"\[hyp\] trace last: give a number")
    m.monitor("trace quiet,sched", r"\[hyp\] trace on \(ring only\), records sched;")
    # Switch focus to pv0 and back: pv0 runs, the scheduler's events are kept.
    m.focus("pv0")
    m.child.send("echo hi\r")
    m.expect(r"\[pv0\] hi")
    m.focus("hypervisor")
    m.monitor("trace last 3", r"\[hyp\] trace on \(ring only\), records sched; (\d+) written")
    assert int(m.child.match.group(1)) >= 3
    assert re.search(r"\[trace\] [\d.]+ (switch to|block|wake) pv0", m.text())
    m.monitor("trace off", r"\[hyp\] trace off")
