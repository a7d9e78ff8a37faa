#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Where a hypercall's instructions go: the hypercall benchmark
(tests/guests/hcbench.c, configuration bench_hcall) run once more under QEMU
with one instruction per translation block and the execution log on, so that
every instruction the hart executes is one log line. Instructions in the
hypervisor are told apart from the guest's by the trap vector (entry) and
sret (exit), named by the hypervisor's symbols, and put in a category:

    save      trap vector, saving the guest's registers, the exit into C
    dispatch  decoding, checks, counters, the dispatch table
    handler   the call's handler and what it calls
    events    after the call: event delivery, the scheduler's exit work
    return    restoring the guest's registers, sret

"in the guest" is the benchmark's figure minus the hypervisor's: the stub,
the ecall and, where an upcall is taken, the guest's event callback.

    bench_hcprof.py [--build build]     prints the table

bench.py imports profile() for `make compare`; the figures are exact under
-icount like every other one, and a change of the entry path shows here.
"""
import argparse
import bisect
import collections
import os
import re
import subprocess
import sys
import tempfile
import threading

CATEGORIES = ["save", "dispatch", "handler", "events", "return"]
# Hypervisor functions (and assembly labels) by category; others inherit the
# category of the code that called them.
SAVE = {"riscv_trap_vector", "guest_exit", "host_return", "host_return_sp", "ecall_exit",
        "ecall_exit_save"}
# The entry path's own stretches: saving before its C call, restoring after.
AROUND_CALL = {"ecall_fast_c", "ecall_direct_c", "direct_call", "fast_call", "direct_save",
               "fast_made", "fast_declined", "fast_result", "direct_quick", "direct_result"}
# Its own checks (ecall_fast, ecall_direct: the one word that says nothing
# waits), its indexed call of a fast handler and its counting of it; the
# version it answers itself and that answer's sret.
ENTRY_CHECKS = {"ecall_fast", "ecall_direct", "fast_dispatch", "fast_count"}
ENTRY_HANDLER = {"version_answer"}
DISPATCH = {"riscv_ecall_fast", "riscv_ecall_direct", "riscv_ecall_direct_quick",
            "arch_vcpu_run", "hcall_dispatch", "hcall_make", "dispatch_traced",
            "dispatch_unknown", "handle_ecall"}
EVENTS = {"vctx_main", "work_end", "event_deliver", "riscv_ecall_fast_after"}
RETURN = {"riscv_vcpu_enter", "fast_return", "fast_return_sepc", "version_return"}
NOT_HANDLERS = {"hcall_dispatch", "hcall_fast", "hcall_implemented", "hcall_name"}
# Above OpenSBI (its M-mode instructions are not logged: none are on these paths).
DFILTER = "0x80200000..0xffffffffffffffff"
TRACE = re.compile(r"Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")
HCALL_LINE = re.compile(r"\[hc\] hcall (.+) insns=(\d+)$")


class ProfileError(Exception):
    pass


def symbols(nm, elf):
    """(sorted addresses, names) of an ELF's text symbols."""
    out = subprocess.run([nm, "-n", elf], capture_output=True, text=True, check=True).stdout
    syms = [(int(p[0], 16), p[2]) for p in (line.split() for line in out.splitlines())
            if len(p) == 3 and p[1] in "tTwW"]
    return [a for a, _ in syms], [n for _, n in syms]


def srets(objdump, elf):
    """Addresses of the hypervisor's sret instructions."""
    out = subprocess.run([objdump, "-d", elf], capture_output=True, text=True, check=True).stdout
    return {int(line.split(":")[0], 16) for line in out.splitlines()
            if re.search(r"\tsret\b", line)}


def lookup(table, pc):
    addrs, names = table
    i = bisect.bisect_right(addrs, pc) - 1
    return names[i] if i >= 0 else "?"


def segments(lines, hyp, guest, vector, sret_at):
    """
    (guest function that trapped, [hypervisor function per instruction]) for
    each stretch in the hypervisor, in order. A trap vector entry while in the
    hypervisor is a nested trap; each sret leaves one level.
    """
    depth, cur, last_guest = 0, None, None
    for line in lines:
        m = TRACE.match(line)
        if not m:
            continue
        pc = int(m.group(1), 16)
        if pc == vector:
            depth += 1
            if depth == 1:
                cur = (last_guest, [])
        if depth == 0:
            last_guest = lookup(guest, pc)
            continue
        cur[1].append(lookup(hyp, pc))
        if pc in sret_at:
            depth -= 1
            if depth == 0:
                yield cur


