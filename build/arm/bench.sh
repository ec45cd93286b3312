#!/usr/bin/env bash
# make bench ARCH=arm: boot the bench config under -icount shift=0,sleep=off (guest
# time = instructions, read through CNTVCT), turn its "BENCH <metric>
# <value>" lines into build/out/arm/bench.csv and print a table.
set -u
cd "$(dirname "$0")/../.."
out=build/out/arm
qemu=${ARM_QEMU:-qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max -smp 2 -m 512M -nographic -semihosting}
timeout --kill-after=5 120 $qemu -icount shift=0,sleep=off -kernel $out/larch-bench.elf \
	</dev/null >$out/bench.out 2>&1
rc=$?
tr -d '\r' <$out/bench.out >$out/bench.txt
metrics="mask_unmask_pair null_hypercall event_same_pcpu event_cross_pcpu vcpu_switch send_deliver_ports_1 send_deliver_ports_4096"
echo "metric,unit,value,mode" >$out/bench.csv
missing=
for m in $metrics; do
	v=$(awk -v m="$m" '$1 == "BENCH" && $2 == m { print $3 }' $out/bench.txt)
	if [ -z "$v" ]; then missing="$missing $m"; continue; fi
	echo "$m,instructions,$v,tcg-icount" >>$out/bench.csv
done
printf '%-26s %14s  %s\n' metric instructions mode
tail -n +2 $out/bench.csv | awk -F, '{ printf "%-26s %14s  %s\n", $1, $3, $4 }'
if [ "$rc" != 0 ] || [ -n "$missing" ]; then
	echo "bench: QEMU exit $rc; missing:${missing:- none}; see $out/bench.txt"
	exit 1
fi
echo "wrote $out/bench.csv"
