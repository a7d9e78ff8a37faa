# SPDX-License-Identifier: MIT
"""Hostile PV guests (tests/guests/hostile.c, configuration hostile): each run
tries one bad thing beside the bystander ck (tests/guests/cksum.c). Every
outcome is either the documented error code to the guest (it checks each
itself and ends in "Test result: PASS") or the guest stopped with a
"[hyp] guest h crashed: ..." line naming the reason; in every case ck's
checksum is right, nothing panics, and the hypervisor runs to the end."""
import os
import re
import subprocess

import pytest

from cksum import check_cksum
from conftest import guest_lines

EPERM, ENOENT, E2BIG, EFAULT, EBUSY, EINVAL, ENOSYS = -1, -2, -7, -14, -16, -22, -38
SBI_ERR_NOT_SUPPORTED = -2
# ck's rounds stretch over each hostile run: about 100 ms of guest time.
CK_ARGS = "args.ck=rounds=20,interval_ms=5"
PC = r"0x8020[0-9a-f]{4}"


def start(boot, case, config="hostile", ck=CK_ARGS):
    return boot(config, extra=["-append", f"args.h=case={case} {ck}"])


# The exit budget (100 us, 100,000 instructions under -icount) and the
# longest step between two preemption points (docs/security.md, "Time").
EXIT_MAX_INSNS = 150000


def hypervisor_kept_going(lines):
    """The bystander's sum is right, nothing panicked, the run ended normally,
    and no exit of either guest ran past the exit budget."""
    check_cksum(lines, "ck")
    assert not [l for l in lines if "PANIC" in l], lines
    longest = [int(x) for l in lines for x in re.findall(r"longest exit (\d+) insns", l)]
    assert longest and max(longest) <= EXIT_MAX_INSNS, longest
    assert "[hyp] guest ck shut down: poweroff" in lines
    assert lines[-1] in ("[hyp] all guests stopped", "[hyp] all guests stopped, some crashed")


def passed(m, name="h"):
    """Run to the end; the guest's own checks all passed. Returns its lines."""
    assert m.wait_exit() == 0
    lines = m.lines()
    out = guest_lines(lines, name)
    assert out[-1] == "Test result: PASS", out
    assert not [l for l in out if "(want " in l or l.startswith("FAIL")], out
    assert f"[hyp] guest {name} shut down: poweroff" in lines
    hypervisor_kept_going(lines)
    return out


def stopped(m, reason):
    """Run to the end; h was stopped once, with a message matching reason."""
    assert m.wait_exit() == 1
    lines = m.lines()
    stops = [l for l in lines if l.startswith("[hyp] guest h crashed: ")]
    assert len(stops) == 1, stops
    assert re.fullmatch(r"\[hyp\] guest h crashed: " + reason, stops[0]), stops[0]
    out = guest_lines(lines, "h")
    assert not [l for l in out if l.startswith("FAIL") or l.startswith("Test result")], out
    hypervisor_kept_going(lines)
    return out


# ---- every page-table rule (pvabi/mm.h), each in its own run ----

