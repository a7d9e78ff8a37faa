#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""hyp_lines.py - the hypervisor's size by subsystem, as the markdown table in
docs/architecture.md ("Subsystems"). Lines of C, headers and assembly per
folder of hyp/ (hyp/README.md says what each owns); whether a guest can reach
the code is the folder's, not counted. Run from the top of the tree:

    scripts/hyp_lines.py            # print the table
    scripts/hyp_lines.py --update   # rewrite the table in docs/architecture.md
"""
import pathlib
import sys

import doc_markers

# (folder, reachable by a guest?, what it is) in the order the doc reads.
SUBSYSTEMS = [
    ("hyp/core", "yes", "guests, scheduler, frames, console, boot"),
    ("hyp/pv", "yes (PV guests)", "hypercall dispatch and handlers, page types, events"),
    ("hyp/fv", "yes (FV guests)", "device models: MMIO bus, UART, PLIC, interrupt lines, device tree"),
    ("hyp/lib", "yes (via its callers)", "device-tree reader and writer, number parsing"),
    ("hyp/drivers", "no (host devices)", "the physical UART, the QEMU test device"),
    ("hyp/arch/riscv", "yes", "entry, traps, vCPU state, G-stage, guest memory access"),
    ("hyp/arch/riscv/include/arch", "yes", "CSRs, PTE bits, register frame offsets, SBI numbers"),
    ("hyp/arch/riscv/pv", "yes (PV guests)", "page-table validation (Sv39), trap-entry walks"),
    ("hyp/arch/riscv/fv", "yes (FV guests)", "trap-and-emulate, instruction decoding, the SBI"),
    ("hyp/debug", "monitor and trace only", "monitor, trace, statistics (tooling)"),
    ("hyp/config", "no", "static guest configurations"),
]
BEGIN = "<!-- hyp_lines.py: begin -->"
END = "<!-- hyp_lines.py: end -->"


def count(folder):
    files = [p for p in pathlib.Path(folder).glob("*")
             if p.suffix in (".c", ".h", ".S", ".ld")]
    return len(files), sum(len(p.read_text().splitlines()) for p in files)


def table():
    rows = ["| folder | files | lines | reachable by a guest | what it owns |",
            "|---|---:|---:|---|---|"]
    total = 0
    for folder, reach, what in SUBSYSTEMS:
        n, lines = count(folder)
        total += lines
        rows.append(f"| `{folder}/` | {n} | {lines} | {reach} | {what} |")
    rows.append(f"| all | | {total} | | |")
    return "\n".join(rows)


def main():
    t = table()
    if "--update" not in sys.argv:
        print(t)
        return
    doc_markers.splice("docs/architecture.md", BEGIN, END, t)


if __name__ == "__main__":
    main()
