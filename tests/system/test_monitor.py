# SPDX-License-Identifier: MIT
"""Console focus: input reaches the focused guest only; Ctrl-] cycles the focus
through the running guests and the hypervisor, whose monitor answers its
commands line by line: guests, stats, pause/resume, restart/destroy, regs,
frames, log, trace, and a clear message for each bad command or argument."""
from conftest import FOCUS_KEY


def test_focus_cycles_and_monitor_commands(boot):
    m = boot("monitor")
    m.expect(r"\[hyp\] console focus: e0 \(Ctrl-\] switches\)")
    m.expect(r"\[e0\] echo guest up")
    m.expect(r"\[e1\] echo guest up")
    m.child.send("hello\r")
    m.expect(r"\[e0\] got: hello")
    m.child.send(FOCUS_KEY)
    m.expect(r"\[hyp\] console focus: e1 \(Ctrl-\] switches\)")
    m.child.send("there\r")
    m.expect(r"\[e1\] got: there")
    m.child.send(FOCUS_KEY)
    m.expect(r"\[hyp\] console focus: hypervisor")
    m.child.send("stats\r")
    m.expect(r"\[hyp\] e1 stats: hcalls \d+ \(")
    m.expect(r"\[hyp\] frames: \d+ total")
    m.child.send("help\r")
    m.expect(r"\[hyp\] monitor commands \(Ctrl-\] moves the focus on\):")
    m.child.send("frobnicate\r")
    m.expect(r'\[hyp\] unknown command "frobnicate" \(try help\)')
    m.child.send("focus e0\r")
    m.expect(r"\[hyp\] console focus: e0")
    m.child.send("quit\r")
    m.expect(r"\[hyp\] guest e0 shut down: poweroff")
    m.expect(r"\[hyp\] e0 stats: ")
    # e0 stopped: the next Ctrl-] skips it.
    m.child.send(FOCUS_KEY)
    m.expect(r"\[hyp\] console focus: e1")
    m.child.send("quit\r")
    assert m.wait_exit() == 0
    lines = m.lines()
    # Nothing typed for one guest reached the other, nor the monitor's lines a guest.
    assert "[e1] got: hello" not in lines and "[e0] got: there" not in lines
    assert not [l for l in lines if "got: stats" in l or "got: help" in l]
    assert lines[-1] == "[hyp] all guests stopped"


GUEST_ROW = r"\[hyp\] {name} +pv +{state} +4M 0x[0-9a-f]{{16}} +(\d+) +(\d+) +{boots}"


def test_monitor_guest_lifecycle_and_bad_input(boot):
    m = boot("monitor")
    m.expect(r"\[e0\] echo guest up")
    m.expect(r"\[e1\] echo guest up")
    m.focus("hypervisor")
    row = m.monitor("guests", r"\[hyp\] name +mode +state +mem +pc +exits +hcalls +boots",
              GUEST_ROW.format(name="e0", state="blocked", boots=1))[1]
    assert int(row.group(1)) > 0 and int(row.group(2)) > 0
    m.monitor("guests e0", r"\[hyp\] guests: takes no argument")
    m.monitor("stats e1", r"\[hyp\] e1 stats: hcalls \d+ \(")
    m.monitor("stats nobody", r'\[hyp\] stats: no guest named "nobody" \(see guests\)')

    # Paused, e0 reads nothing; resumed, it answers what came meanwhile.
    m.monitor("pause", r'\[hyp\] pause: name a guest, like "pause e0"')
    m.monitor("pause e0", r"\[hyp\] e0 paused \(resume e0 goes on\)")
    m.monitor("pause e0", r"\[hyp\] pause: e0 is paused already")
    m.monitor("guests", GUEST_ROW.format(name="e0", state="paused", boots=1))
    m.monitor("focus e0", r"\[hyp\] console focus: e0")
    m.child.send("while paused\r")
    m.focus("hypervisor")
    assert "[e0] got: while paused" not in m.text()
    m.monitor("resume e0", r"\[hyp\] e0 resumed", r"\[e0\] got: while paused")
    m.monitor("resume e0", r"\[hyp\] resume: e0 is not paused")

    m.monitor("regs e0", r"\[hyp\] e0 pc 0x[0-9a-f]{16}  kernel mode  sstatus 0x",
        r"\[hyp\] e0 +ra 0x[0-9a-f]{16} +sp 0x[0-9a-f]{16} +gp ",
        r"\[hyp\] e0 vsatp 0x0 vstvec 0x", r"last exit scause 0xa ")  # a hypercall (ecall from VS-mode)
    m.monitor("frames", r"\[hyp\] frames: \d+ total, \d+ free \(\d+ dirty, \d+ scrubbed\)",
        r"\[hyp\]   e0 +holds 1024 \(runnable|blocked\), given 1024, returned 0")
    m.monitor("log 3", r"\[hyp\] \| ")
    m.monitor("log x", r'\[hyp\] log: give a number of lines, like "log 20"')
    m.monitor("log 0", r'\[hyp\] log: give a number of lines')
    m.monitor("trace dump", r"\[hyp\] trace dump begin", r"\[hyp\] trace off, records of all",
        r"\[hyp\] trace dump end")

    # Restart rebuilds e1 from its image; destroy returns all it was given.
    m.monitor("restart e1", r"\[hyp\] e1: restarting from its image", r"\[hyp\] guest e1 rebooted",
        r"\[e1\] echo guest up")
    m.monitor("guests", GUEST_ROW.format(name="e1", state="(?:blocked|runnable)", boots=2))
    done = m.monitor("destroy e1", r"\[hyp\] guest e1 shut down: destroyed from the monitor",
               r"\[hyp\] guest e1 destroyed: frames given (\d+), returned (\d+);")[1]
    assert done.group(1) == done.group(2) == "2048"
    m.monitor("destroy e1", r"\[hyp\] destroy: e1 is destroyed already")
    m.monitor("resume e1", r"\[hyp\] resume: e1 is destroyed")
    m.monitor("regs e1", r"\[hyp\] regs: e1 has no vCPU now \(destroyed\)")
    m.monitor("focus e1", r"\[hyp\] focus: no running guest by that name")
    m.monitor("restart", r'\[hyp\] restart: name a guest, like "restart e0"')
    m.monitor("destroy e0", r"\[hyp\] guest e0 destroyed",
        r"\[hyp\] frames: all \d+ returned, as before the guests were built",
        r"\[hyp\] all guests stopped")
    assert m.wait_exit() == 0