PT_CASES = {
    "pt_writable_table": [f"map L1 table writable -> {EBUSY}", f"map L2 table writable -> {EBUSY}",
                          f"map root writable -> {EBUSY}", "map L2 table read-only -> 0",
                          f"and then writable -> {EBUSY}"],
    "pt_table_of_writable": [f"pin it as L1 -> {EBUSY}", f"link it as an L1 table -> {EBUSY}",
                             "unmap it -> 0", "pin it as L1 now -> 0"],
    "pt_level_mismatch": [f"pin an L1 as L2 -> {EBUSY}", f"pin the root as L1 -> {EBUSY}",
                          f"root entry to an L1 -> {EBUSY}", f"root entry to itself -> {EBUSY}",
                          f"L2 entry to itself -> {EBUSY}", f"L2 entry to the root -> {EBUSY}",
                          f"pin the root twice -> {EBUSY}"],
    "pt_outside_ram": [f"leaf to 0x{a:x} -> {EPERM}" for a in
                       (0, 0x1000, 0x100000, 0xc000000, 0x10000000, 0x7ffff000, 0x8ff00000,
                        0x3ffffffffff000)] +
                      [f"leaf to the end of RAM -> {EPERM}",
                       f"table entry to the end of RAM -> {EPERM}", f"pin outside RAM -> {EPERM}"],
    "pt_given_back": [f"leaf to it -> {EPERM}", f"table entry to it -> {EPERM}",
                      f"pin it -> {EPERM}", "populate it -> 0", "leaf to it now -> 0"],
    "pt_superpage": [f"2 MiB leaf in the L2 -> {EINVAL}", f"1 GiB leaf in the root -> {EINVAL}",
                     f"pin an L2 holding a leaf -> {EINVAL}"],
    "pt_reserved_bits": [f"leaf with bit 54 -> {EINVAL}", f"leaf with PBMT -> {EINVAL}",
                         f"leaf with N -> {EINVAL}", f"table entry with bit 60 -> {EINVAL}"],
    "pt_w_without_r": [f"leaf W -> {EINVAL}", f"leaf W|X -> {EINVAL}",
                       f"pin an L1 holding W -> {EINVAL}"],
    "pt_nonleaf_bits": [f"non-leaf in an L1 -> {EINVAL}", f"non-leaf with U -> {EINVAL}",
                        f"non-leaf with A -> {EINVAL}", f"non-leaf with D -> {EINVAL}"],
    "pt_bad_pte_address": [f"PTE address at the end of RAM -> {EINVAL}",
                           f"PTE address in the UART -> {EINVAL}",
                           f"PTE address in a data page -> {EINVAL}",
                           f"PTE address in the start info -> {EINVAL}",
                           f"command 1 -> {EINVAL}", f"command 7 -> {EINVAL}"],
    "pt_bad_root": [f"unpinned root -> {EINVAL}", f"pinned L2 as root -> {EINVAL}",
                    f"ASID 0x10000 -> {EINVAL}", f"unaligned root -> {EINVAL}",
                    f"root outside RAM -> {EPERM}", "the pinned root -> 0", "paging on"],
    "pt_unpin": [f"unpin the live root -> {EBUSY}", f"unpin a never pinned page -> {EINVAL}",
                 f"unpin a referenced L2 -> {EINVAL}", f"unpin unaligned -> {EINVAL}",
                 f"pin the live root again -> {EBUSY}"],
    "pt_unpinned_in_use": ["unpin it -> 0", f"map it writable -> {EBUSY}", "unlink it -> 0",
                           "map it writable now -> 0"],
    "pt_pin_info": [f"pin start info as L1 -> {EBUSY}", f"pin start info as L3 -> {EBUSY}",
                    f"pin shared info as L2 -> {EBUSY}", f"pin shared info as L3 -> {EBUSY}"],
    "pt_validate_undo": [f"pin an L1 whose 5th entry is bad -> {EPERM}",
                         "its target pin as L1 -> 0", "its target given back -> 0"],
    "pt_maps_its_parent": [f"pin an L2 whose L1 maps it writable -> {EBUSY}",
                           "pin it with the mapping read-only -> 0",
                           f"now make that mapping writable -> {EBUSY}"],
    "pt_give_back_table": [f"give back an L1 -> {EBUSY}", f"give back the root -> {EBUSY}",
                           f"give back the mapped page -> {EBUSY}"],
    "pt_mmuext_bad": [f"padding not zero -> {EINVAL}", f"command 3 -> {ENOSYS}",
                      f"command 8 -> {ENOSYS}", f"command 0xffffffff -> {ENOSYS}",
                      f"batch with a bad second op -> {EINVAL}", "ops done -> 1",
                      f"updates with a bad second -> {EPERM}", "updates done -> 1",
                      "first applied -> 1", "third not applied -> 0"],
}


@pytest.mark.parametrize("case", sorted(PT_CASES))
def test_page_table_rule_refused(boot, case):
    out = passed(start(boot, case))
    for line in PT_CASES[case]:
        assert line in out, (line, out)


def pt_write(gpa):
    return rf"wrote to read-only guest-physical {gpa} \(a page table: PV guests change them " \
           rf"with mmu_update\) in kernel at pc {PC}"


@pytest.mark.parametrize("case, gpa", [("pt_write_l1", "0x80102028"),
                                       ("pt_write_root", "0x80100038")])
def test_direct_page_table_write_stops_the_guest(boot, case, gpa):
    stopped(start(boot, case), pt_write(gpa))


def test_satp_write_stops_the_guest(boot):
    stopped(start(boot, "pt_satp"), r"changed vsatp itself to 0x0 \(installed: "
            r"0x8000100000080100\); PV guests switch address spaces with mmuext_op")


# ---- pointers and counts in hypercall arguments ----

def test_pointers_outside_ram_are_efault(boot):
    out = passed(start(boot, "arg_outside_ram"))
    calls = ("console write", "console read", "mmu_update", "mmuext_op", "memory_op",
             "multicall")
    for where in ("0x0", "boot ROM", "sifive_test", "CLINT", "PLIC", "UART", "end of RAM",
                  "host RAM top", "2^63", "-8"):
        for call in calls:
            assert f"{call} {where} -> {EFAULT}" in out, (call, where)


