# SPDX-License-Identifier: MIT
"""GDB helpers for the hypervisor (source from gdb-multiarch; make gdb does).

    rvhyp-where          hypervisor or guest, and which guest
    rvhyp-vcpu [NAME]    a guest's vCPU: registers, VS CSRs, counters
    rvhyp-guests         one line per guest
    rvhyp-trace [N]      the last N (10) records of the trace ring

The hypervisor's symbols are looked up in its own ELF (the objfile that
defines guest_table), so a guest kernel's symbols of the same name (it has a
`current` too) loaded with add-symbol-file do not get in the way.

Hypervisor or guest: this QEMU's gdbstub has `priv` (1 in HS and VS alike)
and no virtualization bit. QEMU swaps stvec with the guest's when it enters
VS-mode, so in S-mode `stvec` is the hypervisor's trap vector
(riscv_trap_vector) exactly when the hypervisor runs; the pc range of the
hypervisor's .text is printed as a cross-check (a guest kernel running at its
physical address, before paging, may overlap it). The guest is the current
vCPU of that hart's run queue in sched.c, checked against the VMID in hgatp.

Stopped in a guest, gdb's memory reads go through the guest's translation, so
the helpers read the hypervisor's memory in QEMU's physical memory mode
(HostMemory).
"""
import re

import gdb

VS_CSRS = ("vsstatus", "vsie", "vstvec", "vsscratch", "vsepc", "vscause", "vstval",
           "vsatp", "hvip", "vstimecmp", "htimedelta", "hgatp", "pv_vsatp")
ABI_A = ["a%d" % i for i in range(8)]  # x10..x17


def hyp_objfile():
    for o in gdb.objfiles():
        try:
            if o.lookup_global_symbol("guest_table") is not None:
                return o
        except (gdb.error, AttributeError):
            continue
    raise gdb.GdbError("rvhyp: the hypervisor's symbols are not loaded (file build/hyp-CONFIG.elf)")


def hyp_sym(name):
    o = hyp_objfile()
    s = o.lookup_global_symbol(name) or o.lookup_static_symbol(name)
    if s is None:
        raise gdb.GdbError("rvhyp: no symbol %s in %s" % (name, o.filename))
    return s


def hyp_addr(name):
    """The address of a hypervisor symbol without debug info (an assembly label)."""
    try:
        return int(gdb.parse_and_eval("(unsigned long)&%s" % name))
    except gdb.error:
        raise gdb.GdbError("rvhyp: no symbol %s" % name)


def hyp_val(name):
    return hyp_sym(name).value()


def hyp_text_range():
    """(start, end) of the hypervisor ELF's .text."""
    o = hyp_objfile()
    out = gdb.execute("maint info sections -all-objects .text", to_string=True)
    cur = None
    for line in out.splitlines():
        line = line.strip()
        m = re.match(r"(?:Exec|Object) file: `(.*)', file type", line)
        if m:
            cur = m.group(1)
        elif ".text" in line and cur == o.filename:
            # [0]      0x80200000->0x80209ef8 at 0x00001000: .text ALLOC ...
            for tok in line.split():
                if "->" in tok:
                    a, b = tok.split("->")
                    return int(a, 16), int(b, 16)
    start = hyp_addr("__hyp_start")
    return start, start


def reg(name):
    return int(gdb.parse_and_eval("$" + name)) & 0xFFFFFFFFFFFFFFFF


def cstr(v):
    try:
        return v.string()
    except gdb.error:
        return "?"


def enum_name(v, prefix):
    s = str(v)
    return s[len(prefix):] if s.startswith(prefix) else s


def vcpu_counts(v):
    """(exits, hypercalls) of a vCPU: its counters plus the calls its entry
    path counted itself (arch.regs.hcalls, each a call and an exit)."""
    entry = sum(int(n) for n in (v["arch"]["regs"]["hcalls"][i] for i in range(64)))
    return int(v["nr_exits"]) + entry, int(v["nr_hcalls"]) + entry


def guests():
    table = hyp_val("guest_table")
    n = int(hyp_val("guest_count"))
    return [table[i] for i in range(n)]


def current_vcpu():
    """The vCPU the hypervisor runs on the hart gdb looks at (the current of
    sched.c's run queue of that hart), or None. gdb's thread N is QEMU's CPU
    N - 1, whose hart id on virt is N - 1; smp.c maps hart ids to the
    hypervisor's hart numbers (the boot hart is its hart 0)."""
    cpu = gdb.selected_thread().num - 1
    ids, n = hyp_val("hartid"), int(hyp_val("nr_harts"))
    hart = next((i for i in range(n) if int(ids[i]) == cpu), 0)
    cur = hyp_val("sched_harts")[hart]["current"]
    return None if int(cur) == 0 else cur.dereference()


def guest_name(g):
    return cstr(g["cfg"]["name"])


def mode_name(g):
    return enum_name(g["cfg"]["mode"], "GUEST_")


