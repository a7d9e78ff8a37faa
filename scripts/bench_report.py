#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""scripts/bench_report.py - the benchmark harness's report: the Markdown
tables and compare.md, compare.csv and compare.svg (scripts/bench_plot.py)
from the figures scripts/bench_run.py computes, and the JSON files beside
them. scripts/bench_doc.py builds docs/performance.md's tables from the
same cells (fmt, md_table).
"""
import csv
import json
import os

from bench_run import BENCHES, HYP_MODES, IDLE_CONFIGS, MODES, console_exits_per_kib

ZERO_NOTE = (
    "guest zeroed: bytes the guest kernel zeroed while bench zero ran (its memstat); "
    "hypervisor zeroed: frames the allocator scrubbed on demand for the guest x 4096 "
    "(every frame handed to a guest is zero: frames given x 4096 is the upper bound); "
    "zeroed twice: min(guest zeroed, hypervisor zeroed), memory both zeroed. "
    "Natively nothing is below the kernel, so nothing is zeroed twice: 0.")


def hcall_table(hcall):
    return md_table(["call", "instructions per round trip"], list(hcall["insns"].items()))


def hcall_breakdown_table(hcall):
    import bench_hcprof
    return md_table(bench_hcprof.HEADER, bench_hcprof.table_rows(hcall["breakdown"]))


def write_json(path, data):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


def fmt(v, digits=2):
    """A table cell: blank for None, integers plain, floats rounded."""
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def md_table(header, rows):
    """A Markdown table from a header list and rows of cells."""
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(fmt(c) if not isinstance(c, str) else c for c in r) + " |"
            for r in rows]
    return out


def ratio(modes, mode, bench):
    """insns/op of a mode over native's."""
    return round(modes[mode][bench]["insns_per_op"] / modes["native"][bench]["insns_per_op"], 4)


def insns_table(modes):
    header = ["benchmark", "native insns/op"] + [f"{m} insns/op (x native)" for m in HYP_MODES]
    rows = []
    for b in BENCHES:
        row = [b, modes["native"][b]["insns_per_op"]]
        row += [f"{fmt(modes[m][b]['insns_per_op'])} ({ratio(modes, m, b):.2f}x)"
                for m in HYP_MODES]
        rows.append(row)
    return md_table(header, rows)


