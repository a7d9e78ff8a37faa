# SPDX-License-Identifier: MIT
"""memory_op and the page-table rules, each from a guest beside a normal kernel that
must run on: pages given back read zero when populated again, touching one stops
only that guest; writing a pinned table or satp stops the guest; refused requests
get their errors."""
import re

from conftest import guest_lines, ticks

EPERM, ENOENT, E2BIG, EEXIST, EINVAL, EFAULT, EBUSY = -1, -2, -7, -17, -22, -14, -16


def test_give_back_and_populate_reads_zero(boot):
    m = boot("memop")
    m.wait_exit()
    out = guest_lines(m.lines(), "mem")
    assert out[-1] == "Test result: PASS", out
    for line in ("give back -> 0", f"give back again -> {ENOENT}", "populate -> 0",
                 "page reads zero -> 1", f"populate again -> {EEXIST}",
                 f"give back start info -> {EPERM}", f"give back shared info -> {EPERM}",
                 f"give back unaligned -> {EINVAL}", f"give back outside RAM -> {EINVAL}",
                 f"list too long -> {E2BIG}", f"bad list pointer -> {EFAULT}"):
        assert line in out, out
    assert out.count("page reads zero -> 1") == 2
    stats = " ".join(l for l in m.lines() if l.startswith("[hyp] mem stats: "))
    assert "frames given 1026 returned 2" in stats, stats


def test_touching_a_given_back_page_stops_only_that_guest(boot):
    m = boot("memop")
    status = m.wait_exit()
    lines = m.lines()
    stop = [l for l in lines if l.startswith("[hyp] guest touch crashed: ")]
    assert len(stop) == 1
    assert re.search(r"load guest-page fault \(no memory at guest-physical 0x80300000\) "
                     r"in kernel at pc 0x8020[0-9a-f]{4}", stop[0]), stop
    assert not [l for l in guest_lines(lines, "touch") if l.startswith("read ")]
    after = lines[lines.index(stop[0]):]
    assert any(l.startswith("[pv0] tick") for l in after)
    assert [n for n, _ in ticks(lines, "pv0")] == [1, 2, 3]
    assert status == 1


def test_forbidden_page_table_operations(boot):
    m = boot("ptbad")
    status = m.wait_exit()
    lines = m.lines()
    # A direct write to a pinned table stops the guest, saying so.
    ptw = [l for l in lines if l.startswith("[hyp] guest ptw crashed: ")]
    assert len(ptw) == 1 and "a page table: PV guests change them with mmu_update" in ptw[0]
    assert "wrote a pinned table" not in guest_lines(lines, "ptw")
    # Each refused request gets its error; the live root stays pinned.
    out = guest_lines(lines, "mmu")
    assert out[-1] == "Test result: PASS", out
    for line in (f"map a page table writable -> {EBUSY}", f"map outside RAM -> {EPERM}",
                 f"install an unpinned root -> {EINVAL}", f"unpin the live root -> {EBUSY}",
                 f"pin the shared info page -> {EBUSY}", f"pin the start info page -> {EBUSY}",
                 f"mmu_update bad pointer -> {EFAULT}", f"mmuext_op bad pointer -> {EFAULT}",
                 f"console_io bad pointer -> {EFAULT}", f"memory_op bad pointer -> {EFAULT}",
                 f"mmu_update list in an unmapped table page -> {EFAULT}"):
        assert line in out, out
    # Writing satp with a live root installed stops the guest.
    satp = [l for l in lines if l.startswith("[hyp] guest satp crashed: ")]
    assert len(satp) == 1 and re.search(
        r"changed vsatp itself to 0x0 \(installed: 0x8[0-9a-f]{15}\)", satp[0]), satp
    assert "satp written" not in guest_lines(lines, "satp")
    assert [n for n, _ in ticks(lines, "pv0")] == [1, 2, 3]
    assert "[hyp] guest pv0 shut down: poweroff" in lines
    assert status == 1
