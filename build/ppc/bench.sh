#!/usr/bin/env bash
# make bench ARCH=ppc: boot the bench config under -icount shift=0,sleep=off (guest
# time = instructions, read through the timebase), turn its "BENCH <metric>
# <value>" lines into build/out/ppc/bench.csv and print a table.
set -u
cd "$(dirname "$0")/../.."
out=build/out/ppc
qemu=${PPC_QEMU:-qemu-system-ppc64 -M powernv9 -smp 2 -m 2G -nographic}
# the -icount image: guests entered with rfid (QEMU 7.2 aborts on hrfid
# under -icount; see arch/ppc/head.S)
timeout --kill-after=5 120 $qemu -icount shift=0,sleep=off -bios $out/larch-bench-icount.bin \
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
