#!/usr/bin/env bash
# The latency-isolation rows of make bench (issue 14): the 10,000-exchange
# ping-pong's mean round trip (ping's own clock, guest ns) alone, beside two
# domains spinning with events masked, and beside a masked spinner plus an
# event storm (guest/configs/cotenants-*.dts), each with its ratio to the
# round trip alone from the same run. Two modes: multi-threaded TCG (mode
# tcg, real time: the pCPUs run in parallel, as the scheduler assumes) and
# -icount shift=0,sleep=off (mode tcg-icount: instructions; QEMU runs the
# pCPUs one at a time, see docs/testing.md). Appends to bench.csv.
# usage: build/cotenants-bench.sh <arch> -- <qemu command without -kernel>
set -u
cd "$(dirname "$0")/.."
arch=$1
shift
[ "$1" = -- ] && shift
out=build/out/$arch
rc=0
for mode in tcg tcg-icount; do
	extra=
	[ $mode = tcg-icount ] && extra="-icount shift=0,sleep=off"
	alone=
	for c in alone spinners storm; do
		v=$(timeout 600 "$@" $extra -kernel $out/larch-cotenants-$c.elf </dev/null 2>&1 |
			tr -d '\r' | sed -nE 's/^ping: round trip ([0-9]+) ns$/\1/p')
		if [ -z "$v" ]; then
			echo "bench: no round trip from cotenants-$c ($mode)"
			rc=1
			continue
		fi
		unit=ns
		[ $mode = tcg-icount ] && unit=instructions
		echo "cotenant_roundtrip_$c,$unit,$v,$mode" >>$out/bench.csv
		if [ $c = alone ]; then
			alone=$v
		elif [ -n "$alone" ]; then
			echo "cotenant_ratio_$c,ratio,$(awk -v a="$v" -v b="$alone" 'BEGIN{printf "%.2f", a/b}'),$mode" >>$out/bench.csv
		fi
	done
done
exit $rc