def in_hypervisor():
    """From the registers alone (memory reads depend on it): is the CPU in M
    or HS-mode? In VS/VU-mode QEMU has swapped the guest's stvec in."""
    priv = reg("priv")
    return priv == 3 or (priv == 1 and reg("stvec") == hyp_addr("riscv_trap_vector"))


class HostMemory:
    """While stopped in a guest, gdb's memory reads go through the guest's
    translation; read the hypervisor's (physical, untranslated) memory with
    QEMU's physical memory mode instead."""

    def __enter__(self):
        self.phys = not in_hypervisor()
        if self.phys:
            self._mode(1)
        return self

    def __exit__(self, *exc):
        if self.phys:
            self._mode(0)
        return False

    @staticmethod
    def _mode(on):
        gdb.execute("maint packet Qqemu.PhyMemMode:%d" % on, to_string=True)
        gdb.execute("maint flush dcache", to_string=True)


def where():
    """(in_hypervisor, text) for the place the CPU stopped."""
    pc = reg("pc")
    priv = reg("priv")
    start, end = hyp_text_range()
    in_text = start <= pc < end
    in_hyp = in_hypervisor()
    vmid = (reg("hgatp") >> 44) & 0x3FFF  # the loaded guest's, Sv39x4
    with HostMemory():
        cur = current_vcpu()
        who = "guest %s (vcpu %d)" % (guest_name(cur["guest"].dereference()),
                                      int(cur["id"])) if cur else None
        if cur and not in_hyp and int(cur["guest"]["vmid"]) != vmid:
            who += " [but hgatp's VMID %d is not its VMID %d]" % (vmid, int(cur["guest"]["vmid"]))
    if priv == 3:
        return True, "M-mode (OpenSBI/firmware), pc 0x%x" % pc
    if in_hyp:
        s = "hypervisor (HS-mode), pc 0x%x" % pc
        s += ", handling %s" % who if cur else ", no vCPU loaded"
        if not in_text:
            s += " [pc outside the hypervisor's .text 0x%x-0x%x]" % (start, end)
        return True, s
    level = "kernel, VS-mode" if priv == 1 else "user, VU-mode"
    s = "%s (%s), pc 0x%x" % (who or "a guest, but no vCPU is loaded?", level, pc)
    if in_text:
        s += " [pc inside the hypervisor's .text range: guest running at its physical address?]"
    return False, s