def after(lines, echo):
    """The lines after the last one that is the monitor's echo of a command."""
    at = max(i for i, l in enumerate(lines) if l == f"[hyp] monitor> {echo}")
    return lines[at + 1:]


def test_monitor_line_editing(boot):
    """The monitor's line, like a shell's: a prompt as soon as it has the focus,
    keys echoed as they are typed, backspace, Ctrl-U, Ctrl-C, the history on the
    arrow keys, and a line too long refused with a message."""
    m = boot("monitor")
    m.expect(r"\[e1\] echo guest up")
    m.focus("hypervisor")
    m.expect(r"\[hyp\] monitor> ")
    m.child.send("gue")
    m.expect("gue")  # echoed before Enter
    m.child.send("sts\r")
    m.expect(GUEST_ROW.format(name="e1", state="blocked", boots=1))
    m.child.send("framex\x7fs\r")
    m.expect(r"\[hyp\] frames: \d+ total")
    m.child.send("garbage\x15guests\r")
    m.expect(GUEST_ROW.format(name="e1", state="blocked", boots=1))
    m.child.send("\x1b[A\x1b[A\r")  # guests, then frames: run again
    m.expect(r"\[hyp\] frames: \d+ total")
    m.child.send("destroy e0\x03")
    m.expect(r"\^C")
    m.child.send("x" * 300 + "\r")
    m.expect(r"\[hyp\] monitor: line too long \(at most 255 characters\): not run")
    m.monitor("guests", GUEST_ROW.format(name="e0", state="blocked", boots=1))
    text = m.text()
    assert text.count("[hyp] frames: ") == 2
    assert 'unknown command "garbage' not in text and "guest e0 shut down" not in text
    assert "unknown command \"xxx" not in text

    # The log has the hypervisor's lines, not the monitor's echo of commands.
    m.monitor("log 4", r"\[hyp\] \| monitor: line too long", r"\[hyp\] \| e1 ")
    logged = after(m.lines(), "log 4")[:4]
    assert all(l.startswith("[hyp] | ") for l in logged), logged
    assert not [l for l in logged if "monitor>" in l], logged
    assert logged[0] == "[hyp] | monitor: line too long (at most 255 characters): not run"
    assert logged[1].startswith("[hyp] | name ") and logged[3].startswith("[hyp] | e1 ")

    # After a restart the counters go on, the times start again: both labelled.
    m.monitor("restart e1", r"\[hyp\] guest e1 rebooted", r"\[e1\] echo guest up")
    m.monitor("stats e1", r"\[hyp\] e1 stats: hcalls \d+ \(",
              r"\[hyp\] e1 stats: counts above since creation \(2 boots\); this boot: "
              r"running-us \d+, blocked-us \d+")

    # help wraps at words, well inside an 80-column terminal's two rows.
    m.monitor("help", r"\[hyp\]   keys: ")
    shown = after(m.lines(), "help")
    shown = shown[:next(i for i, l in enumerate(shown) if "keys:" in l) + 1]
    assert len(shown) > 12 and all(len(l) <= 100 for l in shown), shown
    assert any(l.startswith("[hyp]       ") for l in shown)  # a continued one
