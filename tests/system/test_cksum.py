# SPDX-License-Identifier: MIT
"""The bystander guest of the isolation tests computes the sum the host expects."""
from cksum import check_cksum


def test_cksum_alone(boot):
    m = boot("cksum")
    m.expect(r"cksum done: rounds=\d+ sum=0x[0-9a-f]+")
    m.expect(r"all guests stopped")
    check_cksum(m.lines(), "ck")
