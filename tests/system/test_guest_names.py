# SPDX-License-Identifier: MIT
"""Guest names address guests (the monitor, args.NAME=, on_stop.NAME=,
trace=NAME), so each must be one guest's: a second guest of a name taken is
not built and the others run; an args. or on_stop. item given twice for a
name keeps the last and says so; one naming no guest is reported, not
ignored silently. The configuration is fvuser (guests uon and uoff, which
end by themselves), with a command-line guest named uon as make qemu
GUEST=... GUEST_NAME=uon gives."""
import os
import re

IMAGE = "fvtg-fvuser.bin"
ADDR = 0x88000000


def test_names_are_unique_and_checked(request, boot):
    image = os.path.join(request.config.getoption("--build"), "images", IMAGE)
    size = os.path.getsize(image)
    append = " ".join([
        f"guest=uon,fv,{ADDR:#x},{size},4",
        "args.uoff=counters=on", "args.uoff=counters=off",
        "on_stop.uon=restart:2", "on_stop.uon=destroy",
        "args.nobody=x", "on_stop.ghost=restart", "trace=ghost",
    ])
    m = boot("fvuser", extra=["-device", f"loader,file={image},addr={ADDR:#x},force-raw=on",
                              "-append", append])
    # A refused guest fails the run, as a bad configuration entry does.
    assert m.wait_exit() == 1
    lines = m.lines()
    for want in [
        "[hyp] guest uon not created: guest 0 is already named uon (names must be unique)",
        "[hyp] command line: args.uoff given again: the last one counts",
        "[hyp] command line: on_stop.uon given again: the last one counts",
        "[hyp] command line: args.nobody ignored: no guest is named nobody",
        "[hyp] command line: on_stop.ghost ignored: no guest is named ghost",
        "[hyp] guest uon shut down: powered off (SBI SRST)",
        "[hyp] guest uoff shut down: powered off (SBI SRST)",
    ]:
        assert want in lines, f"missing: {want}"
    # trace.c says which word it does not know when it is the only one.
    assert any(l.startswith("[hyp] command line: trace=ghost: not ") and "a guest's name" in l
               for l in lines)
    # One uon was built, ran and passed; the last args.uoff and on_stop.uon counted.
    assert len([l for l in lines if re.match(r"\[hyp\] guest uon: fv, 4 MiB", l)]) == 1
    assert "Test result: PASS" in [l for l in lines if l.startswith("[uon] ")][-1]
    assert "[uoff] scounteren 0x0, senvcfg 0x0; 200 rounds" in lines
    assert "[uoff] Test result: PASS" in lines
    assert not any("restarting" in l for l in lines)
    assert "[hyp] all guests stopped, some crashed" in lines