def top_causes(by, n=3):
    """The largest few parts of a breakdown, as "name x, ...". """
    items = sorted(by.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return ", ".join(f"{k} {v:.2f}" for k, v in items if v >= 0.005)


def exits_table(modes):
    header = ["benchmark"]
    for m in HYP_MODES:
        header += [f"{m} exits/op", f"{m} hcalls/op"]
    header += [f"{m} main exits/op" for m in HYP_MODES]
    rows = []
    for b in BENCHES:
        row = [b]
        for m in HYP_MODES:
            row += [modes[m][b]["exits_per_op"], modes[m][b]["hcalls_per_op"]]
        row += [top_causes(modes[m][b]["exits_per_op_by"]) for m in HYP_MODES]
        rows.append(row)
    return md_table(header, rows)


def idle_table(idle):
    header = ["b beside a", "a's cpu ticks", "a vs alone", "us taken from a", "a running-us",
              "b running-us*", "b blocked-us*", "b exits*", "b wfi*"]
    rows = []
    for kind in ["alone", *IDLE_CONFIGS]:
        r = idle[kind]
        b = r.get("at_monitor", {})
        rows.append(["(a alone)" if kind == "alone" else kind, r["a_ticks"],
                     f"{r['a_ratio']:.3f}x", r["a_taken_us"], r.get("a_running_us"),
                     b.get("b_running_us"), b.get("b_blocked_us"), b.get("b_exits"),
                     b.get("b_wfi")])
    return md_table(header, rows)


def zero_table(zero):
    header = ["mode", "guest zeroed (bytes)", "hypervisor zeroed for it", "frames given x 4096",
              "zeroed twice"]
    rows = [[m, zero[m]["guest_zeroed"], zero[m]["hyp_zeroed"], zero[m]["frames_given_bytes"],
             zero[m]["zeroed_twice"]] for m in MODES]
    return md_table(header, rows)


def console_table(modes):
    header = ["mode", "console exits/KiB", "console hcalls/op"]
    rows = [[m, console_exits_per_kib(modes[m]), modes[m]["console"]["hcalls_per_op"]]
            for m in HYP_MODES]
    return md_table(header, rows)


def wall_table(modes):
    header = ["benchmark"] + [f"{m} s" for m in MODES]
    rows = [[b] + [f"{modes[m][b]['wall_s']:.2f}" for m in MODES] for b in BENCHES]
    return md_table(header, rows)


def compare_md(modes, idle, zero, hcall, size, total_s):
    """The whole report, as a list of lines."""
    out = ["# Native, FV (wfi idle), FV (busy idle), PV and PV in steady state: "
           "the same guest kernel", "",
           f"QEMU with -icount shift=0,sleep=off (every count repeats exactly); size {size}: "
           "insns/op are the guest's own counters (instret, which under a hypervisor counts its "
           "instructions too) for that run; exits and hypercalls per op are the hypervisor's "
           "counters, big run minus small run over the difference in ops.", "",
           "pv draws pages from the known-zero ranges of its start info; pvsteady is the same "
           "guest with zeroinfo=0, every page it hands out exchanged through memory_op (the "
           "steady state once that pool is spent).", "",
           "## Instructions per operation", ""]
    out += insns_table(modes)
    out += ["", "## Exits and hypercalls per operation", ""]
    out += exits_table(modes)
    out += ["", "## Console: exits per KiB printed", ""]
    out += console_table(modes)
    out += ["", "## Idle: guest a runs bench cpu while guest b sleeps forever", "",
            "a's completion time is its cpu benchmark's ticks (10 MHz); \"us taken from a\" "
            "is how much longer than alone it took: b's CPU and the switches to it. "
            "b's CPU consumption is its running-us (virtual microseconds it held the CPU).",
            "", "\\* b's counters come from the monitor's stats, typed after a stopped: they "
            "include the (wall-clock dependent) wait for it, so they vary a little from run "
            "to run and stay out of compare.csv.", ""]
    out += idle_table(idle)
    out += ["", "## Zeroing: bench zero", "", ZERO_NOTE, ""]
    out += zero_table(zero)
    out += ["", "## Hypercall round trips (PV: guest ecall to return, average of 64)", ""]
    out += hcall_table(hcall)
    out += ["", "Where they go (scripts/bench_hcprof.py):", ""]
    out += hcall_breakdown_table(hcall)
    out += ["", "## Wall-clock seconds per boot (secondary: not deterministic)", ""]
    out += wall_table(modes)
    out += ["", f"Total wall-clock time of the comparison: {total_s:.1f} s.", ""]
    return out


def flat(prefix, by):
    return {f"{prefix}.{k}": v for k, v in by.items()}


def csv_bench_row(modes, mode, bench):
    r = modes[mode][bench]
    row = {"benchmark": bench, "mode": mode}
    row.update({k: v for k, v in r.items() if not isinstance(v, dict)})
    row["ratio_to_native"] = ratio(modes, mode, bench)
    row.update(flat("exits_per_op", r.get("exits_per_op_by", {})))
    row.update(flat("hcalls_per_op", r.get("hcalls_per_op_by", {})))
    if bench == "console":
        row["exits_per_kib"] = console_exits_per_kib(modes[mode])
    return row


def csv_rows(modes, idle, zero, hcall):
    """One row per benchmark x mode, then the idle, zero and hypercall experiments."""
    rows = [csv_bench_row(modes, m, b) for b in BENCHES for m in MODES]
    for kind, r in idle.items():
        rows.append(dict({"benchmark": "idle", "mode": kind},
                         **{k: v for k, v in r.items() if not isinstance(v, dict)}))
    for mode, r in zero.items():
        rows.append(dict({"benchmark": "zero", "mode": mode}, **r))
    for name, insns in hcall["insns"].items():
        rows.append({"benchmark": f"hcall:{name}", "mode": "pv", "insns_per_op": insns})
    return rows


def write_csv(path, rows):
    """Columns: benchmark, mode, then every other field, sorted."""
    fields = sorted({k for r in rows for k in r} - {"benchmark", "mode"})
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["benchmark", "mode", *fields])
        w.writeheader()
        w.writerows(rows)


def write_compare(out, modes, idle, zero, hcall, size, total_s):
    """compare.md, compare.csv and compare.svg in out."""
    with open(os.path.join(out, "compare.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(compare_md(modes, idle, zero, hcall, size, total_s)))
    write_csv(os.path.join(out, "compare.csv"), csv_rows(modes, idle, zero, hcall))
    import bench_plot  # matplotlib: only when a report is written
    ratios = {m: [ratio(modes, m, b) for b in BENCHES] for m in HYP_MODES}
    bench_plot.ratio_chart(BENCHES, ratios, os.path.join(out, "compare.svg"))
