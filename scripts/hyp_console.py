# SPDX-License-Identifier: MIT
"""scripts/hyp_console.py - the hypervisor's console as a program drives it:
moving the console focus (Ctrl-] to the next guest, then to the monitor) and
reading a guest's counters from the "[hyp] NAME stats: ..." lines, printed
when a guest stops or asked for with the monitor's "stats NAME".

One implementation for every reader: scripts/bench.py (the lines of a whole
run), scripts/linux_exits.py (the monitor, through pexpect) and the system
tests (tests/system/conftest.py's Machine and test_linux.py), which import
it from scripts/; nothing here imports from tests/.

A stats line is "NAME stats: hcalls N (a 1, b 2), exits N (...), sbi N,
... this boot: running-us N, blocked-us N"; the hypervisor wraps a long one
over several lines, each with the prefix, at its item separators.
"""
import re

FOCUS_KEY = "\x1d"  # Ctrl-]: the focus moves to the next guest, then the monitor
FOCUS_LINE = r"\[hyp\] console focus: (\S+) \(Ctrl-\] switches\)"
# An item of a stats text: "label N", closing a parenthesized list with ")".
STATS_ITEM = re.compile(r"([A-Za-z][\w\- ]*?) (\d+)(\))?")
# Counters with a list of their parts in parentheses.
LISTED = {"hcalls": "hcalls_by", "exits": "exits_by"}


class FocusError(AssertionError):
    """The console focus never reached the guest (or monitor) asked for."""


def focus(child, name, presses=9, timeout=-1):
    """Press Ctrl-] on a pexpect child until the console focus is name
    ("hypervisor": the monitor). Call it once the boot's own focus line has
    been read (any prompt follows it). timeout -1: the child's own."""
    for _ in range(presses):
        child.send(FOCUS_KEY)
        child.expect(FOCUS_LINE, timeout=timeout)
        if child.match.group(1) == name:
            return
    raise FocusError(f"the console focus never reached {name}")


def clean_lines(text):
    """The lines of QEMU's output, without carriage returns or empty lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [l for l in text.split("\n") if l]


def stats_groups(lines, guest):
    """Each block of consecutive "[hyp] guest stats: " lines, joined with ", "
    (a wrapped line loses only its separator)."""
    prefix = f"[hyp] {guest} stats: "
    groups, current = [], []
    for line in lines:
        if line.startswith(prefix):
            current.append(line[len(prefix):])
        elif current:
            groups.append(", ".join(current))
            current = []
    if current:
        groups.append(", ".join(current))
    return groups


def parse_stats_text(text):
    """The counters of one joined stats text: scalars by name ("exits",
    "sbi", "running-us", "frames given", ...), and the "hcalls_by" and
    "exits_by" breakdowns. Parts follow a listed counter with a non-zero
    total up to the item that closes the parenthesis."""
    stats = {"hcalls_by": {}, "exits_by": {}}
    into = None
    for m in STATS_ITEM.finditer(text):
        label, value, closes = m.group(1), int(m.group(2)), m.group(3)
        if into is not None:
            stats[into][label] = value
            if closes:
                into = None
            continue
        stats[label] = value
        if label in LISTED and value > 0 and not closes:
            into = LISTED[label]
    return stats


def parse_stats(lines, guest):
    """The hypervisor's last printed counters of a guest, or None."""
    groups = stats_groups(lines, guest)
    return parse_stats_text(groups[-1]) if groups else None


def ask_stats(child, guest, timeout=-1):
    """Type "stats GUEST" to the monitor (it must have the focus) and parse
    its answer: parse_stats_text's dict. Every stats line of the answer
    counts, whatever another hart printed between them."""
    child.send(f"stats {guest}\r")
    child.expect(rf"\[hyp\] {re.escape(guest)} stats: counts above since creation[^\r\n]*"
                 r"blocked-us \d+", timeout=timeout)
    lines = clean_lines(child.before + child.after)
    prefix = f"[hyp] {guest} stats: "
    return parse_stats_text(", ".join(l[len(prefix):] for l in lines if l.startswith(prefix)))
