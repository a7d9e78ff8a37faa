# SPDX-License-Identifier: MIT
"""The chart of scripts/bench.py compare: per benchmark, grouped bars of each
virtualized mode's instructions per operation over native's. Matplotlib with
the Agg backend (no display); the SVG has no date and fixed ids, so the same
figures give the same file."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (after the backend is chosen)

COLORS = {"fv": "#d95f02", "fvbusy": "#7570b3", "pv": "#1b9e77", "pvsteady": "#66a61e"}
LOG_SPAN = 20  # a log scale once the largest ratio is this many times the smallest


def use_log(values):
    """True when the ratios span too much for a linear axis."""
    vals = [v for v in values if v and v > 0]
    return bool(vals) and max(vals) / min(vals) >= LOG_SPAN


def ratio_chart(benches, ratios, path):
    """Write an SVG: ratios is {mode: [ratio per benchmark in benches order]}."""
    plt.rcParams["svg.hashsalt"] = "rvhyp-bench"
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.8 / len(ratios)
    for i, (mode, values) in enumerate(ratios.items()):
        xs = [x + (i - (len(ratios) - 1) / 2) * width for x in range(len(benches))]
        ax.bar(xs, values, width, label=mode, color=COLORS.get(mode))
    ax.axhline(1.0, color="black", linewidth=0.8)
    if use_log([v for values in ratios.values() for v in values]):
        ax.set_yscale("log")
    ax.set_xticks(range(len(benches)))
    ax.set_xticklabels(benches)
    ax.set_ylabel("instructions per operation / native")
    ax.set_title("The same guest kernel under the hypervisor, relative to native")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)
