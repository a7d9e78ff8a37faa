#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
#
# tests/fuzz/seeds.py - writes the hand-made seed inputs of the fuzz targets
# into tests/fuzz/corpus/NAME/seed-*: short, meaningful programs in each
# target's input format (see the decoders in fuzz_NAME.c), from which the
# fuzzer mutates. Inputs the fuzzer found are added next to them with
# `make fuzz-merge`. Usage: tests/fuzz/seeds.py [DTB...] (DTBs seed fdt).
import os
import struct
import sys

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def u8(v):
    return struct.pack("<B", v & 0xFF)


def u16(v):
    return struct.pack("<H", v & 0xFFFF)


def u32(v):
    return struct.pack("<I", v & 0xFFFFFFFF)


def u64(v):
    return struct.pack("<Q", v & (2**64 - 1))


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


# --- hcall: steps of fuzz_hcall.c ---------------------------------------
MMU, EXT, MEMOP, MULTI, RAW, POKE, BUF, WORLD = 0, 1, 2, 3, 4, 6, 7, 8
V, R, W, X, A, D = 1, 2, 4, 8, 64, 128
PIN1, PIN2, PIN3, UNPIN, BASEPTR, FLUSH, INVLPG = 0, 1, 2, 4, 5, 6, 7
# pvabi hypercall numbers
HC = dict(set_trap_table=0, mmu_update=1, set_callbacks=4, memory_op=12, multicall=13,
          set_timer_op=15, version=17, console_io=18, mmuext_op=26, sched_op=29)


def frame(i):  # fz_frame: a hot frame
    return u8(i)


def pte(target, flags):  # fz_pte, plain
    return u8(0) + frame(target) + u8(flags)


def arg_small(v):  # fz_arg case 4
    return u8(4) + u8(v)


def arg_frame(i):  # fz_arg case 1
    return u8(1) + u8(i) + u8(0)


def arg_buf(off):  # fz_arg case 2
    return u8(2) + u16(off)


def arg_edge(k):  # fz_arg case 3
    return u8(3) + u8(k)


def arg_raw(v):  # fz_arg case 0
    return u8(0) + u64(v)


def poke(table, slot, target, flags):
    return u8(POKE) + frame(table) + u16(slot) + pte(target, flags)


def updates(at, reqs, how=0, extra=b""):
    body = b"".join(u8(0) + frame(t) + u16(s) + pte(tg, fl) for t, s, tg, fl in reqs)
    return u8(MMU) + u16(at) + u8(len(reqs)) + body + u8(how) + extra


def ext(at, ops, how=0, extra=b""):
    body = b"".join(u8(cmd) + frame(a1) + u8(0) + u16(a2) for cmd, a1, a2 in ops)
    return u8(EXT) + u16(at) + u8(len(ops)) + body + u8(how) + extra


def memop(at, cmd, pages):
    body = b"".join(u8(0) + frame(p) for p in pages)
    return u8(MEMOP) + u16(at) + u8(len(pages)) + body + u8(cmd) + u8(0)


def raw(nr, *args):
    args = list(args) + [arg_small(0)] * max(0, 5 - len(args))
    return u8(RAW) + u8(nr) + b"".join(args)


def multi(at, entries):
    body = b""
    for op, args in entries:
        args = list(args) + [arg_small(0)] * (5 - len(args))
        body += u8(op) + b"".join(args)
    return u8(MULTI) + u16(at) + u8(len(entries)) + body + u8(0)


def world(dt, keys=b""):
    return u8(WORLD) + u8(len(keys)) + u32(dt) + keys


def bufbytes(at, data):
    return u8(BUF) + u16(at) + u8(len(data)) + data


def tree():
    """T3=16 -> T2=17 -> T1=18 -> data 40 (RW), 41 (RX), written directly."""
    return (poke(16, 2, 17, V) + poke(17, 0, 18, V) + poke(18, 0, 40, V | R | W | A | D) +
            poke(18, 1, 41, V | R | X | A))


def hcall_seeds():
    live = tree() + ext(0, [(PIN3, 16, 0), (BASEPTR, 16, 1)])
    write("hcall", "tree", live + updates(256, [(18, 2, 42, V | R | W), (18, 0, 0, 0)]) +
          ext(512, [(FLUSH, 0, 0), (INVLPG, 40, 0)]))
    write("hcall", "levels", tree() + ext(0, [(PIN1, 18, 0), (PIN2, 17, 0), (PIN3, 16, 0),
                                              (UNPIN, 18, 0), (UNPIN, 17, 0), (UNPIN, 16, 0)]))
    write("hcall", "conflict", live + updates(0, [(18, 3, 17, V | R | W)]) +
          updates(64, [(16, 3, 40, V)]) + ext(128, [(PIN1, 40, 0), (UNPIN, 16, 0)]))
    write("hcall", "remap", live + updates(0, [(17, 1, 19, V)]) + poke(19, 5, 43, V | R) +
          updates(32, [(17, 1, 0, 0)]) + ext(64, [(PIN2, 19, 0)]))
    write("hcall", "memop", memop(0, 1, [40, 41, 42, 43]) + memop(64, 3, []) +
          updates(128, [(18, 0, 40, V | R)]) + memop(256, 6, [40, 41, 42, 43, 44]))
    write("hcall", "memop-table", tree() + ext(0, [(PIN1, 18, 0)]) + memop(64, 1, [18, 40, 0, 1]))
    write("hcall", "multicall", bufbytes(1024, b"hello\n") + tree() +
          multi(0, [(HC["console_io"], [arg_small(0), arg_small(6), arg_buf(1024)]),
                    (HC["mmuext_op"], [arg_buf(2048), arg_small(1)]),
                    (HC["multicall"], [arg_buf(0), arg_small(1)]),
                    (HC["sched_op"], [arg_small(0)]), (99, [])]))
    write("hcall", "events", raw(HC["set_callbacks"], arg_buf(64)) +
          raw(HC["set_trap_table"], arg_buf(128)) + raw(HC["set_timer_op"], arg_small(50)) +
          raw(HC["sched_op"], arg_small(1)) + world(1000, b"ab") +
          raw(HC["console_io"], arg_small(1), arg_small(8), arg_buf(0)) +
          raw(HC["set_timer_op"], arg_raw(2**63)) + raw(HC["sched_op"], arg_small(1)))
    write("hcall", "reboot", live + raw(HC["sched_op"], arg_small(2), arg_small(1)) + tree() +
          ext(0, [(PIN3, 16, 0)]) + raw(HC["sched_op"], arg_small(2), arg_small(0)))
    write("hcall", "badptr", updates(0, [(18, 0, 40, V | R)], how=0x80, extra=arg_edge(1)) +
          ext(0, [(PIN1, 18, 0)], how=0xC0, extra=arg_edge(12) + arg_edge(18)) +
          raw(HC["memory_op"], arg_small(1), arg_edge(10), arg_small(2)) +
          raw(HC["multicall"], arg_edge(12), arg_small(2)) +
          raw(HC["console_io"], arg_small(0), arg_raw(5000), arg_edge(11)))
    write("hcall", "probe", raw(HC["version"], arg_small(0)) +
          raw(HC["version"], arg_small(1), arg_small(26)) + raw(63) + raw(0xF0, arg_edge(1), *[arg_small(0)] * 5) +
          raw(HC["sched_op"], arg_small(2), arg_small(9)) + raw(HC["memory_op"], arg_small(7)))


