#!/usr/bin/env bash
# make bench ARCH=x86: (1) boot the bench config under -icount shift=0,
# sleep=off (the TSC counts instructions) and turn its "BENCH <metric>
# <value>" lines into rows (mode tcg-icount, unit instructions; the
# hypervisor itself prints mask_unmask_pair_native, cli/sti in ring 0);
# (2) build and run build/x86/hostbench.c, the guest's own mask/unmask
# source in host user space, in real cycles (mode host); (3) the Linux
# boot under the same -icount (build/linux-bench.sh: linux_evtchn_roundtrip,
# linux_boot_to_init); (4) the latency-isolation rows
# (build/cotenants-bench.sh). Writes build/out/x86/bench.csv and prints a
# table.
set -u
cd "$(dirname "$0")/../.."
out=build/out/x86
qemu=${X86_QEMU:-qemu-system-x86_64 -M pc -cpu max -smp 2 -m 512M -nographic -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4}
# QEMU exits 1 when larch exits 0 (isa-debug-exit: (code << 1) | 1)
build/bench-boot.sh x86 180 1 mask_unmask_pair_native -- \
	$qemu -icount shift=0,sleep=off -kernel $out/larch-bench.elf
rc=$?
missing=
hrc=0
if gcc -O2 -Wall -Wextra -Werror -o $out/hostbench build/x86/hostbench.c; then
	$out/hostbench >>$out/bench.csv 2>$out/hostbench.err || hrc=$?
	cat $out/hostbench.err
else
	hrc=1
fi
grep -q '^mask_unmask_pair_fenced,' $out/bench.csv || missing="$missing mask_unmask_pair_fenced(host)"
build/linux-bench.sh x86 boot_to_init || missing="$missing linux(see above)"
build/cotenants-bench.sh x86 -- $qemu || missing="$missing cotenants(see above)"
if [ "$rc" != 0 ] || [ "$hrc" != 0 ] || [ -n "$missing" ]; then
	echo "bench: guest bench exit $rc, host bench exit $hrc; missing:${missing:- none}; see $out/bench.txt"
	exit 1
fi
build/bench-table.sh x86
