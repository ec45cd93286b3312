#!/usr/bin/env bash
# The Linux rows of make bench (arm64 and x86_64): boot the arch's Linux
# test (build/<arch>/linux/) under -icount shift=0,sleep=off, where
# Linux's clock counts instructions, and append to build/out/<arch>/bench.csv
#   linux_evtchn_roundtrip  evtchn-pingpong's mean round trip through
#                           /dev/xen/evtchn (its CLOCK_MONOTONIC ns)
#   linux_boot_to_init      with boot_to_init: the timestamp of Linux's
#                           "Run /init as init process" line
# usage: build/linux-bench.sh <arch> [boot_to_init]; exit 1 if a row is missing
set -u
cd "$(dirname "$0")/.."
arch=$1 want_init=${2:-}
out=build/out/$arch
if ! make --no-print-directory ARCH=$arch linux-images >$out/bench-linux-build.log 2>&1; then
	echo "bench: the Linux images did not build; see $out/bench-linux-build.log"
	exit 1
fi
timeout --kill-after=5 600 build/$arch/linux/run.sh $out/linux/config.dtb \
	-icount shift=0,sleep=off </dev/null 2>&1 | tr -d '\r' >$out/bench-linux.txt
rc=0
v=$(sed -nE 's/.*evtchn-pingpong: round trip ([0-9]+) ns$/\1/p' $out/bench-linux.txt | tail -1)
if [ -n "$v" ]; then
	echo "linux_evtchn_roundtrip,instructions,$v,tcg-icount" >>$out/bench.csv
else
	echo "bench: no Linux round trip; see $out/bench-linux.txt"
	rc=1
fi
if [ -n "$want_init" ]; then
	t=$(sed -nE 's/^\[ *([0-9]+)\.([0-9]{6})\] Run \/init as init process$/\1\2/p' \
		$out/bench-linux.txt | head -1)
	if [ -n "$t" ]; then # microseconds -> instructions (1 ns each)
		echo "linux_boot_to_init,instructions,$((10#$t * 1000)),tcg-icount" >>$out/bench.csv
	else
		echo "bench: no \"Run /init\" line; see $out/bench-linux.txt"
		rc=1
	fi
fi
exit $rc