# --- insn: 32-bit words -------------------------------------------------
def insn_seeds():
    words = [0x0000B503, 0x00053583, 0x00B53023, 0x00A5A223, 0x00054503, 0x00056503,
             0x4108, 0x6108, 0xC10C, 0xE10C, 0x4502, 0x6502, 0xC22A, 0xE22A,
             0x0000A007, 0x1005A52F, 0x00000013, 0x0000F503, 0x4002, 0x2108]
    write("insn", "loads-stores", b"".join(u32(w) for w in words))


# --- cmdline: 4 selector bytes, then the line -----------------------------
def cmdline_seeds():
    lines = [
        b"guest=fv1,fv,0x84000000,0x100000,32 args.pv0=rc=/etc/bench/fork.rc,zeroinfo=0",
        b"guest=u,fv,2214592512,4096 guest=two,fv,0x84000000,0x1000 guest=x,pv,1,1",
        b"args.a=1 args.=x args.b= guest=toolongname12345,fv,0x85000000,1,2000 trace=hcall",
        b"guest=a,fv,0x87ff0000,0x20000 guest=b,fv,0xffffffffffffffff,1 guest=c,fv,0x,1,2,3",
        b"  guest=d,fv,0x80000001,0xfff,1024  args.d=a,b,c guest=e,fv,0x84000000,0x1000,",
        b"guest=l,fv,0x84000000,0x1000,2048 initrd.l=0x84200000,0x3000 initrd.l=0x84300000,1 "
        b"initrd.m=0x84000800,0x10 initrd.=1,2 initrd.n=1 cmdline.l=console=ttyS0,115200 a  b,",
        b"cmdline.x= cmdline.y=guest=z,fv,0x84000000,0x1000 initrd.y=0x84100000,0x1000",
    ]
    for i, line in enumerate(lines):
        write("cmdline", "line%d" % i, bytes([0, 0, 0, 0]) + line)
    write("cmdline", "bounds", bytes([1, 3, 1, 2]) + lines[0])


# --- vmmio: steps of fuzz_vmmio.c -----------------------------------------
def vmmio_seeds():
    def acc(kind, off, width_sel, store, val):  # step_access via fz_addr case 0/1/2
        return u8(1) + u8(kind) + u8(off) + u32(val) + u8(width_sel) + u8(store)

    def plic(reg, store, val):  # fz_addr case 2, regs[] index
        return u8(1) + u8(2) + u8(reg) + u32(val) + u8(2) + u8(store)

    def keys(data):
        return u8(0) + u8(len(data)) + data

    linux = (acc(1, 40, 2, 1, 1) + plic(1, 1, 1 << 10) + plic(2, 1, 0) + acc(0, 1, 0, 1, 1) +
             keys(b"hi") + acc(0, 5, 0, 0, 0) + plic(3, 0, 0) + acc(0, 0, 0, 0, 0) +
             acc(0, 0, 0, 0, 0) + plic(3, 1, 10) + acc(0, 2, 0, 0, 0))
    write("vmmio", "linux", linux)
    write("vmmio", "thre", acc(0, 3, 0, 1, 0x80) + acc(0, 0, 0, 1, 1) + acc(0, 3, 0, 1, 3) +
          acc(0, 1, 0, 1, 2) + acc(0, 2, 0, 0, 0) + acc(0, 0, 0, 1, 65) + acc(0, 6, 0, 0, 0))
    write("vmmio", "bad", acc(0, 9, 1, 1, 0) + acc(1, 3, 2, 0, 0) + acc(1, 4, 3, 0, 0) +
          u8(1) + u8(3) + u64(0x10000100) + u32(0) + u8(0) + u8(0) + plic(4, 0, 0) +
          plic(5, 0, 0))


def fdt_seeds(dtbs):
    for path in dtbs:
        with open(path, "rb") as f:
            write("fdt", os.path.splitext(os.path.basename(path))[0], f.read())


if __name__ == "__main__":
    hcall_seeds()
    insn_seeds()
    cmdline_seeds()
    vmmio_seeds()
    fdt_seeds(sys.argv[1:])
