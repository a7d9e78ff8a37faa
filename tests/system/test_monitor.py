# SPDX-License-Identifier: MIT
"""Console focus: input reaches the focused guest only; Ctrl-] cycles the focus
through the running guests and the hypervisor, whose monitor answers help, stats
and focus commands line by line."""
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
    m.expect(r"\[hyp\] monitor commands: help, stats, focus")
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
