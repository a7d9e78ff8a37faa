# SPDX-License-Identifier: MIT
"""The default configuration as a person uses it: a shell in each PV guest,
console focus switched with Ctrl-], one guest working while the other is used."""
import re

import pexpect

from conftest import FOCUS_KEY


def command(m, guest, line, expect):
    """Type a line into the focused guest and wait for a pattern in its output."""
    m.child.send(line + "\r")
    return m.expect(rf"\[{guest}\] {expect}")


def wait_prompt(m, guest):
    m.expect(rf"\[{guest}\] \$ ")


def test_shell_commands_in_both_guests(boot):
    m = boot("default")
    m.expect(r"\[hyp\] console focus: pv0")
    wait_prompt(m, "pv0")
    command(m, "pv0", "echo hello world", r"hello world\r")
    command(m, "pv0", "echo hi there | wc", r"\s+1\s+2\s+9")
    command(m, "pv0", "ls /bin", r"\S*\s*\d+ usertests")
    command(m, "pv0", "cat /README", r"This is the file system of an rvhyp guest")
    command(m, "pv0", "mkdir /tmp; echo saved > /tmp/f; cat < /tmp/f", r"saved")
    command(m, "pv0", "ps", r"\s+1\s+0 \w+\s+\d+\s+\d+ init")
    m.child.send(FOCUS_KEY)
    m.expect(r"\[hyp\] console focus: pv1")
    command(m, "pv1", "echo on the other guest", r"on the other guest")
    # pv0 never saw pv1's input.
    assert "[pv0] echo on the other guest" not in m.text()


def test_one_guest_runs_on_while_the_other_is_used(boot):
    m = boot("default")
    wait_prompt(m, "pv0")
    m.child.send("usertests pipe &\r")
    m.child.send(FOCUS_KEY)
    m.expect(r"\[hyp\] console focus: pv1")
    command(m, "pv1", "ls /", r"\S+\s+\d+ bin\r")
    command(m, "pv1", "ps", r"\s+\d+\s+\d+ \w+\s+\d+\s+\d+ ps\r")
    # pv0's background tests may already have finished while pv1 was used.
    done = re.compile(r"\[pv0\] usertests: \d+ passed, 0 failed")
    if not done.search(m.text()):
        m.expect(done.pattern, timeout=120)


def test_bad_command_gets_a_message_and_the_shell_goes_on(boot):
    m = boot("default")
    wait_prompt(m, "pv0")
    command(m, "pv0", "nosuchprogram", r"sh: nosuchprogram: .*")
    command(m, "pv0", "cat /no/such/file", r"cat: .*")
    command(m, "pv0", "echo still here", r"still here")