def categorize(names):
    """Instructions per category for one stretch (a list of function names)."""
    count = collections.Counter()
    cat, called = "save", False
    for n in names:
        if n in AROUND_CALL:
            cat = "return" if called else "save"
        elif n in ENTRY_CHECKS:
            cat = "dispatch"
        elif n in ENTRY_HANDLER:
            cat = "handler"
        elif n in SAVE:
            cat = "save"
        elif n in DISPATCH:
            cat, called = "dispatch", True
        elif n in EVENTS:
            cat = "events"
        elif n in RETURN:
            cat = "return"
        elif n.startswith("hcall_") and n not in NOT_HANDLERS:
            cat, called = "handler", True  # (entry.S calls a fast one itself)
        count[cat] += 1
    return count


def group_calls(segs):
    """The stretches of each measured call, in order: runs made from hcbench's call()."""
    cur = []
    for fn, names in segs:
        if fn == "call":
            cur.append(names)
        elif cur:
            yield cur
            cur = []
    if cur:
        yield cur


def typical(group):
    """The stretch of the most common length (the first call of a kind may differ)."""
    lengths = collections.Counter(len(s) for s in group)
    n = lengths.most_common(1)[0][0]
    return next(s for s in group if len(s) == n)


def logged_run(qemu, machine, elf, timeout, consume):
    """
    Boot with the execution log streamed through a FIFO into consume(lines);
    (console lines, what consume returned).
    """
    with tempfile.TemporaryDirectory() as d:
        fifo = os.path.join(d, "exec.log")
        os.mkfifo(fifo)
        # -singlestep: one instruction per translation block, so one log line each.
        argv = [qemu, *machine, "-singlestep", "-d", "exec,nochain", "-dfilter", DFILTER,
                "-D", fifo, "-kernel", elf]
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        out = []
        reader = threading.Thread(target=lambda: out.append(proc.stdout.read()))
        reader.start()
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            with open(fifo, encoding="utf-8", errors="replace") as f:
                result = consume(f)
                for _ in f:  # drain: QEMU must not block on a full FIFO
                    pass
            proc.wait()
        finally:
            timer.cancel()
            reader.join()
    console = out[0].decode("utf-8", "replace").replace("\r", "").splitlines()
    if proc.returncode != 0:
        raise ProfileError(f"QEMU exited {proc.returncode} (killed after {timeout} s?): "
                           + " ".join(argv))
    return console, result


def profile(build, qemu, machine, cross="riscv64-unknown-elf-", timeout=120):
    """{call: {"insns": guest view, "guest": .., category: ..}} in hcbench's order."""
    hyp_elf = os.path.join(build, "hyp-bench_hcall.elf")
    guest_elf = os.path.join(build, "tests", "guests", "tg-hcbench.elf")
    hyp, guest = symbols(cross + "nm", hyp_elf), symbols(cross + "nm", guest_elf)
    vector = hyp[0][hyp[1].index("riscv_trap_vector")]
    sret_at = srets(cross + "objdump", hyp_elf)

    def consume(lines):
        return [categorize(typical(g))
                for g in group_calls(segments(lines, hyp, guest, vector, sret_at))]

    console, groups = logged_run(qemu, machine, hyp_elf, timeout, consume)
    calls = [(m.group(1), int(m.group(2)))
             for m in (HCALL_LINE.search(line) for line in console) if m]
    if not calls or len(groups) != len(calls):
        raise ProfileError(f"{len(calls)} calls printed but {len(groups)} groups of "
                           "hypervisor stretches found")
    out = {}
    for (name, insns), count in zip(calls, groups):
        row = {"insns": insns, "guest": insns - sum(count.values())}
        row.update({c: count[c] for c in CATEGORIES})
        out[name] = row
    return out


HEADER = ["call", "guest view", "in the guest", *[f"hyp: {c}" for c in CATEGORIES]]


def table_rows(prof):
    return [[name, r["insns"], r["guest"], *[r[c] for c in CATEGORIES]]
            for name, r in prof.items()]


def main(argv=None):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import bench_report
    import bench_run
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", default="build")
    args = p.parse_args(argv)
    try:
        prof = profile(args.build, bench_run.QEMU, bench_run.HYP_MACHINE,
                       os.environ.get("CROSS", "riscv64-unknown-elf-"))
    except ProfileError as e:
        print(f"bench_hcprof: {e}", file=sys.stderr)
        return 1
    print("\n".join(bench_report.md_table(HEADER, table_rows(prof))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
