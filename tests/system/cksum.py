# SPDX-License-Identifier: MIT
"""The host's side of the bystander guest (tests/guests/cksum.c): the sum its
rounds must give, and the check that a run printed it."""
import re

M64 = (1 << 64) - 1
DONE = re.compile(r"cksum done: rounds=(\d+) sum=0x([0-9a-f]{16})")


def cksum_round(r):
    x = (r * 2654435761 + 1) & 0xFFFFFFFF
    h = 0xCBF29CE484222325
    for _ in range(4096):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        h = ((h ^ x) * 0x100000001B3) & M64
    return h


def cksum_expected(rounds):
    s = 0
    for r in range(rounds):
        s = (((s << 1) | (s >> 63)) & M64) ^ cksum_round(r)
    return s


def check_cksum(lines, name):
    """Assert that guest name printed its final line with the right sum."""
    prefix = f"[{name}] "
    done = [DONE.search(l) for l in lines if l.startswith(prefix)]
    done = [m for m in done if m]
    assert done, f"{name} never finished its checksum rounds"
    rounds, got = int(done[-1].group(1)), int(done[-1].group(2), 16)
    assert got == cksum_expected(rounds), \
        f"{name}: sum 0x{got:016x}, want 0x{cksum_expected(rounds):016x}"
