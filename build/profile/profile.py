#!/usr/bin/env python3
"""make profile ARCH=...: where a bench's instructions go, per function.

Boots the bench image under the arch's bench QEMU line (-icount shift=0,
sleep=off) with the insn-profile TCG plugin, which counts the instructions
executed at every address inside each timed loop of guest/suite/bench.c
(between bench_window_open and bench_window_close). Window n belongs to the
n-th BENCH line the guest prints. Addresses are mapped to functions with
nm on the hypervisor and the guest ELF. Prints, per metric asked for:
function, where (hyp/guest), instructions per operation, share; and writes
build/out/<arch>/profile.txt. Unit: instructions (tcg-icount).

usage: profile.py <arch> <hyp.elf> <guest.elf> <metric,...|all> -- qemu...
With ANNOTATE=<function,...> in the environment it also prints those
functions' disassembly with each instruction's executions per operation
(OBJDUMP names the arch's objdump; the arch's profile target sets it).
"""
import bisect
import os
import subprocess
import sys

# the metrics bench.c times, in the order it prints them, and the number of
# operations each timed loop divides by (N_FAST, N_FAST / 4, 2 * N_EVENTS,
# 2 * N_YIELD, N_EVENTS there)
GUEST_METRICS = {"mask_unmask_pair": 20000, "null_hypercall": 5000,
                 "event_same_pcpu": 4000, "event_cross_pcpu": 4000,
                 "vcpu_switch": 4000, "send_deliver_ports_1": 2000,
                 "send_deliver_ports_4096": 2000}


def symbols(elf):
    """sorted (address, name) of the functions in elf"""
    out = subprocess.run(["nm", "-n", elf], check=True, capture_output=True,
                         text=True).stdout
    syms = []
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "tTwW" and not f[2].startswith("."):
            syms.append((int(f[0], 16), f[2]))
    return syms


class Symbolizer:
    def __init__(self, images):
        self.tables = []
        for where, elf in images:
            syms = symbols(elf)
            self.tables.append((where, [a for a, _ in syms],
                                [n for _, n in syms]))

    def name(self, addr):
        best = None
        for where, addrs, names in self.tables:
            i = bisect.bisect_right(addrs, addr) - 1
            # the nearest symbol below, in whichever image is closest
            if i >= 0 and (best is None or addr - addrs[i] < best[0]):
                best = (addr - addrs[i], where, names[i])
        return (best[1], best[2]) if best and best[0] < 0x10000 \
            else ("?", hex(addr))


def read_windows(path):
    windows, cur = [], None
    with open(path) as f:
        for line in f:
            w = line.split()
            if w[0] == "window":
                cur = {}
                windows.append(cur)
            elif w[0] == "end":
                cur = None
            elif cur is not None:
                cur[int(w[0], 16)] = int(w[1])
    return windows


def annotate(func, window, ops, elfs, sym):
    """func's instructions (objdump -d) with executions per operation"""
    lines = [f"  {func}, executions per operation:"]
    for elf in elfs:
        dis = subprocess.run([os.environ.get("OBJDUMP", "objdump"), "-d", "--no-show-raw-insn",
                              f"--disassemble={func}", elf],
                             capture_output=True, text=True).stdout
        for line in dis.splitlines():
            head, _, insn = line.partition(":\t")
            try:
                addr = int(head.strip(), 16)
            except ValueError:
                continue
            n = window.get(addr, 0) / ops
            lines.append(f"    {n:7.2f}  {addr:x}  {insn.strip()}")
    return lines


def main():
    arch, hyp, guest, want = sys.argv[1:5]
    qemu = sys.argv[sys.argv.index("--") + 1:]
    out = f"build/out/{arch}"
    here = os.path.dirname(os.path.abspath(__file__))
    plugin = f"{out}/insn-profile.so"
    subprocess.run(["gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-shared",
                    "-fPIC", "-fvisibility=hidden", "-o", plugin,
                    f"{here}/insn-profile.c"], check=True)
    gsyms = dict((n, a) for a, n in symbols(guest))
    counts = f"{out}/profile.counts"
    args = (f"{os.path.abspath(plugin)},open={gsyms['bench_window_open']:x},"
            f"close={gsyms['bench_window_close']:x},out={counts}")
    # Stopped after 300 s without output (a hang), not at a fixed wall
    # time a loaded machine can exceed (build/watch.sh).
    raw = f"{out}/profile.out"
    run = subprocess.run([os.path.join(here, "..", "watch.sh"), "300", raw,
                          "--"] + qemu + ["-plugin", args])
    with open(raw, errors="replace") as f:
        stdout = f.read()
    bench = [l.split()[1:3] for l in stdout.replace("\r", "").splitlines()
             if l.startswith("BENCH ") and l.split()[1] in GUEST_METRICS]
    windows = read_windows(counts)
    if len(bench) != len(windows) or not bench:
        sys.exit(f"profile: {len(windows)} windows but {len(bench)} guest "
                 f"BENCH lines (QEMU exit {run.returncode}); see {counts}")
    sym = Symbolizer([("hyp", hyp), ("guest", guest)])
    lines = []
    for (metric, value), w in zip(bench, windows):
        if want != "all" and metric not in want.split(","):
            continue
        total = sum(w.values())
        ops = GUEST_METRICS[metric]
        funcs = {}
        for addr, n in w.items():
            key = sym.name(addr)
            funcs[key] = funcs.get(key, 0) + n
        lines.append(f"{metric}: {total} instructions in the timed loop, "
                     f"{ops} operations -> {total / ops:.1f} per "
                     f"operation (bench: {value}); unit instructions, "
                     f"mode tcg-icount")
        lines.append(f"  {'function':<34} {'where':<6} {'per op':>9} "
                     f"{'share':>7}")
        for (where, name), n in sorted(funcs.items(), key=lambda kv: -kv[1]):
            per = n / ops
            if per < 0.05:
                continue
            lines.append(f"  {name:<34} {where:<6} {per:9.1f} "
                         f"{100 * n / total:6.1f}%")
        for func in filter(None, os.environ.get("ANNOTATE", "").split(",")):
            lines += annotate(func, w, ops, [hyp, guest], sym)
        lines.append("")
    text = "\n".join(lines)
    print(text)
    with open(f"{out}/profile.txt", "w") as f:
        f.write(text + "\n")
    print(f"wrote {out}/profile.txt")


if __name__ == "__main__":
    main()