def test_unaligned_pointers_work(boot):
    out = passed(start(boot, "arg_unaligned"))
    for line in ("multicall at +1 -> 0", "its result -> 0", "its value -> 65538",
                 "mmuext_op at +3 -> 0", "give back, list at +5 -> 0",
                 "populate, list at +5 -> 0", "unaligned write",
                 "console write at +5: bytes -> 16", "console read at +7 -> 0"):
        assert line in out, (line, out)


def test_buffers_crossing_into_a_hole(boot):
    out = passed(start(boot, "arg_cross_page"))
    for line in (f"multicall, 2nd entry crosses -> {EFAULT}", "entries run -> 1",
                 "1st result written -> 0", f"mmu_update crossing -> {EFAULT}",
                 f"mmuext_op crossing -> {EFAULT}", f"memory_op list crossing -> {EFAULT}",
                 f"console read crossing -> {EFAULT}",
                 "console write off the end of RAM -> 0",
                 f"console write from past RAM -> {EFAULT}"):
        assert line in out, (line, out)
    # What a1 said went out is exactly what the console shows.
    wrote = int(re.search(r"console write off the end of RAM wrote (\d+)", "\n".join(out))[1])
    assert 0 < wrote < 200
    assert "Z" * wrote in out


def test_hypervisor_never_writes_a_pinned_table(boot):
    out = passed(start(boot, "arg_pinned_table"))
    for line in (f"console read into it -> {EFAULT}", f"console read into the root -> {EFAULT}",
                 f"multicall from it -> {EFAULT}", "multicall entries written -> 0",
                 f"mmu_update read from it -> {EINVAL}", f"memory_op list in it -> {EINVAL}",
                 "the table still all zero -> 1", "the root entry intact -> 1"):
        assert line in out, (line, out)


def hyp_symbol(build, name):
    """Host-physical address of one of the hypervisor's symbols."""
    nm = subprocess.run(["riscv64-unknown-elf-nm", os.path.join(build, "hyp-hostile.elf")],
                        check=True, capture_output=True, text=True).stdout
    for line in nm.splitlines():
        f = line.split()
        if len(f) == 3 and f[2] == name:
            return int(f[0], 16)
    raise AssertionError(f"no symbol {name}")


def test_pointers_to_the_hypervisor_name_the_guests_own_memory(boot, request):
    build = request.config.getoption("--build")
    # The guest table, the top of the hypervisor's stack, the frame allocator's bitmap.
    addrs = [hyp_symbol(build, "guest_table"), hyp_symbol(build, "__stack_top") - 256,
             hyp_symbol(build, "bm_used")]
    case = "arg_hyp_pointer," + ",".join(f"hyp{i + 1}={a}" for i, a in enumerate(addrs))
    out = passed(start(boot, case))
    for i, a in enumerate(addrs):
        key = f"hyp{i + 1}"
        assert f"{key} at 0x{a & ~7:x}" in out
        for line in (f"multicall at {key} -> 0", f"result written to our page at {key} -> 65538",
                     f"console read into {key} -> 0"):
            assert line in out, (line, out)


def test_huge_and_negative_counts(boot):
    out = passed(start(boot, "arg_counts"))
    assert out.count(f"mmu_update -> {E2BIG}") == 4
    assert out.count(f"multicall -> {E2BIG}") == 4
    for line in (f"multicall 65 -> {E2BIG}", "mmu_update 0 -> 0", "multicall 0 -> 0",
                 "console write count -1: bytes -> 1024", "console read count -1: bytes -> 0",
                 f"console read count -1 from 0 -> {EFAULT}"):
        assert line in out, (line, out)
    assert sum(len(l) for l in out if set(l) == {"Q"}) == 1024


def test_multicall_inside_multicall_is_refused(boot):
    out = passed(start(boot, "arg_multicall_nested"))
    for line in ("entries run -> 5", f"multicall of itself -> {EINVAL}",
                 f"multicall of another list -> {EINVAL}", "the inner list not run -> 99",
                 f"call 7 in it -> {ENOSYS}", f"call -1 in it -> {ENOSYS}",
                 f"shutdown reason 99 in it -> {EINVAL}", "64 nested multicalls -> 64",
                 f"the last refused -> {EINVAL}"):
        assert line in out, (line, out)


def test_shutdown_inside_multicall_ends_it(boot):
    m = start(boot, "arg_multicall_shutdown")
    assert m.wait_exit() == 0
    lines = m.lines()
    assert guest_lines(lines, "h")[-1] == "multicall: version, shutdown, console write"
    assert "[hyp] guest h shut down: poweroff" in lines
    hypervisor_kept_going(lines)


