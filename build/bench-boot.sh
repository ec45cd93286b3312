#!/usr/bin/env bash
# The guest half of make bench, for every arch: boot the bench config under
# QEMU (the caller passes -icount shift=0,sleep=off: guest time counts
# instructions), turn its "BENCH <metric> <value>" lines into
# build/out/<arch>/bench.csv rows (unit instructions, mode tcg-icount).
# usage: build/bench-boot.sh <arch> <timeout-s> <qemu-exit> "<extra metrics>" -- qemu args...
# Exits non-zero if QEMU's status differs or a metric is missing.
set -u
arch=$1 limit=$2 want_rc=$3 extra=$4
shift 4
[ "$1" = -- ] && shift
out=build/out/$arch
# The metric names every arch reports (docs/performance.md).
metrics="mask_unmask_pair null_hypercall event_same_pcpu event_cross_pcpu vcpu_switch send_deliver_ports_1 send_deliver_ports_4096 $extra"
timeout --kill-after=5 "$limit" "$@" </dev/null >$out/bench.out 2>&1
rc=$?
tr -d '\r' <$out/bench.out >$out/bench.txt
echo "metric,unit,value,mode" >$out/bench.csv
missing=
for m in $metrics; do
	v=$(awk -v m="$m" '$1 == "BENCH" && $2 == m { print $3 }' $out/bench.txt | tail -1)
	if [ -z "$v" ]; then missing="$missing $m"; continue; fi
	echo "$m,instructions,$v,tcg-icount" >>$out/bench.csv
done
if [ "$rc" != "$want_rc" ] || [ -n "$missing" ]; then
	echo "bench: QEMU exit $rc (want $want_rc); missing:${missing:- none}; see $out/bench.txt"
	exit 1
fi
