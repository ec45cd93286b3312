#!/usr/bin/env python3
"""Writes the hypercall fuzzer's seed inputs (tests/fuzz/corpus/hypercall/):
short sequences that reach each hypercall family with valid arguments, so
the fuzzer starts from working calls and mutates them. The byte format is
fuzz_hypercall.c's (see tests/fuzz/README.md). Run from the top directory:
    python3 tests/fuzz/gen_seeds.py
"""
import os
import struct

OUT = "tests/fuzz/corpus/hypercall"
BASE = 0x100000  # every fake domain's guest_base
DOMID_SELF = 0x7FF0

# hypercall numbers by their index in hypercall_nrs[]
CONSOLE, SCHED, EVTCHN, VCPU, SET_TIMER, XEN_VERSION, LARCH, CALLBACKS = range(8)


def raw(v):  # value kind 3: eight raw bytes
    return bytes([3]) + struct.pack("<Q", v & (2**64 - 1))


def small(v):  # value kind 0: one byte
    return bytes([0, v])


def gaddr(off):  # value kind 1: the caller's memory at off
    return bytes([1]) + struct.pack("<H", off)


def hcall(cpu, nr, args, words=()):
    """A hypercall step from the vCPU current on cpu; words are written
    (as raw values) at the call's memory operand first."""
    args = list(args) + [small(0)] * (5 - len(args))
    b = bytes([0 | cpu << 3, nr]) + b"".join(args)
    b += bytes([len(words)]) + b"".join(raw(w) for w in words)
    return b


def tick(cpu, units):  # time passes by units * 50 us, then cpu returns
    return bytes([3 | cpu << 3, units])


def upcall(cpu, unmask=True):
    return bytes([4 | cpu << 3 | (16 if unmask else 0)])


def evtchn_bits(cpu, port, how):  # how: 0 mask, 1 clear pending, 2 unmask
    return bytes([6 | cpu << 3 | how << 4]) + struct.pack("<H", port)


def store(cpu, off, data):  # the current guest writes its own memory
    return bytes([5 | cpu << 3]) + gaddr(off) + bytes([len(data)]) + data


def irq(cpu, n):
    return bytes([7 | cpu << 3 | 16]) + struct.pack("<H", n)


def u16x4(a, b=0, c=0, d=0):
    return a | b << 16 | c << 32 | d << 48


def u32x2(a, b=0):
    return a | b << 32


def evtchn(cpu, cmd, *words):
    return hcall(cpu, EVTCHN, [small(cmd), gaddr(0x100)], words)


SEEDS = {
    # dom0 (cpu0) offers a port to dom1, dom1 (cpu1) binds it and sends,
    # dom0 takes the upcall, asks the status, closes.
    "interdomain": evtchn(0, 6, u16x4(DOMID_SELF, 1))
    + evtchn(1, 0, u32x2(0, 2))
    + evtchn(1, 4, 1)
    + tick(0, 1)
    + upcall(0)
    + evtchn(0, 5, u32x2(DOMID_SELF, 2))
    + evtchn(0, 3, 2)
    + evtchn(1, 4, 1),
    # the configured channels: d0:1 <-> d1:3, masked then unmasked
    "static_channel": evtchn_bits(1, 3, 0)
    + evtchn(0, 4, 1)
    + tick(1, 1)
    + evtchn(1, 9, 3)
    + upcall(1)
    + evtchn(1, 4, 3)
    + upcall(0, False),
    # dom0 brings up its vCPU 1 (on cpu1), which runs after dom1's slice
    "vcpu_up": hcall(0, VCPU, [small(0), small(1), gaddr(0x200)],
                     [BASE + 0x1000, BASE + 0x3000, 7])
    + hcall(0, VCPU, [small(1), small(1)])
    + hcall(0, VCPU, [small(3), small(1)])
    + tick(1, 25)
    + evtchn(1, 7, u32x2(0))
    + hcall(1, VCPU, [small(2), small(1)])
    + tick(1, 1),
    # timer VIRQ: bind, one-shot timer, block, time passes, woken
    "timer_block": evtchn(0, 1, u32x2(0, 0))
    + hcall(0, SET_TIMER, [raw(300000)])
    + hcall(0, SCHED, [small(1)])
    + tick(0, 10)
    + upcall(0)
    + hcall(0, VCPU, [small(8), small(0), gaddr(0x300)], [500000, 0])
    + hcall(0, VCPU, [small(9), small(0)]),
    # poll on the configured channel, dom1 sends, poll with a timeout
    "poll": store(0, 0x180, struct.pack("<I", 1))
    + store(1, 0x180, struct.pack("<I", 2))
    + hcall(0, SCHED, [small(3), gaddr(0x100)], [BASE + 0x180, 1, 0])
    + evtchn(1, 4, 3)
    + tick(0, 1)
    + hcall(1, SCHED, [small(3), gaddr(0x100)], [BASE + 0x180, 1, 400000])
    + tick(1, 10),
    # IPIs and vCPU rebinding inside dom1
    "ipi": evtchn(1, 7, u32x2(0))
    + evtchn(1, 4, 1)
    + upcall(1)
    + evtchn(1, 8, u32x2(1, 1))
    + evtchn(1, 5, u32x2(DOMID_SELF, 1))
    + hcall(1, SCHED, [small(0)]),
    # interrupts: dom0 binds pirq 2 (irq 5), irq 5 and per-CPU 27 fire
    "pirq": evtchn(0, 2, u32x2(2, 0))
    + irq(0, 5)
    + irq(0, 27)
    + upcall(0)
    + irq(1, 9)
    + evtchn(1, 2, u32x2(1, 0))
    + irq(1, 9),
    # console, version, larch ops, an arch call, then dom1 shuts down
    "misc": hcall(0, CONSOLE, [small(0), small(6), gaddr(0x100)],
                  [0x0a6f6c6c6568])
    + hcall(0, XEN_VERSION, [small(0)])
    + hcall(0, LARCH, [small(1)])
    + hcall(0, LARCH, [small(2), small(1)])
    + hcall(0, CALLBACKS, [small(0)])
    + hcall(1, SCHED, [small(2), gaddr(0x100)], [0])
    + hcall(0, LARCH, [small(2), small(1)])
    + tick(1, 1),
    # a privileged domain allocates a port in another domain
    "privileged_alloc": evtchn(0, 6, u16x4(2, 1))
    + evtchn(1, 0, u32x2(2, 1))
    + evtchn(1, 3, 1),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
