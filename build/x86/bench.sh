#!/usr/bin/env bash
# make bench ARCH=x86: (1) boot the bench config under -icount shift=0,
# sleep=off (the TSC counts instructions) and turn its "BENCH <metric>
# <value>" lines into rows (mode tcg-icount, unit instructions; the
# hypervisor itself prints mask_unmask_pair_native, cli/sti in ring 0);
# (2) build and run build/x86/hostbench.c, the guest's own mask/unmask
# source in host user space, in real cycles (mode host). Writes
# build/out/x86/bench.csv and prints a table.
set -u
cd "$(dirname "$0")/../.."
out=build/out/x86
qemu=${X86_QEMU:-qemu-system-x86_64 -M pc -cpu max -smp 2 -m 512M -nographic -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4}
timeout --kill-after=5 180 $qemu -icount shift=0,sleep=off -kernel $out/larch-bench.elf \
	</dev/null >$out/bench.out 2>&1
rc=$?
tr -d '\r' <$out/bench.out >$out/bench.txt
metrics="mask_unmask_pair null_hypercall event_same_pcpu event_cross_pcpu vcpu_switch send_deliver_ports_1 send_deliver_ports_4096 mask_unmask_pair_native"
echo "metric,unit,value,mode" >$out/bench.csv
missing=
for m in $metrics; do
	v=$(awk -v m="$m" '$1 == "BENCH" && $2 == m { print $3 }' $out/bench.txt | tail -1)
	if [ -z "$v" ]; then missing="$missing $m"; continue; fi
	echo "$m,instructions,$v,tcg-icount" >>$out/bench.csv
done
hrc=0
if gcc -O2 -Wall -Wextra -Werror -o $out/hostbench build/x86/hostbench.c; then
	$out/hostbench >>$out/bench.csv 2>$out/hostbench.err || hrc=$?
	cat $out/hostbench.err
else
	hrc=1
fi
grep -q '^mask_unmask_pair_fenced,' $out/bench.csv || missing="$missing mask_unmask_pair_fenced(host)"
printf '%-32s %12s  %-12s %s\n' metric value unit mode
tail -n +2 $out/bench.csv | awk -F, '{ printf "%-32s %12s  %-12s %s\n", $1, $3, $2, $4 }'
# QEMU exits 1 when larch exits 0 (isa-debug-exit: (code << 1) | 1)
if [ "$rc" != 1 ] || [ "$hrc" != 0 ] || [ -n "$missing" ]; then
	echo "bench: QEMU exit $rc, host bench exit $hrc; missing:${missing:- none}; see $out/bench.txt"
	exit 1
fi
echo "wrote $out/bench.csv"
