#!/usr/bin/env bash
# make bench ARCH=arm: the bench config under -icount shift=0,sleep=off
# (guest time = instructions, read through CNTVCT); semihosting exit 0.
# Then the Linux boot under the same -icount: evtchn-pingpong's mean round
# trip through /dev/xen/evtchn (CLOCK_MONOTONIC ns = instructions) becomes
# the linux_evtchn_roundtrip row.
set -u
cd "$(dirname "$0")/../.."
out=build/out/arm
qemu=${ARM_QEMU:-qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max -smp 2 -m 512M -nographic -semihosting}
build/bench-boot.sh arm 120 0 "" -- \
	$qemu -icount shift=0,sleep=off -kernel $out/larch-bench.elf || exit 1
rc=0
if make --no-print-directory ARCH=arm linux-images >$out/bench-linux-build.log 2>&1; then
	timeout --kill-after=5 600 build/arm/linux/run.sh $out/linux/config.dtb \
		-icount shift=0,sleep=off </dev/null 2>&1 | tr -d '\r' >$out/bench-linux.txt
	v=$(sed -nE 's/.*evtchn-pingpong: round trip ([0-9]+) ns$/\1/p' $out/bench-linux.txt | tail -1)
	if [ -n "$v" ]; then
		echo "linux_evtchn_roundtrip,instructions,$v,tcg-icount" >>$out/bench.csv
	else
		echo "bench: no Linux round trip; see $out/bench-linux.txt"
		rc=1
	fi
else
	echo "bench: the Linux images did not build; see $out/bench-linux-build.log"
	rc=1
fi
build/bench-table.sh arm
exit $rc
