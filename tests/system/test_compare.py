# SPDX-License-Identifier: MIT
"""The benchmark harness end to end: scripts/bench.py compare --size small,
twice. Under -icount every count repeats, so both CSVs match but for the
wall-clock column; and the figures show what the design says: a PV guest,
fresh or in steady state (zeroinfo=0), never traps for WFI or a device,
zeroes nothing the hypervisor already zeroed, and prints to the console with
far fewer exits than an FV guest. A counter the figures need that a run did
not print fails the harness rather than reading as 0."""
import csv
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, "scripts", "bench.py")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import bench_run  # noqa: E402  (its RunError and counters, for the harness's own checks)
# Exit causes that mean a WFI trap or an emulated device access.
WFI_EXITS = {"virtual-inst"}
MMIO_EXITS = {"load-gpf", "store-gpf"}


def compare(build, out):
    """Run the whole comparison into out (two QEMUs at a time)."""
    cmd = [sys.executable, BENCH, "compare", "--size", "small", "--build", build,
           "--out", str(out), "--jobs", "2", "--timeout", "60"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def csv_without_wall(path):
    """The CSV's rows with every wall-clock column left out."""
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [{k: v for k, v in r.items() if not k.startswith("wall")} for r in rows]


@pytest.fixture(scope="module")
def results(request, tmp_path_factory):
    build = request.config.getoption("--build")
    first = compare(build, tmp_path_factory.mktemp("bench1"))
    second = compare(build, tmp_path_factory.mktemp("bench2"))
    return first, second


def load(out, name):
    with open(os.path.join(out, name), encoding="utf-8") as f:
        return json.load(f)


def test_outputs_exist_and_are_deterministic(results):
    first, second = results
    for name in ["compare.md", "compare.csv", "compare.svg", "native.json", "fv.json",
                 "fvbusy.json", "pv.json", "pvsteady.json", "idle.json", "zero.json"]:
        assert os.path.getsize(os.path.join(first, name)) > 0, name
    a = csv_without_wall(os.path.join(first, "compare.csv"))
    b = csv_without_wall(os.path.join(second, "compare.csv"))
    assert len(a) >= 9 * 5
    assert a == b


@pytest.mark.parametrize("mode", ["pv", "pvsteady"])
def test_pv_makes_no_wfi_or_mmio_exits(results, mode):
    pv = load(results[0], f"{mode}.json")["benchmarks"]
    for name, r in pv.items():
        for size, run in r["runs"].items():
            causes = set(run["stats"]["exits_by"])
            assert not causes & (WFI_EXITS | MMIO_EXITS), (name, size, causes)


def test_pv_steady_state_exchanges_pages(results):
    """pvsteady really runs with the known-zero pool out of play: its page
    faults exchange pages with memory_op, the fresh guest's do not."""
    fresh = load(results[0], "pv.json")["benchmarks"]["pagefault"]["runs"]["small"]
    steady = load(results[0], "pvsteady.json")["benchmarks"]["pagefault"]["runs"]["small"]
    assert fresh["memstat"]["populated"] == 0, fresh["memstat"]
    assert steady["memstat"]["populated"] > 0, steady["memstat"]


def test_missing_counter_fails_loudly():
    """A counter absent from a run's stats is an error, not a 0."""
    run = {"ops": 10, "stats": {"hcalls": 5, "exits_by": {}, "hcalls_by": {}}}
    big = dict(run, ops=20, stats=dict(run["stats"], exits=9))
    with pytest.raises(bench_run.RunError, match="exits"):
        bench_run.hyp_per_op(big, run, "pv fork")
    with pytest.raises(bench_run.RunError, match="zeroed"):
        bench_run.need({}, "zeroed", "pv zero memstat")


def test_pv_zeroes_nothing_twice(results):
    zero = load(results[0], "zero.json")
    assert zero["pv"]["zeroed_twice"] == 0
    assert zero["pvsteady"]["zeroed_twice"] == 0
    assert zero["native"]["zeroed_twice"] == 0
    # The FV kernel zeroes pages the hypervisor handed over zeroed.
    assert zero["fv"]["zeroed_twice"] > 0


def test_fv_console_costs_many_more_exits(results):
    fv = load(results[0], "fv.json")["benchmarks"]["console"]["exits_per_op"]
    pv = load(results[0], "pv.json")["benchmarks"]["console"]["exits_per_op"]
    assert pv > 0 and fv >= 10 * pv, (fv, pv)


def test_idle_report(results):
    """Only reported: how much an idle FV or PV neighbour slows guest a."""
    idle = load(results[0], "idle.json")
    for kind in ["pv", "fv", "fvbusy"]:
        r = idle[kind]
        print(f"idle: a beside {kind} b: {r['a_ratio']:.3f}x alone, "
              f"b running-us {r['at_monitor']['b_running_us']} (at the monitor)")
        assert r["a_ticks"] > 0 and r["at_monitor"]["b_running_us"] is not None