# ---- call numbers ----

def test_every_unknown_call_number(boot):
    m = start(boot, "call_unknown")
    out = passed(m)
    assert "unknown numbers tried: 58" in out  # 0..63 minus the 12 calls, and 6 far ones
    hyp = guest_lines(m.lines(), "hyp")
    implemented = {0, 1, 4, 12, 13, 15, 17, 18, 24, 26, 29, 32}
    for nr in set(range(63)) - implemented:
        # Called twice (and probed): logged once.
        assert sum(l == f"guest h: unknown hypercall {nr} -> -ENOSYS" for l in hyp) == 1, nr
    assert sum("guest h: unknown hypercall 63 (further numbers >= 63 not logged)" in l
               for l in hyp) == 1


def test_unknown_subcommands_and_bad_entries(boot):
    out = passed(start(boot, "call_subcommands"))
    for line in (f"console_io cmd -1 -> {ENOSYS}", f"sched_op cmd -1 -> {ENOSYS}",
                 f"shutdown suspend -> {EINVAL}", f"shutdown reason -1 -> {EINVAL}",
                 f"memory_op cmd -1 -> {ENOSYS}", f"version cmd -1 -> {ENOSYS}",
                 f"set_trap_table(odd) -> {EINVAL}", f"set_trap_table(UART) -> {EFAULT}",
                 f"set_trap_table(-4) -> {EFAULT}", f"set_callbacks(sifive_test) -> {EFAULT}",
                 "set_timer_op(-1) -> 0", f"vcpu_op cmd -1 -> {ENOSYS}",
                 f"vcpu_op vcpu -1 -> {EINVAL}", f"event_op cmd -1 -> {ENOSYS}",
                 f"send_ipi to vcpu -1 -> {EINVAL}"):
        assert line in out, (line, out)


def test_sbi_calls_from_a_pv_guest_do_nothing(boot):
    out = passed(start(boot, "call_sbi"))
    for what in ["SBI base version", "SBI set_timer", "SBI send_ipi", "SBI hart_stop",
                 "SBI system_reset shutdown", "SBI system_reset cold reboot",
                 "extension 0x08505640"] + [f"legacy SBI {i}" for i in range(9)]:
        assert f"{what} -> {SBI_ERR_NOT_SUPPORTED}" in out, what
    assert "still running after SBI shutdown and reset calls" in out


# ---- memory and devices ----

def test_ram_holds_nothing_of_the_others(boot):
    out = passed(start(boot, "mem_scan"))
    for line in ("our own string found -> 1", "the firmware's string found -> 0",
                 "the hypervisor's banner found -> 0", "the bystander's string found -> 0"):
        assert line in out, (line, out)


def test_scribbling_over_all_its_ram(boot):
    out = passed(start(boot, "mem_scribble"))
    assert "words changed by someone else -> 0" in out


def no_memory(kind, addr):
    return rf"{kind} guest-page fault \(no memory at guest-physical {addr}\) in kernel " \
           rf"at pc {PC}, tval {addr}"


@pytest.mark.parametrize("case, kind, addr", [
    ("mem_read_test", "load", "0x100000"), ("mem_write_test", "store", "0x100000"),
    ("mem_read_clint", "load", "0x2004000"), ("mem_write_clint", "store", "0x2004000"),
    ("mem_read_plic", "load", "0xc200004"), ("mem_write_plic", "store", "0xc002080"),
    ("mem_read_uart", "load", "0x10000005"), ("mem_write_uart", "store", "0x10000000"),
    ("mem_read_rom", "load", "0x1000"),
    ("mem_read_high", "load", "0x8ff00000"), ("mem_write_high", "store", "0x8ff00000"),
])
def test_device_or_foreign_memory_access_stops_the_guest(boot, case, kind, addr):
    out = stopped(start(boot, case), no_memory(kind, addr))
    assert out[-1].endswith(f"at {addr}")


def test_executing_data(boot):
    out = passed(start(boot, "mem_exec_data"))
    for line in ("run a data page, paging off -> 42", "run it through the NX mapping -> 0",
                 "traps -> 1", "scause -> 12", "stval -> 1", "run it where it is mapped X -> 42"):
        assert line in out, (line, out)


def test_jumping_into_a_device_stops_the_guest(boot):
    stopped(start(boot, "mem_exec_device"),
            r"instruction guest-page fault \(no memory at guest-physical 0x10000000\) in "
            r"kernel at pc 0x10000000, tval 0x10000000")


# ---- time and scheduling ----