class Where(gdb.Command):
    """rvhyp-where: hypervisor or guest, and which guest."""

    def __init__(self):
        super().__init__("rvhyp-where", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        print(where()[1])


def find_guest(name):
    for g in guests():
        if guest_name(g) == name:
            return g
    raise gdb.GdbError("rvhyp: no guest named %s (rvhyp-guests lists them)" % name)


class Vcpu(gdb.Command):
    """rvhyp-vcpu [NAME]: the current (or named) guest's vCPU state.

Registers come from the vCPU's saved frame (struct arch_vcpu); when stopped
inside that guest, the live pc and a0-a7 are shown too. VS CSRs are the saved
copies; while the vCPU is loaded the hypervisor's live values are in the
CSRs ($vsstatus...)."""

    def __init__(self):
        super().__init__("rvhyp-vcpu", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        with HostMemory():
            self._invoke(arg)

    def _invoke(self, arg):
        arg = arg.strip()
        cur = current_vcpu()
        if arg:
            g = find_guest(arg)
        elif cur is not None:
            g = cur["guest"].dereference()
        else:
            raise gdb.GdbError("rvhyp: no vCPU is loaded; name a guest (rvhyp-vcpu NAME)")
        # The loaded vCPU if it is this guest's, else its vCPU 0.
        v = g["vcpus"][0]
        if cur is not None and int(cur["guest"]) == int(g.address):
            v = cur
        a = v["arch"]
        r = a["regs"]
        loaded = cur is not None and int(cur.address) == int(v.address)
        in_hyp = in_hypervisor()
        print("guest %s (id %d), %s, guest %s, vcpu %d %s%s" % (
            guest_name(g), int(g["id"]), mode_name(g), enum_name(g["state"], "GUEST_"),
            int(v["id"]), enum_name(v["state"], "VCPU_"),
            ", loaded" if loaded else ""))
        print("  saved pc 0x%x  sstatus 0x%x  hstatus 0x%x" % (
            int(r["pc"]), int(r["sstatus"]), int(r["hstatus"])))
        print("  saved " + "  ".join("%s 0x%x" % (n, int(r["x"][10 + i])) for i, n in enumerate(ABI_A)))
        if loaded and not in_hyp:
            print("  live  pc 0x%x (stopped in this guest)" % reg("pc"))
            print("  live  " + "  ".join("%s 0x%x" % (n, reg(n)) for n in ABI_A))
        for i in range(0, len(VS_CSRS), 4):
            # pv_vsatp is in the trap frame, where entry.S compares it.
            print("  " + "  ".join("%s 0x%x" % (n, int((r if n == "pv_vsatp" else a)[n]))
                                   for n in VS_CSRS[i:i + 4]))
        print("  last exit: scause 0x%x stval 0x%x htval 0x%x htinst 0x%x" % (
            int(a["scause"]), int(a["stval"]), int(a["htval"]), int(a["htinst"])))
        print("  exits %d  hypercalls %d  trap_entry 0x%x  event_entry 0x%x" % (
            *vcpu_counts(v), int(v["trap_entry"]), int(v["event_entry"])))


class Guests(gdb.Command):
    """rvhyp-guests: one line per guest (name, mode, state, memory, exits, hcalls)."""

    def __init__(self):
        super().__init__("rvhyp-guests", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        with HostMemory():
            self._invoke()

    def _invoke(self):
        cur = current_vcpu()
        print("%-2s %-10s %-4s %-9s %-9s %10s %10s %10s %10s" % (
            "", "name", "mode", "state", "vcpu", "mem MiB", "populated", "exits", "hcalls"))
        for g in guests():
            v = g["vcpus"][0]  # its state column is vCPU 0's
            mark = "*" if cur is not None and int(cur["guest"]) == int(g.address) else ""
            print("%-2s %-10s %-4s %-9s %-9s %10d %10d %10d %10d" % (
                mark, guest_name(g), mode_name(g), enum_name(g["state"], "GUEST_"),
                enum_name(v["state"], "VCPU_"), int(g["cfg"]["mem_size"]) >> 20,
                int(g["nr_pages"]),
                *vcpu_counts(v)))
        print("(* the vCPU the hypervisor has loaded; populated: pages of RAM)")


KINDS = ("hcall", "exit", "sched", "irq", "entry")
SCHED = ("switch to", "block", "wake", "preempted in exit", "longest exit so far")
EXIT_CLASSES = ("", "sbi", "mmio", "wfi")


def hcall_name(nr):
    table = hyp_sym("hcall_table").value()
    lo, hi = table.type.range()
    if lo <= nr <= hi and int(table[nr]["fn"]) != 0:
        return cstr(table[nr]["name"])
    return "unknown(%d)" % nr


def trace_line(r, names):
    """One record of the ring, briefly (the hypervisor's own lines say more)."""
    kind = KINDS[int(r["kind"])] if int(r["kind"]) < len(KINDS) else "?"
    g = int(r["guest"])
    name = names[g] if g < len(names) else "?"
    what, ret = int(r["what"]), int(r["ret"])
    args = ", ".join("0x%x" % int(r["arg"][i]) for i in range(3))
    note = cstr(r["note"]) if int(r["note"]) else ""
    if kind == "hcall":
        nest = "  + " if int(r["flags"]) & 4 else ""
        s = "%s %s%s(%s)" % (name, nest, hcall_name(what), args)
        if int(r["insns"]) == 0 and int(r["ticks"]) == 0:
            s += " ... under way"  # begun, not ended: where we stopped
        else:
            s += " -> %d  [%d insns]" % (ret, int(r["insns"]))
    elif kind == "entry":
        s = "%s     [%d] of %s: %s -> %d" % (name, int(r["cls"]), hcall_name(what), args, ret)
    elif kind == "exit":
        cls = int(r["cls"])
        detail = EXIT_CLASSES[cls] if cls < len(EXIT_CLASSES) else "?"
        s = "%s exit cause %d%s pc/ext 0x%x %s val 0x%x" % (
            name, what, " (irq)" if int(r["flags"]) & 1 else "", int(r["arg"][0]),
            detail, int(r["val"]))
    elif kind == "sched":
        s = "%s %s" % (SCHED[what] if what < len(SCHED) else "sched event %d" % what, name)
    else:
        s = "%s inject %s" % (name, note or "interrupt")
        note = ""
    if note and kind != "irq":
        s += ": " + note
    return "t=%d %s" % (int(r["time"]), s)


class Trace(gdb.Command):
    """rvhyp-trace [N]: the last N (default 10) records of the hypervisor's
trace ring, oldest first, and how many were written and lost. The ring fills
only while tracing is on (trace=... on the command line, or the monitor)."""

    def __init__(self):
        super().__init__("rvhyp-trace", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        try:
            n = int(arg) if arg.strip() else 10
        except ValueError:
            raise gdb.GdbError("rvhyp-trace: give a number of records, like rvhyp-trace 20")
        with HostMemory():
            self._invoke(max(n, 1))

    def _invoke(self, n):
        ring = hyp_sym("trace_ring").value()
        size = ring.type.range()[1] + 1
        written = int(hyp_sym("trace_written").value())
        names = [guest_name(g) for g in guests()]
        first = max(written - min(n, size, written), 0)
        for i in range(first, written):
            print(trace_line(ring[i % size], names))
        print("(%d records written, %d lost; tracing %s)" % (
            written, max(written - size, 0),
            "on" if int(hyp_sym("trace_active").value()) else "off"))


Where()
Vcpu()
Guests()
Trace()
