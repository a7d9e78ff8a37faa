# SPDX-License-Identifier: MIT
"""Console focus: input reaches the focused guest only; Ctrl-] cycles the focus
through the running guests and the hypervisor, whose monitor answers its
commands line by line: guests, stats, pause/resume, restart/destroy, regs,
frames, log, trace, and a clear message for each bad command or argument."""
CTRL_RBRACKET = "\x1d"


def test_focus_cycles_and_monitor_commands(boot):
    m = boot("monitor")
    m.expect(r"\[hyp\] console focus: e0 \(Ctrl-\] switches\)")
    m.expect(r"\[e0\] echo guest up")
    m.expect(r"\[e1\] echo guest up")
    m.child.send("hello\r")
    m.expect(r"\[e0\] got: hello")
    m.child.send(CTRL_RBRACKET)
    m.expect(r"\[hyp\] console focus: e1 \(Ctrl-\] switches\)")
    m.child.send("there\r")
    m.expect(r"\[e1\] got: there")
    m.child.send(CTRL_RBRACKET)
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
    m.child.send(CTRL_RBRACKET)
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