def test_timer_storm(boot):
    out = passed(start(boot, "time_timer_storm"))
    for line in ("upcalls from past deadlines -> 5000", "5000 one-tick sleeps done",
                 "deadline -1 never fires -> 0"):
        assert line in out, (line, out)


def test_hypercall_storm(boot):
    assert "version calls answered -> 100000" in passed(start(boot, "time_hcall_storm"))


def test_wfi_storm_is_illegal_for_a_pv_kernel(boot):
    out = passed(start(boot, "time_wfi_storm"))
    assert "wfi traps delivered -> 5000" in out and "stval -> 273678451" in out


def test_wfi_without_trap_entry_stops_the_guest(boot):
    stopped(start(boot, "time_wfi_no_entry"),
            rf"virtual instruction in kernel at pc {PC}, tval 0x10500073")


def test_spinning_with_interrupts_masked_is_still_preempted(boot):
    m = start(boot, "time_spin_masked")
    out = passed(m)
    lines = m.lines()
    # ck ran all its rounds while h spun with its interrupts masked.
    done = next(i for i, l in enumerate(lines) if l.startswith("[ck] cksum done"))
    assert lines.index("[h] spinning 300 ms with interrupts masked") < done
    assert next(i for i, l in enumerate(lines) if l.startswith("[h] spun 300 ms")) > done
    assert "preempted while masked -> 1" in out


def test_block_with_nothing_to_wake_it(boot):
    m = start(boot, "time_block_forever")
    m.expect(r"\[h\] blocking with no timer and no event")
    m.expect(r"\[ck\] cksum done")
    m.expect(r"\[hyp\] guest ck shut down: poweroff")
    # h sleeps, the hypervisor idles; only input for h wakes it.
    m.focus("h")
    m.child.send("x")
    m.expect(r"\[h\] got 'x'")
    out = passed(m)
    assert "woken by console input -> 1" in out


def test_guest_that_never_yields(boot):
    m = start(boot, "time_spin_forever")
    m.expect(r"\[h\] spinning forever, no hypercall")
    m.expect(r"\[ck\] cksum done")
    m.expect(r"\[hyp\] guest ck shut down: poweroff")
    # The monitor still answers while h spins.
    m.focus("hypervisor")
    m.child.send("stats\r")
    m.expect(r"\[hyp\] h stats: hcalls \d+")
    lines = m.lines()
    check_cksum(lines, "ck")
    assert not [l for l in lines if "PANIC" in l or l.startswith("[hyp] guest h ")]


def test_trap_loop_inside_the_guest(boot):
    # stvec -> ebreak without registering a trap entry: a PV kernel takes no
    # exception itself until it has one (hedeleg per vCPU), so the breakpoint
    # reaches the hypervisor, which stops h, instead of looping in VS-mode
    # for ever (under -icount that froze guest time for everyone).
    m = start(boot, "time_trap_loop")
    m.expect(r"\[h\] stvec -> ebreak, then ebreak")
    m.expect(r"\[hyp\] guest h crashed: breakpoint in kernel at pc 0x8020[0-9a-f]{4}, tval 0x0")
    m.expect(r"\[hyp\] guest ck shut down: poweroff")
    lines = m.lines()
    check_cksum(lines, "ck")
    assert not [l for l in lines if "PANIC" in l]


# ---- the FPU between two guests (configuration hostile_fp) ----

def test_fp_registers_do_not_leak_between_guests(boot):
    m = boot("hostile_fp", extra=["-append", CK_ARGS])
    assert m.wait_exit() == 0
    lines = m.lines()
    hypervisor_kept_going(lines)
    spy, h = guest_lines(lines, "spy"), guest_lines(lines, "h")
    # Either FP is off for guests, or each guest's registers are its own.
    assert "the other guest's FP registers seen -> 0" in spy or \
        any("FP instructions trap" in l for l in spy), spy
    assert "sleeps after which our FP registers were intact -> 12" in h or \
        any("FP instructions trap" in l for l in h), h


# ---- the vector unit (a hart with V: QEMU's v=true) ----

def test_vector_instructions_are_illegal_in_a_guest(boot):
    """The vector registers are not switched between guests, so none may use
    them: on a hart with V a guest that turns on its own vsstatus.VS still
    gets an illegal instruction (the firmware leaves sstatus.VS on)."""
    m = boot("hostile", extra=["-cpu", "rv64,h=true,v=true",
                               "-append", f"args.h=case=vec_use {CK_ARGS}"])
    out = passed(m)
    assert "vector instructions that trapped -> 1" in out
    assert "as illegal instructions -> 2" in out
